"""Rescheduling: a booking moved to another start (a new booking, the old one cancelled with
rescheduled=true), or one seat of a seated booking moved into the booking at the new start or a new one.

Read from apps/api/v2/src/ee/bookings/2024-08-13/services/bookings.service.ts (rescheduleBooking,
canRescheduleBooking), the reschedule path of packages/features/bookings/lib/handleNewBooking.ts and
handleSeats/reschedule/. The new booking is made as booking_create.py makes one; only
BOOKING_RESCHEDULED (or BOOKING_REQUESTED) is sent, nothing for the old booking.
"""

from __future__ import annotations

from datetime import datetime

from emulator.domain import booking_availability as slots
from emulator.domain import webhooks
from emulator.domain.booking_create import book, choose
from emulator.domain.booking_records import CANCELLED, PENDING, atomic, event_type_of, find, rescheduled_to
from emulator.domain.booking_request import Booker, BookingRequest, Made, Move, core_checks
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.booking_seats import drop_attendee, find_seat, seated_booking_at, seats_taken
from emulator.world.models import Booking, EventType, User
from emulator.world.store import World


def check_reschedulable(world: World, uid: str) -> Booking:
    """canRescheduleBooking."""
    booking = find(world, uid)
    if booking is None:
        raise BookingRefused(404, f"Booking with uid={uid} not found")
    if booking.status == CANCELLED and not booking.rescheduled:
        raise BookingRefused(
            400,
            f"Can't reschedule booking with uid={uid} because it has been cancelled. Please provide uid of a booking "
            "that is not cancelled.",
        )
    if booking.status == CANCELLED:
        newer = rescheduled_to(world, booking)
        to = newer.uid if newer is not None else "undefined"
        raise BookingRefused(
            400,
            f"Can't reschedule booking with uid={uid} because it has been cancelled and rescheduled already to booking "
            f"with uid={to}. You probably want to reschedule {to} instead by passing it within the request URL.",
        )
    return booking


def _event_type_for(world: World, booking: Booking) -> EventType:
    if booking.event_type_id is None:
        raise BookingRefused(404, f"Booking with uid={booking.uid} is missing event type")
    event_type = event_type_of(world, booking)
    if event_type is None:
        raise BookingRefused(404, f"Event type with id={booking.event_type_id} not found")
    return event_type


def _owner_rescheduling(world: World, original: Booking, rescheduled_by: str | None, booker_email: str) -> bool:
    """The v2 service acts as the user whose e-mail is ``rescheduledBy`` (when it is not the booker's);
    the organizer rescheduling keeps the booking confirmed."""
    if not rescheduled_by or rescheduled_by == booker_email:
        return False
    user = next((u for u in world.all("users") if u.email == rescheduled_by), None)
    return user is not None and user.id == original.user_id


