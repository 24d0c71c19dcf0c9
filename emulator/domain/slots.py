"""Available slots of an event type, computed the way Cal.com computes them: the query, its window,
each host's free time, and the steps below put together.

Read from packages/trpc/server/routers/viewer/slots/util.ts (getAvailableSlots), packages/lib/slots.ts
(getSlots), packages/lib/getBusyTimes.ts and packages/lib/getAggregatedAvailability.ts. In short:

1. The window starts at the asked start or at now + minimum notice (at least a minute), whichever is
   later, and ends at the asked end.
2. Each host's working ranges (availability.py) lose their busy times: accepted bookings they organise
   or attend, widened by that booking's event type buffers plus this event type's opposite ones;
   pending bookings of this event type when it requires confirmation that blocks the slot; whole
   periods closed by booking and duration limits. A seated booking of this event type with seats left
   only blocks its buffers. The booking being rescheduled does not block (slot_busy.py). The events
   of the host's selected calendars at the providers block too (calendar_busy.py).
3. Hosts are combined: fixed hosts (all hosts of a collective event, the single host of a personal
   one) must all be free; round-robin hosts need one of them free (slot_hosts.py).
4. Slots step through each free range every ``slotInterval ?? duration ?? length`` minutes, from the
   range start (seconds dropped, a misaligned start rounded up to the next multiple of the largest of
   60/30/20/15/10/5 minutes that divides the step, counted from the hour), while start + length - 1 s
   fits in the range. A range that starts inside an earlier slot's step continues that slot's rhythm
   (slot_generation.py).
5. Other people's unexpired holds (reservations) on any host hide the slots they overlap; seat holds
   count as taken seats instead (slot_holds.py).
6. Slots are grouped by their date in the booker's zone, and those outside the booking period or
   before now + notice are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from emulator.domain.availability import (
    Away,
    Range,
    merge_intervals,
    out_of_office_days,
    schedule_for,
    subtract,
    working_ranges,
    zone,
)
from emulator.domain.booking_window import booking_window, counted_bookings, limit_busy
from emulator.domain.calendar_busy import hosts_busy
from emulator.domain.slot_busy import WindowBookings, collect, host_busy, reach_of_buffers, ts
from emulator.domain.slot_generation import Slot, generate
from emulator.domain.slot_holds import Seats, current_seats, live_holds, overlaps, release_expired_holds
from emulator.domain.slot_hosts import COLLECTIVE, ROUND_ROBIN, HostUser, aggregate, hosts_of, routed, team_emails
from emulator.world.models import EventType, User
from emulator.world.store import World

DYNAMIC_LENGTH = 30  # Cal.com's dynamic (group) event: 30 minutes unless a duration is asked


def dynamic_event_type(duration: int | None = None) -> EventType:
    """Cal.com's built-in event for booking several people at once (getDefaultEvent): collective,
    two hours' notice, each person's default schedule."""
    return EventType(
        id=0, title="Dynamic", slug="dynamic", length=duration or DYNAMIC_LENGTH, scheduling_type=COLLECTIVE
    )


@dataclass(frozen=True)
class SlotQuery:
    event_type: EventType
    start: int  # instants in seconds since the epoch
    end: int
    time_zone: str | None = None  # the booker's zone: names the days; None is UTC
    duration: int | None = None  # minutes; replaces the event's length (and its step, without slotInterval)
    reschedule_uid: str | None = None  # the booking being moved does not block its own time
    booker_uid: str | None = None  # the caller's own holds (legacy ``uid`` cookie) do not hide slots
    users: tuple[User, ...] = ()  # the people of a dynamic event (event_type from dynamic_event_type)
    # Routing forms: the team members a response was routed to; round-robin hosts narrow to them.
    routed_member_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Slots:
    days: dict[date, list[Slot]]  # in the booker's zone, in Cal.com's order
    length: int  # minutes a slot lasts
    seats: int | None = None  # seats per slot of a seated event type


def _window_start(event_type: EventType, start: int, now: float) -> int:
    """ROLLING_WINDOW looks a month back so that the days before the asked start count too."""
    if event_type.period_type != "ROLLING_WINDOW":
        return start
    yesterday = datetime.fromtimestamp(now, UTC).date() - timedelta(days=1)
    if start < ts(datetime(yesterday.year, yesterday.month, yesterday.day, tzinfo=UTC)):
        return start
    moment = datetime.fromtimestamp(start, UTC)
    year, month = (moment.year, moment.month - 1) if moment.month > 1 else (moment.year - 1, 12)
    day = min(moment.day, _month_length(year, month))
    return ts(moment.replace(year=year, month=month, day=day))


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


@dataclass
class _Free:
    """Each host's free ranges, the zone the booking period is read in, a single host's days away."""

    per_host: list[tuple[HostUser, list[Range]]] = field(default_factory=list)
    event_zone: str | None = None
    away: dict[date, Away] = field(default_factory=dict)


def _free_ranges(
    world: World,
    query: SlotQuery,
    hosts: list[HostUser],
    bookings: WindowBookings,
    date_from: float,
    now: float,
    calendar_busy: dict[int, list[tuple[int, int]]],
) -> _Free:
    event_type = query.event_type
    kind = event_type.scheduling_type
    is_team = kind in (COLLECTIVE, ROUND_ROBIN) or len(hosts) > 1
    host_emails = team_emails(event_type, hosts)
    host_ids = [h.user.id for h in hosts]
    length = query.duration or event_type.length
    limits: dict[int, list[tuple[int, int]]] = {}
    if hosts and (event_type.booking_limits or event_type.duration_limits):
        limit_zone = hosts[0].user.time_zone or "UTC"
        counted = counted_bookings(
            (b for b in bookings.of_event_type if b.user_id in host_ids and b.uid != query.reschedule_uid), limit_zone
        )
        limits = limit_busy(event_type, counted, host_ids, date_from, query.end, limit_zone, length)
    today = datetime.fromtimestamp(now, UTC).date()
    buffers: dict[int | None, tuple[int, int]] = {}
    free = _Free()
    for host in hosts:
        schedule = schedule_for(world, host.user, event_type)
        free.event_zone = free.event_zone or schedule.time_zone
        away = out_of_office_days(world, host.user, schedule, query.end, today)
        ranges = working_ranges(schedule, int(date_from), query.end, away if is_team else ())
        busy = host_busy(world, event_type, host.user, bookings, host_emails, query.reschedule_uid, buffers)
        busy += limits.get(host.user.id, [])
        busy += calendar_busy.get(host.user.id, [])
        free.per_host.append((host, subtract(ranges, merge_intervals(busy))))
        if not is_team:
            free.away = away
    if event_type.schedule_id is not None:
        own = world.find("schedules", event_type.schedule_id)
        free.event_zone = own.time_zone if own is not None else free.event_zone
    return free


def _by_day(
    world: World, query: SlotQuery, found: list[Slot], hosts: list[HostUser], bookings: WindowBookings, date_from: float
) -> dict[date, list[Slot]]:
    """Slots left once holds and seats are applied, grouped by their date in the booker's zone."""
    event_type = query.event_type
    length = query.duration or event_type.length
    holds = live_holds(world, [h.user.id for h in hosts], world.clock.now().timestamp(), query.booker_uid)
    seats = event_type.seats_per_time_slot or None
    taken = current_seats(bookings.of_event_type, date_from, query.end, team_emails(event_type, hosts)) if seats else {}
    for hold in holds:
        if hold.is_seat and hold.event_type_id == event_type.id:
            taken.setdefault(ts(hold.slot_start), Seats(None, 0)).taken += 1
    held = merge_intervals((ts(h.slot_start), ts(h.slot_end)) for h in holds if not h.is_seat)
    held_starts = [start for start, _ in held]
    booker_tz = zone(query.time_zone) if query.time_zone else UTC
    days: dict[date, list[Slot]] = {}
    for slot in found:
        if held and slot.start not in taken and overlaps(held, held_starts, slot.start, slot.start + length * 60):
            continue
        if seats:
            seat = taken.get(slot.start, Seats(None, 0))
            if seat.taken >= seats:
                continue  # full (see docs/slots.md: the server keeps listing it)
            slot = Slot(slot.start, seat.taken, seat.booking_uid, slot.away)
        days.setdefault(datetime.fromtimestamp(slot.start, booker_tz).date(), []).append(slot)
    return days


