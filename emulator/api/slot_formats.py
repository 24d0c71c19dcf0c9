"""What the three slot APIs share: reading their dates and zones, finding the event type, and writing
slots in each version's shape.

Shapes (Cal.com sources named in docs/slots.md):

- v2 2024-09-04: ``{"YYYY-MM-DD": [{"start"}]}`` or with format=range ``[{"start", "end"}]``; seated
  event types add seatsBooked, seatsRemaining, seatsTotal and bookingUid; away slots are dropped.
- legacy 2024-04-15: ``{"slots": {"YYYY-MM-DD": [{"time"}]}}``; with any slotFormat
  ``[{"startTime", "endTime"}]``; seated slots add attendees and bookingUid.
- v1: ``{"slots": {"YYYY-MM-DD": [{"time"}]}}`` with seat and away fields.

Times are UTC with milliseconds and ``Z`` unless a zone is asked: then v2 and legacy write Luxon's
form (``2050-09-05T09:00:00.000+02:00``, ``Z`` for UTC itself) and v1 writes Day.js's
(``2050-09-05T09:00:00+02:00``, no milliseconds). Days are named in the asked zone.
"""

from __future__ import annotations

import math
import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from functools import cache
from http.cookies import CookieError, SimpleCookie
from typing import Any

from emulator.domain.availability import Away, zone
from emulator.domain.slot_generation import Slot
from emulator.domain.slots import SlotQuery, Slots, available_slots, dynamic_event_type
from emulator.pipeline.context import RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, Team, User
from emulator.world.store import World

V2_INVALID_RANGE = "Invalid time range given - check the 'start' and 'end' query parameters."
# validator.js isISO8601 (class-validator's IsDateString), the forms people send.
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})(?:-(?P<d>\d{2}))?"
    r"(?:[T ](?P<h>\d{2})(?::?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"(?P<tz>[zZ]|[+-]\d{2}(?::?\d{2})?)?)?"
)


