"""Making bookings: regular, seated and recurring ones, as Cal.com's handleNewBooking does
(packages/features/bookings/lib/handleNewBooking.ts, handleSeats/, handleNewRecurringBooking.ts) behind
the v2 2024-08-13 bookings service. Instant bookings are in booking_instant.py, rescheduling in
booking_reschedule.py, cancelling, confirming and the rest in booking_lifecycle.py.

In the server's order, for each booking:

1. The event type: one that requires authentication needs its owner, a host or an admin (401/403);
   a managed parent cannot be booked (400); custom booking fields must be answered (400); an offered
   length (400); a recurrence count no larger than the event type's (400) (booking_request.py).
2. Core checks (bare ``{statusCode, message}`` errors): e-mail verification, no seats on a recurring
   event type; then an unconfirmed (or round-robin) booking of the same attendee at the same start is
   simply returned again (booking_request.py).
3. Bounds, limits and availability (booking_availability.py). A seated event type whose start already
   has a booking joins it instead (no availability check): 409 when the attendee has a seat already
   (bare) or no seat is left (booking_seats.py). A recurring series checks availability for its first
   occurrence only, as the server does, and every occurrence's bounds and limits.
4. Who: the owner of a personal event type; for team events the fixed hosts first, then the chosen
   round-robin host (booking_rules.lucky_order); the first is the organizer, the others attend.
5. What: title, location, status (PENDING when confirmation is required, unless the organizer
   reschedules), payment (paid event types: waiting for Stripe when the owner connected it, see
   payments.py; else settled at once, or a 402 when the event type's metadata says
   ``paymentFails: true``), then the database's idempotency guard: an ACCEPTED booking with the
   same start, end and organizer is a bare 409 ``booking_conflict_error``.

Every function leaves the world and its random source as they were when it raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from emulator.domain import booking_availability as slots
from emulator.domain import booking_lookups as lookups
from emulator.domain import booking_rules as rules
from emulator.domain import conferencing, payments, webhooks
from emulator.domain.booking_records import (
    ACCEPTED,
    CANCELLED,
    PENDING,
    atomic,
    insert,
    is_recurring_event,
    new_attendee,
)
from emulator.domain.booking_request import (
    BookingRequest,
    Made,
    Move,
    booking_data,
    check_event_type,
    core_checks,
    minutes_of,
    same_attendee_booking,
)
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.booking_seats import seat, seated_booking_at, take_seat
from emulator.domain.slot_hosts import COLLECTIVE, ROUND_ROBIN
from emulator.world import ids
from emulator.world.models import Attendee, Booking, EventType, Team, User
from emulator.world.store import World


@dataclass(frozen=True)
class People:
    organizer: User
    members: list[User]  # the other hosts, who attend
    team_name: str | None


# people, attendees, status -------------------------------------------------------------------------


def _user(world: World, user_id: int | None) -> User | None:
    found: User | None = world.find("users", user_id) if user_id is not None else None
    return found


def _people(world: World, event_type: EventType, fixed: Sequence[User], lucky: User | None) -> People:
    if event_type.scheduling_type in (COLLECTIVE, ROUND_ROBIN):
        users = [*fixed, *([lucky] if lucky is not None else [])]
        if not users:
            raise slots.unavailable(event_type)
        team: Team | None = world.find("teams", event_type.team_id) if event_type.team_id is not None else None
        shared = event_type.scheduling_type == COLLECTIVE or len(users) > 1
        return People(users[0], users[1:], team.name if team is not None and shared else None)
    owner = _user(world, event_type.owner_id)
    if owner is None:
        raise slots.unavailable(event_type)
    return People(owner, [], None)


def choose(
    world: World,
    event_type: EventType,
    start: datetime,
    minutes: int,
    zone: str,
    reschedule: Booking | None = None,
) -> People:
    """Check the start is free and pick who hosts it."""
    asked = slots.AskedSlot(start, minutes, zone, reschedule.uid if reschedule else None)
    fixed, free = slots.free_hosts(world, event_type, asked)
    lucky = None
    if free:
        keep = reschedule.user_id if reschedule is not None else None
        ordered = rules.lucky_order(world, event_type, free)
        lucky = next((u for u in ordered if u.id == keep), ordered[0])
    return _people(world, event_type, fixed, lucky)


def _attendees(world: World, request: BookingRequest, people: People, team_event: bool) -> tuple[Attendee, ...]:
    booker = request.booker
    out = [new_attendee(world, booker.name, booker.email, booker.time_zone, booker.language, booker.phone)]
    hosts = {people.organizer.email.lower(), *(m.email.lower() for m in people.members)}
    for guest in request.guests:
        if team_event and guest.lower() in hosts:
            continue
        out.append(new_attendee(world, "", guest, booker.time_zone, "en"))
    for member in people.members:
        out.append(new_attendee(world, member.name, member.email, member.time_zone, member.locale))
    return tuple(out)


def _status(world: World, event_type: EventType, start: datetime, move: Move | None) -> tuple[str, bool]:
    """(status, paid). A paid event type is paid for at once; ``paymentFails`` in its metadata makes
    the payment fail instead."""
    owner = move is not None and move.owner_rescheduling
    confirmation = rules.requires_confirmation(event_type, start, world.clock.now())
    already_paid = move is not None and move.original.paid
    if rules.is_paid(event_type) and not already_paid and not owner:
        if event_type.metadata.get("paymentFails"):
            amount = f"{event_type.price / 100:.2f} {event_type.currency.upper()}"
            raise BookingRefused(
                402,
                f"Payment required: the payment of {amount} for event type with id={event_type.id} failed "
                "(couldnt_charge_card_error), so no booking was made.",
                code="PaymentRequiredException",
            )
        return (PENDING if confirmation else ACCEPTED), True
    return (ACCEPTED if not confirmation or owner else PENDING), already_paid


def check_conflict(world: World, start: datetime, end: datetime, user_id: int | None) -> None:
    """The database's guard (booking-idempotency-key.ts): one ACCEPTED booking per organizer, start and end."""
    for booking in lookups.of_organizer(world, user_id, ACCEPTED):
        if booking.start == start and booking.end == end:
            raise BookingRefused(409, "booking_conflict_error", bare=True)


