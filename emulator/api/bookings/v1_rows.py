"""The v1 records in the shapes the v1 server writes them, for the booking, attendee and
booking-reference handlers, and the booking core's answer that POST /v1/bookings and the legacy
POST /v2/bookings share.

Read from apps/api/v1/lib/validations/{booking,attendee,booking-reference}.ts (Cal.com 52a5afe).

- Records are the zod public schemas over Prisma rows: a booking (schemaBookingReadPublic) with its
  attendees, organizer and payments when the handler includes them; an attendee reduced to five
  fields; a booking reference to eight. Columns the world does not keep answer with the database
  default (``deleted`` null, no payments).
- A created booking is what the booking core (handleNewBooking) returns, unwrapped: the whole row,
  the organizer with a null e-mail, full attendee rows, references, ``paymentRequired`` and
  ``isDryRun``.
"""

from __future__ import annotations

from typing import Any

from emulator.api.v1_errors import js_type, zod_error
from emulator.domain.booking_records import event_type_of
from emulator.world.clock import iso_ms
from emulator.world.models import Attendee, Booking, BookingReference, EventType, Team, User
from emulator.world.store import World


def metadata_v1(booking: Booking) -> dict[str, str] | None:
    """bookingMetadataSchema: string values only; another type fails the read (a 400, as on the server)."""
    for key, value in booking.metadata.items():
        if not isinstance(value, str):
            raise zod_error([f"invalid_type in 'metadata,{key}': Expected string, received {js_type(value)}"])
    return dict(booking.metadata)


def sorted_attendees(booking: Booking) -> list[Attendee]:
    return sorted(booking.attendees, key=lambda a: a.id)


# records ----------------------------------------------------------------------------------------------


def booking_v1(world: World, booking: Booking, *, relations: bool = True, expand_team: bool = False) -> dict[str, Any]:
    """schemaBookingReadPublic over the row; ``relations`` adds attendees, user and payment (GET and
    the list include them, PATCH does not), ``expand_team`` the event type with its team."""
    out: dict[str, Any] = {
        "id": booking.id,
        "userId": booking.user_id,
        "description": booking.description,
        "eventTypeId": booking.event_type_id,
        "uid": booking.uid,
        "title": booking.title,
        "startTime": iso_ms(booking.start),
        "endTime": iso_ms(booking.end),
    }
    if relations:
        organizer: User | None = world.find("users", booking.user_id) if booking.user_id is not None else None
        out["attendees"] = [
            {"id": a.id, "email": a.email, "name": a.name, "timeZone": a.time_zone, "locale": a.locale}
            for a in sorted_attendees(booking)
        ]
        out["user"] = (
            {
                "email": organizer.email,
                "name": organizer.name,
                "timeZone": organizer.time_zone,
                "locale": organizer.locale,
            }
            if organizer is not None
            else None
        )
    if expand_team:
        out["eventType"] = _event_type_with_team(world, event_type_of(world, booking))
    if relations:
        out["payment"] = []
    out.update(
        {
            "metadata": metadata_v1(booking),
            "status": booking.status,
            "responses": dict(booking.responses) or None,
            "fromReschedule": booking.from_reschedule,
            "cancelledBy": booking.cancelled_by,
            "rescheduledBy": booking.rescheduled_by,
            "createdAt": iso_ms(booking.created_at or booking.start),
        }
    )
    return out


def _event_type_with_team(world: World, event_type: EventType | None) -> dict[str, Any] | None:
    if event_type is None:
        return None
    team: Team | None = world.find("teams", event_type.team_id) if event_type.team_id is not None else None
    return {
        "title": event_type.title,
        "slug": event_type.slug,
        "team": {"name": team.name, "slug": team.slug} if team is not None else None,
    }


def attendee_v1(booking: Booking, attendee: Attendee) -> dict[str, Any]:
    """schemaAttendeeReadPublic."""
    return {
        "id": attendee.id,
        "bookingId": booking.id,
        "name": attendee.name,
        "email": attendee.email,
        "timeZone": attendee.time_zone,
    }


def attendee_row(booking: Booking, attendee: Attendee) -> dict[str, Any]:
    """The whole Attendee row."""
    return {
        "id": attendee.id,
        "email": attendee.email,
        "name": attendee.name,
        "timeZone": attendee.time_zone,
        "phoneNumber": attendee.phone_number,
        "locale": attendee.locale,
        "bookingId": booking.id,
        "noShow": attendee.no_show,
    }


