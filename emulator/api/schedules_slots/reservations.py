"""/v2/slots/reservations (cal-api-version 2024-09-04): holding a slot for a few minutes.

SlotsController_2024_09_04 with SlotsService_2024_09_04 (rules in domain/reservations.py). Optional
auth: anyone may hold a slot for the default 5 minutes; ``reservationDuration`` needs a credential
(401 without) whose user may set it for this event type (403). An unknown uid reads as ``data: null``,
is a 404 to update and deletes silently. Times come back in UTC with milliseconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from emulator.api.registry import handles
from emulator.api.slot_formats import parse_iso, pipe_error, utc_ms
from emulator.domain import reservations
from emulator.domain.reservations import HoldRefused
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, Reservation, User

STATUS = {"bad_request": 400, "unprocessable": 422, "not_found": 404}


def _integer(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise pipe_error(name, value, "isInt", f"{name} must be an integer number")
    return int(value)


def _start(body: dict[str, Any]) -> datetime:
    moment = parse_iso(str(body["slotStart"]))
    if moment is None:
        raise pipe_error(
            "slotStart", body["slotStart"], "isDateString", "slotStart must be a valid ISO 8601 date string"
        )
    return moment


def _event_type(ctx: RequestContext, event_type_id: int) -> EventType:
    found: EventType | None = ctx.runtime.world.find("event_types", event_type_id)
    if found is None:
        raise ApiError(404, f"Event Type with ID={event_type_id} not found")
    return found


def _output(hold: Reservation, hold_minutes: int | None) -> dict[str, Any]:
    """ReserveSlotOutput_2024_09_04 (with reservationDuration) or GetReservedSlotOutput (without)."""
    out: dict[str, Any] = {
        "eventTypeId": hold.event_type_id,
        "slotStart": utc_ms(int(hold.slot_start.timestamp())),
        "slotEnd": utc_ms(int(hold.slot_end.timestamp())),
        "slotDuration": _minutes(hold),
        "reservationUid": hold.uid,
        "reservationUntil": utc_ms(int(hold.release_at.timestamp())),
    }
    if hold_minutes is not None:
        out["reservationDuration"] = hold_minutes
    return out


def _minutes(hold: Reservation) -> int | float:
    minutes = (hold.slot_end - hold.slot_start).total_seconds() / 60
    return int(minutes) if minutes == int(minutes) else minutes


def _refused(error: HoldRefused) -> ApiError:
    return ApiError(STATUS[error.kind], error.message)


def _checked_slot(ctx: RequestContext, event_type: EventType, body: dict[str, Any]) -> tuple[datetime, int]:
    """The slot's start and length once the server's checks pass (invalid length 400, taken 422)."""
    start = _start(body)
    try:
        minutes = reservations.slot_minutes(event_type, _integer(body, "slotDuration"))
        end = start + timedelta(minutes=minutes)
        reservations.check_free(ctx.runtime.world, event_type, start, end, str(body["slotStart"]))
    except HoldRefused as refused:
        raise _refused(refused) from None
    return start, minutes


@handles("SlotsController_2024_09_04_reserveSlot")
def reserve_slot(ctx: RequestContext) -> Reply:
    body: dict[str, Any] = ctx.body
    event_type_id = _integer(body, "eventTypeId")
    hold_minutes = _integer(body, "reservationDuration")
    user: User | None = getattr(ctx.credential, "user", None) if ctx.credential is not None else None
    if hold_minutes and user is None:
        raise ApiError(
            401,
            "reservationDuration can only be used for authenticated requests - use access token, api key or "
            "OAuth credentials",
        )
    event_type = _event_type(ctx, int(event_type_id or 0))
    if hold_minutes and user is not None and not reservations.may_set_hold_length(ctx.runtime.world, user, event_type):
        raise ApiError(
            403,
            "authenticated user is not owner of event type, does not have memberships in common with owner of "
            "the event type, nor does belong to event type's team or org.",
        )
    start, minutes = _checked_slot(ctx, event_type, body)
    hold_for = hold_minutes if hold_minutes is not None else reservations.DEFAULT_HOLD_MINUTES
    try:
        hold = reservations.reserve(
            ctx.runtime.world, event_type, start, minutes, hold_for, user.id if user is not None else None
        )
    except HoldRefused as refused:
        raise _refused(refused) from None
    return Reply(201, {"status": "success", "data": _output(hold, hold_for)})


@handles("SlotsController_2024_09_04_getReservedSlot")
def get_reserved_slot(ctx: RequestContext) -> Reply:
    hold = reservations.find(ctx.runtime.world, ctx.path_params["uid"])
    return Reply(200, {"status": "success", "data": _output(hold, None) if hold is not None else None})


@handles("SlotsController_2024_09_04_updateReservedSlot")
def update_reserved_slot(ctx: RequestContext) -> Reply:
    uid = ctx.path_params["uid"]
    body: dict[str, Any] = ctx.body
    event_type_id = _integer(body, "eventTypeId")
    hold_minutes = _integer(body, "reservationDuration")
    hold = reservations.find(ctx.runtime.world, uid)
    if hold is None:
        raise ApiError(404, f"Slot with uid={uid} not found")
    event_type = _event_type(ctx, int(event_type_id or 0))
    start, minutes = _checked_slot(ctx, event_type, body)
    hold_for = hold_minutes if hold_minutes is not None else reservations.DEFAULT_HOLD_MINUTES
    moved = reservations.move(ctx.runtime.world, hold, event_type, start, minutes, hold_for)
    return Reply(200, {"status": "success", "data": _output(moved, hold_for)})


@handles("SlotsController_2024_09_04_deleteReservedSlot")
def delete_reserved_slot(ctx: RequestContext) -> Reply:
    reservations.release(ctx.runtime.world, ctx.path_params["uid"])
    return Reply(200, {"status": "success"})
