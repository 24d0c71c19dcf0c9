"""Schedules: weekly hours and date overrides in the schedule's time zone, and the user's default.

Cal.com keeps a schedule's weekly hours and its date overrides in one table, ``Availability``: a
weekly row has ``days`` and no date, an override has a date and no days. The world keeps them as
``Schedule.availability`` and ``Schedule.overrides``; ``Row`` is the view the v1 ``/availabilities``
endpoints and the legacy outputs need, ids included. Rows loaded from fixtures have no id until
one is needed; until then they read with the id they will get (``row_ids``), so reads never write.

Rules kept from Cal.com (apps/api/v2/src/ee/schedules/*, apps/api/v1/pages/api/schedules/*):
a new schedule without weekly hours gets Monday to Friday 09:00-17:00; ``isDefault`` sets the
owner's ``defaultScheduleId``; deleting a schedule leaves that id as it was (no API version clears
it, so the default then reads as none) and detaches event types and hosts that used it (the
relation is optional, so the database sets it to null).
"""

from __future__ import annotations

import dataclasses
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import TypeVar

from emulator.domain.records import update_record
from emulator.world.models import Availability, DateOverride, EventType, Schedule, User
from emulator.world.store import World

WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")  # index = day number
DEFAULT_WEEKLY = (Availability(days=(1, 2, 3, 4, 5), start="09:00", end="17:00"),)
ROW_COUNTER = "availabilities"  # one counter for weekly rows and overrides, as in Cal.com's one table
RowT = TypeVar("RowT", Availability, DateOverride)
HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name: str) -> bool:
    return name in time_zones()


def is_hh_mm(text: str) -> bool:
    return bool(HH_MM.fullmatch(text))


def day_numbers(names: Iterable[str]) -> tuple[int, ...]:
    return tuple(WEEKDAYS.index(name) for name in names)


def day_names(numbers: Iterable[int]) -> list[str]:
    return [WEEKDAYS[n % 7] for n in numbers]


def utc_time_of_day(moment: datetime) -> str:
    """The HH:MM a Postgres TIME column keeps of a date-time: its time of day in UTC."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    return f"{utc.hour:02d}:{utc.minute:02d}"


def minutes(hh_mm: str) -> int:
    hours, mins = hh_mm.split(":")[:2]
    return int(hours) * 60 + int(mins)


# schedules -----------------------------------------------------------------------------------------


def schedules_of(world: World, user_id: int) -> list[Schedule]:
    found: list[Schedule] = sorted(world.where("schedules", lambda s: s.user_id == user_id), key=lambda s: s.id)
    return found


def is_default(world: World, schedule: Schedule) -> bool:
    owner: User | None = world.find("users", schedule.user_id)
    return owner is not None and owner.default_schedule_id == schedule.id


def default_schedule(world: World, user: User) -> Schedule | None:
    """The user's default schedule, or None when none is set or it no longer exists."""
    if user.default_schedule_id is None:
        return None
    found: Schedule | None = world.find("schedules", user.default_schedule_id)
    return found


def set_default(world: World, user_id: int, schedule_id: int) -> None:
    world.update("users", user_id, default_schedule_id=schedule_id)


def create(
    world: World,
    user_id: int,
    name: str,
    time_zone: str,
    weekly: Sequence[Availability] | None = None,
    overrides: Sequence[DateOverride] = (),
    make_default: bool = False,
) -> Schedule:
    """A new schedule; ``weekly=None`` means Monday to Friday 09:00-17:00 (an empty list means none)."""
    schedule = world.insert(
        "schedules",
        Schedule(
            id=world.next_id("schedules"),
            user_id=user_id,
            name=name,
            time_zone=time_zone,
            availability=_with_ids(world, DEFAULT_WEEKLY if weekly is None else weekly),
            overrides=_with_ids(world, overrides),
        ),
    )
    if make_default:
        set_default(world, user_id, schedule.id)
    return schedule


def update(
    world: World,
    schedule: Schedule,
    *,
    name: str | None = None,
    time_zone: str | None = None,
    weekly: Sequence[Availability] | None = None,
    overrides: Sequence[DateOverride] | None = None,
) -> Schedule:
    """Change what is given; weekly hours and overrides, when given, replace the old ones."""
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = name
    if time_zone is not None:
        changes["time_zone"] = time_zone
    if weekly is not None:
        changes["availability"] = _with_ids(world, weekly)
    if overrides is not None:
        changes["overrides"] = _with_ids(world, overrides)
    return update_record(world, "schedules", schedule, changes)


