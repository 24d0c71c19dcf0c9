"""The booking core (handleNewBooking) as POST /v1/bookings and the legacy 2024-04-15 controller call
it directly: a booking-core body (start, timeZone, language, metadata, responses, ...) checked and
read as the domain's request, booked (or rescheduled), and the domain's refusals in the core's own
wording.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.api import slot_formats as fmt
from emulator.api.v1_errors import EMAIL, zod_error
from emulator.domain import booking_availability as slots
from emulator.domain import booking_create, booking_reschedule, private_links
from emulator.domain.booking_request import Booker, BookingRequest, Made
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.schedules import is_time_zone
from emulator.world.models import EventType, User
from emulator.world.store import World

# The domain words its refusals as the v2 2024-08-13 service does; the core (which v1 and the legacy
# controller call directly) says them with its own error codes.
_CORE_WORDING = {
    slots.USER_UNAVAILABLE: (400, "no_available_users_found_error"),
    slots.HOSTS_UNAVAILABLE: (400, "no_available_users_found_error"),
    slots.OUT_OF_BOUNDS: (400, "booking_time_out_of_bounds_error"),
    "No more seats left at this seated booking.": (409, "booking_seats_full_error"),
}


def core_refusal(refused: BookingRefused) -> tuple[int, str]:
    """(status, message) of a domain refusal as the booking core reports it."""
    if refused.message in _CORE_WORDING:
        return _CORE_WORDING[refused.message]
    if refused.message.startswith("Can't reschedule booking with uid="):
        return 400, "cancelled_bookings_cannot_be_rescheduled"
    if refused.message.startswith("Booking with uid=") and refused.message.endswith(" not found"):
        return 404, "Could not find original booking"
    return refused.status, refused.message


def _full_name(name: Any) -> str:
    if isinstance(name, dict):
        return " ".join(str(p) for p in (name.get("firstName"), name.get("lastName")) if p)
    return str(name or "")


def _check_core_body(body: dict[str, Any]) -> datetime:
    """The parts of bookingCreateBodySchema the request layer does not check: the start, the time
    zone, a rescheduler's e-mail. Returns the start."""
    issues = []
    start = fmt.parse_iso(str(body.get("start", "")))
    if start is None:
        issues.append("custom in 'start': Invalid ISO Date")
    if not is_time_zone(str(body.get("timeZone", ""))):
        issues.append("custom in 'timeZone': Invalid timezone. Must be a valid IANA timezone string.")
    rescheduled_by = body.get("rescheduledBy")
    if rescheduled_by is not None and not EMAIL.match(str(rescheduled_by)):
        issues.append("invalid_string in 'rescheduledBy': Invalid email")
    if issues or start is None:
        raise zod_error(issues)
    return start


def _minutes(body: dict[str, Any], event_type: EventType, start: datetime) -> int | None:
    """validateEventLength: an ``end`` must make one of the event type's lengths."""
    if body.get("end") is None:
        return None
    end = fmt.parse_iso(str(body["end"]))
    minutes = int((end - start).total_seconds() // 60) if end is not None else -1
    if minutes not in (event_type.lengths or (event_type.length,)):
        raise BookingRefused(400, "Invalid event length")
    return minutes if event_type.lengths else None


def core_request(body: dict[str, Any], event_type: EventType, caller: User | None) -> BookingRequest:
    """A booking-core body (start, timeZone, language, metadata, responses, ...) as the domain's request."""
    start = _check_core_body(body)
    answers = dict(body.get("responses") or {})
    name = _full_name(answers.get("name"))
    answers["name"] = name
    guests = answers.get("guests")
    location = answers.get("location")
    phone = answers.get("attendeePhoneNumber")
    return BookingRequest(
        event_type=event_type,
        start=start,
        booker=Booker(
            name,
            str(answers.get("email") or ""),
            str(body["timeZone"]),
            str(body.get("language") or "en"),
            str(phone) if phone else None,
        ),
        minutes=_minutes(body, event_type, start),
        guests=tuple(str(g) for g in guests) if isinstance(guests, list) else (),
        location=dict(location) if isinstance(location, dict) else None,
        metadata=dict(body.get("metadata") or {}),
        responses=answers,
        recurrence_count=int(body["recurringCount"]) if isinstance(body.get("recurringCount"), int) else None,
        caller=caller,
    )


def private_link(body: dict[str, Any]) -> str | None:
    """The private link a core body books through: ``hashedLink``, counted only with ``hasHashedBookingLink``."""
    link = body.get("hashedLink")
    return link if body.get("hasHashedBookingLink") is True and isinstance(link, str) and link else None


def book(world: World, request: BookingRequest, body: dict[str, Any]) -> Made:
    """handleNewBooking, through a live private link when the body names one (domain/private_links.py):
    the link is checked first and used once after."""
    link = private_link(body)
    if link is not None:
        private_links.check_usable(world, link)
    made = _book(world, request, body)
    if link is not None:
        private_links.count_use(world, link)
    return made


def _book(world: World, request: BookingRequest, body: dict[str, Any]) -> Made:
    """A reschedule when the body names ``rescheduleUid`` (of one seat, with ``seatReferenceUid``),
    else a new booking (a whole series for a recurring event type)."""
    uid = body.get("rescheduleUid")
    if uid and body.get("seatReferenceUid"):
        return booking_reschedule.reschedule_seat(
            world, str(uid), str(body["seatReferenceUid"]), request.start, rescheduled_by=body.get("rescheduledBy")
        )
    if uid:
        return booking_reschedule.reschedule(
            world,
            str(uid),
            request.start,
            reason=request.responses.get("rescheduleReason"),
            rescheduled_by=body.get("rescheduledBy"),
            caller=request.caller,
        )
    return booking_create.create(world, request)
