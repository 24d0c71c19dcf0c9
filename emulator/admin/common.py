"""Helpers shared by the admin routes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.bounds import MAX_JSON_BYTES, BoundError
from emulator.pipeline import json_body as bounded_json
from emulator.pipeline.errors import ApiError
from emulator.runtime import Runtime


def runtime_of(request: Request) -> Runtime:
    """The world the request named (emulator/app.py puts it in the request's state), or the default."""
    runtime: Runtime = request.scope.get("state", {}).get("runtime") or request.app.state.runtime
    return runtime


def admin_error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def bound_error(exc: BoundError) -> JSONResponse:
    return admin_error(400, str(exc), field=exc.field, bound=exc.bound)


async def read_capped(request: Request, limit: int) -> bytes | JSONResponse:
    """The body, or a 413 once it passes limit bytes (read no further than that)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return admin_error(413, f"the body is larger than {limit} bytes", field="body", bound=f"{limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def json_body(request: Request) -> dict[str, Any] | JSONResponse:
    """The request's JSON object (bounded in size, depth and text), or the 400/413 to answer with."""
    raw = await read_capped(request, MAX_JSON_BYTES)
    if isinstance(raw, JSONResponse):
        return raw
    if not raw.strip():
        return {}
    try:
        body = bounded_json.parse(raw)
    except ApiError as exc:
        return admin_error(400, exc.message, field="body", bound=f"a JSON object at most {bounded_json.MAX_DEPTH} deep")
    if not isinstance(body, dict):
        return admin_error(400, "the body must be a JSON object", field="body", bound="a JSON object")
    return body
