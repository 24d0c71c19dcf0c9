"""When a user works: a schedule's weekly hours and date overrides as ranges of instants, out-of-office
days, and the range arithmetic that slots are cut from.

Read from Cal.com's packages/lib/date-ranges.ts and getUserAvailability.ts:

- The schedule used is the event type's, else the host's schedule on that event type, else the user's
  default (the first schedule when no default is set), else Monday to Friday 09:00-17:00 in the user's
  zone.
- Weekly hours and overrides are wall-clock times in the schedule's zone, so 09:00 stays 09:00 on both
  sides of a daylight-saving change. An end of 23:59 means midnight. Ranges are cut to the asked window.
- An override replaces all weekly hours of its date; a zero-length override (00:00-00:00) leaves the
  day without hours. Out-of-office days (whole UTC days of an entry that fall on a weekday the schedule
  works, from today on) do the same for team events; for a single user's event they stay, and their
  slots are marked away (what each API version does with them is its own choice).

Instants are integer seconds since the epoch. A range also carries the UTC offset of the clock its
start was read on (the schedule's zone, or UTC for a start that comes from a booking's end), because
Cal.com rounds a misaligned slot start to the hour of that clock and names the day on it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from emulator.world.models import Availability, DateOverride, EventType, OutOfOffice, User
from emulator.world.store import World

DAY = 86_400
FALLBACK_WEEKLY = (Availability(days=(1, 2, 3, 4, 5), start="09:00", end="17:00"),)
# Cal.com's OutOfOfficeReason rows (migration 20240305054508): what an away slot reports.
OOO_REASONS = {
    "unspecified": ("ooo_reasons_unspecified", "\U0001f552"),
    "vacation": ("ooo_reasons_vacation", "\U0001f3dd\ufe0f"),
    "travel": ("ooo_reasons_travel", "\U0001f6eb"),
    "sick": ("ooo_reasons_sick_leave", "\U0001f912"),
    "sick_leave": ("ooo_reasons_sick_leave", "\U0001f912"),
    "public_holiday": ("ooo_reasons_public_holiday", "\U0001f4c5"),
}


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def offset_at(tz: ZoneInfo, instant: int) -> int:
    """Seconds east of UTC in ``tz`` at ``instant``."""
    delta = datetime.fromtimestamp(instant, tz).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def local_date(instant: int, offset: int) -> date:
    return datetime.fromtimestamp(instant + offset, UTC).date()


def wall_clock(day: date, hh_mm: str, tz: ZoneInfo) -> int:
    """The instant a clock in ``tz`` shows ``hh_mm`` on ``day`` (a time skipped by a DST change reads
    with the offset before it, so 02:30 on a spring-forward night is 03:30 after it)."""
    hours, minutes = (int(part) for part in hh_mm.split(":")[:2])
    return int(datetime.combine(day, time(hours, minutes), tz).timestamp())


@dataclass(frozen=True, slots=True)
class Range:
    start: int
    end: int
    offset: int = 0  # seconds east of UTC of the clock ``start`` was read on


@dataclass(frozen=True, slots=True)
class WorkingSchedule:
    """What availability needs of a schedule; ``schedule_id`` None is Cal.com's built-in fallback."""

    time_zone: str
    weekly: tuple[Availability, ...]
    overrides: tuple[DateOverride, ...]
    schedule_id: int | None = None


@dataclass(frozen=True, slots=True)
class Away:
    """An out-of-office day as Cal.com reports it on a slot (``away: true`` and who covers)."""

    from_user: dict[str, object]
    to_user: dict[str, object] | None
    reason: str | None
    emoji: str | None


def schedule_for(world: World, user: User, event_type: EventType | None = None) -> WorkingSchedule:
    chosen = None
    if event_type is not None and event_type.schedule_id is not None:
        chosen = world.find("schedules", event_type.schedule_id)
    if chosen is None and event_type is not None:
        host = next((h for h in event_type.hosts if h.user_id == user.id), None)
        if host is not None and host.schedule_id is not None:
            chosen = world.find("schedules", host.schedule_id)
    if chosen is None:
        own = sorted(world.where("schedules", lambda s: s.user_id == user.id), key=lambda s: s.id)
        wanted = user.default_schedule_id
        chosen = next((s for s in own if wanted is None or s.id == wanted), None)
    if chosen is None:
        return WorkingSchedule(user.time_zone, FALLBACK_WEEKLY, ())
    return WorkingSchedule(chosen.time_zone, chosen.availability, chosen.overrides, chosen.id)


