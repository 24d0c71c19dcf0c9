"""What the legacy 2024-04-15 bookings controller answers with (bookings/legacy.py holds its handlers):
the list's rows (getAllUserBookings' selection, the event type's columns, attendees as the viewer may
see them, seat references, the rescheduler) and the caller's recurring series, a booking by uid
(getBookingInfo, answers rebuilt from the attendees when the booking has none), and a booking for
rescheduling (getBookingForReschedule, a seat's view of it).
"""

from __future__ import annotations

from typing import Any

from emulator.api.bookings.v1_rows import attendee_row, reference_row, references_of, sorted_attendees
from emulator.api.event_types.row import event_type_row
from emulator.domain import booking_records
from emulator.world.clock import iso_ms
from emulator.world.models import Attendee, Booking, EventType, Team, User
from emulator.world.store import World

# Columns of the event type the list selects (get.handler.ts).
LIST_EVENT_TYPE = ("slug", "id", "title", "eventName", "price", "recurringEvent", "currency", "metadata",
                   "disableGuests", "seatsShowAttendees", "seatsShowAvailabilityCount", "eventTypeColor",
                   "customReplyToEmail", "allowReschedulingPastBookings", "hideOrganizerEmail", "disableCancelling",
                   "disableRescheduling", "schedulingType", "length")  # fmt: skip


def find_user(world: World, user_id: int | None) -> User | None:
    found: User | None = world.find("users", user_id) if user_id is not None else None
    return found


# list -------------------------------------------------------------------------------------------------


def _event_type_part(world: World, event_type: EventType | None) -> dict[str, Any]:
    if event_type is None:
        return {"recurringEvent": None, "eventTypeColor": None, "price": 0, "currency": "usd", "metadata": {}}
    row = event_type_row(world, event_type)
    out = {key: row[key] for key in LIST_EVENT_TYPE}
    out["disableCancelling"] = bool(event_type.settings.get("disableCancelling", False))
    out["disableRescheduling"] = bool(event_type.settings.get("disableRescheduling", False))
    out["metadata"] = row["metadata"] or {}
    out["price"] = event_type.price or 0
    out["currency"] = event_type.currency or "usd"
    hosts = []
    for host in event_type.hosts:
        user = find_user(world, host.user_id)
        hosts.append({"userId": host.user_id, "user": {"id": user.id, "email": user.email} if user else None})
    out["hosts"] = hosts
    team: Team | None = world.find("teams", event_type.team_id) if event_type.team_id is not None else None
    out["team"] = {"id": team.id, "name": team.name, "slug": team.slug} if team is not None else None
    out["hostGroups"] = []
    return out


def _hosts_booking(world: World, booking: Booking, event_type: EventType | None, viewer: User) -> bool:
    """checkIfUserIsHost: the organizer, or a host of the event type who attends."""
    if booking.user_id == viewer.id:
        return True
    if event_type is None:
        return False
    emails = {a.email for a in booking.attendees}
    return any(h.user_id == viewer.id and viewer.email in emails for h in event_type.hosts)


def _rescheduler(world: World, booking: Booking) -> str | None:
    if not booking.from_reschedule:
        return None
    earlier = booking_records.find(world, booking.from_reschedule)
    return earlier.rescheduled_by if earlier is not None else None


def list_entry(world: World, booking: Booking, viewer: User) -> dict[str, Any]:
    """One row of getBookings."""
    event_type = booking_records.event_type_of(world, booking)
    organizer = find_user(world, booking.user_id)
    attendees = sorted_attendees(booking)
    seats = [a for a in attendees if a.seat_uid]
    shown = event_type is not None and event_type.seats_show_attendees
    if seats and not shown and not _hosts_booking(world, booking, event_type, viewer):
        attendees = [a for a in attendees if a.email == viewer.email]
    return {
        "id": booking.id,
        "title": booking.title,
        "userPrimaryEmail": organizer.email if organizer is not None else None,
        "description": booking.description,
        "customInputs": None,
        "startTime": iso_ms(booking.start),
        "createdAt": iso_ms(booking.created_at or booking.start),
        "updatedAt": iso_ms(booking.updated_at) if booking.updated_at else None,
        "endTime": iso_ms(booking.end),
        "metadata": dict(booking.metadata),
        "uid": booking.uid,
        "responses": dict(booking.responses) or None,
        "recurringEventId": booking.recurring_event_id,
        "location": booking.location,
        "status": booking.status,
        "paid": booking.paid,
        "fromReschedule": booking.from_reschedule,
        "rescheduled": booking.rescheduled or None,
        "isRecorded": False,
        "routedFromRoutingFormReponse": None,
        "eventType": _event_type_part(world, event_type),
        "references": [reference_row(r) for r in references_of(world, booking)],
        "payment": [],
        "user": {"id": organizer.id, "name": organizer.name, "email": organizer.email} if organizer else None,
        "attendees": [attendee_row(booking, a) for a in attendees],
        "seatsReferences": [{"referenceUid": a.seat_uid, "attendee": {"email": a.email}} for a in seats],
        "assignmentReason": [],
        "rescheduler": _rescheduler(world, booking),
    }


