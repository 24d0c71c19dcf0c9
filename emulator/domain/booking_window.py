"""How far ahead an event type can be booked (its period) and how often (booking and duration limits).

Read from Cal.com's packages/lib/isOutOfBounds.tsx and the limit code in
packages/trpc/server/routers/viewer/slots/util.ts (LimitManager, getPeriodStartDatesBetween):

- ROLLING: up to the end of the day ``periodDays`` days from now, counted in the booker's UTC offset
  (business days skip Saturday and Sunday when ``periodCountCalendarDays`` is false).
- ROLLING_WINDOW: up to the end of the ``periodDays``-th day that has a slot, from today, looking at
  most 61 days ahead.
- RANGE: from the start of the period's first day to the end of its last, in the event's UTC offset.
- Offsets are those of the zones now, as Cal.com takes them (getUTCOffsetByTimezone at the current time).
- A booking limit makes a whole day, week (Sunday first), month or year busy once the event type has
  that many accepted bookings starting in it; a duration limit once the minutes booked plus the slot's
  would pass it. Periods are read in the first host's own time zone.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from emulator.domain.availability import zone
from emulator.world.models import Booking, EventType

UNITS = ("year", "month", "week", "day")  # Cal.com checks the longest period first
LIMIT_KEYS = {"PER_YEAR": "year", "PER_MONTH": "month", "PER_WEEK": "week", "PER_DAY": "day"}
ROLLING_WINDOW_MAX_DAYS = 30 + 31


def _offset_now(time_zone: str | None, now: float) -> int:
    if not time_zone:
        return 0
    delta = datetime.fromtimestamp(now, zone(time_zone)).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def _day_of(instant: float, offset: int) -> date:
    return datetime.fromtimestamp(instant + offset, UTC).date()


def _midnight(day: date, offset: int) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) - offset


def _add_business_days(day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@dataclass(frozen=True, slots=True)
class Window:
    """Slots before ``not_before`` or at/after ``not_after`` are out of the booking period."""

    not_before: int | None = None
    not_after: int | None = None

    def allows(self, instant: int) -> bool:
        if self.not_before is not None and instant < self.not_before:
            return False
        return self.not_after is None or instant < self.not_after


def booking_window(
    event_type: EventType,
    now: float,
    event_zone: str | None,
    booker_zone: str | None,
    bookable_days: Iterable[date] = (),
) -> Window:
    """The period an event type can be booked in. ``bookable_days`` (dates in the booker's zone that
    have a slot) only matter for ROLLING_WINDOW."""
    days = event_type.period_days or 0
    booker = _offset_now(booker_zone, now)
    today = _day_of(now, booker)
    if event_type.period_type == "ROLLING":
        if event_type.period_count_calendar_days:
            last = today + timedelta(days=days)
        else:
            last = _add_business_days(today, days)
        return Window(not_after=_midnight(last + timedelta(days=1), booker))
    if event_type.period_type == "ROLLING_WINDOW":
        open_days = set(bookable_days)
        day, found, counted = today, None, 0
        for _ in range(ROLLING_WINDOW_MAX_DAYS):
            if counted >= days:
                break
            if day in open_days:
                counted += 1
                found = day
            day = day + timedelta(days=1) if event_type.period_count_calendar_days else _add_business_days(day, 1)
        last = found if found is not None else day
        return Window(not_after=_midnight(last + timedelta(days=1), booker))
    if event_type.period_type == "RANGE" and event_type.period_start_date and event_type.period_end_date:
        offset = _offset_now(event_zone, now)
        first = _day_of(event_type.period_start_date.timestamp(), offset)
        last = _day_of(event_type.period_end_date.timestamp(), offset)
        return Window(_midnight(first, offset), _midnight(last + timedelta(days=1), offset))
    return Window()


# booking and duration limits -----------------------------------------------------------------------


def _period_start(moment: datetime, unit: str) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=(day.weekday() + 1) % 7)
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_period(start: datetime, unit: str) -> datetime:
    if unit == "day":
        naive = start.replace(tzinfo=None) + timedelta(days=1)
    elif unit == "week":
        naive = start.replace(tzinfo=None) + timedelta(days=7)
    elif unit == "month":
        naive = (start.replace(tzinfo=None, day=28) + timedelta(days=4)).replace(day=1)
    else:
        naive = start.replace(tzinfo=None, year=start.year + 1)
    return naive.replace(tzinfo=start.tzinfo)  # wall-clock midnight, whatever DST did in between


def periods(date_from: float, date_to: float, unit: str, time_zone: str) -> list[tuple[int, int, date, date]]:
    """Each period of ``unit`` touching the window: (start, end) instants and first/last local dates."""
    tz = zone(time_zone)
    current = _period_start(datetime.fromtimestamp(date_from, tz), unit)
    last = _next_period(_period_start(datetime.fromtimestamp(date_to, tz), unit), unit)
    found = []
    while current < last:
        following = _next_period(current, unit)
        found.append(
            (int(current.timestamp()), int(following.timestamp()), current.date(), following.date() - timedelta(days=1))
        )
        current = following
    return found


@dataclass(frozen=True, slots=True)
class Counted:
    """A booking as the limits see it: who, when it starts (local date) and how long it is."""

    user_id: int | None
    day: date
    minutes: int


def counted_bookings(bookings: Iterable[Booking], time_zone: str) -> list[Counted]:
    tz = zone(time_zone)
    out = [
        Counted(b.user_id, b.start.astimezone(tz).date(), int((b.end - b.start).total_seconds() // 60))
        for b in bookings
    ]
    out.sort(key=lambda c: c.day)
    return out


def _in_days(counted: Sequence[Counted], days: Sequence[date], first: date, last: date) -> Sequence[Counted]:
    return counted[bisect_left(days, first) : bisect_left(days, last + timedelta(days=1))]


def limit_busy(
    event_type: EventType,
    counted: Sequence[Counted],
    host_ids: Sequence[int],
    date_from: float,
    date_to: float,
    time_zone: str,
    slot_minutes: int,
) -> dict[int, list[tuple[int, int]]]:
    """Busy periods per host from the event type's booking limits (shared by all hosts: they count the
    event type's bookings) and duration limits (each host's own bookings)."""
    busy: dict[int, list[tuple[int, int]]] = {host: [] for host in host_ids}
    days = [c.day for c in counted]
    for key, unit in LIMIT_KEYS.items():
        limit = (event_type.booking_limits or {}).get(key)
        if not limit:
            continue
        for start, end, first, last in periods(date_from, date_to, unit, time_zone):
            if len(_in_days(counted, days, first, last)) >= limit:
                for host in host_ids:
                    busy[host].append((start, end))
    for key, unit in LIMIT_KEYS.items():
        limit = (event_type.duration_limits or {}).get(key)
        if not limit:
            continue
        for start, end, first, last in periods(date_from, date_to, unit, time_zone):
            within = _in_days(counted, days, first, last)
            for host in host_ids:
                booked = sum(c.minutes for c in within if c.user_id == host)
                if slot_minutes + booked > limit:
                    busy[host].append((start, end))
    return busy
