"""Admin: the messages Cal.com would have sent (verification codes by email and SMS), oldest first.

The outbox is a table of the world, so reset, fixtures and snapshots cover it like any other state.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator.admin.common import runtime_of
from emulator.domain import verified_resources
from emulator.world.clock import iso_ms
from emulator.world.records_verified import OutboxMessage


def message_view(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "channel": message.channel,
        "to": message.to,
        "subject": message.subject,
        "body": message.body,
        "code": message.code,
        "createdAt": iso_ms(message.created_at),
    }


async def list_messages(request: Request) -> JSONResponse:
    """GET /_emulator/outbox[?channel=email|sms&to=...]."""
    query = request.query_params
    messages = [
        m
        for m in verified_resources.outbox(runtime_of(request).world)
        if query.get("channel") in (None, m.channel) and query.get("to") in (None, m.to)
    ]
    return JSONResponse({"messages": [message_view(m) for m in messages]})


async def clear_messages(request: Request) -> JSONResponse:
    """DELETE /_emulator/outbox: empties the outbox; codes already issued stay valid."""
    return JSONResponse({"cleared": verified_resources.clear_outbox(runtime_of(request).world)})


routes = [
    Route("/_emulator/outbox", list_messages, methods=["GET"]),
    Route("/_emulator/outbox", clear_messages, methods=["DELETE"]),
]
