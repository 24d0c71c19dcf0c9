"""Admin: the webhook deliveries the emulator made (newest first), with bodies and headers."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.common import admin_error, runtime_of


async def list_deliveries(request: Request) -> JSONResponse:
    """GET /_emulator/webhooks/deliveries[?trigger=BOOKING_CREATED&webhookId=...]."""
    query = request.query_params
    entries = runtime_of(request).deliveries.entries(trigger=query.get("trigger"), webhook_id=query.get("webhookId"))
    return JSONResponse({"deliveries": entries})


async def clear_deliveries(request: Request) -> JSONResponse:
    return JSONResponse({"cleared": runtime_of(request).deliveries.clear()})


async def redeliver(request: Request) -> JSONResponse:
    """POST /_emulator/webhooks/deliveries/{id}/redeliver: the same delivery again, as a new one."""
    runtime = runtime_of(request)
    raw = request.path_params["delivery_id"]
    again = (
        runtime.deliveries.redeliver(int(raw), runtime.settings.webhook_delivery, runtime.clock.now)
        if raw.isdecimal() and len(raw) <= 12
        else None
    )
    if again is None:
        return admin_error(404, f"no delivery {raw[:40]!r} is kept (at most {runtime.deliveries.capacity}, the newest)")
    return JSONResponse(again.as_dict(), status_code=201)
