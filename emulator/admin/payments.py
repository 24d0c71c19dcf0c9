"""Playing Stripe for paid bookings under /_emulator/payments (docs/payments.md):

- GET  /_emulator/payments: every payment.
- POST /_emulator/payments/{id}/complete: Stripe settled it; the booking is paid and confirmed, and
  BOOKING_CREATED (or BOOKING_REQUESTED) and BOOKING_PAID are sent.
- POST /_emulator/payments/{id}/fail {"cancel": false, "reason": "card_declined"}: Stripe refused the
  charge; the booking keeps waiting, or is cancelled (BOOKING_CANCELLED) with ``cancel: true``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator.admin.common import admin_error, json_body, runtime_of
from emulator.domain import payments
from emulator.domain.errors import DomainError
from emulator.world import dump

PREFIX = "/_emulator/payments"


async def list_payments(request: Request) -> JSONResponse:
    world = runtime_of(request).world
    rows = sorted(world.tables["payments"].values(), key=lambda p: p.id)
    return JSONResponse({"payments": [dump.plain(p) for p in rows]})


async def _settle(request: Request, body: dict[str, Any], *, complete: bool) -> JSONResponse:
    runtime = runtime_of(request)
    try:
        payment_id = int(request.path_params["payment_id"])
    except ValueError:
        return admin_error(400, "the payment id is a number")
    world = runtime.world
    try:
        with world.transaction():
            if complete:
                payment, booking = payments.complete(world, payment_id)
            else:
                reason = body.get("reason", "card_declined")
                if not isinstance(reason, str) or not isinstance(body.get("cancel", False), bool):
                    return admin_error(400, "cancel is a boolean and reason a string")
                payment, booking = payments.fail(world, payment_id, cancel=bool(body.get("cancel")), reason=reason)
    except DomainError as exc:
        return admin_error(exc.status, exc.message)
    # the webhooks the change queued go out as a request's would
    runtime.deliveries.accept(world.take_outbox(), runtime.settings.webhook_delivery, runtime.clock.now)
    return JSONResponse({"payment": dump.plain(payment), "booking": {"uid": booking.uid, "status": booking.status}})


async def complete(request: Request) -> JSONResponse:
    return await _settle(request, {}, complete=True)


async def fail(request: Request) -> JSONResponse:
    body = await json_body(request)
    if isinstance(body, JSONResponse):
        return body
    return await _settle(request, body, complete=False)


routes = [
    Route(PREFIX, list_payments, methods=["GET"]),
    Route(f"{PREFIX}/{{payment_id}}/complete", complete, methods=["POST"]),
    Route(f"{PREFIX}/{{payment_id}}/fail", fail, methods=["POST"]),
]
