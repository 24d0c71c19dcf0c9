"""Whether a start time can be booked: the checks handleNewBooking makes, in its order.

1. Out of bounds (validateBookingTimeIsNotOutOfBounds, isOutOfBounds.tsx): a start before now is "in
   the past"; one before now + minimum notice, or outside a ROLLING or RANGE booking period, is out of
   bounds (the server skips the ROLLING_WINDOW check here; the slots below still apply it).
2. Booking and duration limits (checkBookingAndDurationLimits): the period of the start, read in the
   event's zone, already holds the limit's number of accepted bookings of the event type (or minutes).
3. Availability: the start must be one of the slots GET /v2/slots offers for that day (domain/slots),
   with the booking being rescheduled not counting. Cal.com itself only asks that the hosts be free
   for the whole meeting; asking for a slot keeps "offered" and "bookable" the same thing. Slot holds
   (reservations) are ignored, as handleNewBooking ignores them: whoever holds a slot must be able to
   book it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from emulator.domain import booking_lookups as lookups
from emulator.domain.availability import schedule_for
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.booking_window import LIMIT_KEYS, booking_window, counted_bookings, periods
from emulator.domain.slot_hosts import ROUND_ROBIN, HostUser, hosts_of
from emulator.domain.slots import SlotQuery, available_slots
from emulator.world.models import EventType, Host, User
from emulator.world.store import World

DAY = 86_400
LAST_INSTANT = datetime(9999, 12, 1, tzinfo=UTC).timestamp()
PAST = "Attempting to book a meeting in the past."
OUT_OF_BOUNDS = (
    "The event type can't be booked at the \"start\" time provided. This could be because it's too soon (violating "
    "the minimum booking notice) or too far in the future (outside the event's scheduling window). Try fetching "
    'available slots first using the GET /v2/slots endpoint and then make a booking with "start" time equal to one '
    "of the available slots: https://cal.com/docs/api-reference/v2/slots"
)
USER_UNAVAILABLE = "User either already has booking at this time or is not available"
HOSTS_UNAVAILABLE = "One of the hosts either already has booking at this time or is not available"


def is_team_event(event_type: EventType) -> bool:
    """The v2 service words its errors for team event types (those with a team)."""
    return event_type.team_id is not None


def unavailable(event_type: EventType) -> BookingRefused:
    return BookingRefused(400, HOSTS_UNAVAILABLE if is_team_event(event_type) else USER_UNAVAILABLE)


def event_zone(world: World, event_type: EventType) -> str | None:
    """The zone a RANGE period is read in: the event's schedule's, else its first host's schedule's
    (as the slots read it)."""
    if event_type.schedule_id is not None:
        own = world.find("schedules", event_type.schedule_id)
        if own is not None:
            return str(own.time_zone)
    hosts = hosts_of(world, event_type)
    return schedule_for(world, hosts[0].user, event_type).time_zone if hosts else None


def check_bounds(world: World, event_type: EventType, start: datetime, booker_zone: str) -> None:
    now = world.clock.now()
    if start < now:
        raise BookingRefused(400, PAST)
    if event_type.minimum_booking_notice and start < now + timedelta(minutes=event_type.minimum_booking_notice):
        raise BookingRefused(400, OUT_OF_BOUNDS)
    if event_type.period_type in ("ROLLING", "RANGE"):
        window = booking_window(event_type, now.timestamp(), event_zone(world, event_type), booker_zone)
        if not window.allows(int(start.timestamp())):
            raise BookingRefused(400, OUT_OF_BOUNDS)


def check_limits(
    world: World, event_type: EventType, start: datetime, minutes: int, reschedule_uid: str | None = None
) -> None:
    """The period of ``start`` (in the first host's zone, as the slots read limits) already holds the
    limit. Bare 401s: the server rethrows its limit checks' 403 HttpError with status 401."""
    if not event_type.booking_limits and not event_type.duration_limits:
        return
    if start.timestamp() > LAST_INSTANT:
        return  # no period to count in; is_offered refuses such a start
    hosts = hosts_of(world, event_type)
    time_zone = (hosts[0].user.time_zone if hosts else None) or "UTC"
    booked = counted_bookings(
        (b for b in lookups.of_event_type(world, event_type.id, "ACCEPTED") if b.uid != reschedule_uid),
        time_zone,
    )
    instant = start.timestamp()
    for limits, message in (
        (event_type.booking_limits, "booking_limit_reached"),
        (event_type.duration_limits, "duration_limit_reached"),
    ):
        for key, unit in LIMIT_KEYS.items():
            limit = (limits or {}).get(key)
            if not limit:
                continue
            _, _, first, last = periods(instant, instant, unit, time_zone)[0]
            inside = [c for c in booked if first <= c.day <= last]
            reached = (
                len(inside) >= limit
                if message == "booking_limit_reached"
                else sum(c.minutes for c in inside) + minutes > limit
            )
            if reached:
                raise BookingRefused(401, message, bare=True)


@contextmanager
def _holds_ignored(world: World) -> Iterator[None]:
    """Slot holds out of sight for one computation (bookings do not consult them)."""
    holds = world.tables["reservations"]
    world.tables["reservations"] = {}
    try:
        yield
    finally:
        world.tables["reservations"] = holds


@dataclass(frozen=True)
class AskedSlot:
    """The time a booking asks for: its start and length, the zone the booker reads days in, and the
    booking a reschedule moves (whose own time does not block the new one)."""

    start: datetime
    minutes: int
    booker_zone: str
    reschedule_uid: str | None = None


def is_offered(world: World, event_type: EventType, asked: AskedSlot) -> bool:
    """Whether the asked start is one of the event type's slots. Read as GET /v2/slots reads a day
    (from its UTC midnight) and as a window opened the day before reads it (hours that run past
    midnight continue their rhythm); either counts."""
    start, minutes = asked.start, asked.minutes
    if start.timestamp() + minutes * 60 + 2 * DAY > LAST_INSTANT:
        return False  # past the end of the calendar the slots can compute
    instant = int(start.timestamp())
    midnight = instant - instant % DAY
    windows = [midnight, midnight - DAY]
    if event_type.period_type == "ROLLING_WINDOW":  # its window counts bookable days from today
        today = int(world.clock.now().timestamp())
        windows = [min(w, today - today % DAY) for w in windows]
    duration = minutes if event_type.lengths and minutes != event_type.length else None
    with _holds_ignored(world):
        for window_start in windows:
            query = SlotQuery(
                event_type,
                window_start,
                instant + minutes * 60 + 60,
                time_zone=asked.booker_zone,
                duration=duration,
                reschedule_uid=asked.reschedule_uid,
            )
            found = available_slots(world, query)
            if any(slot.start == start.timestamp() for day in found.days.values() for slot in day):
                return True
    return False


def _with_hosts(event_type: EventType, users: Sequence[HostUser]) -> EventType:
    by_id = {h.user_id: h for h in event_type.hosts}
    return replace(event_type, hosts=tuple(by_id.get(u.user.id, Host(u.user.id, is_fixed=u.fixed)) for u in users))


def free_hosts(world: World, event_type: EventType, asked: AskedSlot) -> tuple[list[User], list[User]]:
    """(fixed hosts, round-robin hosts free at the asked start), or the unavailable error. Fixed hosts (every
    host of a collective event, the owner of a personal one) must all be free; of a round-robin
    event's other hosts, those free alongside the fixed ones are returned."""
    if not is_offered(world, event_type, asked):
        raise unavailable(event_type)
    hosts = hosts_of(world, event_type)
    fixed = [h for h in hosts if h.fixed]
    if event_type.scheduling_type != ROUND_ROBIN:
        return [h.user for h in fixed], []
    free = [h.user for h in hosts if not h.fixed and is_offered(world, _with_hosts(event_type, [*fixed, h]), asked)]
    if not free and any(not h.fixed for h in hosts):
        raise unavailable(event_type)
    return [h.user for h in fixed], free
