"""Admin routes. Each answers JSON; see docs/admin-api.md."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import emulator
from emulator.runtime import Runtime


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def health(request: Request) -> JSONResponse:
    runtime = _runtime(request)
    counts = runtime.describe()["operations"]
    return JSONResponse(
        {
            "status": "ok",
            "emulator": emulator.__version__,
            "validator": runtime.validator.name,
            "strictVersions": runtime.settings.strict_versions,
            "now": runtime.clock.now().isoformat(),
            "apis": {
                name: {"operations": counts[name], "sha256": runtime.specs.hashes.get(name)}
                for name in runtime.specs.documents
            },
        }
    )


async def requests(request: Request) -> JSONResponse:
    runtime = _runtime(request)
    status = request.query_params.get("status")
    if status is not None and not status.isdigit():
        return JSONResponse({"error": f"status must be an HTTP status code, not {status!r}"}, status_code=400)
    entries = runtime.journal.entries(
        operation_id=request.query_params.get("operationId"),
        status=int(status) if status else None,
    )
    return JSONResponse({"requests": [e.as_dict() for e in entries]})


routes = [
    Route("/_emulator/health", health, methods=["GET"]),
    Route("/_emulator/requests", requests, methods=["GET"]),
]