def recurring_info(world: World, user: User) -> list[dict[str, Any]]:
    """The caller's recurring series: how many occurrences, the first start, the starts by status."""
    series: dict[str, list[Booking]] = {}
    for booking in sorted(world.all("bookings"), key=lambda b: b.id):
        if booking.user_id == user.id and booking.recurring_event_id:
            series.setdefault(booking.recurring_event_id, []).append(booking)
    out = []
    for series_id, occurrences in series.items():
        by_status: dict[str, list[str]] = {
            s: [] for s in ("ACCEPTED", "CANCELLED", "REJECTED", "PENDING", "AWAITING_HOST")
        }
        for b in sorted(occurrences, key=lambda b: b.start):
            by_status.setdefault(b.status, []).append(iso_ms(b.start))
        first = min(b.start for b in occurrences)
        out.append(
            {
                "recurringEventId": series_id,
                "count": len(occurrences),
                "firstDate": iso_ms(first),
                "bookings": by_status,
            }
        )
    return out


# one booking ------------------------------------------------------------------------------------------


def _answers(booking: Booking) -> dict[str, Any]:
    """getBookingWithResponses: the stored answers, or ones rebuilt from the attendees."""
    if booking.responses:
        return dict(booking.responses)
    attendees = sorted_attendees(booking)
    return {
        "name": attendees[0].name if attendees and attendees[0].name else "Nameless",
        "email": attendees[0].email if attendees else "",
        "guests": [a.email for a in attendees[1:]],
        "notes": booking.description or "",
        "location": {"value": booking.location or "", "optionValue": booking.location or ""},
    }


def booking_info(world: World, booking: Booking) -> dict[str, Any]:
    """getBookingInfo (getUserBooking's selection)."""
    organizer = find_user(world, booking.user_id)
    event_type = booking_records.event_type_of(world, booking)
    return {
        "title": booking.title,
        "id": booking.id,
        "uid": booking.uid,
        "description": booking.description,
        "customInputs": None,
        "smsReminderNumber": None,
        "recurringEventId": booking.recurring_event_id,
        "startTime": iso_ms(booking.start),
        "endTime": iso_ms(booking.end),
        "location": booking.location,
        "status": booking.status,
        "metadata": dict(booking.metadata),
        "cancellationReason": booking.cancellation_reason,
        "cancelledBy": booking.cancelled_by,
        "responses": _answers(booking),
        "rejectionReason": booking.rejection_reason,
        "userPrimaryEmail": organizer.email if organizer is not None else None,
        "fromReschedule": booking.from_reschedule,
        "rescheduled": booking.rescheduled or None,
        "rescheduledBy": booking.rescheduled_by,
        "user": (
            {
                "id": organizer.id,
                "name": organizer.name,
                "email": organizer.email,
                "username": organizer.username,
                "timeZone": organizer.time_zone,
                "avatarUrl": organizer.avatar_url,
            }
            if organizer is not None
            else None
        ),
        "attendees": [
            {"name": a.name, "email": a.email, "timeZone": a.time_zone, "phoneNumber": a.phone_number}
            for a in sorted_attendees(booking)
        ],
        "eventTypeId": booking.event_type_id,
        "eventType": (
            {
                "eventName": event_type.settings.get("eventName"),
                "slug": event_type.slug,
                "timeZone": event_type.settings.get("timeZone"),
                "schedulingType": event_type.scheduling_type,
                "hideOrganizerEmail": bool(event_type.settings.get("hideOrganizerEmail", False)),
            }
            if event_type is not None
            else None
        ),
        "seatsReferences": [{"referenceUid": a.seat_uid} for a in sorted_attendees(booking) if a.seat_uid],
        "tracking": None,
    }


def _seat_row(booking: Booking, attendee: Attendee) -> dict[str, Any] | None:
    if not attendee.seat_uid:
        return None
    return {
        "id": attendee.id,
        "referenceUid": attendee.seat_uid,
        "bookingId": booking.id,
        "attendeeId": attendee.id,
        "data": {"responses": dict(attendee.seat_responses)},
        "metadata": dict(attendee.seat_metadata),
    }


def reschedule_info(world: World, booking: Booking, seat: Attendee | None) -> dict[str, Any]:
    """getBookingForReschedule's selection: the booking, or (for ``seat``) what that seat's attendee
    may see of it."""
    event_type = booking_records.event_type_of(world, booking)
    attendees = [a for a in sorted_attendees(booking) if seat is None or a.email == seat.email]
    return {
        "id": booking.id,
        "uid": booking.uid,
        "startTime": iso_ms(booking.start),
        "endTime": iso_ms(booking.end),
        "description": None if seat is not None else booking.description,
        "customInputs": None,
        "responses": dict(seat.seat_responses) if seat is not None else _answers(booking),
        "smsReminderNumber": None,
        "location": booking.location,
        "eventTypeId": booking.event_type_id,
        "status": booking.status,
        "eventType": (
            {"disableRescheduling": bool(event_type.settings.get("disableRescheduling", False))}
            if event_type is not None
            else None
        ),
        "attendees": [{"email": a.email, "name": a.name, "bookingSeat": _seat_row(booking, a)} for a in attendees],
        "user": {"id": booking.user_id} if booking.user_id is not None else None,
    }
