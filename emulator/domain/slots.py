"""Available slots of an event type, computed the way Cal.com computes them.

Read from packages/trpc/server/routers/viewer/slots/util.ts (getAvailableSlots), packages/lib/slots.ts
(getSlots), packages/lib/getBusyTimes.ts and packages/lib/getAggregatedAvailability.ts. In short:

1. The window starts at the asked start or at now + minimum notice (at least a minute), whichever is
   later, and ends at the asked end.
2. Each host's working ranges (availability.py) lose their busy times: accepted bookings they organise
   or attend, widened by that booking's event type buffers plus this event type's opposite ones;
   pending bookings of this event type when it requires confirmation that blocks the slot; whole
   periods closed by booking and duration limits. A seated booking of this event type with seats left
   only blocks its buffers. The booking being rescheduled does not block.
3. Hosts are combined: fixed hosts (all hosts of a collective event, the single host of a personal
   one) must all be free; round-robin hosts need one of them free.
4. Slots step through each free range every ``slotInterval ?? duration ?? length`` minutes, from the
   range start (seconds dropped, a misaligned start rounded up to the next multiple of the largest of
   60/30/20/15/10/5 minutes that divides the step, counted from the hour), while start + length - 1 s
   fits in the range. A range that starts inside an earlier slot's step continues that slot's rhythm.
5. Other people's unexpired holds (reservations) on any host hide the slots they overlap; seat holds
   count as taken seats instead.
6. Slots are grouped by their date in the booker's zone, and those outside the booking period or
   before now + notice are dropped.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from emulator.domain.availability import (
    Away,
    Range,
    intersect,
    local_date,
    merge_intervals,
    merge_overlapping,
    out_of_office_days,
    schedule_for,
    subtract,
    without_redundant,
    working_ranges,
    zone,
)
from emulator.domain.booking_window import booking_window, counted_bookings, limit_busy
from emulator.world.models import Booking, EventType, Reservation, User
from emulator.world.store import World

COLLECTIVE, ROUND_ROBIN, MANAGED = "COLLECTIVE", "ROUND_ROBIN", "MANAGED"
DYNAMIC_LENGTH = 30  # Cal.com's dynamic (group) event: 30 minutes unless a duration is asked
ALIGNMENTS = (60, 30, 20, 15, 10, 5)


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


@dataclass(frozen=True, slots=True)
class Slot:
    start: int
    seats_booked: int | None = None  # seated event types: seats taken (bookings and seat holds)
    booking_uid: str | None = None  # seated: the booking that holds the slot's seats
    away: Away | None = None  # a single host's out-of-office day


@dataclass(frozen=True)
class Slots:
    days: dict[date, list[Slot]]  # in the booker's zone, in Cal.com's order
    length: int  # minutes a slot lasts
    seats: int | None = None  # seats per slot of a seated event type


@dataclass(frozen=True, slots=True)
class HostUser:
    user: User
    fixed: bool


def hosts_of(world: World, event_type: EventType, users: Sequence[User] = ()) -> list[HostUser]:
    """Who must be free, in Cal.com's order (round-robin hosts first, then fixed ones)."""
    kind = event_type.scheduling_type
    if users:
        return [HostUser(u, True) for u in users]
    if event_type.hosts and kind:
        found = []
        for host in event_type.hosts:
            user: User | None = world.find("users", host.user_id)
            if user is not None:
                # Cal.com stores every host of a collective event as fixed.
                found.append(HostUser(user, host.is_fixed or kind == COLLECTIVE))
        return [h for h in found if not h.fixed] + [h for h in found if h.fixed]
    owner: User | None = world.find("users", event_type.owner_id) if event_type.owner_id is not None else None
    return [HostUser(owner, not kind or kind == COLLECTIVE)] if owner is not None else []


def _ts(moment: datetime) -> int:
    return int(moment.timestamp())


def _window_start(event_type: EventType, start: int, now: float) -> int:
    """ROLLING_WINDOW looks a month back so that the days before the asked start count too."""
    if event_type.period_type != "ROLLING_WINDOW":
        return start
    yesterday = datetime.fromtimestamp(now, UTC).date() - timedelta(days=1)
    if start < _ts(datetime(yesterday.year, yesterday.month, yesterday.day, tzinfo=UTC)):
        return start
    moment = datetime.fromtimestamp(start, UTC)
    year, month = (moment.year, moment.month - 1) if moment.month > 1 else (moment.year - 1, 12)
    day = min(moment.day, _month_length(year, month))
    return _ts(moment.replace(year=year, month=month, day=day))


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


@dataclass
class _Bookings:
    """One pass over the bookings for what a query needs: who is busy when, seats, limit counts."""

    by_user: dict[int, list[Booking]] = field(default_factory=dict)
    by_email: dict[str, list[Booking]] = field(default_factory=dict)
    of_event_type: list[Booking] = field(default_factory=list)  # accepted, any time


