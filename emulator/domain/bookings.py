"""Making bookings: regular, seated, recurring, instant, and rescheduling them, as Cal.com's
handleNewBooking does (packages/features/bookings/lib/handleNewBooking.ts, handleSeats/,
handleNewRecurringBooking.ts, instant-meeting/handleInstantMeeting.ts) behind the v2 2024-08-13
bookings service. Cancelling, confirming and the rest are in booking_lifecycle.py.

In the server's order, for each booking:

1. The event type: one that requires authentication needs its owner, a host or an admin (401/403);
   a managed parent cannot be booked (400); custom booking fields must be answered (400); an offered
   length (400); a recurrence count no larger than the event type's (400).
2. Core checks (bare ``{statusCode, message}`` errors): e-mail verification, no seats on a recurring
   event type; then an unconfirmed (or round-robin) booking of the same attendee at the same start is
   simply returned again.
3. Bounds, limits and availability (booking_availability.py). A seated event type whose start already
   has a booking joins it instead (no availability check): 409 when the attendee has a seat already
   (bare) or no seat is left. A recurring series checks availability for its first occurrence only,
   as the server does, and every occurrence's bounds and limits.
4. Who: the owner of a personal event type; for team events the fixed hosts first, then the chosen
   round-robin host (booking_rules.lucky_order); the first is the organizer, the others attend.
5. What: title, location, status (PENDING when confirmation is required, unless the organizer
   reschedules), payment (paid event types: settled at once, or a 402 when the event type's metadata
   says ``paymentFails: true``), then the database's idempotency guard: an ACCEPTED booking with the
   same start, end and organizer is a bare 409 ``booking_conflict_error``.

Every function leaves the world and its random source as they were when it raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Concatenate, ParamSpec, TypeVar

from emulator.domain import booking_access as access
from emulator.domain import booking_availability as slots
from emulator.domain import booking_rules as rules
from emulator.domain import webhooks
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.slots import COLLECTIVE, MANAGED, ROUND_ROBIN
from emulator.world import ids
from emulator.world.models import JSON, Attendee, Booking, BookingReference, EventType, Team, User
from emulator.world.store import World

ACCEPTED, PENDING, CANCELLED, AWAITING_HOST = "ACCEPTED", "PENDING", "CANCELLED", "AWAITING_HOST"
P = ParamSpec("P")
R = TypeVar("R")


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
class _Move:
    """A reschedule: the booking it replaces."""

    original: Booking
    rescheduled_by: str | None
    owner_rescheduling: bool


@dataclass(frozen=True)
class _People:
    organizer: User
    members: list[User]  # the other hosts, who attend
    team_name: str | None


@contextmanager
def atomic(world: World) -> Iterator[None]:
    """All or nothing: the records and counters (the world's transaction) and the random draws, so
    a refused request leaves the next uid where it was."""
    state = world.rng.getstate()
    try:
        with world.transaction():
            yield
    except BaseException:
        world.rng.setstate(state)
        raise


def all_or_nothing(fn: Callable[Concatenate[World, P], R]) -> Callable[Concatenate[World, P], R]:
    """Run ``fn(world, ...)`` atomically (see atomic)."""

    def run(world: World, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with atomic(world):
            return fn(world, *args, **kwargs)

    run.__doc__, run.__name__ = fn.__doc__, fn.__name__
    return run


# lookups --------------------------------------------------------------------------------------------


def find(world: World, uid: str) -> Booking | None:
    for booking in world.tables["bookings"].values():
        if booking.uid == uid:
            found: Booking = booking
            return found
    return None


def series(world: World, recurring_id: str) -> list[Booking]:
    """The occurrences of a recurring booking, earliest first."""
    found: list[Booking] = world.where("bookings", lambda b: b.recurring_event_id == recurring_id)
    return sorted(found, key=lambda b: (b.start, b.id))


def rescheduled_to(world: World, booking: Booking) -> Booking | None:
    found: list[Booking] = world.where("bookings", lambda b: b.from_reschedule == booking.uid)
    return min(found, key=lambda b: b.id) if found else None


def event_type_of(world: World, booking: Booking) -> EventType | None:
    found: EventType | None = (
        world.find("event_types", booking.event_type_id) if booking.event_type_id is not None else None
    )
    return found


def is_recurring_event(event_type: EventType) -> bool:
    rule = event_type.recurring_event
    return rule is not None and rule.get("freq") is not None and bool(rule.get("count"))


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


def _minutes(event_type: EventType, asked: int | None) -> int:
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


def _core_checks(event_type: EventType, request: BookingRequest) -> None:
    if event_type.settings.get("requiresBookerEmailVerification") and not request.verification_code:
        raise BookingRefused(400, "email_verification_required", bare=True)
    if event_type.seats_per_time_slot and is_recurring_event(event_type):
        raise BookingRefused(400, "recurring_event_seats_error", bare=True)


def _same_attendee_booking(world: World, event_type: EventType, email: str, start: datetime) -> Booking | None:
    """getValidBookingFromEventTypeForAttendee: an unconfirmed (or round-robin) booking the booker
    already has at that start comes back instead of a new one."""
    confirmed = not rules.requires_confirmation(event_type, start, world.clock.now()) and not rules.is_paid(event_type)
    if confirmed and event_type.scheduling_type != ROUND_ROBIN:
        return None
    wanted = ACCEPTED if confirmed else PENDING
    for booking in sorted(world.all("bookings"), key=lambda b: b.id):
        if (
            booking.event_type_id == event_type.id
            and booking.start == start
            and booking.status == wanted
            and any(a.email.lower() == email.lower() for a in booking.attendees)
        ):
            found: Booking = booking
            return found
    return None


# people, attendees, records --------------------------------------------------------------------------


def _user(world: World, user_id: int | None) -> User | None:
    found: User | None = world.find("users", user_id) if user_id is not None else None
    return found


def _people(world: World, event_type: EventType, fixed: Sequence[User], lucky: User | None) -> _People:
    if event_type.scheduling_type in (COLLECTIVE, ROUND_ROBIN):
        users = [*fixed, *([lucky] if lucky is not None else [])]
        if not users:
            raise slots.unavailable(event_type)
        team: Team | None = world.find("teams", event_type.team_id) if event_type.team_id is not None else None
        shared = event_type.scheduling_type == COLLECTIVE or len(users) > 1
        return _People(users[0], users[1:], team.name if team is not None and shared else None)
    owner = _user(world, event_type.owner_id)
    if owner is None:
        raise slots.unavailable(event_type)
    return _People(owner, [], None)


def _choose(
    world: World,
    event_type: EventType,
    start: datetime,
    minutes: int,
    zone: str,
    reschedule: Booking | None = None,
) -> _People:
    """Check the start is free and pick who hosts it."""
    fixed, free = slots.free_hosts(world, event_type, start, minutes, zone, reschedule.uid if reschedule else None)
    lucky = None
    if free:
        keep = reschedule.user_id if reschedule is not None else None
        ordered = rules.lucky_order(world, event_type, free)
        lucky = next((u for u in ordered if u.id == keep), ordered[0])
    return _people(world, event_type, fixed, lucky)


def _attendee(world: World, name: str, email: str, zone: str, locale: str, phone: str | None = None) -> Attendee:
    return Attendee(world.next_id("attendees"), name, email, zone, locale=locale, phone_number=phone)


def _attendees(world: World, request: BookingRequest, people: _People, team_event: bool) -> tuple[Attendee, ...]:
    booker = request.booker
    out = [_attendee(world, booker.name, booker.email, booker.time_zone, booker.language, booker.phone)]
    hosts = {people.organizer.email.lower(), *(m.email.lower() for m in people.members)}
    for guest in request.guests:
        if team_event and guest.lower() in hosts:
            continue
        out.append(_attendee(world, "", guest, booker.time_zone, "en"))
    for member in people.members:
        out.append(_attendee(world, member.name, member.email, member.time_zone, member.locale))
    return tuple(out)


def _status(world: World, event_type: EventType, start: datetime, move: _Move | None) -> tuple[str, bool]:
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
    for booking in world.tables["bookings"].values():
        if booking.status == ACCEPTED and booking.user_id == user_id and booking.start == start and booking.end == end:
            raise BookingRefused(409, "booking_conflict_error", bare=True)


def _add_video(world: World, booking: Booking) -> Booking:
    """Cal Video: the meeting link in the booking's metadata and a daily_video reference."""
    if booking.location != rules.CAL_VIDEO:
        return booking
    url = str(booking.metadata.get("videoCallUrl") or rules.video_url(booking.uid))
    room = ids.short_uid(world.rng)
    world.insert(
        "booking_references",
        BookingReference(
            world.next_id("booking_references"), booking.id, "daily_video", room, meeting_id=room, meeting_url=url
        ),
    )
    if booking.metadata.get("videoCallUrl") == url:
        return booking
    updated: Booking = world.update("bookings", booking.id, metadata={**booking.metadata, "videoCallUrl": url})
    return updated


def _insert(world: World, draft: Booking) -> Booking:
    booking: Booking = world.insert("bookings", replace(draft, id=world.next_id("bookings")))
    return _add_video(world, booking)


# creating ---------------------------------------------------------------------------------------------


def create(world: World, request: BookingRequest) -> Made:
    """POST /v2/bookings for a regular, recurring or seated booking (instant: create_instant)."""
    with atomic(world):
        event_type = request.event_type
        check_event_type(world, request)
        rules.check_booking_fields(event_type, request.responses, request.booker.phone)
        minutes = _minutes(event_type, request.minutes)
        if is_recurring_event(event_type):
            return _create_series(world, request, minutes)
        return _create_one(world, request, minutes)


def _create_series(world: World, request: BookingRequest, minutes: int) -> Made:
    event_type = request.event_type
    rule = event_type.recurring_event or {}
    limit = int(rule.get("count") or 0)
    if request.recurrence_count and request.recurrence_count > limit:
        raise BookingRefused(400, "Provided recurrence count is higher than the event type's recurring event count.")
    _core_checks(event_type, request)
    count = request.recurrence_count or limit
    try:
        starts = rules.recurring_starts(request.start, rule, count, request.booker.time_zone)
    except (OverflowError, ValueError):  # a series running past the year 9999
        raise slots.unavailable(event_type) from None
    series_id = ids.uuid4(world.rng)
    made: list[Booking] = []
    people: _People | None = None
    for start in starts:
        slots.check_bounds(world, event_type, start, request.booker.time_zone)
        slots.check_limits(world, event_type, start, minutes)
        if people is None:  # only the first occurrence is checked for availability (numSlotsToCheckForAvailability)
            people = _choose(world, event_type, start, minutes, request.booker.time_zone)
        made.append(_book(world, request, start, minutes, people, series_id=series_id))
    for booking in made:
        webhooks.emit_created(world, booking, paid=booking.paid)
    return Made(made)


def _create_one(world: World, request: BookingRequest, minutes: int) -> Made:
    event_type, start = request.event_type, request.start
    _core_checks(event_type, request)
    again = _same_attendee_booking(world, event_type, request.booker.email, start)
    if again is not None:
        return Made([again])
    slots.check_bounds(world, event_type, start, request.booker.time_zone)
    slots.check_limits(world, event_type, start, minutes)
    if event_type.seats_per_time_slot:
        taken = seated_booking_at(world, event_type, start)
        if taken is not None:
            joined, seat = _take_seat(world, taken, request, full_message="No more seats left at this seated booking.")
            webhooks.emit_created(world, joined)
            return Made([joined], seat)
    people = _choose(world, event_type, start, minutes, request.booker.time_zone)
    booking = _book(world, request, start, minutes, people)
    webhooks.emit_created(world, booking, paid=booking.paid)
    return Made([booking], booking.attendees[0].seat_uid if event_type.seats_per_time_slot else None)


def _book(
    world: World,
    request: BookingRequest,
    start: datetime,
    minutes: int,
    people: _People,
    *,
    series_id: str | None = None,
    move: _Move | None = None,
) -> Booking:
    event_type = request.event_type
    end = start + timedelta(minutes=minutes)
    seated = bool(event_type.seats_per_time_slot)
    team_event = event_type.scheduling_type in (COLLECTIVE, ROUND_ROBIN)
    if seated:  # a seat per booker; guests and other hosts are not seated
        booker = request.booker
        attendees: tuple[Attendee, ...] = (
            _seat(world, _attendee(world, booker.name, booker.email, booker.time_zone, booker.language), request),
        )
    else:
        attendees = _attendees(world, request, people, team_event)
    location = move.original.location if move is not None and move.original.location else None
    location = location or rules.location_for_db(event_type, request.location)
    status, paid = _status(world, event_type, start, move)
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
    now = world.clock.now()
    uid = ids.short_uid(world.rng)
    notes = request.responses.get("notes")
    return _insert(
        world,
        Booking(
            id=0,
            uid=uid,
            user_id=people.organizer.id,
            event_type_id=event_type.id,
            title=title,
            start=start,
            end=end,
            status=status,
            attendees=attendees,
            description=notes if isinstance(notes, str) and notes and not seated else None,
            location=location,
            metadata=dict(request.metadata),
            responses={} if seated else dict(request.responses),
            created_at=now,
            updated_at=now,
            from_reschedule=move.original.uid if move is not None else None,
            rescheduled_by=move.rescheduled_by if move is not None else None,
            recurring_event_id=series_id or (move.original.recurring_event_id if move is not None else None),
            ical_uid=(move.original.ical_uid if move is not None else None) or f"{uid}@Cal.com",
            paid=paid,
        ),
    )


# seats --------------------------------------------------------------------------------------------------


def seated_booking_at(world: World, event_type: EventType, start: datetime) -> Booking | None:
    found: list[Booking] = world.where(
        "bookings", lambda b: b.event_type_id == event_type.id and b.start == start and b.status == ACCEPTED
    )
    return min(found, key=lambda b: b.id) if found else None


def seats_taken(booking: Booking) -> int:
    return sum(1 for a in booking.attendees if a.seat_uid)


def _seat(world: World, attendee: Attendee, request: BookingRequest) -> Attendee:
    """A seat with its own answers (a seat's stored answers always list guests) and metadata."""
    return replace(
        attendee,
        seat_uid=ids.uuid4(world.rng),
        seat_responses={"guests": [], **request.responses},
        seat_metadata=dict(request.metadata),
    )


def _take_seat(
    world: World, booking: Booking, request: BookingRequest, *, full_message: str, bare_full: bool = False
) -> tuple[Booking, str]:
    """handleSeats/createNewSeat: one more attendee on the booking that holds the start."""
    event_type = request.event_type
    if any(a.email.lower() == request.booker.email.lower() for a in booking.attendees):
        raise BookingRefused(409, "already_signed_up_for_this_booking_error", bare=True)
    if event_type.seats_per_time_slot and event_type.seats_per_time_slot <= seats_taken(booking):
        raise BookingRefused(409, full_message, bare=bare_full)
    booker = request.booker
    seat = _seat(world, _attendee(world, booker.name, booker.email, booker.time_zone, booker.language), request)
    updated: Booking = world.update(
        "bookings", booking.id, attendees=(*booking.attendees, seat), updated_at=world.clock.now()
    )
    assert seat.seat_uid is not None
    return updated, seat.seat_uid


# instant -------------------------------------------------------------------------------------------------


def create_instant(world: World, request: BookingRequest) -> Booking:
    """handleInstantMeeting: team event types only; an AWAITING_HOST Cal Video booking with no
    organizer yet, at the asked start, without availability checks."""
    with atomic(world):
        event_type = request.event_type
        check_event_type(world, request)
        if event_type.team_id is None:
            raise BookingRefused(
                400, "Instant bookings are only supported for team event types, not individual user event types."
            )
        minutes = _minutes(event_type, request.minutes)
        booker = request.booker
        attendees = [_attendee(world, booker.name, booker.email, booker.time_zone, booker.language, booker.phone)]
        attendees += [_attendee(world, "", guest, booker.time_zone, "en") for guest in request.guests]
        now = world.clock.now()
        uid = ids.short_uid(world.rng)
        notes = request.responses.get("notes")
        return _insert(
            world,
            Booking(
                id=0,
                uid=uid,
                user_id=None,
                event_type_id=event_type.id,
                title=f"Instant Meeting with {booker.name}",
                start=request.start,
                end=request.start + timedelta(minutes=minutes),
                status=AWAITING_HOST,
                attendees=tuple(attendees),
                description=notes if isinstance(notes, str) and notes else None,
                location=rules.CAL_VIDEO,
                metadata={**request.metadata, "videoCallUrl": rules.video_url(uid)},
                responses=dict(request.responses),
                created_at=now,
                updated_at=now,
                ical_uid=f"{uid}@Cal.com",
            ),
        )


# rescheduling ------------------------------------------------------------------------------------------


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
        move = _Move(original, rescheduled_by, _owner_rescheduling(world, original, rescheduled_by, attendee.email))
        _core_checks(event_type, request)
        minutes = event_type.length  # the server reschedules to the event type's length
        slots.check_bounds(world, event_type, start, attendee.time_zone)
        slots.check_limits(world, event_type, start, minutes, original.uid)
        people = _choose(world, event_type, start, minutes, attendee.time_zone, original)
        booking = _book(world, request, start, minutes, people, move=move)
        _emit_rescheduled(world, booking, original, rescheduled_by)
        return Made([booking])


def _emit_rescheduled(world: World, booking: Booking, original: Booking, rescheduled_by: str | None) -> None:
    """BOOKING_RESCHEDULED only (nothing for the old booking); REQUESTED when it must be confirmed again."""
    trigger = webhooks.BOOKING_REQUESTED if booking.status == PENDING else webhooks.BOOKING_RESCHEDULED
    webhooks.emit(world, trigger, booking, **webhooks.reschedule_extras(original, rescheduled_by))


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
        _core_checks(event_type, request)
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
        people = _choose(world, event_type, start, minutes, seat.time_zone, original)
        drop_attendee(world, find(world, uid) or original, seat)
        move = _Move(original, rescheduled_by, False)
        booking = _book(world, request, start, minutes, people, move=move)
        _emit_rescheduled(world, booking, original, rescheduled_by)
        return Made([booking], booking.attendees[0].seat_uid)
