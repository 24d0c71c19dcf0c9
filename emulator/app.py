"""create_app(settings) -> the ASGI app. It wires the runtime, the admin routes and the API endpoint."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from emulator.admin.routes import routes as admin_routes
from emulator.pipeline.chain import endpoint
from emulator.runtime import Runtime
from emulator.settings import Settings

API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Starlette:
    runtime = runtime or Runtime.build(settings or Settings.from_env())
    app = Starlette(
        routes=[
            *admin_routes,
            Route("/v1", endpoint, methods=API_METHODS),
            Route("/v1/{rest:path}", endpoint, methods=API_METHODS),
            Route("/v2", endpoint, methods=API_METHODS),
            Route("/v2/{rest:path}", endpoint, methods=API_METHODS),
        ]
    )
    app.state.runtime = runtime
    return app