def _collect(world: World, event_type: EventType, window_from: float, window_to: float) -> _Bookings:
    found = _Bookings()
    pending_blocks = event_type.requires_confirmation and event_type.requires_confirmation_will_block_slot
    low = datetime.fromtimestamp(window_from, UTC)
    high = datetime.fromtimestamp(window_to, UTC)
    for booking in world.tables["bookings"].values():
        status = booking.status
        if status == "ACCEPTED" and booking.event_type_id == event_type.id:
            found.of_event_type.append(booking)
        if status != "ACCEPTED" and not (
            status == "PENDING" and pending_blocks and booking.event_type_id == event_type.id
        ):
            continue
        if booking.start > high or booking.end < low:
            continue
        if booking.user_id is not None:
            found.by_user.setdefault(booking.user_id, []).append(booking)
        for attendee in booking.attendees:
            found.by_email.setdefault(attendee.email.lower(), []).append(booking)
    return found


def _reach_of_buffers(world: World, event_type: EventType) -> int:
    """How far outside the window a booking can still block it: its buffer plus ours. getBusyTimes
    widens its own query by the largest buffer; the slots path hands it bookings of the bare window
    and so misses those, which we do not copy (see docs/slots.md)."""
    theirs = max(
        (max(e.before_event_buffer, e.after_event_buffer) for e in world.tables["event_types"].values()), default=0
    )
    return (theirs + max(event_type.before_event_buffer, event_type.after_event_buffer)) * 60


def _seats_taken(booking: Booking, host_emails: frozenset[str]) -> int:
    return sum(1 for a in booking.attendees if a.email.lower() not in host_emails)


def _host_busy(
    world: World,
    event_type: EventType,
    user: User,
    bookings: _Bookings,
    host_emails: frozenset[str],
    reschedule_uid: str | None,
    buffers: dict[int | None, tuple[int, int]],
) -> list[tuple[int, int]]:
    mine = {b.id: b for b in bookings.by_user.get(user.id, ())}
    for booking in bookings.by_email.get(user.email.lower(), ()):
        mine.setdefault(booking.id, booking)
    seats = event_type.seats_per_time_slot
    busy: list[tuple[int, int]] = []
    for booking in mine.values():
        if booking.event_type_id not in buffers:
            other: EventType | None = (
                world.find("event_types", booking.event_type_id) if booking.event_type_id else None
            )
            buffers[booking.event_type_id] = (
                (other.before_event_buffer, other.after_event_buffer) if other is not None else (0, 0)
            )
        its_before, its_after = buffers[booking.event_type_id]
        before = (its_before + event_type.after_event_buffer) * 60
        after = (its_after + event_type.before_event_buffer) * 60
        start, end = _ts(booking.start), _ts(booking.end)
        if (
            seats
            and booking.event_type_id == event_type.id
            and any(a.seat_uid for a in booking.attendees)
            and _seats_taken(booking, host_emails) < seats
        ):
            if before:
                busy.append((start - before, start))
            if after:
                busy.append((end, end + after))
            continue
        if booking.uid == reschedule_uid:
            continue
        busy.append((start - before, end + after))
    return busy


def aggregate(per_host: Sequence[tuple[HostUser, list[Range]]], scheduling_type: str | None) -> list[Range]:
    """Fixed hosts must all be free; of the round-robin hosts, one is enough (getAggregatedAvailability).
    When the fixed hosts share no time at all, Cal.com leaves them out rather than closing everything."""
    fixed = [ranges for host, ranges in per_host if not scheduling_type or scheduling_type == COLLECTIVE or host.fixed]
    fixed_ranges = merge_overlapping(intersect(fixed)) if fixed else []
    lists: list[list[Range]] = [fixed_ranges] if fixed_ranges else []
    round_robin = [ranges for host, ranges in per_host if not host.fixed]
    if round_robin:
        lists.append([r for ranges in round_robin for r in ranges])
    return without_redundant(intersect(lists))


def alignment(frequency: int) -> int:
    return next((a for a in ALIGNMENTS if frequency % a == 0), 1)


def generate(
    ranges: Sequence[Range],
    frequency: int,
    length: int,
    earliest: float,
    away: dict[date, Away] | None = None,
) -> list[Slot]:
    """Cal.com's getSlots: start times through every range, in the order it finds them."""
    frequency, length = max(frequency, 1), max(length, 1)
    step, span, align = frequency * 60, length * 60 - 1, alignment(frequency)
    slots: dict[int, Slot] = {}
    boundaries: list[int] = []
    for item in sorted(ranges, key=lambda r: r.start):
        start, offset = (item.start, item.offset) if item.start > earliest else (int(earliest), 0)
        start -= start % 60
        minute = (start + offset) // 60 % 60
        if minute % align:
            start += (math.ceil(minute / align) * align - minute) * 60
        position = bisect_left(boundaries, start) - 1  # the last slot boundary before this start
        if position >= 0 and boundaries[position] + step > start:
            previous = boundaries[position]
            start = previous if previous >= item.start else previous + step
        day_away = away.get(local_date(item.start, item.offset)) if away else None
        while start + span <= item.end:
            if start not in slots:
                insort(boundaries, start)
                slots[start] = Slot(start, away=day_away)
            start += step
    return list(slots.values())


