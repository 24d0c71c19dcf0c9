"""GET /v2/slots (cal-api-version 2024-09-04): SlotsController_2024_09_04.getAvailableSlots.

Input as GetSlotsInputPipe reads it (packages/platform/types/slots/slots-2024-09-04/inputs): the
query picks one shape (eventTypeId; eventTypeSlug + username; eventTypeSlug + teamSlug; else
usernames + organizationSlug), each shape refuses parameters it does not know, and every problem is
reported as ``<name> property is wrong,<constraints> `` joined by ``, ``. ``start``/``end`` are UTC;
an ``end`` at exactly 00:00:00 means the end of that day (slots-input.service.ts). Slots are public.
"""

from __future__ import annotations

import math
from typing import Any

from emulator.api import slot_formats as fmt
from emulator.api.registry import handles
from emulator.domain.slots import dynamic_event_type
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, User

BASE = ("start", "end", "timeZone", "duration", "format", "bookingUidToReschedule", "type")
SHAPES = {
    "byEventTypeId": ("eventTypeId",),
    "byUsernameAndEventTypeSlug": ("eventTypeSlug", "username", "organizationSlug"),
    "byTeamSlugAndEventTypeSlug": ("eventTypeSlug", "teamSlug", "organizationSlug"),
    "byUsernames": ("usernames", "organizationSlug"),
}
NUMBER = "{} must be a number conforming to the specified constraints"


def _shape(query: dict[str, str]) -> str:
    if "eventTypeId" in query:
        return "byEventTypeId"
    if "username" in query and "eventTypeSlug" in query:
        return "byUsernameAndEventTypeSlug"
    if "teamSlug" in query and "eventTypeSlug" in query:
        return "byTeamSlugAndEventTypeSlug"
    return "byUsernames"


def _read(ctx: RequestContext) -> tuple[str, dict[str, Any]]:
    """The query as the pipe leaves it, or the pipe's 400."""
    query = {name: value for name, value in ctx.query}  # the last of repeated names, as Express keeps one
    shape = _shape(query)
    allowed = set(BASE) | set(SHAPES[shape])
    errors: list[tuple[str, list[str]]] = [
        (name, [f"property {name} should not exist"])
        for name in dict.fromkeys(n for n, _ in ctx.query)
        if name not in allowed
    ]
    values: dict[str, Any] = {}

    def check(name: str, messages: list[str]) -> None:
        if messages:
            errors.append((name, messages))

    own: list[str] = list(SHAPES[shape])
    for name in own:
        raw = query.get(name)
        if name == "eventTypeId":
            number = fmt.parse_int(raw)
            check(name, [] if number is not None and not math.isnan(number) else [NUMBER.format(name)])
            values[name] = number
        elif name == "usernames":
            sent = ctx.query_values("usernames")  # repeated: Express makes an array, which stays one
            names = [n.strip() for n in raw.split(",")] if len(sent) == 1 and raw is not None else sent or None
            problems = []
            if names is None:
                problems.append("each value in usernames must be a string")
            if names is None or len(names) < 2:
                problems.append("The array must contain at least 2 elements.")
            if names is None:
                problems.append("usernames must be an array")
            check(name, problems)
            values[name] = names
        elif name == "organizationSlug" and shape != "byUsernames":
            values[name] = raw
        else:
            check(name, [] if raw is not None else [f"{name} must be a string"])
            values[name] = raw
    for name in ("start", "end"):
        moment = fmt.parse_iso(query[name]) if name in query else None
        check(name, [] if moment is not None else [f"{name} must be a valid ISO 8601 date string"])
        values[name] = moment
    if "timeZone" in query:
        canonical = fmt.canonical_zone(query["timeZone"])
        check("timeZone", [] if canonical else ["timeZone must be a valid IANA time-zone"])
        values["timeZone"] = canonical
    if "duration" in query:
        number = fmt.parse_int(query["duration"])
        check("duration", [] if number is not None and not math.isnan(number) else [NUMBER.format("duration")])
        values["duration"] = int(number) if number is not None and not math.isnan(number) else None
    if "format" in query:
        lowered = query["format"].lower()
        check("format", [] if lowered in ("time", "range") else ["slotFormat must be either 'range' or 'time'"])
        values["format"] = lowered
    values["bookingUidToReschedule"] = query.get("bookingUidToReschedule")
    if errors:
        message = ", ".join(f"{name} property is wrong,{', '.join(found)} " for name, found in errors)
        raise ApiError(400, message)
    return shape, values


def _event_type(ctx: RequestContext, shape: str, values: dict[str, Any]) -> tuple[EventType, tuple[User, ...]]:
    """The event type the query names (slots-input.service.ts), with a dynamic event's people."""
    world = ctx.runtime.world
    found: EventType | None = None
    org = None
    if values.get("organizationSlug"):
        org = fmt.organization(world, values["organizationSlug"])
        if org is None and shape != "byUsernames":
            raise ApiError(
                404, f"slots-input.service.ts: Organization with slug {values['organizationSlug']} not found"
            )
    if shape == "byEventTypeId":
        found = world.find("event_types", int(values["eventTypeId"]))
    elif shape == "byUsernameAndEventTypeSlug":
        user = fmt.user_by_username(world, values["username"], org)
        if user is None:
            raise ApiError(404, f"User with username {values['username']} not found")
        found = fmt.event_type_of(world, values["eventTypeSlug"], owner_id=user.id)
    elif shape == "byTeamSlugAndEventTypeSlug":
        team = fmt.team_by_slug(world, values["teamSlug"], org)
        if team is None:
            raise ApiError(404, f"Team with slug {values['teamSlug']} not found")
        found = fmt.event_type_of(world, values["eventTypeSlug"], team_id=team.id)
    else:
        people = fmt.users_in(world, values["usernames"], org) if org is not None else ()
        return dynamic_event_type(values.get("duration")), people
    if found is None:
        raise ApiError(404, "Event Type not found")
    return found, ()


@handles("SlotsController_2024_09_04_getAvailableSlots")
def get_available_slots(ctx: RequestContext) -> Reply:
    shape, values = _read(ctx)
    event_type, people = _event_type(ctx, shape, values)
    data = fmt.v2_slot_answer(
        ctx.runtime.world,
        event_type,
        values["start"],
        values["end"],
        time_zone=values.get("timeZone"),
        duration=values.get("duration"),
        range_format=values.get("format") == "range",
        reschedule_uid=values.get("bookingUidToReschedule"),
        users=people,
    )
    return Reply(200, {"status": "success", "data": data})
