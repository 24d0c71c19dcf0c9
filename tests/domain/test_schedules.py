"""emulator/domain/schedules.py: Cal.com's schedule rules over a plain world."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from emulator.domain import schedules
from emulator.world.clock import Clock
from emulator.world.models import Availability, DateOverride, EventType, Host, Schedule, User
from emulator.world.store import World

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def world() -> World:
    world = World(Clock(NOW, frozen=True))
    world.insert("users", User(id=1, username="ann", email="ann@example.com", name="Ann", default_schedule_id=1))
    world.insert("users", User(id=2, username="ben", email="ben@example.com", name="Ben"))
    world.insert(
        "schedules",
        Schedule(
            id=1,
            user_id=1,
            name="Work",
            time_zone="Europe/Rome",
            availability=(Availability((1, 2, 3), "09:00", "17:00"), Availability((5,), "10:00", "12:00")),
            overrides=(DateOverride(date(2026, 1, 8), "00:00", "00:00"),),
        ),
    )
    world.insert("schedules", Schedule(id=2, user_id=2, name="Ben's", time_zone="Asia/Tokyo"))
    world.counters["schedules"] = 2
    return world


def test_time_zones_and_times() -> None:
    assert schedules.is_time_zone("Europe/Rome") and not schedules.is_time_zone("Europe/Atlantis")
    assert schedules.is_hh_mm("09:05") and schedules.is_hh_mm("23:59")
    assert not any(schedules.is_hh_mm(t) for t in ("9:05", "24:00", "12:60", "12:00:00"))
    assert schedules.day_numbers(["Sunday", "Saturday"]) == (0, 6)
    assert schedules.day_names([1, 5]) == ["Monday", "Friday"]
    assert schedules.utc_time_of_day(datetime(2024, 5, 1, 12, 15, tzinfo=UTC)) == "12:15"


def test_create_defaults_to_weekdays_and_can_become_the_default(world: World) -> None:
    made = schedules.create(world, 2, "New", "Asia/Tokyo", make_default=True)
    assert [(a.days, a.start, a.end) for a in made.availability] == [((1, 2, 3, 4, 5), "09:00", "17:00")]
    assert world.get("users", 2).default_schedule_id == made.id
    assert schedules.is_default(world, made)
    assert schedules.create(world, 2, "Empty", "Asia/Tokyo", weekly=[]).availability == ()


def test_rows_read_with_the_ids_they_will_get(world: World) -> None:
    before = [r.id for r in schedules.rows(world, world.get("schedules", 1))]
    assert before == [1, 2, 3]  # weekly rows, then overrides, schedule by schedule
    assert world.counters.get(schedules.ROW_COUNTER) is None  # reading wrote nothing
    added = schedules.add_row(world, world.get("schedules", 2), [6], "08:00", "09:00")
    assert added.id == 4
    after = {r.id: (r.days, r.start, r.date) for r in schedules.rows(world, world.get("schedules", 1))}
    assert list(after) == before  # the older rows kept the ids they were read with
    assert schedules.find_row(world, 4) is not None and schedules.find_row(world, 99) is None


def test_replace_row_keeps_its_place_or_moves_it_by_date(world: World) -> None:
    schedule = world.get("schedules", 1)
    first = schedules.rows(world, schedule)[0]
    changed = schedules.replace_row(world, schedule, schedules.Row(**{**first.__dict__, "start": "08:00"}))
    assert [r.start for r in schedules.rows(world, world.get("schedules", 1))][:2] == ["08:00", "10:00"]
    moved = schedules.replace_row(world, schedule, schedules.Row(**{**changed.__dict__, "date": date(2026, 2, 1)}))
    assert moved.days == ()
    schedule = world.get("schedules", 1)
    assert [a.start for a in schedule.availability] == ["10:00"]
    assert [(o.date, o.id) for o in schedule.overrides][-1] == (date(2026, 2, 1), first.id)
    schedules.remove_row(world, schedule, first.id)
    assert first.id not in [r.id for r in schedules.rows(world, world.get("schedules", 1))]


def test_update_replaces_only_what_is_given(world: World) -> None:
    schedule = world.get("schedules", 1)
    updated = schedules.update(world, schedule, name="Renamed", weekly=[Availability((0,), "11:00", "12:00")])
    assert updated.name == "Renamed" and updated.time_zone == "Europe/Rome"
    assert [a.days for a in updated.availability] == [(0,)]
    assert [(o.date, o.start, o.end) for o in updated.overrides] == [
        (o.date, o.start, o.end) for o in schedule.overrides
    ]
    assert updated.overrides[0].id == 3  # new rows numbered after every older row got its id
    assert updated.availability[0].id is not None
    assert schedules.update(world, updated) is updated


def test_delete_detaches_event_types_and_hosts_but_leaves_the_default_id(world: World) -> None:
    world.insert("event_types", EventType(id=1, title="a", slug="a", length=30, owner_id=1, schedule_id=1))
    world.insert(
        "event_types",
        EventType(id=2, title="b", slug="b", length=30, team_id=9, hosts=(Host(user_id=1, schedule_id=1),)),
    )
    schedules.delete(world, world.get("schedules", 1))
    assert world.find("schedules", 1) is None
    assert world.get("event_types", 1).schedule_id is None
    assert world.get("event_types", 2).hosts[0].schedule_id is None
    ann = world.get("users", 1)
    assert ann.default_schedule_id == 1 and schedules.default_schedule(world, ann) is None


def test_editor_shapes(world: World) -> None:
    schedule = world.get("schedules", 1)
    assert schedules.working_hours(schedule) == [
        {"days": [1, 2, 3], "startTime": 540, "endTime": 1020, "userId": 1},
        {"days": [5], "startTime": 600, "endTime": 720, "userId": 1},
    ]
    week = schedules.week_ranges(schedule, date(2026, 1, 5))
    assert [len(day) for day in week] == [0, 1, 1, 1, 0, 1, 0]
    assert week[1][0][0] == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert schedules.future_overrides(schedule, date(2026, 1, 9)) == []
    assert len(schedules.future_overrides(schedule, date(2026, 1, 8))) == 1
    assert schedules.local_today(world, "Pacific/Kiritimati") == date(2026, 1, 5)  # 23:00 there


def test_weekly_from_ranges_shares_rows_between_days_with_the_same_hours() -> None:
    week = [[], [("09:00", "17:00")], [("09:00", "17:00")], [("10:00", "11:00"), ("09:00", "17:00")], [], [], []]
    rows = schedules.weekly_from_ranges(week)
    assert [(a.days, a.start, a.end) for a in rows] == [((1, 2, 3), "09:00", "17:00"), ((3,), "10:00", "11:00")]