def reschedule(
    world: World,
    uid: str,
    start: datetime,
    *,
    reason: str | None = None,
    rescheduled_by: str | None = None,
    caller: User | None = None,
) -> Made:
    """POST /v2/bookings/{uid}/reschedule without a seat: a new booking (new uid, same attendee,
    answers, metadata and location) and the old one cancelled with rescheduled=true."""
    with atomic(world):
        original = check_reschedulable(world, uid)
        event_type = _event_type_for(world, original)
        if event_type.seats_per_time_slot:
            raise BookingRefused(
                400,
                f"Booking with uid={uid} is a seated booking which means you have to provide seatUid in the request "
                "body to specify which seat specifically you want to reschedule. First, fetch the booking using "
                "https://cal.com/docs/api-reference/v2/bookings/get-a-booking and then within the attendees array you "
                "will find the seatUid of the booking you want to reschedule. Second, provide the seatUid in the "
                "request body to specify which seat specifically you want to reschedule using the reschedule endpoint "
                "https://cal.com/docs/api-reference/v2/bookings/reschedule-a-booking#option-2",
            )
        answers = dict(original.responses)
        email = answers.get("email")
        missing = not isinstance(answers.get("name"), str | dict) or not isinstance(email, str)
        if missing:  # the server's stand-in answers, then the first attendee's name and e-mail
            answers, email = {"guests": []}, None
        attendee = (
            (original.attendees[0] if original.attendees else None)
            if missing
            else next((a for a in original.attendees if a.email == email), None)
        )
        if attendee is None:
            raise BookingRefused(404, f"Attendee with e-mail {email} for booking with uid={uid} not found")
        if missing:
            answers = {"name": attendee.name, "email": attendee.email, **answers}
            if attendee.phone_number:
                answers["attendeePhoneNumber"] = attendee.phone_number
        if reason is not None:
            answers["rescheduledReason"] = reason
        guests = answers.get("guests")
        request = BookingRequest(
            event_type=event_type,
            start=start,
            booker=Booker(attendee.name, attendee.email, attendee.time_zone, attendee.locale, attendee.phone_number),
            guests=tuple(str(g) for g in guests) if isinstance(guests, list) else (),
            metadata=dict(original.metadata),
            responses=answers,
            caller=caller,
        )
        move = Move(original, rescheduled_by, _owner_rescheduling(world, original, rescheduled_by, attendee.email))
        core_checks(event_type, request)
        minutes = event_type.length  # the server reschedules to the event type's length
        slots.check_bounds(world, event_type, start, attendee.time_zone)
        slots.check_limits(world, event_type, start, minutes, original.uid)
        people = choose(world, event_type, start, minutes, attendee.time_zone, original)
        booking = book(world, request, start, minutes, people, move=move)
        _emit_rescheduled(world, booking, original, rescheduled_by)
        return Made([booking])


def _emit_rescheduled(world: World, booking: Booking, original: Booking, rescheduled_by: str | None) -> None:
    """BOOKING_RESCHEDULED only (nothing for the old booking); REQUESTED when it must be confirmed again."""
    trigger = webhooks.BOOKING_REQUESTED if booking.status == PENDING else webhooks.BOOKING_RESCHEDULED
    webhooks.emit(world, trigger, booking, **webhooks.reschedule_extras(original, rescheduled_by))


def reschedule_seat(
    world: World, uid: str, seat_uid: str, start: datetime, *, rescheduled_by: str | None = None
) -> Made:
    """A seat moves to another start: into the booking already there (keeping its seat uid), or into a
    new booking (a new seat). The original booking stays, without that attendee."""
    with atomic(world):
        check_reschedulable(world, uid)
        original = find(world, uid)
        assert original is not None
        event_type = _event_type_for(world, original)
        found = find_seat(world, seat_uid)
        if found is None:
            raise BookingRefused(404, f"Seat with uid={seat_uid} does not exist.")
        holder, seat = found
        if holder.id != original.id:
            raise BookingRefused(
                404,
                f"Attendee with e-mail {seat.email} for booking with uid={uid} and seatUid={seat_uid} not found",
            )
        request = BookingRequest(
            event_type=event_type,
            start=start,
            booker=Booker(seat.name, seat.email, seat.time_zone, seat.locale, seat.phone_number),
            metadata=dict(seat.seat_metadata),
            responses=dict(seat.seat_responses),
        )
        core_checks(event_type, request)
        minutes = event_type.length
        slots.check_bounds(world, event_type, start, seat.time_zone)
        slots.check_limits(world, event_type, start, minutes, original.uid)
        there = seated_booking_at(world, event_type, start)
        if there is not None and there.id != original.id:
            if event_type.seats_per_time_slot and event_type.seats_per_time_slot <= seats_taken(there):
                raise BookingRefused(409, "booking_seats_full_error", bare=True)
            drop_attendee(world, original, seat)
            moved: Booking = world.update(
                "bookings", there.id, attendees=(*there.attendees, seat), updated_at=world.clock.now()
            )
            _emit_rescheduled(world, moved, original, rescheduled_by)
            return Made([moved], seat_uid)
        people = choose(world, event_type, start, minutes, seat.time_zone, original)
        drop_attendee(world, find(world, uid) or original, seat)
        move = Move(original, rescheduled_by, False)
        booking = book(world, request, start, minutes, people, move=move)
        _emit_rescheduled(world, booking, original, rescheduled_by)
        return Made([booking], booking.attendees[0].seat_uid)
