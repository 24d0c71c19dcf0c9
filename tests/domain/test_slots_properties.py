"""Slot invariants over random schedules, overrides, bookings and event settings (hypothesis).

Checked against independent oracles, not against availability.py: a slot never meets a booking
widened by the buffers; it always lies inside the hours of its day (the override for that date,
else the weekly hours; hours that touch across midnight join); it never starts before now +
notice or before the window; and a single host's days are in order without repeats.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator.world.models import EventType
from tests.domain.slot_world import SlotWorld

ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Sydney"]
BASE = datetime.fromisoformat("2026-03-05T00:00:00+00:00")  # the window spans the US change on 8 March
DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


@st.composite
def hours(draw: st.DrawFn) -> tuple[str, str]:
    start = draw(st.integers(0, 23 * 12)) * 5
    end = draw(st.integers(start // 5 + 1, 24 * 12)) * 5
    end_text = "23:59" if end >= 24 * 60 else f"{end // 60:02d}:{end % 60:02d}"
    return f"{start // 60:02d}:{start % 60:02d}", end_text


weekly_items = st.lists(st.tuples(st.sets(st.sampled_from(DAY_NAMES), min_size=1), hours()), min_size=1, max_size=3)
override_items = st.lists(
    st.tuples(st.integers(-1, 9), st.one_of(hours(), st.just(("00:00", "00:00")))), max_size=3, unique_by=lambda o: o[0]
)
bookings = st.lists(
    st.tuples(
        st.integers(0, 10 * 24 * 12),  # start, in 5-minute steps from BASE
        st.sampled_from([15, 30, 45, 60, 90, 120]),
        st.booleans(),  # of this event type, or of another one
        st.sampled_from(["ACCEPTED", "ACCEPTED", "ACCEPTED", "CANCELLED", "PENDING"]),
    ),
    max_size=15,
)


def day_hours(
    zone: ZoneInfo, day: date, weekly: list[tuple[set[str], tuple[str, str]]], overrides: dict[date, tuple[str, str]]
) -> list[tuple[datetime, datetime]]:
    def span(hh_mm: tuple[str, str]) -> tuple[datetime, datetime] | None:
        start = datetime.combine(day, time.fromisoformat(hh_mm[0]), zone)
        if hh_mm[1] == "23:59":
            end = datetime.combine(day + timedelta(days=1), time(0, 0), zone)
        else:
            end = datetime.combine(day, time.fromisoformat(hh_mm[1]), zone)
        return (start, end) if end > start else None

    if day in overrides:
        found = [span(overrides[day])]
    else:
        name = DAY_NAMES[(day.weekday() + 1) % 7]
        found = [span(item) for days, item in weekly if name in days]
    return [s for s in found if s is not None]


def inside_hours(start: datetime, end: datetime, spans: list[tuple[datetime, datetime]]) -> bool:
    # Compared as instants: Python compares two datetimes of one zone by their wall clocks.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    merged: list[list[datetime]] = []
    for s, e in sorted((s.astimezone(UTC), e.astimezone(UTC)) for s, e in spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return any(s <= start and end <= e for s, e in merged)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone_name=st.sampled_from(ZONES),
    now_step=st.integers(0, 3 * 24 * 4),
    weekly=weekly_items,
    overrides=override_items,
    length=st.sampled_from([5, 7, 15, 20, 30, 45, 60, 90]),
    interval=st.sampled_from([None, None, 10, 15, 30, 60]),
    notice=st.sampled_from([0, 30, 120, 600]),
    buffers=st.tuples(st.sampled_from([0, 5, 10, 15]), st.sampled_from([0, 5, 10, 15])),
    other_buffers=st.tuples(st.sampled_from([0, 10, 30]), st.sampled_from([0, 10, 30])),
    booked=bookings,
)
def test_slots_respect_hours_bookings_buffers_and_notice(
    zone_name: str,
    now_step: int,
    weekly: list[tuple[set[str], tuple[str, str]]],
    overrides: list[tuple[int, tuple[str, str]]],
    length: int,
    interval: int | None,
    notice: int,
    buffers: tuple[int, int],
    other_buffers: tuple[int, int],
    booked: list[tuple[int, int, bool, str]],
) -> None:
    now = BASE + timedelta(minutes=15 * now_step)
    w = SlotWorld(now.isoformat())
    zone = ZoneInfo(zone_name)
    host = w.user("host", zone_name)
    first_day = BASE.astimezone(zone).date()
    override_dates = {first_day + timedelta(days=offset): item for offset, item in overrides}
    w.schedule(
        host,
        weekly=[(" ".join(sorted(days)), *item) for days, item in weekly],
        overrides=[(d.isoformat(), *item) for d, item in override_dates.items()],
    )
    event = w.event_type(
        host,
        length,
        slot_interval=interval,
        minimum_booking_notice=notice,
        before_event_buffer=buffers[0],
        after_event_buffer=buffers[1],
    )
    other = w.event_type(host, 30, before_event_buffer=other_buffers[0], after_event_buffer=other_buffers[1])
    blocked: list[tuple[datetime, datetime]] = []
    for step, minutes, own, status in booked:
        kind: EventType = event if own else other
        start = BASE + timedelta(minutes=5 * step)
        w.booking(kind, start.isoformat(), minutes, status=status)
        if status == "ACCEPTED":
            before = kind.before_event_buffer + event.after_event_buffer
            after = kind.after_event_buffer + event.before_event_buffer
            blocked.append((start - timedelta(minutes=before), start + timedelta(minutes=minutes + after)))

    window_start = BASE + timedelta(hours=6)
    found = w.compute(event, window_start.isoformat(), (BASE + timedelta(days=8)).isoformat())

    earliest = max(now + timedelta(minutes=notice), window_start)
    for day_slots in found.days.values():
        starts = [s.start for s in day_slots]
        assert starts == sorted(set(starts))
        for slot in day_slots:
            start = datetime.fromtimestamp(slot.start, zone)
            end = datetime.fromtimestamp(slot.start + length * 60, zone)
            assert slot.start >= earliest.timestamp(), (start, earliest)
            for busy_start, busy_end in blocked:
                assert not (start.timestamp() < busy_end.timestamp() and end.timestamp() > busy_start.timestamp())
            # hours that run to midnight join the next day's from midnight, as Cal.com joins ranges that touch
            spans = [
                span
                for offset in (-1, 0, 1)
                for span in day_hours(zone, start.date() + timedelta(days=offset), weekly, override_dates)
            ]
            assert inside_hours(start, end, spans), (start, end, spans)