def _weekday(day: date) -> int:
    return (day.weekday() + 1) % 7  # Cal.com counts 0 = Sunday


def _weekly_ranges(schedule: WorkingSchedule, tz: ZoneInfo, date_from: int, date_to: int) -> dict[date, list[Range]]:
    """Weekly hours day by day, merged within a day the way Cal.com merges them (same end, or one
    ending where the next starts)."""
    by_day: dict[date, dict[int, Range]] = {}
    first = datetime.fromtimestamp(date_from, tz).date()
    for item in schedule.weekly:
        day = first
        while wall_clock(day, "00:00", tz) < date_to:
            if _weekday(day) in item.days:
                start = max(wall_clock(day, item.start, tz), date_from)
                end = min(wall_clock(day, item.end, tz), date_to)
                end_clock = datetime.fromtimestamp(end, tz)
                if end_clock.hour == 23 and end_clock.minute == 59:  # "until 23:59" means until midnight
                    end += 60
                if end >= start:
                    _merge(by_day.setdefault(day, {}), Range(start, end, offset_at(tz, start)))
            day += timedelta(days=1)
    return {day: list(by_end.values()) for day, by_end in by_day.items()}


def _merge(by_end: dict[int, Range], new: Range) -> None:
    same_end = by_end.get(new.end)
    if same_end is not None and new.start <= same_end.end and new.end >= same_end.start:
        by_end[new.end] = same_end if same_end.start <= new.start else new
        return
    touching = by_end.pop(new.start, None)  # a range that ends where this one starts
    if touching is not None:
        end = max(touching.end, new.end)
        by_end[end] = Range(touching.start, end, touching.offset)
        return
    by_end[new.end] = new


def _override_ranges(schedule: WorkingSchedule, tz: ZoneInfo, date_from: int, date_to: int) -> dict[date, list[Range]]:
    first = datetime.fromtimestamp(date_from, UTC).date() - timedelta(days=1)
    last = datetime.fromtimestamp(date_to, UTC).date() + timedelta(days=1)
    by_end: dict[tuple[date, int], Range] = {}  # per date, keyed by end so that touching ones join
    for item in schedule.overrides:
        if not first <= item.date <= last:
            continue
        start = wall_clock(item.date, item.start, tz)
        if item.end == "23:59":
            end = wall_clock(item.date + timedelta(days=1), "00:00", tz)
        else:
            end = wall_clock(item.date, item.end, tz)
        # Cut to the window like weekly hours (Cal.com leaves overrides uncut, see docs/slots.md);
        # an override outside the window still clears its day.
        start, end = max(start, date_from), min(end, date_to)
        if end < start:
            start = end = max(date_from, min(start, date_to))
        earlier = by_end.pop((item.date, start), None)
        if earlier is not None:
            merged = Range(earlier.start, max(earlier.end, end), earlier.offset)
            by_end[(item.date, merged.end)] = merged
            continue
        by_end[(item.date, end)] = Range(start, end, offset_at(tz, start))
    grouped: dict[date, list[Range]] = {}
    for (day, _), found in by_end.items():
        grouped.setdefault(day, []).append(found)
    return grouped


def working_ranges(
    schedule: WorkingSchedule, date_from: int, date_to: int, days_off: Iterable[date] = ()
) -> list[Range]:
    """The schedule's working ranges between two instants, sorted; ``days_off`` (dates in the
    schedule's zone) lose all their hours, as out-of-office days do for team events."""
    tz = zone(schedule.time_zone)
    grouped = _weekly_ranges(schedule, tz, date_from, date_to)
    grouped.update(_override_ranges(schedule, tz, date_from, date_to))
    for day in days_off:
        grouped[day] = []
    ranges = sorted(
        (r for day_ranges in grouped.values() for r in day_ranges if r.end != r.start), key=lambda r: r.start
    )
    joined: list[Range] = []
    for found in ranges:  # hours that run to midnight go on into the next day's from midnight
        if joined and joined[-1].end == found.start:
            joined[-1] = Range(joined[-1].start, found.end, joined[-1].offset)
        else:
            joined.append(found)
    return joined


