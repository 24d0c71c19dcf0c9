"""create_app(settings) -> the ASGI app. It wires the runtime, the admin routes and the API entry."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.access import refusal
from emulator.admin.routes import routes as admin_routes
from emulator.pipeline import cors
from emulator.pipeline.asgi import serve_api
from emulator.pipeline.routing import v1_alias
from emulator.runtime import Runtime
from emulator.settings import Settings


async def admin_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Unknown admin paths and methods answer JSON too, and say where things are."""
    assert isinstance(exc, HTTPException)
    body: dict[str, Any] = {"error": f"{exc.detail}: {request.method} {request.url.path}"}
    if exc.status_code == 404:
        body["hint"] = (
            "The Cal.com API is under /v1 and /v2; the emulator's admin API under /_emulator (docs/admin-api.md)."
        )
    return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))


def is_api_path(path: str) -> bool:
    return path[:3] in ("/v1", "/v2") and (len(path) == 3 or path[3] == "/")


class EmulatorApp:
    """Requests under /v1 and /v2 go straight to the pipeline; everything else (the admin API under
    /_emulator, lifespan) to an ordinary Starlette app."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.admin = Starlette(routes=admin_routes, exception_handlers={HTTPException: admin_http_error})
        self.admin.state.runtime = runtime

    @property
    def state(self) -> Any:
        return self.admin.state

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.admin(scope, receive, send)
            return
        path = scope["path"]
        aliased = v1_alias(self.runtime.router, path)  # /v1/hooks, /webhooks?apiKey=: the v1 app's rewrites
        if aliased is not None:
            scope, path = {**scope, "path": aliased}, aliased
        api = is_api_path(path)
        if api and path.startswith("/v1"):  # the v1 server sends no CORS headers (pipeline/cors.py)
            await serve_api(self.runtime, scope, receive, send)
        elif scope["method"] == "OPTIONS":  # a preflight, answered before routing as the v2 server does
            await cors.answer_preflight(scope, send, admin=not api)
        elif api:
            await serve_api(self.runtime, scope, receive, send)
        else:
            refused = refusal(scope, self.runtime.settings.admin_token)
            if refused is not None:
                await refused(scope, receive, cors.allowing_origin(send))
                return
            await self.admin(scope, receive, cors.allowing_origin(send))


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> EmulatorApp:
    return EmulatorApp(runtime or Runtime.build(settings or Settings.from_env()))