def reference_v1(reference: BookingReference) -> dict[str, Any]:
    """schemaBookingReferenceReadPublic."""
    return {
        "id": reference.id,
        "type": reference.type,
        "bookingId": reference.booking_id,
        "uid": reference.uid,
        "meetingId": reference.meeting_id,
        "meetingPassword": reference.meeting_password,
        "meetingUrl": reference.meeting_url,
        "deleted": None,
    }


def reference_row(reference: BookingReference) -> dict[str, Any]:
    """The whole BookingReference row."""
    return {
        "id": reference.id,
        "type": reference.type,
        "uid": reference.uid,
        "meetingId": reference.meeting_id,
        "thirdPartyRecurringEventId": None,
        "meetingPassword": reference.meeting_password,
        "meetingUrl": reference.meeting_url,
        "bookingId": reference.booking_id,
        "externalCalendarId": reference.external_calendar_id,
        "deleted": None,
        "credentialId": reference.credential_id,
        "delegationCredentialId": None,
        "domainWideDelegationCredentialId": None,
    }


def references_of(world: World, booking: Booking) -> list[BookingReference]:
    found: list[BookingReference] = world.where("booking_references", lambda r: r.booking_id == booking.id)
    return sorted(found, key=lambda r: r.id)


def find_attendee(world: World, attendee_id: int) -> tuple[Booking, Attendee] | None:
    for booking in world.tables["bookings"].values():
        for attendee in booking.attendees:
            if attendee.id == attendee_id:
                return booking, attendee
    return None


def created(
    world: World,
    booking: Booking,
    *,
    source: str,
    sent: dict[str, Any],
    seat_uid: str | None = None,
    lucky: bool = False,
) -> dict[str, Any]:
    """handleNewBooking's answer for a booking it made (or found again). ``metadata`` is the caller's
    own (``sent``): the core spreads the row as it was created, before it stored the meeting link in
    the metadata, and answers that link as ``videoCallUrl`` beside it."""
    organizer: User | None = world.find("users", booking.user_id) if booking.user_id is not None else None
    video = booking.metadata.get("videoCallUrl")
    out: dict[str, Any] = {
        "id": booking.id,
        "uid": booking.uid,
        "idempotencyKey": None,
        "userId": booking.user_id,
        "userPrimaryEmail": organizer.email if organizer is not None else None,
        "eventTypeId": booking.event_type_id,
        "title": booking.title,
        "description": booking.description,
        "customInputs": {},
        "responses": dict(booking.responses),
        "startTime": iso_ms(booking.start),
        "endTime": iso_ms(booking.end),
        "location": booking.location,
        "createdAt": iso_ms(booking.created_at or booking.start),
        "updatedAt": iso_ms(booking.updated_at) if booking.updated_at else None,
        "status": booking.status,
        "paid": booking.paid,
        "destinationCalendarId": None,
        "cancellationReason": booking.cancellation_reason,
        "rejectionReason": booking.rejection_reason,
        "reassignReason": None,
        "reassignById": None,
        "dynamicEventSlugRef": None,
        "dynamicGroupSlugRef": None,
        "rescheduled": booking.rescheduled or None,
        "fromReschedule": booking.from_reschedule,
        "recurringEventId": booking.recurring_event_id,
        "smsReminderNumber": None,
        "scheduledJobs": [],
        "metadata": dict(sent),
        "isRecorded": False,
        "iCalUID": booking.ical_uid,
        "iCalSequence": 0,
        "rating": booking.rating,
        "ratingFeedback": None,
        "noShowHost": booking.no_show_host,
        "oneTimePassword": None,
        "cancelledBy": booking.cancelled_by,
        "rescheduledBy": booking.rescheduled_by,
        "creationSource": source,
        "user": {
            "email": None,
            "name": organizer.name if organizer is not None else None,
            "timeZone": organizer.time_zone if organizer is not None else "UTC",
            "username": organizer.username if organizer is not None else None,
        },
        "attendees": [attendee_row(booking, a) for a in sorted_attendees(booking)],
        "payment": [],
        "references": [reference_row(r) for r in references_of(world, booking)],
        "paymentRequired": False,
        "isDryRun": False,
    }
    if lucky and booking.user_id is not None:
        out["luckyUsers"] = [booking.user_id]
    if seat_uid is not None:
        out["seatReferenceUid"] = seat_uid
    if isinstance(video, str):
        out["videoCallUrl"] = video
    return out
