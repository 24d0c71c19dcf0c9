"""v1 GET /slots (apps/api/v1/pages/api/slots/_get.ts): the trpc getSchedule input and computation,
answered as ``{"slots": {"YYYY-MM-DD": [{"time": ...}]}}``.

The query is checked with the trpc zod schema; its problems come back as one 400 message, each as
``<code> in '<field>': <message>`` joined by ``; ``. Any date JavaScript's Date.parse reads is
accepted. With a known ``timeZone`` the days are named and the times written in it (Day.js's
``2024-04-13T11:00:00+04:00``); otherwise UTC with milliseconds. An unknown event type is a 404
``NOT_FOUND`` (the trpc code, which v1 passes on as the message).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from emulator.api import slot_formats as fmt
from emulator.api.registry import handles
from emulator.domain.slots import SlotQuery, available_slots
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def date_parse(text: str) -> datetime | None:
    """JavaScript's Date.parse for the forms people send: ISO dates and date-times (a date alone is
    UTC midnight, a date-time without offset is read in the server's zone, UTC), and
    ``Month D, YYYY [HH:MM[:SS]]``."""
    moment = fmt.parse_iso(text)
    if moment is not None:
        return moment
    parts = text.replace(",", " ").split()
    if len(parts) >= 3 and parts[0].lower()[:3] in _MONTHS:
        month = _MONTHS.index(parts[0].lower()[:3]) + 1
        try:
            clock = [int(p) for p in parts[3].split(":")] if len(parts) > 3 else []
            hour, minute, second = [*clock, 0, 0, 0][:3]
            return datetime(int(parts[2]), month, int(parts[1]), hour, minute, second, tzinfo=UTC)
        except (ValueError, TypeError):
            return None
    return None


def _issues(query: dict[str, Any], extra: dict[str, str]) -> tuple[list[str], dict[str, Any]]:
    issues: list[str] = []
    values: dict[str, Any] = {}
    for name in ("startTime", "endTime"):
        values[name] = date_parse(str(query[name]))
        if values[name] is None:
            issues.append(f"custom in '{name}': {name} must be a valid date string")
    event_type_id = query.get("eventTypeId")
    values["eventTypeId"] = None
    if event_type_id is not None and event_type_id != int(event_type_id):
        issues.append("invalid_type in 'eventTypeId': Expected integer, received float")
    elif event_type_id is not None:
        values["eventTypeId"] = int(event_type_id)
    zone = query.get("timeZone")
    if zone is not None and fmt.canonical_zone(zone) is None:
        issues.append("custom in 'timeZone': Invalid timezone. Must be a valid IANA timezone string.")
    values["timeZone"] = fmt.canonical_zone(zone) if zone else None
    parsed = fmt.parse_int(extra.get("duration"))
    values["duration"] = parsed if parsed is not None and not math.isnan(parsed) and parsed > 0 else None
    names = list(query.get("usernameList") or [])
    if not event_type_id and not (names and query.get("eventTypeSlug")):
        issues.append("You need to either pass an eventTypeId OR an usernameList/eventTypeSlug combination")
    start, end = values["startTime"], values["endTime"]
    if start is None or end is None or end <= start:
        issues.append("custom in 'endTime': endTime must be after startTime")
    return issues, values


@handles("getSlots")
def get_slots(ctx: RequestContext) -> Reply:
    query: dict[str, Any] = ctx.params.get("query", {})
    undeclared = {name: value for name, value in ctx.query if name in ("duration", "rescheduleUid")}
    issues, values = _issues(query, undeclared)
    if issues:
        raise ApiError(400, "; ".join(issues))
    names = list(query.get("usernameList") or [])
    duration = int(values["duration"]) if values["duration"] else None
    found = fmt.trpc_event_type(
        ctx.runtime.world,
        values["eventTypeId"],
        query.get("eventTypeSlug"),
        names,
        bool(query.get("isTeamEvent")),
        query.get("orgSlug"),
        duration,
    )
    if found is None:
        raise ApiError(404, "NOT_FOUND")  # the trpc code, which v1 passes on as its message
    event_type, people = found
    world = ctx.runtime.world
    slots = available_slots(
        world,
        SlotQuery(
            event_type,
            fmt.seconds(values["startTime"]),
            fmt.seconds(values["endTime"]),
            time_zone=values["timeZone"],
            duration=duration,
            reschedule_uid=undeclared.get("rescheduleUid"),
            booker_uid=fmt.cookie(ctx, "uid"),
            users=people,
        ),
    )
    return Reply(200, {"slots": fmt.v1_slots(slots, values["timeZone"])})
