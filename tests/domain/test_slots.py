"""emulator/domain/slots.py: Cal.com's slot rules, one concrete world per rule.

Unless a test says otherwise it is Monday 2026-01-05 09:00 UTC, hosts work Monday to Friday
09:00-17:00 in their own zone (London is UTC in January) and event types have no minimum notice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from emulator.domain.slots import dynamic_event_type
from emulator.world.models import EventType
from tests.domain.slot_world import SlotWorld, at, times

DAY = "2026-01-06"  # a Tuesday


def alice_world(now: str = "2026-01-05T09:00:00Z", **schedule: object) -> tuple[SlotWorld, EventType]:
    w = SlotWorld(now)
    alice = w.user("alice", "Europe/London")
    w.schedule(alice, **schedule)  # type: ignore[arg-type]
    return w, w.event_type(alice)


def utc_starts(w: SlotWorld, event: EventType, start: str, end: str, **query: object) -> list[str]:
    found = w.compute(event, start, end, **query)
    return [datetime.fromtimestamp(s.start, UTC).strftime("%Y-%m-%dT%H:%M") for day in found.days.values() for s in day]


# steps, lengths and alignment ------------------------------------------------------------------------


def test_a_working_day_of_thirty_minute_slots() -> None:
    w, event = alice_world()
    assert w.day(event, DAY) == times("09:00", "16:30", 30)


def test_slot_interval_sets_the_step_and_length_stays() -> None:
    w, event = alice_world()
    w.update(event, slot_interval=15)
    assert w.day(w.world.get("event_types", event.id), DAY) == times("09:00", "16:30", 15)
    w.update(event, slot_interval=60)
    assert w.day(w.world.get("event_types", event.id), DAY) == times("09:00", "16:00", 60)


def test_a_requested_duration_sets_length_and_step() -> None:
    w, event = alice_world()
    event = w.update(event, lengths=(30, 60))
    assert w.day(event, DAY, duration=60) == times("09:00", "16:00", 60)
    event = w.update(event, slot_interval=15)
    assert w.day(event, DAY, duration=60) == times("09:00", "16:00", 15)


def test_a_slot_must_end_inside_the_range() -> None:
    w, event = alice_world()
    event = w.update(event, length=45)
    assert w.day(event, DAY) == times("09:00", "15:45", 45)


def test_a_misaligned_start_is_rounded_up_to_the_steps_alignment() -> None:
    w, event = alice_world(weekly=[("Tue", "09:05", "12:00")])
    assert w.day(w.update(event, length=60), DAY) == ["10:00", "11:00"]
    w, event = alice_world(weekly=[("Tue", "09:10", "11:00")])
    assert w.day(w.update(event, length=45), DAY) == ["09:15", "10:00"]  # 45 aligns on quarter hours
    w, event = alice_world(weekly=[("Tue", "09:10", "10:00")])
    assert w.day(w.update(event, length=7), DAY) == times("09:10", "09:52", 7)  # 7 aligns on nothing


def test_the_window_cuts_the_first_and_last_slots() -> None:
    w, event = alice_world()
    found = w.slots(event, f"{DAY}T13:20:00Z", f"{DAY}T12:00:00Z")
    assert found == {}
    assert w.slots(event, f"{DAY}T13:20:00Z", f"{DAY}T15:00:00Z") == {DAY: ["13:30", "14:00", "14:30"]}


def test_a_half_hour_zone_rounds_on_its_own_clock_and_on_utc_after_a_booking() -> None:
    w = SlotWorld()
    carol = w.user("carol", "Asia/Kolkata")
    w.schedule(carol, weekly=[("Mon Tue Wed Thu Fri", "09:30", "18:00")])  # 04:00-12:30 UTC
    event = w.event_type(carol, 60)
    assert w.day(event, DAY) == times("04:30", "11:30", 60)  # 10:00 IST is the first full hour there
    w.booking(w.event_type(carol, 30), f"{DAY}T06:00:00Z")
    assert w.day(event, DAY) == ["04:30", "07:00", "08:00", "09:00", "10:00", "11:00"]


# now and minimum notice ------------------------------------------------------------------------------


def test_minimum_notice_moves_the_first_slot() -> None:
    w, event = alice_world()
    assert w.day(w.update(event, minimum_booking_notice=120), "2026-01-05") == times("11:00", "16:30", 30)
    assert w.day(w.update(event, minimum_booking_notice=100), "2026-01-05") == times("11:00", "16:30", 30)
    assert w.day(w.update(event, minimum_booking_notice=90), "2026-01-05") == times("10:30", "16:30", 30)


def test_no_notice_still_starts_a_minute_from_now() -> None:
    w, event = alice_world()
    assert w.day(event, "2026-01-05") == times("09:30", "16:30", 30)
    w, event = alice_world("2026-01-05T08:59:00Z")
    assert w.day(event, "2026-01-05") == times("09:00", "16:30", 30)


def test_no_slot_in_the_past() -> None:
    w, event = alice_world("2026-01-07T12:10:00Z")
    assert w.slots(event, "2026-01-05T00:00:00Z", "2026-01-07T23:59:59Z") == {"2026-01-07": times("12:30", "16:30", 30)}


# busy times ------------------------------------------------------------------------------------------


def test_bookings_block_with_both_event_types_buffers() -> None:
    w = SlotWorld()
    alice = w.user("alice")
    w.schedule(alice)
    event = w.event_type(alice, 10, before_event_buffer=5, after_event_buffer=10)
    other = w.event_type(alice, 30, before_event_buffer=15, after_event_buffer=20)
    w.booking(other, f"{DAY}T11:00:00Z")
    w.booking(w.event_type(alice, 30), f"{DAY}T14:00:00Z")  # no buffers of its own: 13:50-14:35
    found = w.day(event, DAY)
    # 11:00 booking: from 11:00 - (15 + 10) = 10:35 to 11:30 + (20 + 5) = 11:55
    assert found[found.index("10:20") : found.index("10:20") + 3] == ["10:20", "12:00", "12:10"]
    # 14:00 booking: from 14:00 - (0 + 10) = 13:50 to 14:30 + (0 + 5) = 14:35, then aligned on 10 minutes
    assert found[found.index("13:30") : found.index("13:30") + 4] == ["13:30", "13:40", "14:40", "14:50"]


def test_who_and_which_statuses_block() -> None:
    w = SlotWorld()
    alice, bob = w.user("alice"), w.user("bob")
    w.schedule(alice)
    event = w.event_type(alice)
    bobs = w.event_type(bob)
    w.booking(bobs, f"{DAY}T10:00:00Z", attendees=["alice@example.com"])  # alice attends bob's meeting
    w.booking(event, f"{DAY}T11:00:00Z", status="CANCELLED")
    w.booking(event, f"{DAY}T12:00:00Z", status="REJECTED")
    w.booking(event, f"{DAY}T13:00:00Z", status="PENDING")
    w.booking(bobs, f"{DAY}T14:00:00Z", attendees=["someone@example.org"])  # bob's own business
    assert w.day(event, DAY) == [t for t in times("09:00", "16:30", 30) if t != "10:00"]
    blocking = w.update(event, requires_confirmation=True, requires_confirmation_will_block_slot=True)
    assert "13:00" not in w.day(blocking, DAY)
    other = w.event_type(
        w.world.get("users", alice.id), requires_confirmation=True, requires_confirmation_will_block_slot=True
    )
    assert "13:00" in w.day(other, DAY)  # a pending booking blocks only its own event type's slots


def test_a_date_override_replaces_the_day() -> None:
    w, event = alice_world(overrides=[(DAY, "12:00", "15:00"), ("2026-01-07", "00:00", "00:00")])
    assert w.slots(event, f"{DAY}T00:00:00Z", "2026-01-07T23:59:59Z") == {DAY: times("12:00", "14:30", 30)}


# daylight saving time --------------------------------------------------------------------------------


def new_york_world() -> tuple[SlotWorld, EventType]:
    w = SlotWorld("2026-10-26T12:00:00Z")
    bob = w.user("bob", "America/New_York")
    w.schedule(bob)
    return w, w.event_type(bob)


def test_the_dst_week_in_the_schedules_zone() -> None:
    w, event = new_york_world()
    found = w.slots(event, "2026-10-29T00:00:00Z", "2026-11-03T23:59:59Z")
    assert found == {
        "2026-10-29": times("13:00", "20:30", 30),  # 09:00-17:00 EDT
        "2026-10-30": times("13:00", "20:30", 30),
        "2026-11-02": times("14:00", "21:30", 30),  # 09:00-17:00 EST
        "2026-11-03": times("14:00", "21:30", 30),
    }
    local = w.slots(event, "2026-10-29T00:00:00Z", "2026-11-03T23:59:59Z", tz="America/New_York")
    assert local == {
        day: times("09:00", "16:30", 30) for day in ("2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03")
    }


def test_the_dst_week_in_the_requested_zone() -> None:
    w = SlotWorld("2026-10-26T12:00:00Z")
    alice = w.user("alice", "Europe/London")  # London is back on GMT since 25 October
    w.schedule(alice)
    event = w.event_type(alice)
    local = w.slots(event, "2026-10-30T00:00:00Z", "2026-11-02T23:59:59Z", tz="America/New_York")
    assert local == {
        "2026-10-30": times("05:00", "12:30", 30),  # 09:00-17:00 GMT is 05:00-13:00 EDT
        "2026-11-02": times("04:00", "11:30", 30),  # and 04:00-12:00 EST
    }


def test_days_are_named_in_the_requested_zone() -> None:
    w, event = alice_world()
    found = w.slots(event, f"{DAY}T00:00:00Z", f"{DAY}T23:59:59Z", tz="Pacific/Auckland")  # UTC+13
    assert found == {"2026-01-06": times("22:00", "23:30", 30), "2026-01-07": times("00:00", "05:30", 30)}


def test_the_spring_change_with_a_special_hours_override() -> None:
    w = SlotWorld("2027-03-08T12:00:00Z")
    bob = w.user("bob", "America/New_York")
    w.schedule(bob, overrides=[("2027-03-15", "08:00", "12:00")])
    event = w.event_type(bob, 60)
    found = w.slots(event, "2027-03-12T00:00:00Z", "2027-03-15T23:59:59Z")
    assert found == {"2027-03-12": times("14:00", "21:00", 60), "2027-03-15": times("12:00", "15:00", 60)}


# booking window --------------------------------------------------------------------------------------


def test_rolling_calendar_days() -> None:
    w, event = alice_world()
    event = w.update(event, period_type="ROLLING", period_days=2)
    assert list(w.slots(event, "2026-01-05T00:00:00Z", "2026-01-09T23:59:59Z")) == ["2026-01-05", DAY, "2026-01-07"]


def test_rolling_business_days_skip_the_weekend() -> None:
    w, event = alice_world("2026-01-09T09:00:00Z")  # a Friday
    event = w.update(event, period_type="ROLLING", period_days=2, period_count_calendar_days=False)
    found = w.slots(event, "2026-01-09T00:00:00Z", "2026-01-16T23:59:59Z")
    assert list(found) == ["2026-01-09", "2026-01-12", "2026-01-13"]


def test_rolling_days_are_counted_in_the_bookers_offset() -> None:
    w, event = alice_world()
    event = w.update(event, period_type="ROLLING", period_days=1)
    # In Kiritimati (UTC+14) it is already 23:00 on the 5th: the window ends at its midnight after the 6th.
    found = utc_starts(w, event, "2026-01-05T00:00:00Z", "2026-01-09T23:59:59Z", time_zone="Pacific/Kiritimati")
    assert found[-1] == "2026-01-06T09:30"
    assert utc_starts(w, event, "2026-01-05T00:00:00Z", "2026-01-09T23:59:59Z")[-1] == "2026-01-06T16:30"


def test_a_rolling_window_counts_only_days_with_slots() -> None:
    w, event = alice_world(overrides=[(DAY, "00:00", "00:00")])
    event = w.update(event, period_type="ROLLING_WINDOW", period_days=3)
    found = w.slots(event, "2026-01-05T00:00:00Z", "2026-01-12T23:59:59Z")
    assert list(found) == ["2026-01-05", "2026-01-07", "2026-01-08"]


def test_a_date_range_in_the_events_offset() -> None:
    w, event = alice_world()
    event = w.update(
        event,
        period_type="RANGE",
        period_start_date=at("2026-01-07T00:00:00Z"),
        period_end_date=at("2026-01-08T00:00:00Z"),
    )
    assert list(w.slots(event, "2026-01-05T00:00:00Z", "2026-01-09T23:59:59Z")) == ["2026-01-07", "2026-01-08"]
    # Cal.com reads the stored midnights (UTC) in the event's offset: in New York they fall on the day before.
    w, bobs = new_york_world()
    w.world.clock.set(at("2026-01-05T09:00:00Z"))
    bobs = w.update(
        bobs,
        period_type="RANGE",
        period_start_date=at("2026-01-07T00:00:00Z"),
        period_end_date=at("2026-01-08T00:00:00Z"),
    )
    assert list(w.slots(bobs, "2026-01-05T00:00:00Z", "2026-01-09T23:59:59Z")) == [DAY, "2026-01-07"]


# booking and duration limits -------------------------------------------------------------------------


def test_a_daily_booking_limit_closes_the_day() -> None:
    w, event = alice_world()
    event = w.update(event, booking_limits={"PER_DAY": 2})
    other = w.event_type(w.world.get("users", event.owner_id))
    w.booking(event, f"{DAY}T10:00:00Z")
    w.booking(other, "2026-01-07T10:00:00Z")
    w.booking(other, "2026-01-07T11:00:00Z")
    assert len(w.day(event, DAY)) == 15
    w.booking(event, f"{DAY}T12:00:00Z")
    assert w.day(event, DAY) == []
    assert w.day(event, "2026-01-07") == [t for t in times("09:00", "16:30", 30) if t not in ("10:00", "11:00")]


def test_a_weekly_booking_limit_closes_the_week_from_sunday() -> None:
    w, event = alice_world()
    event = w.update(event, booking_limits={"PER_WEEK": 3})
    for day in ("2026-01-05", DAY, "2026-01-07"):
        w.booking(event, f"{day}T16:00:00Z")
    assert list(w.slots(event, "2026-01-05T00:00:00Z", "2026-01-13T23:59:59Z")) == ["2026-01-12", "2026-01-13"]


def test_a_duration_limit_counts_the_slot_being_offered() -> None:
    w, event = alice_world()
    event = w.update(event, duration_limits={"PER_DAY": 60})
    w.booking(event, f"{DAY}T10:00:00Z")
    assert len(w.day(event, DAY)) == 15  # 30 booked + 30 offered = 60
    w.booking(event, f"{DAY}T11:00:00Z")
    assert w.day(event, DAY) == []


# seats -----------------------------------------------------------------------------------------------


def test_a_seated_slot_stays_while_seats_remain() -> None:
    w, event = alice_world()
    event = w.update(event, length=60, seats_per_time_slot=3)
    booking = w.booking(event, f"{DAY}T10:00:00Z", attendees=["a@x.org", "b@x.org"], seats=True)
    found = w.compute(event, f"{DAY}T00:00:00Z", f"{DAY}T23:59:59Z")
    slots = {datetime.fromtimestamp(s.start, UTC).strftime("%H:%M"): s for s in next(iter(found.days.values()))}
    assert list(slots) == times("09:00", "16:00", 60) and found.seats == 3
    assert (slots["10:00"].seats_booked, slots["10:00"].booking_uid) == (2, booking.uid)
    assert (slots["11:00"].seats_booked, slots["11:00"].booking_uid) == (0, None)
    w.hold(event, w.world.get("users", event.owner_id), f"{DAY}T10:00:00Z", 60, seat=True)
    assert "10:00" not in w.day(event, DAY)  # the seat hold took the last seat


def test_a_full_seated_slot_and_other_bookings_block() -> None:
    w, event = alice_world()
    event = w.update(event, length=60, seats_per_time_slot=2)
    w.booking(event, f"{DAY}T10:00:00Z", attendees=["a@x.org", "b@x.org"], seats=True)
    w.booking(event, f"{DAY}T12:00:00Z", attendees=["a@x.org"])  # no seat references: blocks like any booking
    w.booking(w.event_type(w.world.get("users", event.owner_id), 60), f"{DAY}T14:00:00Z")
    assert w.day(event, DAY) == ["09:00", "11:00", "13:00", "15:00", "16:00"]


# teams -----------------------------------------------------------------------------------------------


def team_world() -> tuple[SlotWorld, dict[str, object]]:
    w = SlotWorld()
    people = {}
    for name, tz, start, end in (
        ("alice", "Europe/London", "09:00", "17:00"),  # 09:00-17:00 UTC
        ("bob", "America/New_York", "09:00", "17:00"),  # 14:00-22:00 UTC
        ("carol", "Asia/Kolkata", "09:30", "18:00"),  # 04:00-12:30 UTC
    ):
        user = w.user(name, tz)
        w.schedule(user, weekly=[("Mon Tue Wed Thu Fri", start, end)])
        people[name] = user
    return w, people


def test_collective_needs_everyone() -> None:
    w, p = team_world()
    event = w.team_event([(p["alice"], False), (p["bob"], False)], "COLLECTIVE")  # type: ignore[list-item]
    assert w.day(event, DAY) == times("14:00", "16:30", 30)
    w.booking(w.event_type(p["bob"]), f"{DAY}T15:00:00Z")  # type: ignore[arg-type]
    assert w.day(event, DAY) == ["14:00", "14:30", "15:30", "16:00", "16:30"]


def test_round_robin_needs_one_host_and_every_fixed_host() -> None:
    w, p = team_world()
    event = w.team_event([(p["alice"], True), (p["bob"], False), (p["carol"], False)], "ROUND_ROBIN")  # type: ignore[list-item]
    assert w.day(event, DAY) == times("09:00", "12:00", 30) + times("14:00", "16:30", 30)
    w.booking(w.event_type(p["carol"]), f"{DAY}T10:00:00Z")  # type: ignore[arg-type]
    w.booking(w.event_type(p["bob"]), f"{DAY}T15:00:00Z")  # type: ignore[arg-type]
    w.booking(w.event_type(p["alice"]), f"{DAY}T16:00:00Z")  # type: ignore[arg-type]
    assert w.day(event, DAY) == [
        "09:00",
        "09:30",
        "10:30",
        "11:00",
        "11:30",
        "12:00",
        "14:00",
        "14:30",
        "15:30",
        "16:30",
    ]


def test_round_robin_without_fixed_hosts_is_the_union() -> None:
    w, p = team_world()
    event = w.team_event([(p["alice"], False), (p["bob"], False)], "ROUND_ROBIN")  # type: ignore[list-item]
    w.booking(w.event_type(p["alice"]), f"{DAY}T15:00:00Z")  # type: ignore[arg-type]
    assert w.day(event, DAY) == times("09:00", "21:30", 30)  # bob covers 15:00


def test_fixed_hosts_with_no_time_at_all_are_left_out_as_cal_com_does() -> None:
    w, p = team_world()
    w.schedule(p["alice"], weekly=[])  # type: ignore[arg-type]
    event = w.team_event([(p["alice"], True), (p["bob"], False)], "ROUND_ROBIN")  # type: ignore[list-item]
    assert w.day(event, DAY) == times("14:00", "21:30", 30)


def test_a_dynamic_event_is_collective_over_the_people_asked() -> None:
    w, p = team_world()
    found = w.day(dynamic_event_type(), DAY, users=(p["alice"], p["carol"]))
    assert found == times("09:00", "12:00", 30)
    assert w.day(dynamic_event_type(60), DAY, duration=60, users=(p["alice"], p["carol"])) == times(
        "09:00", "11:00", 60
    )


# holds, rescheduling, out of office ------------------------------------------------------------------


def test_other_peoples_live_holds_hide_overlapping_slots() -> None:
    w, event = alice_world()
    alice = w.world.get("users", event.owner_id)
    other_event = w.event_type(alice, 60)
    w.hold(other_event, alice, f"{DAY}T10:00:00Z", 60, uid="someone")
    w.hold(event, alice, f"{DAY}T13:00:00Z", expires_in=-1)  # expired
    w.hold(event, w.user("bob"), f"{DAY}T14:00:00Z")  # someone else's calendar
    expected = [t for t in times("09:00", "16:30", 30) if t not in ("10:00", "10:30")]
    assert w.day(event, DAY) == expected
    assert w.day(event, DAY, booker_uid="someone") == times("09:00", "16:30", 30)


def test_rescheduling_frees_the_bookings_own_slot() -> None:
    w, event = alice_world()
    booking = w.booking(event, f"{DAY}T10:00:00Z")
    assert "10:00" not in w.day(event, DAY)
    assert "10:00" in w.day(event, DAY, reschedule_uid=booking.uid)


def test_out_of_office_marks_a_single_hosts_slots_and_removes_a_team_members_day() -> None:
    w, p = team_world()
    w.away(p["alice"], f"{DAY}T00:00:00Z", f"{DAY}T23:59:59Z", to=p["bob"])  # type: ignore[arg-type]
    personal = w.event_type(p["alice"])  # type: ignore[arg-type]
    found = w.compute(personal, f"{DAY}T00:00:00Z", "2026-01-07T23:59:59Z")
    away = [s.away for day in found.days.values() for s in day]
    assert away.count(None) == 16 and len(away) == 32
    assert found.days[at(f"{DAY}T00:00:00Z").date()][0].away.to_user["username"] == "bob"  # type: ignore[union-attr, index]
    team = w.team_event([(p["alice"], False), (p["bob"], False)], "COLLECTIVE")  # type: ignore[list-item]
    assert list(w.slots(team, f"{DAY}T00:00:00Z", "2026-01-07T23:59:59Z")) == ["2026-01-07"]