def delete(world: World, schedule: Schedule) -> None:
    """Remove the schedule; event types and hosts that used it fall back to the owner's default."""
    for event_type in world.where("event_types", lambda e: _uses(e, schedule.id)):
        hosts = tuple(
            dataclasses.replace(h, schedule_id=None) if h.schedule_id == schedule.id else h for h in event_type.hosts
        )
        schedule_id = None if event_type.schedule_id == schedule.id else event_type.schedule_id
        world.update("event_types", event_type.id, schedule_id=schedule_id, hosts=hosts)
    world.delete("schedules", schedule.id)


def _uses(event_type: EventType, schedule_id: int) -> bool:
    return event_type.schedule_id == schedule_id or any(h.schedule_id == schedule_id for h in event_type.hosts)


def event_types_using(world: World, schedule_id: int) -> list[EventType]:
    found: list[EventType] = sorted(
        world.where("event_types", lambda e: e.schedule_id == schedule_id), key=lambda e: e.id
    )
    return found


# rows: Cal.com's Availability table ----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One Availability row: weekly (``days``, no ``date``) or an override (``date``, no days)."""

    id: int
    schedule_id: int
    user_id: int
    days: tuple[int, ...]
    start: str
    end: str
    date: date | None


def _pending(world: World) -> list[tuple[int, str, int]]:
    """Rows without an id, in the order they will get one: schedule id, weekly rows, overrides."""
    out: list[tuple[int, str, int]] = []
    for schedule in sorted(world.all("schedules"), key=lambda s: s.id):
        out += [(schedule.id, "weekly", i) for i, a in enumerate(schedule.availability) if a.id is None]
        out += [(schedule.id, "override", i) for i, o in enumerate(schedule.overrides) if o.id is None]
    return out


def row_ids(world: World) -> dict[tuple[int, str, int], int]:
    """The ids rows without one will get, so that reading never changes the world."""
    base = world.counters.get(ROW_COUNTER, 0)
    return {key: base + n for n, key in enumerate(_pending(world), start=1)}


def _assign_ids(world: World) -> None:
    for schedule_id, kind, index in _pending(world):
        schedule: Schedule = world.get("schedules", schedule_id)
        if kind == "weekly":
            weekly = list(schedule.availability)
            weekly[index] = dataclasses.replace(weekly[index], id=world.next_id(ROW_COUNTER))
            world.update("schedules", schedule_id, availability=tuple(weekly))
        else:
            overrides = list(schedule.overrides)
            overrides[index] = dataclasses.replace(overrides[index], id=world.next_id(ROW_COUNTER))
            world.update("schedules", schedule_id, overrides=tuple(overrides))


def _with_ids(world: World, rows: Iterable[RowT]) -> tuple[RowT, ...]:
    """New rows get fresh ids, after every older row has its own (so the numbering never changes)."""
    rows = tuple(rows)
    if any(r.id is None for r in rows):
        _assign_ids(world)
    return tuple(r if r.id is not None else dataclasses.replace(r, id=world.next_id(ROW_COUNTER)) for r in rows)


def rows(world: World, schedule: Schedule, ids: dict[tuple[int, str, int], int] | None = None) -> list[Row]:
    """The schedule's rows as Cal.com stores them: weekly rows first, then overrides."""
    ids = row_ids(world) if ids is None else ids
    out = [
        Row(a.id or ids[(schedule.id, "weekly", i)], schedule.id, schedule.user_id, a.days, a.start, a.end, None)
        for i, a in enumerate(schedule.availability)
    ]
    out += [
        Row(o.id or ids[(schedule.id, "override", i)], schedule.id, schedule.user_id, (), o.start, o.end, o.date)
        for i, o in enumerate(schedule.overrides)
    ]
    return out


def find_row(world: World, row_id: int) -> tuple[Schedule, Row] | None:
    ids = row_ids(world)
    for schedule in world.all("schedules"):
        for row in rows(world, schedule, ids):
            if row.id == row_id:
                return schedule, row
    return None


