"""The time grammar of fixtures: ISO instants and dates, now±N, today±N@HH:MM, times of day."""

from datetime import UTC, date, datetime, timedelta

import pytest

from emulator.world import fixture_times as times

NOW = datetime(2026, 3, 10, 15, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("now+90m", NOW + timedelta(minutes=90)),
        ("now-2d", NOW - timedelta(days=2)),
        ("now+1d+2h-30m", NOW + timedelta(days=1, hours=1, minutes=30)),
        ("now+1w", NOW + timedelta(weeks=1)),
        ("today", datetime(2026, 3, 10, tzinfo=UTC)),
        ("today+1d@10:00", datetime(2026, 3, 11, 10, tzinfo=UTC)),
        ("today-1w@9:05", datetime(2026, 3, 3, 9, 5, tzinfo=UTC)),
        ("today@23:59", datetime(2026, 3, 10, 23, 59, tzinfo=UTC)),
        ("2026-01-05T09:00:00Z", datetime(2026, 1, 5, 9, tzinfo=UTC)),
        ("2026-01-05T10:00:00+01:00", datetime(2026, 1, 5, 9, tzinfo=UTC)),
        ("2026-01-05T09:00:00", datetime(2026, 1, 5, 9, tzinfo=UTC)),
        ("2026-01-05 09:00:00.250Z", datetime(2026, 1, 5, 9, 0, 0, 250000, tzinfo=UTC)),
        ("2026-01-05", datetime(2026, 1, 5, tzinfo=UTC)),
    ],
)
def test_instants(text: str, expected: datetime) -> None:
    value = times.instant(text, NOW)
    assert value == expected and value.tzinfo == UTC


@pytest.mark.parametrize(
    "text", ["now+", "now+1", "now+1y", "now 1d", "today+1h", "today@25:00", "today@9", "2026-13-01", "soon"]
)
def test_bad_instants(text: str) -> None:
    with pytest.raises(ValueError):
        times.instant(text, NOW)


def test_dates() -> None:
    assert times.day("2026-02-28", NOW) == date(2026, 2, 28)
    assert times.day("today+7d", NOW) == date(2026, 3, 17)
    assert times.day("today-1w", NOW) == date(2026, 3, 3)
    for bad in ("2026-02-30", "today@10:00", "today+1h", "next week"):
        with pytest.raises(ValueError):
            times.day(bad, NOW)


def test_times_of_day() -> None:
    assert times.time_of_day("9:00") == "09:00"
    assert times.time_of_day("23:59") == "23:59"
    for bad in ("24:00", "12:60", "9", "9am", "09:00:00"):
        with pytest.raises(ValueError):
            times.time_of_day(bad)


def test_time_zones() -> None:
    assert times.is_time_zone("America/New_York")
    assert times.is_time_zone("UTC")
    for bad in ("Mars/Base", "", "../etc/passwd", "/usr/share/zoneinfo/UTC"):
        assert not times.is_time_zone(bad)


def test_year_and_day_helpers() -> None:
    assert times.add_year(datetime(2028, 2, 29, tzinfo=UTC)) == datetime(2029, 2, 28, tzinfo=UTC)
    assert times.start_of_day(NOW) == datetime(2026, 3, 10, tzinfo=UTC)
    assert times.start_of_minute(NOW.replace(second=5)) == NOW
