"""emulator/domain/booking_create.py and the modules beside it (booking_rules, booking_availability,
booking_access, booking_lifecycle, booking_list): Cal.com's booking rules, one small world per rule.

Unless a test says otherwise it is Monday 2026-01-05 09:00 UTC, hosts work Monday to Friday
09:00-17:00 in London (UTC in January) and event types are 30 minutes with no minimum notice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from emulator.domain import booking_lifecycle as lifecycle
from emulator.domain import booking_rules as rules
from emulator.domain.booking_availability import HOSTS_UNAVAILABLE, OUT_OF_BOUNDS, PAST, USER_UNAVAILABLE
from emulator.domain.booking_create import check_conflict, create
from emulator.domain.booking_instant import create_instant
from emulator.domain.booking_list import BookingFilter, list_bookings, pagination
from emulator.domain.booking_records import rescheduled_to
from emulator.domain.booking_request import Booker, BookingRequest
from emulator.domain.booking_reschedule import reschedule, reschedule_seat
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.slot_hosts import COLLECTIVE, MANAGED, ROUND_ROBIN
from emulator.world.models import Booking, EventType, Host, Membership, Team, User
from tests.domain.slot_world import SlotWorld, at

TUESDAY = "2026-01-06"
GUEST = Booker("Bo Booker", "bo@example.org", "Europe/Rome", "it")


def alice_world() -> tuple[SlotWorld, User, EventType]:
    w = SlotWorld()
    alice = w.user("alice")
    w.schedule(alice)
    return w, alice, w.event_type(alice)


def ask(event: EventType, start: str, booker: Booker = GUEST, **fields: Any) -> BookingRequest:
    return BookingRequest(event_type=event, start=at(start), booker=booker, **fields)


def book(w: SlotWorld, event: EventType, start: str, **fields: Any) -> Booking:
    made = create(w.world, ask(event, start, **fields))
    return made.bookings[0]


def refused(call: Any, *args: Any, **kwargs: Any) -> BookingRefused:
    with pytest.raises(BookingRefused) as caught:
        call(*args, **kwargs)
    return caught.value


def starts(w: SlotWorld, event: EventType, day: str = TUESDAY) -> list[str]:
    return w.day(w.world.get("event_types", event.id), day)


def snapshot(w: SlotWorld) -> tuple[Any, Any, Any]:
    world = w.world
    return {k: dict(v) for k, v in world.tables.items()}, dict(world.counters), world.rng.getstate()


# creating ------------------------------------------------------------------------------------------


def test_a_regular_booking_is_accepted_with_the_booker_guests_location_and_answers() -> None:
    w, alice, event = alice_world()
    booking = book(
        w,
        event,
        "2026-01-06T10:00:00Z",
        guests=("guest@example.org",),
        metadata={"ref": "42"},
        responses={"name": "Bo Booker", "email": "bo@example.org", "notes": "agenda"},
    )
    assert booking.status == "ACCEPTED"
    assert (booking.start, booking.end) == (at("2026-01-06T10:00:00Z"), at("2026-01-06T10:30:00Z"))
    assert booking.user_id == alice.id
    assert booking.title == f"{event.title} between Alice and Bo Booker"
    assert len(booking.uid) == 22 and booking.ical_uid == f"{booking.uid}@Cal.com"
    assert [(a.name, a.email, a.time_zone, a.locale) for a in booking.attendees] == [
        ("Bo Booker", "bo@example.org", "Europe/Rome", "it"),
        ("", "guest@example.org", "Europe/Rome", "en"),
    ]
    assert booking.description == "agenda"
    assert booking.location == rules.CAL_VIDEO  # no location on the event type: the organizer's default app
    assert booking.metadata == {"ref": "42", "videoCallUrl": f"https://app.cal.com/video/{booking.uid}"}
    assert booking.created_at == booking.updated_at == w.now
    [reference] = w.world.all("booking_references")
    assert (reference.booking_id, reference.type) == (booking.id, "daily_video")


def test_the_slot_of_a_new_booking_is_gone_and_cancelling_brings_it_back() -> None:
    w, _, event = alice_world()
    assert "10:00" in starts(w, event)
    booking = book(w, event, "2026-01-06T10:00:00Z")
    assert "10:00" not in starts(w, event)
    lifecycle.cancel(w.world, booking.uid)
    assert "10:00" in starts(w, event)


def test_the_start_must_be_one_of_the_offered_slots() -> None:
    w, _, event = alice_world()
    for start in ("2026-01-06T10:10:00Z", "2026-01-06T08:00:00Z", "2026-01-10T10:00:00Z"):  # misaligned, early, Sat
        assert refused(create, w.world, ask(event, start)).message == USER_UNAVAILABLE
    book(w, event, "2026-01-06T10:00:00Z")
    error = refused(create, w.world, ask(event, "2026-01-06T10:00:00Z", Booker("X", "x@y.org", "UTC")))
    assert (error.status, error.message, error.bare) == (400, USER_UNAVAILABLE, False)


def test_a_start_in_the_past_or_inside_the_notice_or_past_the_period_is_refused() -> None:
    w, _, event = alice_world()
    assert refused(create, w.world, ask(event, "2026-01-05T08:30:00Z")).message == PAST
    noticed = w.update(event, minimum_booking_notice=120)
    assert refused(create, w.world, ask(noticed, "2026-01-05T10:30:00Z")).message == OUT_OF_BOUNDS
    rolling = w.update(event, minimum_booking_notice=0, period_type="ROLLING", period_days=3)
    assert refused(create, w.world, ask(rolling, "2026-01-12T10:00:00Z")).message == OUT_OF_BOUNDS
    assert book(w, rolling, "2026-01-08T10:00:00Z").status == "ACCEPTED"


def test_a_hold_on_the_slot_does_not_stop_the_booking() -> None:
    w, alice, event = alice_world()
    w.hold(event, alice, "2026-01-06T10:00:00Z")
    assert "10:00" not in starts(w, event)
    assert book(w, event, "2026-01-06T10:00:00Z").status == "ACCEPTED"


def test_a_variable_length_booking_takes_its_length_and_must_be_offered() -> None:
    w, _, event = alice_world()
    event = w.update(event, lengths=(30, 45), slot_interval=15)
    booking = book(w, event, "2026-01-06T10:15:00Z", minutes=45)
    assert booking.end - booking.start == timedelta(minutes=45)
    assert refused(create, w.world, ask(event, "2026-01-06T11:00:00Z", minutes=50)).message == (
        "Provided 'lengthInMinutes' is not one of the possible lengths for the event type. The possible lengths "
        "are: 30, 45"
    )
    fixed = w.event_type(w.world.get("users", event.owner_id))
    assert refused(create, w.world, ask(fixed, "2026-01-06T12:00:00Z", minutes=30)).message.startswith(
        "Can't specify 'lengthInMinutes' because event type does not have multiple possible lengths."
    )


def test_requiring_confirmation_makes_it_pending_and_a_second_request_returns_the_same_booking() -> None:
    w, _, event = alice_world()
    event = w.update(event, requires_confirmation=True)
    first = book(w, event, "2026-01-06T10:00:00Z")
    assert first.status == "PENDING"
    again = book(w, event, "2026-01-06T10:00:00Z")
    assert again.uid == first.uid and len(w.world.all("bookings")) == 1


def test_a_confirmation_threshold_only_holds_bookings_that_soon() -> None:
    w, _, event = alice_world()
    event = w.update(
        event, requires_confirmation=True, metadata={"requiresConfirmationThreshold": {"time": 2, "unit": "days"}}
    )
    assert book(w, event, "2026-01-06T10:00:00Z").status == "PENDING"  # in 1 day
    assert book(w, event, "2026-01-09T10:00:00Z").status == "ACCEPTED"  # in 4 days


def test_booking_and_duration_limits_are_bare_401s() -> None:
    w, _, event = alice_world()
    limited = w.update(event, booking_limits={"PER_DAY": 1})
    book(w, limited, "2026-01-06T10:00:00Z")
    error = refused(create, w.world, ask(limited, "2026-01-06T12:00:00Z", Booker("X", "x@y.org", "UTC")))
    assert (error.status, error.message, error.bare) == (401, "booking_limit_reached", True)
    timed = w.update(event, booking_limits=None, duration_limits={"PER_DAY": 45})
    error = refused(create, w.world, ask(timed, "2026-01-06T14:00:00Z", Booker("X", "x@y.org", "UTC")))
    assert (error.status, error.message, error.bare) == (401, "duration_limit_reached", True)


def test_the_database_refuses_a_second_accepted_booking_with_the_same_start_end_and_organizer() -> None:
    w, alice, event = alice_world()
    w.booking(event, "2026-01-06T10:00:00Z")
    before = snapshot(w)
    error = refused(check_conflict, w.world, at("2026-01-06T10:00:00Z"), at("2026-01-06T10:30:00Z"), alice.id)
    assert (error.status, error.message, error.bare) == (409, "booking_conflict_error", True)
    assert snapshot(w) == before


def test_booking_fields_must_be_answered_with_the_right_type_and_option() -> None:
    w, _, event = alice_world()
    event = w.update(
        event,
        booking_fields=(
            {"name": "company", "type": "text", "editable": "user", "required": True},
            {"name": "size", "type": "select", "editable": "user", "options": [{"value": "S"}, {"value": "M"}]},
            {"name": "notes", "type": "textarea", "editable": "system-but-optional", "required": True},
        ),
    )
    missing = refused(create, w.world, ask(event, "2026-01-06T10:00:00Z"))
    assert missing.message == (
        "Missing required booking field response: company - it is required by the event type booking fields, but "
        f"missing in the bookingFieldsResponses. You can fetch the event type with ID {event.id} to see the "
        "required fields."
    )
    wrong = refused(create, w.world, ask(event, "2026-01-06T10:00:00Z", responses={"company": 7}))
    assert wrong.message == (
        "Invalid type for booking field 'company'. Expected type string (compatible with field type 'text'), but "
        "received number."
    )
    option = refused(create, w.world, ask(event, "2026-01-06T10:00:00Z", responses={"company": "Acme", "size": "XL"}))
    assert option.message == "Invalid option 'XL' for booking field 'size'. Allowed options are: S, M."
    assert book(w, event, "2026-01-06T10:00:00Z", responses={"company": "Acme", "size": "M"}).status == "ACCEPTED"


def test_managed_parents_and_authenticated_only_event_types() -> None:
    w, alice, event = alice_world()
    parent = w.update(event, scheduling_type=MANAGED)
    error = refused(create, w.world, ask(parent, "2026-01-06T10:00:00Z"))
    assert error.message.startswith(f"Event type with id={event.id} is the parent managed event type that can't be")
    private = w.update(event, scheduling_type=None, settings={"bookingRequiresAuthentication": True})
    assert refused(create, w.world, ask(private, "2026-01-06T10:00:00Z")).status == 401
    stranger = w.user("stranger")
    assert refused(create, w.world, ask(private, "2026-01-06T10:00:00Z", caller=stranger)).status == 403
    assert book(w, private, "2026-01-06T10:00:00Z", caller=alice).status == "ACCEPTED"


def test_email_verification_is_asked_for_when_the_event_type_wants_it() -> None:
    w, _, event = alice_world()
    event = w.update(event, settings={"requiresBookerEmailVerification": True})
    error = refused(create, w.world, ask(event, "2026-01-06T10:00:00Z"))
    assert (error.status, error.message, error.bare) == (400, "email_verification_required", True)
    assert book(w, event, "2026-01-06T10:00:00Z", verification_code="123456").status == "ACCEPTED"


# paid event types ------------------------------------------------------------------------------------


def test_a_paid_event_type_is_paid_at_once_or_refused_with_402() -> None:
    w, _, event = alice_world()
    paid = w.update(event, price=2500, currency="usd")
    booking = book(w, paid, "2026-01-06T10:00:00Z")
    assert (booking.status, booking.paid) == ("ACCEPTED", True)
    failing = w.update(paid, metadata={"paymentFails": True})
    before = snapshot(w)
    error = refused(create, w.world, ask(failing, "2026-01-06T11:00:00Z"))
    assert (error.status, error.code, error.bare) == (402, "PaymentRequiredException", False)
    assert error.message == (
        f"Payment required: the payment of 25.00 USD for event type with id={event.id} failed "
        "(couldnt_charge_card_error), so no booking was made."
    )
    assert snapshot(w) == before


def test_a_paid_event_type_that_also_needs_confirmation_stays_pending_but_paid() -> None:
    w, _, event = alice_world()
    event = w.update(event, price=1000, requires_confirmation=True)
    booking = book(w, event, "2026-01-06T10:00:00Z")
    assert (booking.status, booking.paid) == ("PENDING", True)


# seats -------------------------------------------------------------------------------------------


def seated_world(seats: int = 2) -> tuple[SlotWorld, EventType]:
    w, _, event = alice_world()
    return w, w.update(event, seats_per_time_slot=seats)


def test_seats_first_booker_makes_the_booking_and_others_join_it() -> None:
    w, event = seated_world()
    first = create(w.world, ask(event, "2026-01-06T10:00:00Z", responses={"name": "Bo", "email": "bo@x"}))
    booking = first.bookings[0]
    assert first.seat_uid == booking.attendees[0].seat_uid and first.seat_uid is not None
    assert booking.responses == {} and booking.description is None
    assert booking.attendees[0].seat_responses == {"guests": [], "name": "Bo", "email": "bo@x"}
    second = create(w.world, ask(event, "2026-01-06T10:00:00Z", Booker("Cy", "cy@example.org", "UTC")))
    joined = second.bookings[0]
    assert joined.uid == booking.uid and [a.email for a in joined.attendees] == ["bo@example.org", "cy@example.org"]
    assert second.seat_uid == joined.attendees[1].seat_uid != first.seat_uid
    assert "10:00" not in starts(w, event)  # two seats, both taken


def test_seats_the_same_attendee_twice_is_a_bare_409_and_a_full_slot_an_enveloped_409() -> None:
    w, event = seated_world()
    book(w, event, "2026-01-06T10:00:00Z")
    again = refused(create, w.world, ask(event, "2026-01-06T10:00:00Z"))
    assert (again.status, again.message, again.bare) == (409, "already_signed_up_for_this_booking_error", True)
    book(w, event, "2026-01-06T10:00:00Z", booker=Booker("Cy", "cy@example.org", "UTC"))
    full = refused(create, w.world, ask(event, "2026-01-06T10:00:00Z", Booker("Di", "di@example.org", "UTC")))
    assert (full.status, full.message, full.bare) == (409, "No more seats left at this seated booking.", False)


def test_seats_on_a_recurring_event_type_are_refused() -> None:
    w, event = seated_world()
    event = w.update(event, recurring_event={"freq": 2, "count": 3, "interval": 1})
    error = refused(create, w.world, ask(event, "2026-01-06T10:00:00Z"))
    assert (error.status, error.message, error.bare) == (400, "recurring_event_seats_error", True)


# recurring ---------------------------------------------------------------------------------------


def test_a_recurring_event_type_makes_a_series_stepped_in_the_bookers_zone() -> None:
    w, _, event = alice_world()
    w.world.clock.set(at("2026-02-27T09:00:00Z"), frozen=True)
    event = w.update(event, recurring_event={"freq": 2, "count": 3, "interval": 1})
    new_yorker = Booker("Ny", "ny@example.org", "America/New_York")
    made = create(w.world, ask(event, "2026-03-03T15:00:00Z", new_yorker)).bookings
    # 10:00 in New York each Tuesday, across the change to daylight-saving time on 8 March
    assert [b.start for b in made] == [
        at("2026-03-03T15:00:00Z"),
        at("2026-03-10T14:00:00Z"),
        at("2026-03-17T14:00:00Z"),
    ]
    assert len({b.recurring_event_id for b in made}) == 1 and made[0].recurring_event_id
    assert len({b.uid for b in made}) == 3
    fewer = create(w.world, ask(event, "2026-03-04T15:00:00Z", new_yorker, recurrence_count=2)).bookings
    assert len(fewer) == 2
    error = refused(create, w.world, ask(event, "2026-03-05T15:00:00Z", new_yorker, recurrence_count=4))
    assert error.message == "Provided recurrence count is higher than the event type's recurring event count."


def test_a_series_checks_availability_for_its_first_occurrence_only_and_conflicts_later_are_409() -> None:
    w, alice, event = alice_world()
    weekly = w.update(event, recurring_event={"freq": 2, "count": 3, "interval": 1})
    w.booking(event, "2026-01-13T10:00:00Z")  # alice's accepted booking where the second occurrence falls
    before = snapshot(w)
    error = refused(create, w.world, ask(weekly, "2026-01-06T10:00:00Z"))
    assert (error.status, error.message, error.bare) == (409, "booking_conflict_error", True)
    assert snapshot(w) == before  # nothing of the series stays, nor any random draw
    w.booking(event, "2026-01-06T10:00:00Z")
    assert refused(create, w.world, ask(weekly, "2026-01-06T10:00:00Z")).message == USER_UNAVAILABLE
    # a busy time only later in the series is not looked at (numSlotsToCheckForAvailability = 1)
    made = create(w.world, ask(weekly, "2026-01-07T16:30:00Z")).bookings
    assert [b.start.date().isoformat() for b in made] == ["2026-01-07", "2026-01-14", "2026-01-21"]
    assert all(b.user_id == alice.id for b in made)


# teams -------------------------------------------------------------------------------------------------


def team_world(kind: str, hosts: list[tuple[str, bool, int]]) -> tuple[SlotWorld, EventType, dict[str, User]]:
    w = SlotWorld()
    people = {}
    for name, _, _ in hosts:
        people[name] = w.user(name)
        w.schedule(people[name])
    team = w.world.insert("teams", Team(w.world.next_id("teams"), "Sales", "sales"))
    for user in people.values():
        w.world.insert("memberships", Membership(w.world.next_id("memberships"), team.id, user.id))
    event = w.event_type(
        None,
        team_id=team.id,
        scheduling_type=kind,
        hosts=tuple(Host(people[n].id, is_fixed=fixed, priority=p) for n, fixed, p in hosts),
    )
    return w, event, people


def test_collective_the_first_host_organizes_the_others_attend_and_all_must_be_free() -> None:
    w, event, people = team_world(COLLECTIVE, [("ann", True, 2), ("ben", True, 2)])
    booking = book(w, event, "2026-01-06T10:00:00Z")
    assert booking.user_id == people["ann"].id
    assert [a.email for a in booking.attendees] == ["bo@example.org", "ben@example.com"]
    assert booking.title == f"{event.title} between Sales and Bo Booker"
    w.booking(None, "2026-01-06T11:00:00Z", organizer=people["ben"])
    assert refused(create, w.world, ask(event, "2026-01-06T11:00:00Z")).message == HOSTS_UNAVAILABLE


def test_round_robin_picks_the_highest_priority_then_the_least_recently_booked_then_the_lowest_id() -> None:
    w, event, people = team_world(ROUND_ROBIN, [("ann", False, 2), ("ben", False, 3), ("cat", False, 3)])
    first = book(w, event, "2026-01-06T10:00:00Z")
    assert first.user_id == people["ben"].id  # priority 3 beats 2; ben's id is lower than cat's
    w.world.clock.advance(timedelta(minutes=1))
    second = book(w, event, "2026-01-06T11:00:00Z", booker=Booker("Cy", "cy@example.org", "UTC"))
    assert second.user_id == people["cat"].id  # ben booked more recently
    w.booking(None, "2026-01-06T12:00:00Z", organizer=people["cat"])
    w.booking(None, "2026-01-06T12:00:00Z", organizer=people["ben"])
    third = book(w, event, "2026-01-06T12:00:00Z", booker=Booker("Di", "di@example.org", "UTC"))
    assert third.user_id == people["ann"].id  # the only one free
    assert third.title == f"{event.title} between Ann and Di"  # one host: the organizer's name


def test_round_robin_with_a_fixed_host_keeps_the_fixed_host_as_organizer() -> None:
    w, event, people = team_world(ROUND_ROBIN, [("ann", True, 2), ("ben", False, 2)])
    booking = book(w, event, "2026-01-06T10:00:00Z")
    assert booking.user_id == people["ann"].id
    assert [a.email for a in booking.attendees] == ["bo@example.org", "ben@example.com"]
    assert booking.title == f"{event.title} between Sales and Bo Booker"


def test_lucky_order_ranks_priority_then_recency_then_id() -> None:
    w, event, people = team_world(ROUND_ROBIN, [("ann", False, 1), ("ben", False, 4), ("cat", False, 4)])
    order = rules.lucky_order(w.world, event, list(people.values()))
    assert [u.username for u in order] == ["ben", "cat", "ann"]


def test_instant_bookings_are_for_team_event_types_and_wait_for_a_host() -> None:
    w, event, _ = team_world(ROUND_ROBIN, [("ann", False, 2)])
    booking = create_instant(w.world, ask(event, "2026-01-05T09:00:00Z"))
    assert (booking.status, booking.user_id, booking.title) == ("AWAITING_HOST", None, "Instant Meeting with Bo Booker")
    assert booking.metadata["videoCallUrl"] == f"https://app.cal.com/video/{booking.uid}"
    _, _, personal = alice_world()
    error = refused(create_instant, w.world, ask(personal, "2026-01-05T09:00:00Z"))
    assert error.message == "Instant bookings are only supported for team event types, not individual user event types."


# rescheduling ----------------------------------------------------------------------------------------


def test_rescheduling_makes_a_new_booking_and_cancels_the_old_one_linked_both_ways() -> None:
    w, _, event = alice_world()
    old = book(w, event, "2026-01-06T10:00:00Z", responses={"name": "Bo Booker", "email": "bo@example.org"})
    made = reschedule(w.world, old.uid, at("2026-01-06T14:00:00Z"), reason="clash", rescheduled_by="x@y.org")
    new = made.bookings[0]
    old = w.world.get("bookings", old.id)
    assert new.uid != old.uid and new.from_reschedule == old.uid
    assert (old.status, old.rescheduled, old.rescheduled_by) == ("CANCELLED", True, "x@y.org")
    assert rescheduled_to(w.world, old) == new
    assert new.responses["rescheduledReason"] == "clash" and new.attendees[0].email == "bo@example.org"
    assert "10:00" in starts(w, event) and "14:00" not in starts(w, event)
    error = refused(reschedule, w.world, old.uid, at("2026-01-06T15:00:00Z"))
    assert error.message == (
        f"Can't reschedule booking with uid={old.uid} because it has been cancelled and rescheduled already to "
        f"booking with uid={new.uid}. You probably want to reschedule {new.uid} instead by passing it within the "
        "request URL."
    )


def test_rescheduling_a_booking_without_answers_takes_its_first_attendee() -> None:
    w, _, event = alice_world()
    old = w.booking(event, "2026-01-06T10:00:00Z", attendees=["ann@example.org"])  # stored without answers
    new = reschedule(w.world, old.uid, at("2026-01-06T11:00:00Z"), reason="later").bookings[0]
    assert new.responses == {"name": "ann", "email": "ann@example.org", "guests": [], "rescheduledReason": "later"}


def test_rescheduling_a_cancelled_or_unknown_booking_is_refused() -> None:
    w, _, event = alice_world()
    booking = book(w, event, "2026-01-06T10:00:00Z")
    lifecycle.cancel(w.world, booking.uid)
    assert refused(reschedule, w.world, booking.uid, at("2026-01-06T14:00:00Z")).message == (
        f"Can't reschedule booking with uid={booking.uid} because it has been cancelled. Please provide uid of a "
        "booking that is not cancelled."
    )
    assert refused(reschedule, w.world, "nope", at("2026-01-06T14:00:00Z")).status == 404


def test_the_organizer_rescheduling_keeps_a_booking_that_needs_confirmation_accepted() -> None:
    w, alice, event = alice_world()
    event = w.update(event, requires_confirmation=True)
    booking = book(w, event, "2026-01-06T10:00:00Z")
    by_booker = reschedule(w.world, booking.uid, at("2026-01-06T11:00:00Z")).bookings[0]
    assert by_booker.status == "PENDING"
    by_owner = reschedule(w.world, by_booker.uid, at("2026-01-06T12:00:00Z"), rescheduled_by=alice.email)
    assert by_owner.bookings[0].status == "ACCEPTED"


def test_rescheduling_a_seat_moves_only_that_attendee() -> None:
    w, event = seated_world(3)
    first = create(w.world, ask(event, "2026-01-06T10:00:00Z"))
    cy = create(w.world, ask(event, "2026-01-06T10:00:00Z", Booker("Cy", "cy@example.org", "UTC")))
    assert cy.seat_uid is not None
    error = refused(reschedule, w.world, first.bookings[0].uid, at("2026-01-06T14:00:00Z"))
    assert error.message.startswith(f"Booking with uid={first.bookings[0].uid} is a seated booking")
    moved = reschedule_seat(w.world, first.bookings[0].uid, cy.seat_uid, at("2026-01-06T14:00:00Z"))
    new = moved.bookings[0]
    original = w.world.get("bookings", first.bookings[0].id)
    assert original.status == "ACCEPTED" and [a.email for a in original.attendees] == ["bo@example.org"]
    assert [a.email for a in new.attendees] == ["cy@example.org"] and new.from_reschedule == original.uid
    assert moved.seat_uid == new.attendees[0].seat_uid
    # into a start that already has a booking: the same seat uid, in that booking
    back = reschedule_seat(w.world, new.uid, moved.seat_uid or "", at("2026-01-06T10:00:00Z"))
    assert back.bookings[0].uid == original.uid and back.seat_uid == moved.seat_uid
    assert w.world.get("bookings", new.id).status == "CANCELLED"  # its last attendee left


# cancelling ----------------------------------------------------------------------------------------------


def test_cancel_rules_reason_for_the_host_already_cancelled_and_ended() -> None:
    w, alice, event = alice_world()
    booking = book(w, event, "2026-01-06T10:00:00Z")
    host = refused(lifecycle.cancel, w.world, booking.uid, caller=alice)
    assert (host.status, host.message, host.bare) == (
        400,
        "Cancellation reason is required when you are the host",
        True,
    )
    lifecycle.cancel(w.world, booking.uid, reason="ill", caller=alice)
    cancelled = w.world.get("bookings", booking.id)
    assert (cancelled.status, cancelled.cancellation_reason, cancelled.cancelled_by) == ("CANCELLED", "ill", None)
    again = refused(lifecycle.cancel, w.world, booking.uid)
    assert (again.status, again.bare) == (400, False)
    assert again.message == (
        f"Can't cancel booking with uid={booking.uid} because it has been cancelled already. Please provide uid of a "
        "booking that is not cancelled."
    )
    past = w.booking(event, "2026-01-02T10:00:00Z")
    ended = refused(lifecycle.cancel, w.world, past.uid)
    assert (ended.status, ended.message, ended.bare) == (400, "Cannot cancel a booking that has already ended", True)
    assert refused(lifecycle.cancel, w.world, "nope").message == "Booking with uid=nope not found"


def test_cancelling_a_recurring_booking_by_its_uid_or_from_one_occurrence_on() -> None:
    w, _, event = alice_world()
    weekly = w.update(event, recurring_event={"freq": 2, "count": 4, "interval": 1})
    made = create(w.world, ask(weekly, "2026-01-06T10:00:00Z")).bookings
    done = lifecycle.cancel(w.world, made[2].uid, subsequent=True)
    assert done.series_of == made[0].recurring_event_id
    assert [w.world.get("bookings", b.id).status for b in made] == ["ACCEPTED", "ACCEPTED", "CANCELLED", "CANCELLED"]
    series_uid = made[0].recurring_event_id or ""
    error = refused(lifecycle.cancel, w.world, series_uid, subsequent=True)
    assert error.message.startswith("Cannot cancel subsequent bookings for recurring event")
    lifecycle.cancel(w.world, series_uid)
    assert {w.world.get("bookings", b.id).status for b in made} == {"CANCELLED"}
    single = book(w, event, "2026-01-07T10:00:00Z")
    before = snapshot(w)
    error = refused(lifecycle.cancel, w.world, single.uid, subsequent=True)
    assert error.message == f"Booking with bookingUid={single.uid} is not part of a recurring booking."
    assert snapshot(w) == before


def test_cancelling_seats_one_by_uid_or_all_by_a_host() -> None:
    w, event = seated_world(3)
    alice = w.world.get("users", event.owner_id)
    first = create(w.world, ask(event, "2026-01-06T10:00:00Z"))
    second = create(w.world, ask(event, "2026-01-06T10:00:00Z", Booker("Cy", "cy@example.org", "UTC")))
    uid = first.bookings[0].uid
    assert refused(lifecycle.cancel, w.world, uid, seat_uid="nope").message == (
        "Invalid seatUid: this seat does not exist or has already been cancelled."
    )
    lifecycle.cancel(w.world, uid, seat_uid=second.seat_uid)
    booking = w.world.get("bookings", first.bookings[0].id)
    assert booking.status == "ACCEPTED" and [a.email for a in booking.attendees] == ["bo@example.org"]
    stranger = refused(lifecycle.cancel, w.world, uid, reason="x")
    assert (stranger.status, stranger.message, stranger.bare) == (401, "User not a host of this event", True)
    lifecycle.cancel(w.world, uid, reason="closed", caller=alice)
    booking = w.world.get("bookings", booking.id)
    assert booking.status == "CANCELLED" and booking.attendees == ()


# confirm, decline, absent --------------------------------------------------------------------------------


def test_confirm_and_decline_by_the_organizer_only_never_an_accepted_booking() -> None:
    w, alice, event = alice_world()
    event = w.update(event, requires_confirmation=True)
    pending = book(w, event, "2026-01-06T10:00:00Z")
    stranger = w.user("stranger")
    error = refused(lifecycle.confirm, w.world, pending.uid, stranger)
    assert (error.status, error.code, error.message) == (
        401,
        "TRPCError",
        "You are not authorized to access this resource",
    )
    assert lifecycle.confirm(w.world, pending.uid, alice).status == "ACCEPTED"
    again = refused(lifecycle.confirm, w.world, pending.uid, alice)
    assert (again.status, again.code, again.message) == (
        400,
        "TRPCError",
        "Bad request: Please check your request data and try again",
    )
    assert refused(lifecycle.decline, w.world, pending.uid, alice).status == 400
    other = book(w, event, "2026-01-06T11:00:00Z", booker=Booker("Cy", "cy@example.org", "UTC"))
    declined = lifecycle.decline(w.world, other.uid, alice, "full")
    assert (declined.status, declined.rejection_reason) == ("REJECTED", "full")


def test_confirming_one_occurrence_confirms_the_pending_series() -> None:
    w, alice, event = alice_world()
    event = w.update(event, requires_confirmation=True, recurring_event={"freq": 2, "count": 3, "interval": 1})
    made = create(w.world, ask(event, "2026-01-06T10:00:00Z")).bookings
    assert {b.status for b in made} == {"PENDING"}
    lifecycle.confirm(w.world, made[1].uid, alice)
    assert {w.world.get("bookings", b.id).status for b in made} == {"ACCEPTED"}


def test_a_team_admin_may_confirm_a_team_booking() -> None:
    w, event, _ = team_world(ROUND_ROBIN, [("ann", False, 2)])
    event = w.update(event, requires_confirmation=True)
    booking = book(w, event, "2026-01-06T10:00:00Z")
    boss = w.user("boss")
    w.world.insert("memberships", Membership(w.world.next_id("memberships"), event.team_id or 0, boss.id, "ADMIN"))
    assert lifecycle.confirm(w.world, booking.uid, boss).status == "ACCEPTED"


def test_mark_absent_after_the_start_only_by_someone_who_sees_the_booking() -> None:
    w, alice, event = alice_world()
    booking = book(w, event, "2026-01-06T10:00:00Z")
    early = refused(lifecycle.mark_absent, w.world, booking.uid, alice, host=True)
    assert early.message == (
        "Bookings can only be marked as absent after their scheduled start time. Current time in UTC+0: "
        "2026-01-05T09:00:00.000Z, Booking start time in UTC+0: 2026-01-06T10:00:00.000Z"
    )
    w.world.clock.set(at("2026-01-06T10:40:00Z"), frozen=True)
    stranger = refused(lifecycle.mark_absent, w.world, booking.uid, w.user("stranger"), host=True)
    assert (stranger.status, stranger.message, stranger.bare) == (
        403,
        "You are not allowed to access this booking",
        True,
    )
    marked = lifecycle.mark_absent(
        w.world, booking.uid, alice, host=True, attendees=[lifecycle.Absence("bo@example.org", True)]
    )
    assert marked.no_show_host and marked.attendees[0].no_show


# reassigning ------------------------------------------------------------------------------------------


def test_reassign_to_the_next_free_round_robin_host_or_a_named_one() -> None:
    w, event, people = team_world(ROUND_ROBIN, [("ann", False, 2), ("ben", False, 2), ("cat", False, 2)])
    booking = book(w, event, "2026-01-06T10:00:00Z")
    assert booking.user_id == people["ann"].id
    done = lifecycle.reassign(w.world, booking.uid)
    assert done.to.id == done.booking.user_id == people["ben"].id
    assert done.booking.title == f"{event.title} between Ben and Bo Booker"
    named = lifecycle.reassign_to(w.world, booking.uid, people["cat"].id)
    assert named.booking.user_id == people["cat"].id
    outsider = w.user("dan")
    error = refused(lifecycle.reassign_to, w.world, booking.uid, outsider.id)
    assert error.message.startswith(f"User with id={outsider.id} is not a valid Round Robin host")
    assert (
        refused(lifecycle.reassign_to, w.world, booking.uid, 999).message
        == "User with id=999 was not found in the database"
    )


def test_reassign_without_a_free_host_is_refused() -> None:
    w, event, people = team_world(ROUND_ROBIN, [("ann", False, 2), ("ben", False, 2)])
    booking = book(w, event, "2026-01-06T10:00:00Z")
    w.booking(None, "2026-01-06T10:00:00Z", organizer=people["ben"])
    error = refused(lifecycle.reassign, w.world, booking.uid)
    assert error.message == "Can't reassign the booking because no other host is available at that time."


# rules -----------------------------------------------------------------------------------------------


def test_event_names_default_and_custom() -> None:
    _, _, event = alice_world()
    kwargs: dict[str, Any] = {"attendee": "Bo Booker", "organizer": "Alice A", "location": "Zoom", "minutes": 30}
    assert (
        rules.event_name(event, team_name=None, responses={}, **kwargs)
        == f"{event.title} between Alice A and Bo Booker"
    )
    assert (
        rules.event_name(event, team_name="Sales", responses={}, **kwargs)
        == f"{event.title} between Sales and Bo Booker"
    )
    custom = replace(
        event, settings={"eventName": "{Event type title} with {Scheduler first name} ({Event duration}) {company}"}
    )
    assert rules.event_name(custom, team_name=None, responses={"company": "Acme"}, **kwargs) == (
        f"{event.title} with Bo (30 mins) Acme"
    )


def test_locations_come_from_the_choice_or_the_event_type() -> None:
    _, _, event = alice_world()
    assert rules.location_for_db(event, None) == rules.CAL_VIDEO
    place = replace(
        event, locations=({"type": "inPerson", "address": "1 Main St"}, {"type": "link", "link": "https://m"})
    )
    assert rules.location_for_db(place, None) == "1 Main St"
    assert rules.location_for_db(place, {"value": "link", "optionValue": ""}) == "https://m"
    assert rules.location_for_db(place, {"value": "link", "optionValue": "https://mine"}) == "https://mine"
    assert rules.location_for_db(place, {"value": "conferencing", "optionValue": ""}) == rules.CAL_VIDEO


def test_monthly_and_yearly_series_keep_the_day_or_take_the_months_last() -> None:
    start = at("2026-01-31T10:00:00Z")
    monthly = rules.recurring_starts(start, {"freq": 1, "interval": 1}, 3, "UTC")
    assert [d.date().isoformat() for d in monthly] == ["2026-01-31", "2026-02-28", "2026-03-31"]
    yearly = rules.recurring_starts(at("2028-02-29T10:00:00Z"), {"freq": 0, "interval": 1}, 2, "UTC")
    assert [d.date().isoformat() for d in yearly] == ["2028-02-29", "2029-02-28"]


# the list ---------------------------------------------------------------------------------------------


def list_world() -> tuple[SlotWorld, User, User, EventType, dict[str, Booking]]:
    w, alice, event = alice_world()
    bob = w.user("bob")
    made = {
        "upcoming": w.booking(event, "2026-01-06T10:00:00Z", attendees=["x@example.org"]),
        "pending": w.booking(event, "2026-01-06T11:00:00Z", status="PENDING", attendees=["y@example.org"]),
        "past": w.booking(event, "2026-01-02T10:00:00Z", attendees=["x@example.org"]),
        "cancelled": w.booking(event, "2026-01-07T10:00:00Z", status="CANCELLED"),
        "rejected": w.booking(event, "2026-01-08T10:00:00Z", status="REJECTED"),
        "attending": w.booking(None, "2026-01-09T10:00:00Z", organizer=bob, attendees=[alice.email]),
        "bobs": w.booking(None, "2026-01-09T12:00:00Z", organizer=bob),
    }
    return w, alice, bob, event, made


def uids(found: list[Booking], made: dict[str, Booking]) -> list[str]:
    names = {b.uid: name for name, b in made.items()}
    return [names[b.uid] for b in found]


def test_the_list_shows_what_the_user_organizes_or_attends_filtered_by_status() -> None:
    w, alice, _, _, made = list_world()
    page, total = list_bookings(w.world, alice, BookingFilter())
    assert total == 6 and "bobs" not in uids(page, made)
    assert uids(page, made)[0] == "past"  # no status: by start, oldest first
    cases = {
        ("upcoming",): ["upcoming", "pending", "attending"],
        ("unconfirmed",): ["pending"],
        ("past",): ["past"],
        ("cancelled",): ["rejected", "cancelled"],  # newest first
        ("past", "cancelled"): ["past", "cancelled", "rejected"],
    }
    for statuses, expected in cases.items():
        assert uids(list_bookings(w.world, alice, BookingFilter(statuses=statuses))[0], made) == expected


def test_the_list_filters_sorts_and_pages() -> None:
    w, alice, _, _, made = list_world()
    by_email = list_bookings(w.world, alice, BookingFilter(attendee_email="x@example.org"))[0]
    assert uids(by_email, made) == ["past", "upcoming"]
    by_uid = list_bookings(w.world, alice, BookingFilter(booking_uid=made["pending"].uid))[0]
    assert uids(by_uid, made) == ["pending"]
    since = list_bookings(w.world, alice, BookingFilter(after_start=at("2026-01-07T00:00:00Z")))[0]
    assert uids(since, made) == ["cancelled", "rejected", "attending"]
    newest = list_bookings(w.world, alice, BookingFilter(sort=("start", "desc"), take=2, skip=1))
    assert (uids(newest[0], made), newest[1]) == (["rejected", "cancelled"], 6)
    assert pagination(1, 2, 6) == {
        "returnedItems": 2,
        "totalItems": 6,
        "itemsPerPage": 2,
        "remainingItems": 3,
        "currentPage": 1,
        "totalPages": 3,
        "hasNextPage": True,
        "hasPreviousPage": True,
    }
    assert pagination(0, 100, 0)["currentPage"] == 0


def test_a_team_admin_sees_the_bookings_of_the_team_members() -> None:
    w, alice, bob, _, made = list_world()
    team = w.world.insert("teams", Team(w.world.next_id("teams"), "T", "t"))
    w.world.insert("memberships", Membership(w.world.next_id("memberships"), team.id, alice.id, "OWNER"))
    w.world.insert("memberships", Membership(w.world.next_id("memberships"), team.id, bob.id, "MEMBER"))
    assert "bobs" in uids(list_bookings(w.world, alice, BookingFilter())[0], made)
    assert uids(list_bookings(w.world, bob, BookingFilter())[0], made) == ["attending", "bobs"]