def _overlaps(intervals: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> bool:
    """Whether [start, end) meets any of the sorted, disjoint intervals."""
    index = bisect_right(starts, start) - 1
    if index >= 0 and intervals[index][1] > start:
        return True
    index += 1
    return index < len(intervals) and intervals[index][0] < end


def live_holds(world: World, host_ids: Iterable[int], now: float, booker_uid: str | None = None) -> list[Reservation]:
    hosts = set(host_ids)
    return [
        r
        for r in world.tables["reservations"].values()
        if r.user_id in hosts and r.release_at.timestamp() > now and (booker_uid is None or r.uid != booker_uid)
    ]


def release_expired_holds(world: World, event_type_id: int) -> None:
    """Cal.com clears an event type's expired holds whenever its slots are read."""
    now = world.clock.now()
    for hold in world.where("reservations", lambda r: r.event_type_id == event_type_id and r.release_at <= now):
        world.delete("reservations", hold.id)


@dataclass(slots=True)
class _Seats:
    booking_uid: str | None
    taken: int


def _current_seats(
    bookings: Iterable[Booking], date_from: float, date_to: float, host_emails: frozenset[str]
) -> dict[int, _Seats]:
    seats: dict[int, _Seats] = {}
    for booking in bookings:
        start = _ts(booking.start)
        if date_from <= start <= date_to:
            seats[start] = _Seats(booking.uid, _seats_taken(booking, host_emails))
    return seats


@dataclass
class _Free:
    """Each host's free ranges, the zone the booking period is read in, a single host's days away."""

    per_host: list[tuple[HostUser, list[Range]]] = field(default_factory=list)
    event_zone: str | None = None
    away: dict[date, Away] = field(default_factory=dict)


def _free_ranges(
    world: World, query: SlotQuery, hosts: list[HostUser], bookings: _Bookings, date_from: float, now: float
) -> _Free:
    event_type = query.event_type
    kind = event_type.scheduling_type
    is_team = kind in (COLLECTIVE, ROUND_ROBIN) or len(hosts) > 1
    team_emails = _team_emails(event_type, hosts)
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
        busy = _host_busy(world, event_type, host.user, bookings, team_emails, query.reschedule_uid, buffers)
        busy += limits.get(host.user.id, [])
        free.per_host.append((host, subtract(ranges, merge_intervals(busy))))
        if not is_team:
            free.away = away
    if event_type.schedule_id is not None:
        own = world.find("schedules", event_type.schedule_id)
        free.event_zone = own.time_zone if own is not None else free.event_zone
    return free


def _team_emails(event_type: EventType, hosts: Sequence[HostUser]) -> frozenset[str]:
    """Hosts of a team event are not counted as taking seats."""
    if event_type.scheduling_type in (COLLECTIVE, ROUND_ROBIN, MANAGED):
        return frozenset(h.user.email.lower() for h in hosts)
    return frozenset()


def _by_day(
    world: World, query: SlotQuery, found: list[Slot], hosts: list[HostUser], bookings: _Bookings, date_from: float
) -> dict[date, list[Slot]]:
    """Slots left once holds and seats are applied, grouped by their date in the booker's zone."""
    event_type = query.event_type
    length = query.duration or event_type.length
    holds = live_holds(world, [h.user.id for h in hosts], world.clock.now().timestamp(), query.booker_uid)
    seats = event_type.seats_per_time_slot or None
    taken = (
        _current_seats(bookings.of_event_type, date_from, query.end, _team_emails(event_type, hosts)) if seats else {}
    )
    for hold in holds:
        if hold.is_seat and hold.event_type_id == event_type.id:
            taken.setdefault(_ts(hold.slot_start), _Seats(None, 0)).taken += 1
    held = merge_intervals((_ts(h.slot_start), _ts(h.slot_end)) for h in holds if not h.is_seat)
    held_starts = [start for start, _ in held]
    booker_tz = zone(query.time_zone) if query.time_zone else UTC
    days: dict[date, list[Slot]] = {}
    for slot in found:
        if held and slot.start not in taken and _overlaps(held, held_starts, slot.start, slot.start + length * 60):
            continue
        if seats:
            seat = taken.get(slot.start, _Seats(None, 0))
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
    hosts = hosts_of(world, event_type, query.users)
    widen = query.duration * 60 if query.reschedule_uid and query.duration else 0
    widen += _reach_of_buffers(world, event_type)
    bookings = _collect(world, event_type, date_from - widen, query.end + widen)

    free = _free_ranges(world, query, hosts, bookings, date_from, now)
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
