"""What the v1 booking, attendee and booking-reference handlers share: who a v1 API key may act for,
and the records in the shapes the v1 server writes them.

Read from apps/api/v1/lib/utils/{isAdmin,retrieveScopedAccessibleUsers}.ts, pages/api/bookings/[id]/
_auth-middleware.ts and lib/validations/{booking,attendee,booking-reference}.ts (Cal.com 52a5afe).

- A system-wide admin is a user with role ADMIN. An organization owner or admin (an accepted OWNER or
  ADMIN membership of an organization with the Admin API on) reaches the other members of that
  organization.
- Records are the zod public schemas over Prisma rows: a booking (schemaBookingReadPublic) with its
  attendees, organizer and payments when the handler includes them; an attendee reduced to five
  fields; a booking reference to eight. Columns the world does not keep answer with the database
  default (``deleted`` null, no payments).
- A created booking is what the booking core (handleNewBooking) returns, unwrapped: the whole row,
  the organizer with a null e-mail, full attendee rows, references, ``paymentRequired`` and
  ``isDryRun``. POST /v1/bookings and the legacy POST /v2/bookings both answer it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from emulator.api import slot_formats as fmt
from emulator.domain import booking_availability as slots
from emulator.domain import bookings
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.bookings import Booker, BookingRequest, event_type_of
from emulator.domain.schedules import is_time_zone
from emulator.pipeline.errors import ApiError
from emulator.world.clock import iso_ms
from emulator.world.models import Attendee, Booking, BookingReference, EventType, Team, User
from emulator.world.store import World

PRISMA_REDACTED = "An error occurred while querying the database."
ADMIN_ROLES = ("OWNER", "ADMIN")
# packages/lib/emailSchema.ts
EMAIL = re.compile(r"^(?!\.)(?!.*\.\.)([A-Z0-9_+\-.']*)[A-Z0-9_+'-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$", re.IGNORECASE)


# who ------------------------------------------------------------------------------------------------


def is_system_admin(user: User) -> bool:
    return user.role == "ADMIN"


def _admin_orgs(world: World, user: User, *, admin_api: bool) -> list[int]:
    found = []
    for membership in sorted(world.where("memberships", lambda m: m.user_id == user.id), key=lambda m: m.id):
        team: Team | None = world.find("teams", membership.team_id)
        if team is None or not team.is_organization or not membership.accepted or membership.role not in ADMIN_ROLES:
            continue
        if admin_api and not team.admin_api:
            continue
        found.append(team.id)
    return found


def is_org_admin(world: World, user: User) -> bool:
    """isAdminGuard's OrgOwnerOrAdmin scope (a system admin is the other scope)."""
    return not is_system_admin(user) and bool(_admin_orgs(world, user, admin_api=True))


def _members(world: World, org_id: int) -> list[int]:
    rows = world.where("memberships", lambda m: m.team_id == org_id and m.accepted)
    return [m.user_id for m in sorted(rows, key=lambda m: m.id)]


def accessible_users(world: World, admin: User, member_ids: list[int]) -> list[int]:
    """getAccessibleUsers: those of ``member_ids`` in the organization the caller administers (the
    caller excluded)."""
    orgs = _admin_orgs(world, admin, admin_api=False)
    if not orgs:
        return []
    members = set(_members(world, orgs[0]))
    return [uid for uid in dict.fromkeys(member_ids) if uid in members and uid != admin.id]


def org_scoped_users(world: World, admin: User) -> list[int]:
    """retrieveOrgScopedAccessibleUsers: every accepted member of the caller's organization."""
    orgs = _admin_orgs(world, admin, admin_api=False)
    return _members(world, orgs[0]) if orgs else []


def team_admin(world: World, user: User, team_id: int | None) -> bool:
    if team_id is None:
        return False
    return bool(
        world.where(
            "memberships",
            lambda m: m.team_id == team_id and m.user_id == user.id and m.accepted and m.role in ADMIN_ROLES,
        )
    )


def check_booking_access(world: World, user: User, booking_id: int) -> None:
    """The /bookings/{id} auth middleware: organizer, attendee (by e-mail), owner of the event type or
    OWNER/ADMIN of its team; a system admin always, an organization admin for the members' bookings.
    Anything else, a booking that does not exist included, is 403."""
    if is_system_admin(user):
        return
    booking: Booking | None = world.find("bookings", booking_id)
    if booking is None:
        raise ApiError(403, "You are not authorized")
    if is_org_admin(world, user) and booking.user_id and accessible_users(world, user, [booking.user_id]):
        return
    if booking.user_id == user.id or any(a.email == user.email for a in booking.attendees):
        return
    event_type = event_type_of(world, booking)
    if event_type is not None and (event_type.owner_id == user.id or team_admin(world, user, event_type.team_id)):
        return
    raise ApiError(403, "You are not authorized")


# zod-like checks --------------------------------------------------------------------------------------


def js_type(value: Any) -> str:
    """The type name zod reports as "received"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def zod_error(issues: list[str]) -> ApiError:
    """A ZodError as defaultResponder answers it: 400, the issues joined by '; '."""
    return ApiError(400, "; ".join(issues))


def unrecognized(body: dict[str, Any], allowed: tuple[str, ...]) -> str | None:
    extra = [k for k in body if k not in allowed]
    return "Unrecognized key(s) in object: " + ", ".join(f"'{k}'" for k in extra) if extra else None


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
    world: World, booking: Booking, *, source: str, seat_uid: str | None = None, lucky: bool = False
) -> dict[str, Any]:
    """handleNewBooking's answer for a booking it made (or found again)."""
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
        "metadata": dict(booking.metadata),
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


# the booking core (handleNewBooking) -------------------------------------------------------------------

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


def book(world: World, request: BookingRequest, body: dict[str, Any]) -> bookings.Made:
    """handleNewBooking: a reschedule when the body names ``rescheduleUid`` (of one seat, with
    ``seatReferenceUid``), else a new booking (a whole series for a recurring event type)."""
    uid = body.get("rescheduleUid")
    if uid and body.get("seatReferenceUid"):
        return bookings.reschedule_seat(
            world, str(uid), str(body["seatReferenceUid"]), request.start, rescheduled_by=body.get("rescheduledBy")
        )
    if uid:
        return bookings.reschedule(
            world,
            str(uid),
            request.start,
            reason=request.responses.get("rescheduleReason"),
            rescheduled_by=body.get("rescheduledBy"),
            caller=request.caller,
        )
    return bookings.create(world, request)
