"""Admin: the messages Cal.com would have sent, oldest first: verification codes by email and SMS,
workflow reminders (email, SMS, WhatsApp; due now or scheduled on the emulator clock) and Cal.ai
phone calls.

The outbox is a table of the world, so reset, fixtures and snapshots cover it like any other state.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator.admin.common import runtime_of
from emulator.domain import outbox
from emulator.world.clock import iso_ms
from emulator.world.records_verified import OutboxMessage

# Query parameter -> the message attribute it filters on (compared as text).
FILTERS = {
    "channel": "channel",
    "to": "to",
    "kind": "kind",
    "bookingUid": "booking_uid",
    "workflowId": "workflow_id",
    "trigger": "trigger",
}


def message_view(message: OutboxMessage, now: Any) -> dict[str, Any]:
    return {
        "id": message.id,
        "kind": message.kind,
        "channel": message.channel,
        "to": message.to,
        "subject": message.subject,
        "body": message.body,
        "code": message.code,
        "createdAt": iso_ms(message.created_at),
        "status": outbox.status(message, now),
        "scheduledAt": iso_ms(message.scheduled_at) if message.scheduled_at else None,
        "cancelledAt": iso_ms(message.cancelled_at) if message.cancelled_at else None,
        "bookingUid": message.booking_uid,
        "workflowId": message.workflow_id,
        "workflowStepId": message.workflow_step_id,
        "trigger": message.trigger,
        "sender": message.sender,
        "reference": message.reference,
    }


def _matches(message: OutboxMessage, query: Any, now: Any) -> bool:
    for name, attribute in FILTERS.items():
        wanted = query.get(name)
        value = getattr(message, attribute)
        if wanted is not None and (value is None or str(value) != wanted):
            return False
    wanted_status = query.get("status")
    return wanted_status is None or outbox.status(message, now) == wanted_status


async def list_messages(request: Request) -> JSONResponse:
    """GET /_emulator/outbox[?kind=&channel=&to=&bookingUid=&workflowId=&trigger=&status=]."""
    world = runtime_of(request).world
    now = world.clock.now()
    found = [m for m in outbox.messages(world) if _matches(m, request.query_params, now)]
    return JSONResponse({"messages": [message_view(m, now) for m in found]})


async def clear_messages(request: Request) -> JSONResponse:
    """DELETE /_emulator/outbox: empties the outbox; codes already issued stay valid."""
    return JSONResponse({"cleared": outbox.clear(runtime_of(request).world)})


routes = [
    Route("/_emulator/outbox", list_messages, methods=["GET"]),
    Route("/_emulator/outbox", clear_messages, methods=["DELETE"]),
]