def available_slots(world: World, query: SlotQuery) -> Slots:
    """The slots of an event type. Like Cal.com, reading them first clears its expired holds."""
    event_type = query.event_type
    if event_type.id:
        release_expired_holds(world, event_type.id)
    now = world.clock.now().timestamp()
    length = query.duration or event_type.length
    frequency = event_type.slot_interval or query.duration or event_type.length
    notice = event_type.minimum_booking_notice
    date_from = max(now + (notice or 1) * 60, _window_start(event_type, query.start, now))
    hosts = routed(hosts_of(world, event_type, query.users), query.routed_member_ids)
    widen = query.duration * 60 if query.reschedule_uid and query.duration else 0
    widen += reach_of_buffers(world, event_type)
    bookings = collect(world, event_type, date_from - widen, query.end + widen)

    # the providers' busy times (selected calendars), read once for every host of the computation
    external = hosts_busy(world, [h.user for h in hosts], event_type, date_from - widen, query.end + widen)
    free = _free_ranges(world, query, hosts, bookings, date_from, now, external)
    found = generate(
        aggregate(free.per_host, event_type.scheduling_type), frequency, length, now + notice * 60, free.away
    )
    days = _by_day(world, query, found, hosts, bookings, date_from)

    window = booking_window(event_type, now, free.event_zone, query.time_zone, days)
    earliest = now + notice * 60 if notice else now
    kept: dict[date, list[Slot]] = {}
    for day, day_slots in days.items():
        inside = [s for s in day_slots if s.start >= earliest and window.allows(s.start)]
        if inside:
            kept[day] = inside
    return Slots(kept, length, event_type.seats_per_time_slot or None)
