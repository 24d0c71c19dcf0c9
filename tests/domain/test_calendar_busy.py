"""Busy times from provider events: weekly repetitions and the busy-times window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from emulator.domain.calendar_busy import api_window, occurrences
from emulator.domain.errors import DomainError
from emulator.world.records_calendars import ExternalEvent

MONDAY = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
DAY = 86_400


def event(**fields: object) -> ExternalEvent:
    return ExternalEvent("e", 1, MONDAY, MONDAY + timedelta(hours=1), **fields)  # type: ignore[arg-type]


def test_a_single_event_overlapping_the_window() -> None:
    start = int(MONDAY.timestamp())
    assert list(occurrences(event(), start - DAY, start + DAY)) == [(start, start + 3600)]
    assert list(occurrences(event(), start + 3600, start + DAY)) == []  # ends where the window starts


def test_weekly_events_repeat_from_their_start_until_until() -> None:
    start = int(MONDAY.timestamp())
    weekly = event(weekly=True)
    later = list(occurrences(weekly, start + 20 * DAY, start + 36 * DAY))
    assert later == [
        (start + 21 * DAY, start + 21 * DAY + 3600),
        (start + 28 * DAY, start + 28 * DAY + 3600),
        (start + 35 * DAY, start + 35 * DAY + 3600),
    ]
    bounded = event(weekly=True, until=MONDAY + timedelta(days=10))
    assert [s for s, _ in occurrences(bounded, start - DAY, start + 60 * DAY)] == [start, start + 7 * DAY]
    assert list(occurrences(weekly, start - 30 * DAY, start - DAY)) == []  # nothing before it began


def test_the_busy_times_window_runs_to_the_end_of_the_month() -> None:
    low, high = api_window("2026-01-05", "2026-01-06")
    assert low == datetime(2026, 1, 4, 13, 0, tzinfo=UTC)
    assert high == datetime(2026, 2, 1, 13, 59, 59, 999000, tzinfo=UTC)
    assert api_window("2026-12-31", "2026-12-31")[1].month == 1
    with pytest.raises(DomainError):
        api_window("soon", "2026-01-06")
