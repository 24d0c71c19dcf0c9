"""The slots of API version 2024-04-15 (no cal-api-version, or 2024-06-11/06-14/08-13):
SlotsController_2024_04_15, still what the npm SDK and most integrations call.

- GET /v2/slots/available: the same computation as GET /v2/slots, read through the trpc input
  (``startTime``/``endTime`` as given, ``usernameList[]``, ``isTeamEvent``, ``orgSlug``) and written
  as ``{"slots": {...}}`` (shapes in slot_formats.py). The caller's own holds (``uid`` cookie) do not
  hide slots. An unknown event type is the trpc NOT_FOUND; a time zone JavaScript cannot read makes
  the server fail (500).
- POST /v2/slots/reserve: holds the slot for 5 minutes on every host under the ``uid`` cookie (or a
  new uid), answers 201 with the uid as ``data`` and sets the cookie.
- DELETE /v2/slots/selected-slot: releases the holds of the cookie's uid, else of ``?uid=``; always 200.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.api import slot_formats as fmt
from emulator.api.registry import handles
from emulator.domain import reservations
from emulator.domain.slots import SlotQuery, available_slots
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world import ids
from emulator.world.models import EventType

INVALID_RANGE = "Invalid time range given - check the 'startTime' and 'endTime' query parameters."


def _instant(query: dict[str, Any], name: str) -> datetime:
    moment = fmt.parse_iso(str(query[name]))
    if moment is None:
        raise fmt.pipe_error(name, query[name], "isDateString", f"{name} must be a valid ISO 8601 date string")
    return moment


def trpc_not_found() -> ApiError:
    """A trpc NOT_FOUND as the v2 TRPCExceptionFilter writes it: a fixed message per code."""
    return ApiError(404, "The requested resource was not found", code="TRPCError")


@handles("SlotsController_2024_04_15_getAvailableSlots")
def get_available_slots(ctx: RequestContext) -> Reply:
    query: dict[str, Any] = ctx.params.get("query", {})
    slot_format = query.get("slotFormat")
    if slot_format is not None and slot_format.lower() not in ("time", "range"):
        raise ApiError(400, "slotFormat must be either 'range' or 'time'")
    start, end = _instant(query, "startTime"), _instant(query, "endTime")
    time_zone = query.get("timeZone")
    duration = query.get("duration")
    event_type_id = query.get("eventTypeId")
    team = query.get("isTeamEvent")
    if team is None:
        known = ctx.runtime.world.find("event_types", event_type_id) if event_type_id else None
        team = known is not None and known.team_id is not None
    found = fmt.trpc_event_type(
        ctx.runtime.world,
        event_type_id,
        query.get("eventTypeSlug"),
        list(query.get("usernameList[]", [])),
        bool(team),
        query.get("orgSlug"),
        duration,
    )
    if found is None:
        raise trpc_not_found()
    event_type, people = found
    if end < start:
        raise ApiError(400, INVALID_RANGE)
    if time_zone is not None and fmt.canonical_zone(time_zone) is None:
        # The live server's dayjs.tz throws a RangeError (a 500); a bad zone is the caller's mistake.
        raise ApiError(400, f"Invalid time zone: {time_zone!r} is not an IANA time zone name")
    zone_name = fmt.canonical_zone(time_zone) if time_zone else None
    world = ctx.runtime.world
    slots = available_slots(
        world,
        SlotQuery(
            event_type,
            fmt.seconds(start),
            fmt.seconds(end),
            time_zone=zone_name,
            duration=duration,
            reschedule_uid=query.get("rescheduleUid"),
            booker_uid=fmt.cookie(ctx, "uid"),
            users=people,
        ),
    )
    minutes = duration or event_type.length
    data = fmt.legacy_slots(slots, slot_format.lower() if slot_format else None, zone_name, minutes)
    return Reply(200, {"status": "success", "data": {"slots": data}})


@handles("SlotsController_2024_04_15_reserveSlot")
def reserve_slot(ctx: RequestContext) -> Reply:
    body: dict[str, Any] = ctx.body
    start, end = _instant(body, "slotUtcStartDate"), _instant(body, "slotUtcEndDate")
    world = ctx.runtime.world
    uid = fmt.cookie(ctx, "uid") or ids.uuid4(world.rng)
    event_type: EventType | None = world.find("event_types", body["eventTypeId"])
    if event_type is None:
        raise ApiError(404, "Event Type not found")
    if not body.get("_isDryRun"):
        reservations.legacy_hold(world, event_type, start, end, uid, body.get("bookingUid"))
    return Reply(201, {"status": "success", "data": uid}, headers={"Set-Cookie": f"uid={uid}; Path=/"})


@handles("SlotsController_2024_04_15_deleteSelectedSlot")
def delete_selected_slot(ctx: RequestContext) -> Reply:
    uid = fmt.cookie(ctx, "uid") or ctx.params.get("query", {}).get("uid")
    if uid:
        reservations.release(ctx.runtime.world, uid)
    return Reply(200, {"status": "success"})