# creating ---------------------------------------------------------------------------------------------


def create(world: World, request: BookingRequest) -> Made:
    """POST /v2/bookings for a regular, recurring or seated booking (instant: booking_instant.py)."""
    with atomic(world):
        event_type = request.event_type
        check_event_type(world, request)
        rules.check_booking_fields(event_type, request.responses, request.booker.phone)
        minutes = minutes_of(event_type, request.minutes)
        if is_recurring_event(event_type):
            return _create_series(world, request, minutes)
        return _create_one(world, request, minutes)


def _create_series(world: World, request: BookingRequest, minutes: int) -> Made:
    event_type = request.event_type
    rule = event_type.recurring_event or {}
    limit = int(rule.get("count") or 0)
    if request.recurrence_count and request.recurrence_count > limit:
        raise BookingRefused(400, "Provided recurrence count is higher than the event type's recurring event count.")
    core_checks(event_type, request)
    count = request.recurrence_count or limit
    try:
        starts = rules.recurring_starts(request.start, rule, count, request.booker.time_zone)
    except (OverflowError, ValueError):  # a series running past the year 9999
        raise slots.unavailable(event_type) from None
    series_id = ids.uuid4(world.rng)
    made: list[Booking] = []
    people: People | None = None
    for start in starts:
        slots.check_bounds(world, event_type, start, request.booker.time_zone)
        slots.check_limits(world, event_type, start, minutes)
        if people is None:  # only the first occurrence is checked for availability (numSlotsToCheckForAvailability)
            people = choose(world, event_type, start, minutes, request.booker.time_zone)
        made.append(book(world, request, start, minutes, people, series_id=series_id))
    for booking in made:
        webhooks.emit_created(world, booking, paid=booking.paid)
    return Made(made)


def _create_one(world: World, request: BookingRequest, minutes: int) -> Made:
    event_type, start = request.event_type, request.start
    core_checks(event_type, request)
    again = same_attendee_booking(world, event_type, request.booker.email, start)
    if again is not None:
        return Made([again])
    slots.check_bounds(world, event_type, start, request.booker.time_zone)
    slots.check_limits(world, event_type, start, minutes)
    if event_type.seats_per_time_slot:
        taken = seated_booking_at(world, event_type, start)
        if taken is not None:
            joined, seat_uid = take_seat(
                world, taken, request, full_message="No more seats left at this seated booking."
            )
            webhooks.emit_created(world, joined)
            return Made([joined], seat_uid)
    people = choose(world, event_type, start, minutes, request.booker.time_zone)
    booking = book(world, request, start, minutes, people)
    webhooks.emit_created(world, booking, paid=booking.paid)
    return Made([booking], booking.attendees[0].seat_uid if event_type.seats_per_time_slot else None)


def book(
    world: World,
    request: BookingRequest,
    start: datetime,
    minutes: int,
    people: People,
    *,
    series_id: str | None = None,
    move: Move | None = None,
) -> Booking:
    """Store one booking of the request at ``start`` (handleNewBooking/createBooking.ts); a move
    cancels the booking it replaces (a seated one keeps it)."""
    event_type = request.event_type
    end = start + timedelta(minutes=minutes)
    seated = bool(event_type.seats_per_time_slot)
    team_event = event_type.scheduling_type in (COLLECTIVE, ROUND_ROBIN)
    if seated:  # a seat per booker; guests and other hosts are not seated
        booker = request.booker
        attendees: tuple[Attendee, ...] = (
            seat(world, new_attendee(world, booker.name, booker.email, booker.time_zone, booker.language), request),
        )
    else:
        attendees = _attendees(world, request, people, team_event)
    location = move.original.location if move is not None and move.original.location else None
    default_app = conferencing.default_location(people.organizer)
    location = location or rules.location_for_db(event_type, request.location, default_app)
    owner_moves = move is not None and move.owner_rescheduling
    waiting = not owner_moves and payments.waits_for_payment(
        world, event_type, already_paid=move is not None and move.original.paid
    )
    status, paid = (PENDING, False) if waiting else _status(world, event_type, start, move)
    title = rules.event_name(
        event_type,
        attendee=request.booker.name,
        organizer=people.organizer.name,
        team_name=people.team_name,
        location=location,
        minutes=minutes,
        responses=request.responses,
    )
    if move is not None and not seated:
        world.update(
            "bookings",
            move.original.id,
            status=CANCELLED,
            rescheduled=True,
            rescheduled_by=move.rescheduled_by,
            updated_at=world.clock.now(),
        )
    if status == ACCEPTED:
        check_conflict(world, start, end, people.organizer.id)
    data = booking_data(world, request, start, end)
    booking = insert(
        world,
        replace(
            data,
            user_id=people.organizer.id,
            title=title,
            status=status,
            attendees=attendees,
            description=None if seated else data.description,
            location=location,
            responses={} if seated else data.responses,
            from_reschedule=move.original.uid if move is not None else None,
            rescheduled_by=move.rescheduled_by if move is not None else None,
            recurring_event_id=series_id or (move.original.recurring_event_id if move is not None else None),
            ical_uid=(move.original.ical_uid if move is not None else None) or data.ical_uid,
            paid=paid,
        ),
    )
    if waiting:
        payments.open_payment(world, booking, event_type)
    return booking