def parse_iso(text: str) -> datetime | None:
    """An ISO 8601 date or date-time as class-validator accepts it (strict: the date must exist) and
    Luxon reads it in UTC; None if it is not one."""
    match = _ISO.fullmatch(text.strip())
    if not match:
        return None
    part = match.groupdict()
    try:
        moment = datetime(
            int(part["y"]),
            int(part["mo"]),
            int(part["d"] or 1),
            int(part["h"] or 0),
            int(part["mi"] or 0),
            int(part["s"] or 0),
            int((part["f"] or "0")[:6].ljust(6, "0")),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    offset = part["tz"]
    if offset and offset not in "zZ":
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
        moment -= sign * timedelta(minutes=minutes)
    return moment


def parse_int(text: str | None) -> float | None:
    """JavaScript's ``value && parseInt(value)`` as the servers' transforms apply it: the leading
    digits, NaN when there are none, None when nothing was sent."""
    if text is None:
        return None
    match = re.match(r"\s*([+-]?\d+)", text)
    return int(match.group(1)) if match else math.nan


def seconds(moment: datetime) -> int:
    return int(moment.timestamp())


@cache
def _zones() -> dict[str, str]:
    names = zoneinfo.available_timezones() | {"UTC"}
    return {name.lower(): name for name in names}


def canonical_zone(name: str) -> str | None:
    """The IANA name, found the way Intl finds it (case does not matter); None if unknown."""
    return _zones().get(name.strip().lower()) if name else None


def pipe_error(name: str, value: Any, constraint: str, message: str) -> ApiError:
    """A 400 from Nest's global ValidationPipe: "Bad Request Exception", the class-validator errors in
    details (apps/api/v2/src/app.ts)."""
    error = {"property": name, "value": value, "constraints": {constraint: message}, "children": []}
    return ApiError(400, "Bad Request Exception", details={"errors": [error]})


def cookie(ctx: RequestContext, name: str) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(ctx.headers.get("cookie", ""))
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None and morsel.value else None


# times ----------------------------------------------------------------------------------------------


def _wall(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` of a moment's own clock. isoformat rather than strftime: a month of
    slots formats hundreds of times, strftime costs several times more, and %Y leaves a year before
    1000 unpadded where JavaScript's formatters pad it to four digits (isoformat pads it)."""
    return moment.isoformat(timespec="seconds")[:19]


def utc_ms(instant: int) -> str:
    return _wall(datetime.fromtimestamp(instant, UTC)) + ".000Z"


def _offset_text(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    total = int(delta.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def luxon_time(instant: int, time_zone: str | None) -> str:
    """DateTime.setZone(zone).toISO(): ``Z`` only for the UTC zone itself."""
    if time_zone is None or time_zone.upper() in ("UTC", "GMT"):
        return utc_ms(instant)
    moment = datetime.fromtimestamp(instant, zone(time_zone))
    return _wall(moment) + ".000" + _offset_text(moment)


def dayjs_time(instant: int, time_zone: str) -> str:
    """dayjs(t).tz(zone).format(): seconds and an offset, never ``Z``."""
    moment = datetime.fromtimestamp(instant, zone(time_zone))
    return _wall(moment) + _offset_text(moment)


def day_key(day: date) -> str:
    return day.isoformat()


# event types ----------------------------------------------------------------------------------------


def organization(world: World, slug: str) -> Team | None:
    found: list[Team] = sorted(world.where("teams", lambda t: t.is_organization and t.slug == slug), key=lambda t: t.id)
    return found[0] if found else None


def user_by_username(world: World, username: str, org: Team | None = None) -> User | None:
    found: list[User] = sorted(
        world.where(
            "users",
            lambda u: u.username == username and (org is None or u.organization_id == org.id),
        ),
        key=lambda u: u.id,
    )
    return found[0] if found else None


def team_by_slug(world: World, slug: str, org: Team | None = None) -> Team | None:
    found: list[Team] = sorted(
        world.where(
            "teams",
            lambda t: t.slug == slug and not t.is_organization and (org is None or t.parent_id == org.id),
        ),
        key=lambda t: (t.parent_id is not None, t.id),
    )
    return found[0] if found else None


def event_type_of(
    world: World, slug: str, *, owner_id: int | None = None, team_id: int | None = None
) -> EventType | None:
    found: list[EventType] = sorted(
        world.where(
            "event_types",
            lambda e: (
                e.slug == slug
                and (owner_id is None or e.owner_id == owner_id)
                and (team_id is None or e.team_id == team_id)
            ),
        ),
        key=lambda e: e.id,
    )
    return found[0] if found else None


def users_in(world: World, usernames: list[str], org: Team | None) -> tuple[User, ...]:
    found = (user_by_username(world, name, org) for name in usernames)
    return tuple(u for u in found if u is not None)


def trpc_event_type(
    world: World,
    event_type_id: int | None,
    slug: str | None,
    usernames: list[str],
    team: bool,
    org_slug: str | None,
    duration: int | None,
) -> tuple[EventType, tuple[User, ...]] | None:
    """The event the trpc slots input names (packages/trpc/server/routers/viewer/slots/util.ts), as the
    legacy v2 and the v1 endpoints read it: several usernames make a dynamic event over those people;
    else the id; else the slug owned by the first username (a team's slug with isTeamEvent)."""
    org = organization(world, org_slug) if org_slug else None
    if len(usernames) > 1:
        people = users_in(world, usernames, org) if org is not None or not org_slug else ()
        return dynamic_event_type(duration), people
    found: EventType | None = None
    if event_type_id:
        found = world.find("event_types", event_type_id)
    elif slug and usernames:
        if team:
            owner_team = team_by_slug(world, usernames[0], org)
            found = event_type_of(world, slug, team_id=owner_team.id) if owner_team else None
        else:
            owner = user_by_username(world, usernames[0], org)
            found = event_type_of(world, slug, owner_id=owner.id) if owner else None
    return (found, ()) if found is not None else None


# outputs --------------------------------------------------------------------------------------------


def _away_fields(away: Away) -> dict[str, Any]:
    fields: dict[str, Any] = {"away": True, "fromUser": away.from_user}
    if away.to_user:
        fields["toUser"] = away.to_user
    if away.reason:
        fields["reason"] = away.reason
    if away.emoji:
        fields["emoji"] = away.emoji
    return fields


def v2_slot_answer(
    world: World,
    event_type: EventType,
    start: datetime,
    end: datetime,
    *,
    time_zone: str | None = None,
    duration: int | None = None,
    range_format: bool = False,
    reschedule_uid: str | None = None,
    users: tuple[User, ...] = (),
    routed_member_ids: tuple[int, ...] | None = None,
) -> dict[str, Any]:
    """The 2024-09-04 slots of an event type over [start, end], as GET /v2/slots and the routing-form
    operations answer them (slots.service.ts fetchAndFormatSlots): an ``end`` at exactly 00:00:00 means
    the end of that day, and an ``end`` before ``start`` is the 400 the service gives."""
    if (end.hour, end.minute, end.second) == (0, 0, 0):
        end = end.replace(hour=23, minute=59, second=59)
    if end < start:
        raise ApiError(400, V2_INVALID_RANGE)
    query = SlotQuery(
        event_type,
        seconds(start),
        seconds(end),
        time_zone=time_zone,
        duration=duration,
        reschedule_uid=reschedule_uid,
        users=users,
        routed_member_ids=routed_member_ids,
    )
    range_minutes = duration if duration is not None else event_type.length
    return v2_slots(available_slots(world, query), range_format, time_zone, range_minutes)


def v2_slots(slots: Slots, range_format: bool, time_zone: str | None, range_minutes: int) -> dict[str, Any]:
    """SlotsController_2024_09_04 (slots-output.service.ts)."""
    out: dict[str, Any] = {}
    for day, day_slots in slots.days.items():
        items = []
        for slot in day_slots:
            if slot.away is not None:
                continue
            item: dict[str, Any] = {"start": luxon_time(slot.start, time_zone)}
            if range_format:
                item["end"] = luxon_time(slot.start + range_minutes * 60, time_zone)
            if slots.seats:
                booked = slot.seats_booked or 0
                item.update(seatsBooked=booked, seatsRemaining=slots.seats - booked, seatsTotal=slots.seats)
                if slot.booking_uid:
                    item["bookingUid"] = slot.booking_uid
            items.append(item)
        if items:
            out[day_key(day)] = items
    return out


def _seat_fields(slot: Slot, only_truthy: bool) -> dict[str, Any]:
    """What the trpc layer adds to a slot that has a booking (or seat holds) at its start."""
    fields: dict[str, Any] = {}
    if slot.seats_booked is None or (slot.booking_uid is None and not slot.seats_booked):
        return fields
    if slot.seats_booked or not only_truthy:
        fields["attendees"] = slot.seats_booked
    if slot.booking_uid:
        fields["bookingUid"] = slot.booking_uid
    return fields


def legacy_slots(slots: Slots, slot_format: str | None, time_zone: str | None, minutes: int) -> dict[str, Any]:
    """SlotsController_2024_04_15 (slots-output.service.ts): raw trpc slots without slotFormat and
    zone; only time and seats with a zone; start/end objects with any slotFormat."""
    out: dict[str, Any] = {}
    for day, day_slots in slots.days.items():
        items = []
        for slot in day_slots:
            if slot_format:
                item: dict[str, Any] = {
                    "startTime": luxon_time(slot.start, time_zone),
                    "endTime": luxon_time(slot.start + minutes * 60, time_zone),
                }
                item.update(_seat_fields(slot, only_truthy=True))
            elif time_zone:
                item = {"time": luxon_time(slot.start, time_zone), **_seat_fields(slot, only_truthy=True)}
            else:
                item = {**(_away_fields(slot.away) if slot.away else {}), "time": utc_ms(slot.start)}
                item.update(_seat_fields(slot, only_truthy=False))
            items.append(item)
        out[day_key(day)] = items
    return out


def v1_slots(slots: Slots, time_zone: str | None) -> dict[str, Any]:
    """v1 GET /slots (apps/api/v1/pages/api/slots/_get.ts): the trpc slots, times in the zone."""
    out: dict[str, Any] = {}
    for day, day_slots in slots.days.items():
        out[day_key(day)] = [
            {
                **(_away_fields(slot.away) if slot.away else {}),
                "time": dayjs_time(slot.start, time_zone) if time_zone else utc_ms(slot.start),
                **_seat_fields(slot, only_truthy=False),
            }
            for slot in day_slots
        ]
    return out
