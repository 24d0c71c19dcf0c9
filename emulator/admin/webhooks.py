"""Admin: the webhook deliveries the emulator made (newest first), with bodies and headers."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.common import runtime_of


async def list_deliveries(request: Request) -> JSONResponse:
    """GET /_emulator/webhooks/deliveries[?trigger=BOOKING_CREATED&webhookId=...]."""
    query = request.query_params
    entries = runtime_of(request).deliveries.entries(trigger=query.get("trigger"), webhook_id=query.get("webhookId"))
    return JSONResponse({"deliveries": entries})


async def clear_deliveries(request: Request) -> JSONResponse:
    return JSONResponse({"cleared": runtime_of(request).deliveries.clear()})
