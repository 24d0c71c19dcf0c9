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
from emulator.pipeline.asgi import node_headers, serve_api
from emulator.pipeline.errors import ApiError, dumps, render
from emulator.pipeline.routing import v1_alias
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.worlds import HEADER, PREFIX, WorldError, Worlds

WORLDS_ADMIN = "/_emulator/worlds"  # the routes over every world: they select none
WORLD_HEADER = HEADER.decode()


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
    /_emulator, lifespan) to an ordinary Starlette app. Either is served by the world the request
    names (emulator/worlds.py), the default world when it names none."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.worlds = Worlds(runtime)
        self.admin = Starlette(routes=admin_routes, exception_handlers={HTTPException: admin_http_error})
        self.admin.state.runtime = runtime
        self.admin.state.worlds = self.worlds

    @property
    def state(self) -> Any:
        return self.admin.state

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.admin(scope, receive, send)
            return
        runtime = self.runtime
        if scope["path"].startswith("/v2/") and scope["method"] != "OPTIONS":
            # Most calls: v2, the default world, no rewrite, no preflight. The headers read here are
            # the ones the pipeline uses; a world header sends the call the long way.
            headers = node_headers(scope["headers"])
            if WORLD_HEADER not in headers:
                await serve_api(runtime, scope, receive, send, headers)
                return
        try:
            selection = self.worlds.requested(scope)
        except WorldError as exc:
            await refuse_world(exc, runtime, scope, send)
            return
        name: str | None = None
        if selection is not None:
            name, scope = selection
        path = scope["path"]
        aliased = v1_alias(runtime.router, path)  # /v1/hooks, /webhooks?apiKey=: the v1 app's rewrites
        if aliased is not None:
            scope, path = {**scope, "path": aliased}, aliased
        api = is_api_path(path)
        # A preflight is answered before routing, as the v2 server does, and makes no world; the v1
        # server sends no CORS headers (pipeline/cors.py), so its OPTIONS go down the pipeline.
        if scope["method"] == "OPTIONS" and not (api and path.startswith("/v1")):
            await cors.answer_preflight(scope, send, admin=not api)
            return
        if not api:
            refused = refusal(scope, runtime.settings.admin_token)  # before a world is made for the caller
            if refused is not None:
                await refused(scope, receive, cors.allowing_origin(send))
                return
        if name is not None and (api or not path.startswith(WORLDS_ADMIN)):
            try:
                runtime = self.worlds.select(name)
            except WorldError as exc:
                await refuse_world(exc, runtime, scope, send)
                return
        if api:
            await serve_api(runtime, scope, receive, send)
        else:
            if runtime is not self.runtime:  # the admin routes read it with runtime_of(request)
                scope = {**scope, "state": {**scope.get("state", {}), "runtime": runtime}}
            await self.admin(scope, receive, cors.allowing_origin(send))


async def refuse_world(exc: WorldError, runtime: Runtime, scope: dict[str, Any], send: Any) -> None:
    """A bad world name (400) or one world too many (429): in the API version's error shape on /v1
    and /v2, in the admin API's elsewhere."""
    path = scope["path"]
    rest = path[len(PREFIX) :].partition("/")[2] if path.startswith(PREFIX) else path.lstrip("/")
    api = "/" + rest if is_api_path("/" + rest) else None
    headers: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json")]
    if api is not None:
        version = api[1:3]
        query = scope["query_string"].decode("latin-1")
        target = api + (f"?{query}" if query else "")
        error = ApiError(exc.status, exc.message)
        body = dumps(render(error, version, target, runtime.clock))
        if version == "v2":
            headers.append(cors.ALLOW_ORIGIN)
    else:
        body = dumps({"error": exc.message, **exc.extra})
        headers.append(cors.ALLOW_ORIGIN)
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> EmulatorApp:
    return EmulatorApp(runtime or Runtime.build(settings or Settings.from_env()))
