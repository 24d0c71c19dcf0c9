"""Seats: the booking that holds a seated event type's start, taking a seat in it, finding a seat by
its uid and a seat leaving its booking.

Read from packages/features/bookings/lib/handleNewBooking/getSeatedBooking.ts,
packages/features/bookings/lib/handleSeats/create/createNewSeat.ts and
handleSeats/lib/lastAttendeeDeleteBooking.ts. A seat is an attendee with a seat uid and its own
answers and metadata; guests and other hosts are not seated.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from emulator.domain.booking_records import ACCEPTED, CANCELLED, new_attendee
from emulator.domain.booking_request import BookingRequest
from emulator.domain.booking_rules import BookingRefused
from emulator.world import ids
from emulator.world.models import JSON, Attendee, Booking, EventType
from emulator.world.store import World


def seated_booking_at(world: World, event_type: EventType, start: datetime) -> Booking | None:
    found: list[Booking] = world.where(
        "bookings", lambda b: b.event_type_id == event_type.id and b.start == start and b.status == ACCEPTED
    )
    return min(found, key=lambda b: b.id) if found else None


def seats_taken(booking: Booking) -> int:
    return sum(1 for a in booking.attendees if a.seat_uid)


def seat(world: World, attendee: Attendee, request: BookingRequest) -> Attendee:
    """A seat with its own answers (a seat's stored answers always list guests) and metadata."""
    return replace(
        attendee,
        seat_uid=ids.uuid4(world.rng),
        seat_responses={"guests": [], **request.responses},
        seat_metadata=dict(request.metadata),
    )


def take_seat(
    world: World, booking: Booking, request: BookingRequest, *, full_message: str, bare_full: bool = False
) -> tuple[Booking, str]:
    """handleSeats/createNewSeat: one more attendee on the booking that holds the start."""
    event_type = request.event_type
    if any(a.email.lower() == request.booker.email.lower() for a in booking.attendees):
        raise BookingRefused(409, "already_signed_up_for_this_booking_error", bare=True)
    if event_type.seats_per_time_slot and event_type.seats_per_time_slot <= seats_taken(booking):
        raise BookingRefused(409, full_message, bare=bare_full)
    booker = request.booker
    taken = seat(world, new_attendee(world, booker.name, booker.email, booker.time_zone, booker.language), request)
    updated: Booking = world.update(
        "bookings", booking.id, attendees=(*booking.attendees, taken), updated_at=world.clock.now()
    )
    assert taken.seat_uid is not None
    return updated, taken.seat_uid


def find_seat(world: World, seat_uid: str) -> tuple[Booking, Attendee] | None:
    for booking in sorted(world.all("bookings"), key=lambda b: b.id):
        for attendee in booking.attendees:
            if attendee.seat_uid == seat_uid:
                return booking, attendee
    return None


def drop_attendee(world: World, booking: Booking, attendee: Attendee) -> Booking:
    """A seat leaves its booking; the last one leaving cancels it (lastAttendeeDeleteBooking)."""
    left = tuple(a for a in booking.attendees if a.id != attendee.id)
    changes: JSON = {"attendees": left, "updated_at": world.clock.now()}
    if not left:
        changes["status"] = CANCELLED
    updated: Booking = world.update("bookings", booking.id, **changes)
    return updated