def add_row(world: World, schedule: Schedule, days: Sequence[int], start: str, end: str, on: date | None = None) -> Row:
    """A new row: an override when it has a date, else weekly hours."""
    _assign_ids(world)
    row_id = world.next_id(ROW_COUNTER)
    schedule = world.get("schedules", schedule.id)
    if on is None:
        world.update(
            "schedules",
            schedule.id,
            availability=(*schedule.availability, Availability(tuple(days), start, end, id=row_id)),
        )
    else:
        world.update("schedules", schedule.id, overrides=(*schedule.overrides, DateOverride(on, start, end, id=row_id)))
    return Row(row_id, schedule.id, schedule.user_id, tuple(days) if on is None else (), start, end, on)


def replace_row(world: World, schedule: Schedule, row: Row) -> Row:
    """Put a changed row back: in place, or moved between weekly hours and overrides by its date."""
    _assign_ids(world)
    schedule = world.get("schedules", schedule.id)
    weekly = [Availability(row.days, row.start, row.end, id=row.id)] if row.date is None else []
    override = [DateOverride(row.date, row.start, row.end, id=row.id)] if row.date is not None else []
    availability = _put(schedule.availability, row.id, weekly)
    overrides = _put(schedule.overrides, row.id, override)
    world.update("schedules", schedule.id, availability=availability, overrides=overrides)
    return dataclasses.replace(row, days=row.days if row.date is None else ())


def _put(items: tuple[RowT, ...], row_id: int, replacement: list[RowT]) -> tuple[RowT, ...]:
    """Items with the one of ``row_id`` replaced (in place), removed, or the replacement appended."""
    out: list[RowT] = []
    for item in items:
        if item.id == row_id:
            out += replacement
            replacement = []
        else:
            out.append(item)
    return tuple(out + replacement)


def remove_row(world: World, schedule: Schedule, row_id: int) -> None:
    _assign_ids(world)
    schedule = world.get("schedules", schedule.id)
    world.update(
        "schedules",
        schedule.id,
        availability=tuple(a for a in schedule.availability if a.id != row_id),
        overrides=tuple(o for o in schedule.overrides if o.id != row_id),
    )


# what the availability editor shows (legacy outputs) --------------------------------------------


def working_hours(schedule: Schedule) -> list[dict[str, object]]:
    """Weekly rows as minutes after midnight (Cal.com's getWorkingHours with a zero offset)."""
    out: list[dict[str, object]] = []
    for row in schedule.availability:
        if not row.days:
            continue
        start, end = minutes(row.start), minutes(row.end)
        if end > start:
            out.append({"days": list(row.days), "startTime": start, "endTime": end, "userId": schedule.user_id})
    out.sort(key=lambda w: int(str(w["startTime"])))
    return out


def week_ranges(schedule: Schedule, today: date) -> list[list[tuple[datetime, datetime]]]:
    """Seven lists (Sunday first) of the weekly ranges, placed on today's UTC date, sorted."""
    week: list[list[tuple[datetime, datetime]]] = [[] for _ in range(7)]
    for row in schedule.availability:
        for day in row.days:
            week[day % 7].append((_on(today, row.start), _on(today, row.end)))
    for ranges in week:
        ranges.sort()
    return week


def future_overrides(schedule: Schedule, today: date) -> list[list[tuple[datetime, datetime]]]:
    """Overrides from ``today`` on (the date in the schedule's zone), grouped by date, in date order."""
    by_date: dict[date, list[tuple[datetime, datetime]]] = {}
    for override in schedule.overrides:
        if override.date >= today:
            by_date.setdefault(override.date, []).append(
                (_on(override.date, override.start), _on(override.date, override.end))
            )
    return [by_date[d] for d in sorted(by_date)]


def local_today(world: World, time_zone: str) -> date:
    return world.clock.now().astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def _on(day: date, hh_mm: str) -> datetime:
    hours, mins = hh_mm.split(":")[:2]
    return datetime(day.year, day.month, day.day, int(hours), int(mins), tzinfo=UTC)


def weekly_from_ranges(week: Sequence[Sequence[tuple[str, str]]]) -> tuple[Availability, ...]:
    """Seven lists of (start, end) times into weekly rows, days with the same range sharing a row
    (Cal.com's getAvailabilityFromSchedule)."""
    rows_by_range: dict[tuple[str, str], list[int]] = {}
    for day, ranges in enumerate(week):
        for start, end in ranges:
            rows_by_range.setdefault((start, end), []).append(day)
    return tuple(Availability(tuple(days), start, end) for (start, end), days in rows_by_range.items())