def out_of_office_days(
    world: World, user: User, schedule: WorkingSchedule, date_to: int, today: date
) -> dict[date, Away]:
    """UTC dates the user is away, from today on, limited to weekdays the schedule works."""
    working_days = {d for item in schedule.weekly for d in item.days}
    entries: list[OutOfOffice] = sorted(
        world.where("out_of_office", lambda o: o.user_id == user.id and o.start.timestamp() <= date_to),
        key=lambda o: o.id,
    )
    days: dict[date, Away] = {}
    for entry in entries:
        day = max(entry.start.astimezone(UTC).date(), today)
        last = entry.end.astimezone(UTC).date()
        away = _away(world, user, entry)
        while day <= last:
            if _weekday(day) in working_days:
                days[day] = away
            day += timedelta(days=1)
    return days


def _away(world: World, user: User, entry: OutOfOffice) -> Away:
    to_user = None
    if entry.to_user_id is not None:
        covering: User | None = world.find("users", entry.to_user_id)
        if covering is not None:
            to_user = {"id": covering.id, "displayName": covering.name, "username": covering.username}
    reason, emoji = OOO_REASONS.get(entry.reason, (entry.reason or None, None))
    return Away({"id": user.id, "displayName": user.name}, to_user, reason, emoji)


# range arithmetic ----------------------------------------------------------------------------------


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint union of half-open intervals (touching ones stay apart, as Cal.com keeps them)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(ranges: Sequence[Range], busy: Sequence[tuple[int, int]]) -> list[Range]:
    """Ranges minus busy intervals. ``busy`` must be sorted and disjoint (merge_intervals); a piece that
    starts where a busy interval ends is read in UTC, as Cal.com reads booking times."""
    ends = [end for _, end in busy]
    out: list[Range] = []
    for source in sorted(ranges, key=lambda r: r.start):
        current, offset = source.start, source.offset
        index = bisect_right(ends, current)  # first busy interval ending after the range starts
        while index < len(busy) and busy[index][0] < source.end:
            busy_start, busy_end = busy[index]
            if busy_start > current:
                out.append(Range(current, busy_start, offset))
            if busy_end > current:
                current, offset = busy_end, 0
            index += 1
        if source.end > current:
            out.append(Range(current, source.end, offset))
    return out


def intersect(lists: Sequence[Sequence[Range]]) -> list[Range]:
    """What every list has in common (Cal.com's two-pointer intersect; a piece keeps the later start)."""
    if not lists:
        return []
    common = sorted(lists[0], key=lambda r: r.start)
    for other in lists[1:]:
        if not common:
            return []
        theirs = sorted(other, key=lambda r: r.start)
        found: list[Range] = []
        i = j = 0
        while i < len(common) and j < len(theirs):
            mine, their = common[i], theirs[j]
            start, end = max(mine.start, their.start), min(mine.end, their.end)
            if start < end:
                offset = mine.offset if mine.start > their.start else their.offset
                found.append(Range(start, end, offset))
            if mine.end <= their.end:
                i += 1
            else:
                j += 1
        common = found
    return common


def merge_overlapping(ranges: Sequence[Range]) -> list[Range]:
    merged: list[Range] = []
    for item in sorted(ranges, key=lambda r: r.start):
        if merged and merged[-1].start <= item.start < merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Range(merged[-1].start, item.end, merged[-1].offset)
        else:
            merged.append(item)
    return merged


def without_redundant(ranges: Sequence[Range]) -> list[Range]:
    """Sorted, duplicates dropped, and every range that another one contains dropped."""
    out: list[Range] = []
    seen: set[tuple[int, int]] = set()
    reach = None
    for item in sorted(ranges, key=lambda r: (r.start, -r.end)):
        if (item.start, item.end) in seen:
            continue
        seen.add((item.start, item.end))
        if reach is not None and item.end <= reach:
            continue
        out.append(item)
        reach = item.end if reach is None else max(reach, item.end)
    out.sort(key=lambda r: (r.start, r.end))
    return out
