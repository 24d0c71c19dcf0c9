"""emulator/domain/availability.py: working ranges from schedules, out-of-office days, range arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime

from emulator.domain.availability import (
    Range,
    WorkingSchedule,
    intersect,
    merge_intervals,
    merge_overlapping,
    out_of_office_days,
    schedule_for,
    subtract,
    without_redundant,
    working_ranges,
)
from emulator.world.models import Availability, DateOverride, Host
from tests.domain.slot_world import SlotWorld, ts


def text(ranges: list[Range]) -> list[tuple[str, str]]:
    fmt = "%Y-%m-%dT%H:%M"
    return [
        (datetime.fromtimestamp(r.start, UTC).strftime(fmt), datetime.fromtimestamp(r.end, UTC).strftime(fmt))
        for r in ranges
    ]


def weekly(
    tz: str, *items: tuple[tuple[int, ...], str, str], overrides: tuple[DateOverride, ...] = ()
) -> WorkingSchedule:
    return WorkingSchedule(tz, tuple(Availability(days, s, e) for days, s, e in items), overrides)


MON_FRI = (1, 2, 3, 4, 5)


def test_weekly_hours_are_read_in_the_schedule_zone() -> None:
    rome = weekly("Europe/Rome", (MON_FRI, "09:00", "17:00"))
    found = working_ranges(rome, ts("2026-01-05T00:00:00Z"), ts("2026-01-10T00:00:00Z"))
    assert text(found) == [(f"2026-01-0{d}T08:00", f"2026-01-0{d}T16:00") for d in range(5, 10)]
    assert {r.offset for r in found} == {3600}


def test_new_york_hours_keep_their_wall_clock_across_the_autumn_change() -> None:
    new_york = weekly("America/New_York", ((0, 1, 2, 3, 4, 5, 6), "09:00", "17:00"))
    found = working_ranges(new_york, ts("2026-10-30T00:00:00Z"), ts("2026-11-03T00:00:00Z"))
    assert text(found) == [
        ("2026-10-30T13:00", "2026-10-30T21:00"),  # Friday, EDT (UTC-4)
        ("2026-10-31T13:00", "2026-10-31T21:00"),
        ("2026-11-01T14:00", "2026-11-01T22:00"),  # Sunday: the change happened at 02:00
        ("2026-11-02T14:00", "2026-11-02T22:00"),  # EST (UTC-5)
    ]
    assert [r.offset for r in found] == [-4 * 3600, -4 * 3600, -5 * 3600, -5 * 3600]


def test_night_hours_across_the_spring_change_are_an_hour_shorter() -> None:
    new_york = weekly("America/New_York", ((0,), "01:00", "04:00"))
    found = working_ranges(new_york, ts("2027-03-14T00:00:00Z"), ts("2027-03-15T00:00:00Z"))
    assert text(found) == [("2027-03-14T06:00", "2027-03-14T08:00")]  # 01:00 EST to 04:00 EDT


def test_a_time_skipped_by_the_change_reads_with_the_offset_before_it() -> None:
    new_york = weekly("America/New_York", ((0,), "02:30", "05:00"))
    found = working_ranges(new_york, ts("2027-03-14T00:00:00Z"), ts("2027-03-15T00:00:00Z"))
    assert text(found) == [("2027-03-14T07:30", "2027-03-14T09:00")]


def test_an_end_of_23_59_means_midnight() -> None:
    late = weekly("UTC", ((1,), "18:00", "23:59"))
    assert text(working_ranges(late, ts("2026-01-05T00:00:00Z"), ts("2026-01-06T06:00:00Z"))) == [
        ("2026-01-05T18:00", "2026-01-06T00:00")
    ]


def test_ranges_are_cut_to_the_window() -> None:
    london = weekly("Europe/London", (MON_FRI, "09:00", "17:00"))
    found = working_ranges(london, ts("2026-01-05T13:20:00Z"), ts("2026-01-06T12:00:00Z"))
    assert text(found) == [("2026-01-05T13:20", "2026-01-05T17:00"), ("2026-01-06T09:00", "2026-01-06T12:00")]


def test_items_with_the_same_end_or_that_touch_are_merged() -> None:
    london = weekly(
        "Europe/London",
        ((1,), "09:00", "12:00"),
        ((1,), "10:00", "12:00"),
        ((1,), "12:00", "14:00"),
        ((1,), "16:00", "17:00"),
    )
    found = working_ranges(london, ts("2026-01-05T00:00:00Z"), ts("2026-01-06T00:00:00Z"))
    assert text(found) == [("2026-01-05T09:00", "2026-01-05T14:00"), ("2026-01-05T16:00", "2026-01-05T17:00")]


def test_overrides_replace_the_day_and_a_zero_length_one_clears_it() -> None:
    london = weekly(
        "Europe/London",
        (MON_FRI, "09:00", "17:00"),
        overrides=(
            DateOverride(date(2026, 1, 6), "12:00", "15:00"),
            DateOverride(date(2026, 1, 7), "00:00", "00:00"),
            DateOverride(date(2026, 1, 10), "10:00", "12:00"),  # a Saturday
            DateOverride(date(2026, 1, 8), "20:00", "23:59"),
        ),
    )
    found = working_ranges(london, ts("2026-01-05T00:00:00Z"), ts("2026-01-11T00:00:00Z"))
    assert text(found) == [
        ("2026-01-05T09:00", "2026-01-05T17:00"),
        ("2026-01-06T12:00", "2026-01-06T15:00"),
        ("2026-01-08T20:00", "2026-01-09T00:00"),
        ("2026-01-09T09:00", "2026-01-09T17:00"),
        ("2026-01-10T10:00", "2026-01-10T12:00"),
    ]


def test_an_override_is_read_in_the_schedule_zone() -> None:
    tokyo = weekly("Asia/Tokyo", overrides=(DateOverride(date(2026, 1, 6), "09:00", "10:00"),))
    assert text(working_ranges(tokyo, ts("2026-01-05T00:00:00Z"), ts("2026-01-07T00:00:00Z"))) == [
        ("2026-01-06T00:00", "2026-01-06T01:00")
    ]


def test_an_override_before_the_window_still_clears_its_day() -> None:
    london = weekly(
        "Europe/London", (MON_FRI, "09:00", "17:00"), overrides=(DateOverride(date(2026, 1, 5), "09:00", "10:00"),)
    )
    assert working_ranges(london, ts("2026-01-05T12:00:00Z"), ts("2026-01-06T00:00:00Z")) == []


def test_days_off_lose_all_their_hours() -> None:
    london = weekly("Europe/London", (MON_FRI, "09:00", "17:00"))
    found = working_ranges(london, ts("2026-01-05T00:00:00Z"), ts("2026-01-08T00:00:00Z"), [date(2026, 1, 6)])
    assert text(found) == [("2026-01-05T09:00", "2026-01-05T17:00"), ("2026-01-07T09:00", "2026-01-07T17:00")]


def test_the_schedule_used_is_the_event_types_then_the_hosts_then_the_default() -> None:
    w = SlotWorld()
    alice = w.user("alice", "Europe/London")
    assert schedule_for(w.world, alice) == WorkingSchedule(
        "Europe/London", (Availability((1, 2, 3, 4, 5), "09:00", "17:00"),), (), None
    )
    first = w.schedule(alice, "Europe/Rome", default=False)
    assert schedule_for(w.world, alice).schedule_id == first.id  # no default: the first schedule
    default = w.schedule(alice, "Asia/Tokyo")
    hosted = w.schedule(alice, "America/Chicago", default=False)
    chosen = w.schedule(alice, "Australia/Sydney", default=False)
    alice = w.world.get("users", alice.id)
    assert schedule_for(w.world, alice).schedule_id == default.id
    event = w.event_type(alice, hosts=(Host(alice.id, schedule_id=hosted.id),))
    assert schedule_for(w.world, alice, event).time_zone == "America/Chicago"
    event = w.update(event, schedule_id=chosen.id)
    assert schedule_for(w.world, alice, event).time_zone == "Australia/Sydney"
    w.update(alice, default_schedule_id=999)  # a default that no longer exists: the fallback
    assert schedule_for(w.world, w.world.get("users", alice.id)).schedule_id is None


def test_out_of_office_days_are_utc_days_from_today_on_working_weekdays() -> None:
    w = SlotWorld("2026-01-07T09:00:00Z")  # Wednesday
    alice, bob = w.user("alice"), w.user("bob")
    w.away(alice, "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z", to=bob, reason="sick")
    schedule = schedule_for(w.world, alice)
    found = out_of_office_days(w.world, alice, schedule, ts("2026-02-01T00:00:00Z"), date(2026, 1, 7))
    assert sorted(found) == [date(2026, 1, d) for d in (7, 8, 9, 12)]  # the end day counts, weekends do not
    away = found[date(2026, 1, 8)]
    assert away.from_user == {"id": alice.id, "displayName": "Alice"}
    assert away.to_user == {"id": bob.id, "displayName": "Bob", "username": "bob"}
    assert (away.reason, away.emoji) == ("ooo_reasons_sick_leave", "\U0001f912")
    assert out_of_office_days(w.world, alice, schedule, ts("2026-01-04T00:00:00Z"), date(2026, 1, 7)) == {}


def r(start: str, end: str, offset: int = 0) -> Range:
    return Range(ts(f"2026-01-05T{start}:00Z"), ts(f"2026-01-05T{end}:00Z"), offset)


def hm(ranges: list[Range]) -> list[str]:
    return [f"{t[0][11:]}-{t[1][11:]}" for t in text(ranges)]


def test_subtract_cuts_busy_times_out_and_reads_new_starts_in_utc() -> None:
    busy = merge_intervals(
        [(r("10:00", "10:30").start, r("10:00", "10:30").end), (r("10:15", "11:00").start, r("10:15", "11:00").end)]
    )
    busy += [(r("16:00", "18:00").start, r("16:00", "18:00").end)]
    found = subtract([r("09:00", "17:00", 3600)], busy)
    assert hm(found) == ["09:00-10:00", "11:00-16:00"]
    assert [piece.offset for piece in found] == [3600, 0]


def test_intersect_keeps_what_every_list_shares() -> None:
    alice = [r("09:00", "12:00"), r("13:00", "17:00")]
    bob = [r("11:00", "14:00", 60)]
    assert hm(intersect([alice, bob])) == ["11:00-12:00", "13:00-14:00"]
    assert [piece.offset for piece in intersect([alice, bob])] == [60, 0]
    assert intersect([alice, []]) == [] and intersect([]) == []


def test_merge_and_redundant_ranges() -> None:
    assert hm(merge_overlapping([r("09:00", "11:00"), r("10:00", "12:00"), r("12:00", "13:00")])) == [
        "09:00-12:00",
        "12:00-13:00",
    ]
    ranges = [r("09:00", "12:00"), r("10:00", "11:00"), r("09:00", "12:00"), r("11:30", "13:00")]
    assert hm(without_redundant(ranges)) == ["09:00-12:00", "11:30-13:00"]
