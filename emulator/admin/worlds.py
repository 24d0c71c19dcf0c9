"""Admin: the worlds one server holds (docs/worlds.md). GET lists them with their size and last use;
DELETE drops a named one, and its memory with it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator.admin.common import admin_error
from emulator.worlds import WorldError, Worlds


def worlds_of(request: Request) -> Worlds:
    worlds: Worlds = request.app.state.worlds
    return worlds


async def list_worlds(request: Request) -> JSONResponse:
    worlds = worlds_of(request)
    return JSONResponse(
        {
            "worlds": worlds.rows(),
            "limit": worlds.limit,
            "idleSeconds": worlds.idle_seconds,
        }
    )


async def drop_world(request: Request) -> JSONResponse:
    try:
        dropped = worlds_of(request).drop(request.path_params["name"])
    except WorldError as exc:
        return admin_error(exc.status, exc.message, **exc.extra)
    return JSONResponse({"dropped": dropped})


routes = [
    Route("/_emulator/worlds", list_worlds, methods=["GET"]),
    Route("/_emulator/worlds/{name}", drop_world, methods=["DELETE"]),
]
