"""What a booking is asked with and what it produces (the booker, the request, a reschedule's move,
the bookings made), and what is checked before anything is booked.

Read from apps/api/v2/src/ee/bookings/2024-08-13/services/bookings.service.ts (the v2 service's own
checks: checkBookingRequiresAuthentication, the managed parent, lengthInMinutes) and the first checks
of packages/features/bookings/lib/handleNewBooking.ts (e-mail verification, seats on a recurring
event type, getValidBookingFromEventTypeForAttendee). The checks after these (bounds, limits,
availability) are in booking_availability.py; making the booking is in booking_create.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from emulator.domain import booking_access as access
from emulator.domain import booking_lookups as lookups
from emulator.domain import booking_rules as rules
from emulator.domain.booking_records import ACCEPTED, PENDING, is_recurring_event
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.slot_hosts import MANAGED, ROUND_ROBIN
from emulator.world import ids
from emulator.world.models import JSON, Booking, EventType, User
from emulator.world.store import World


@dataclass(frozen=True)
class Booker:
    name: str
    email: str
    time_zone: str
    language: str = "en"
    phone: str | None = None


@dataclass(frozen=True)
class BookingRequest:
    event_type: EventType
    start: datetime
    booker: Booker
    minutes: int | None = None  # lengthInMinutes; the event type's length when None
    guests: tuple[str, ...] = ()
    location: JSON | None = None  # the booker's choice, Cal.com's responses.location {value, optionValue}
    metadata: JSON = field(default_factory=dict)
    responses: JSON = field(default_factory=dict)  # the booking form answers, as stored
    recurrence_count: int | None = None
    caller: User | None = None
    verification_code: str | None = None


@dataclass(frozen=True)
class Made:
    """What a create or reschedule produced: one booking, a series, or the seat taken in one."""

    bookings: list[Booking]
    seat_uid: str | None = None


@dataclass(frozen=True)
class Move:
    """A reschedule: the booking it replaces."""

    original: Booking
    rescheduled_by: str | None
    owner_rescheduling: bool


def booking_data(world: World, request: BookingRequest, start: datetime, end: datetime) -> Booking:
    """What every new booking of the request takes alike (createBooking's newBookingData): a fresh uid
    and its iCal uid, the event type, the booker's notes as the description, the form's answers and
    the metadata as asked, made now. No organizer and no title yet: the caller sets those and the rest."""
    uid = ids.short_uid(world.rng)
    now = world.clock.now()
    notes = request.responses.get("notes")
    return Booking(
        id=0,
        uid=uid,
        user_id=None,
        event_type_id=request.event_type.id,
        title="",
        start=start,
        end=end,
        description=notes if isinstance(notes, str) and notes else None,
        metadata=dict(request.metadata),
        responses=dict(request.responses),
        created_at=now,
        updated_at=now,
        ical_uid=f"{uid}@Cal.com",
    )


# checks before anything is booked -------------------------------------------------------------------


def check_event_type(world: World, request: BookingRequest) -> None:
    """What the v2 service checks before handing over to the booking core."""
    event_type = request.event_type
    if event_type.settings.get("bookingRequiresAuthentication"):
        if request.caller is None:
            raise BookingRefused(
                401,
                "checkBookingRequiresAuthentication - request must be authenticated by passing credentials belonging "
                "to event type owner, host or team or org admin or owner.",
            )
        if not access.is_event_type_admin_or_owner(world, request.caller, event_type):
            raise BookingRefused(
                403,
                "checkBookingRequiresAuthentication - user is not authorized to access this event type. User has to "
                "be either event type owner, host, team admin or owner or org admin or owner.",
            )
    if event_type.scheduling_type == MANAGED:
        raise BookingRefused(
            400,
            f"Event type with id={event_type.id} is the parent managed event type that can't be booked. You have to "
            "provide the child event type id aka id of event type that has been assigned to one of the users.",
        )


def minutes_of(event_type: EventType, asked: int | None) -> int:
    """The booking's length: the asked ``lengthInMinutes`` when the event type offers it."""
    if asked is None:
        return event_type.length
    if not event_type.lengths:
        raise BookingRefused(
            400,
            "Can't specify 'lengthInMinutes' because event type does not have multiple possible lengths. Please, "
            "remove the 'lengthInMinutes' field from the request.",
        )
    if asked not in event_type.lengths:
        offered = ", ".join(str(n) for n in event_type.lengths)
        raise BookingRefused(
            400,
            f"Provided 'lengthInMinutes' is not one of the possible lengths for the event type. The possible lengths "
            f"are: {offered}",
        )
    return asked


def core_checks(event_type: EventType, request: BookingRequest) -> None:
    if event_type.settings.get("requiresBookerEmailVerification") and not request.verification_code:
        raise BookingRefused(400, "email_verification_required", bare=True)
    if event_type.seats_per_time_slot and is_recurring_event(event_type):
        raise BookingRefused(400, "recurring_event_seats_error", bare=True)


def same_attendee_booking(world: World, event_type: EventType, email: str, start: datetime) -> Booking | None:
    """getValidBookingFromEventTypeForAttendee: an unconfirmed (or round-robin) booking the booker
    already has at that start comes back instead of a new one."""
    confirmed = not rules.requires_confirmation(event_type, start, world.clock.now()) and not rules.is_paid(event_type)
    if confirmed and event_type.scheduling_type != ROUND_ROBIN:
        return None
    wanted = ACCEPTED if confirmed else PENDING
    for booking in sorted(lookups.with_attendee(world, email, wanted), key=lambda b: b.id):
        if booking.event_type_id == event_type.id and booking.start == start:
            found: Booking = booking
            return found
    return None
