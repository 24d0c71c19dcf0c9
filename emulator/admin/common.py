"""Helpers shared by the admin routes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.runtime import Runtime


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def admin_error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


async def json_body(request: Request) -> dict[str, Any] | JSONResponse:
    """The request's JSON object, or the 400 to answer with."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        import json

        body = json.loads(raw)
    except ValueError as exc:
        return admin_error(400, f"the body is not valid JSON: {exc}")
    if not isinstance(body, dict):
        return admin_error(400, "the body must be a JSON object")
    return body
