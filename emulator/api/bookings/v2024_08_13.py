"""/v2/bookings with cal-api-version 2024-08-13: BookingsController_2024_08_13.

The rules live in emulator/domain/booking_create.py, booking_reschedule.py and booking_lifecycle.py;
bodies are read as the server's pipes read them (input.py) and answers written by output.py. Create, get,
reschedule and cancel take an optional credential (the uid is what grants access, as on the server);
the list, confirm, decline, mark-absent, reassign, calendar links and references need one. Errors come
in the envelope, or bare ``{statusCode, message}`` where Cal.com's booking core raises them.
"""

from __future__ import annotations

import math
from typing import Any

from emulator.api import params
from emulator.api import slot_formats as fmt
from emulator.api.bookings import input as pipe
from emulator.api.bookings import output as out
from emulator.api.caller import acting_user, caller_or_none
from emulator.api.registry import handles
from emulator.domain import booking_create, booking_instant, booking_records, booking_reschedule
from emulator.domain import booking_lifecycle as lifecycle
from emulator.domain.booking_list import BookingFilter, list_bookings, pagination
from emulator.domain.booking_request import Booker, BookingRequest, Made
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.pipeline.pipes import PipeProblem
from emulator.pipeline.pipes import pipe as body_checks
from emulator.world.models import Booking, EventType, User
from emulator.world.store import World

V = "BookingsController_2024_08_13_"


def ok(data: Any, status: int = 200) -> Reply:
    return Reply(status, {"status": "success", "data": data})


def _uid(ctx: RequestContext) -> str:
    return ctx.path_params["bookingUid"]


def _body(ctx: RequestContext) -> dict[str, Any]:
    """The body as the pipes get it: Express leaves ``{}`` when none came (validation.absent_body)."""
    body = ctx.body
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, "Body should be an object")
    return body


# create -----------------------------------------------------------------------------------------------


def _not_found(body: dict[str, Any]) -> ApiError:
    """handleEventTypeToBeBookedNotFound."""
    slug, org = body.get("eventTypeSlug"), body.get("organizationSlug")
    within = f" within organization {org}" if org else ""
    if body.get("username") and slug:
        return ApiError(404, f"Event type with slug {slug} belonging to user {body['username']}{within} not found.")
    if body.get("teamSlug") and slug:
        return ApiError(404, f"Event type with slug {slug} belonging to team {body['teamSlug']}{within} not found.")
    return ApiError(404, f"Event type with id {body.get('eventTypeId')} not found.")


def booked_event_type(world: World, body: dict[str, Any]) -> EventType:
    """getBookedEventType: by id, by owner's username and slug, or by team slug and slug."""
    found: EventType | None = None
    slug, org_slug = body.get("eventTypeSlug"), body.get("organizationSlug")
    if body.get("eventTypeId"):
        found = world.find("event_types", int(body["eventTypeId"]))
    elif body.get("username") and slug:
        org = fmt.organization(world, org_slug) if org_slug else None
        user = fmt.user_by_username(world, body["username"], org) if org is not None or not org_slug else None
        if user is None:
            raise ApiError(404, f"User with username {body['username']} not found")
        found = fmt.event_type_of(world, slug, owner_id=user.id)
    elif body.get("teamSlug") and slug:
        org = fmt.organization(world, org_slug) if org_slug else None
        if org_slug and org is None:
            raise ApiError(404, f"slots-input.service.ts: Organization with slug {org_slug} not found")
        team = fmt.team_by_slug(world, body["teamSlug"], org)
        if team is None:
            raise ApiError(404, f"Team with slug {body['teamSlug']} not found")
        found = fmt.event_type_of(world, slug, team_id=team.id)
    if found is None:
        raise _not_found(body)
    return found


def booking_request(body: dict[str, Any], event_type: EventType, caller: User | None) -> BookingRequest:
    """The v2 input service's transform: the booker, and the booking form answers as Cal.com stores them."""
    attendee = body["attendee"]
    email = str(attendee.get("email") or "")
    phone = attendee.get("phoneNumber")
    guests = [str(g) for g in body.get("guests") or []]
    location = body.get("location") or body.get("meetingUrl")
    pipe.check_location(location, event_type)
    choice = pipe.location_choice(location)
    asks_sms = any(f.get("name") == "smsReminderNumber" for f in event_type.booking_fields)
    answers: dict[str, Any] = {
        **(body.get("bookingFieldsResponses") or {}),
        "name": attendee["name"],
        "email": email,
        "attendeePhoneNumber": phone,
        "smsReminderNumber": phone if asks_sms else None,
        "guests": guests if "guests" in body else None,
        "location": choice,
    }
    start = fmt.parse_iso(str(body["start"]))
    assert start is not None  # the pipe checked it
    return BookingRequest(
        event_type=event_type,
        start=start,
        booker=Booker(
            str(attendee["name"]), email, str(attendee["timeZone"]), str(attendee.get("language") or "en"), phone
        ),
        minutes=int(body["lengthInMinutes"]) if body.get("lengthInMinutes") is not None else None,
        guests=tuple(guests),
        location=choice,
        metadata=dict(body.get("metadata") or {}),
        responses={k: v for k, v in answers.items() if v is not None},
        recurrence_count=int(body["recurrenceCount"]) if body.get("recurrenceCount") is not None else None,
        caller=caller,
        verification_code=body.get("emailVerificationCode"),
    )


def made_output(world: World, made: Made, viewer: User | None, *, series: bool) -> Any:
    if series:
        return [out.recurring(world, b) for b in sorted(made.bookings, key=lambda b: b.start)]
    return out.created(world, made.bookings[0], made.seat_uid, viewer)


@body_checks(V + "createBooking")
def create_checks(body: dict[str, Any]) -> list[PipeProblem]:
    return pipe.as_pipe(pipe.create_problems(body))


@body_checks(V + "rescheduleBooking")
def reschedule_checks(body: dict[str, Any]) -> list[PipeProblem]:
    return pipe.as_pipe(pipe.reschedule_problems(body))


@handles(V + "createBooking")
def create_booking(ctx: RequestContext) -> Reply:
    world, body, caller = ctx.runtime.world, _body(ctx), caller_or_none(ctx)
    shape = pipe.check_create(body)
    event_type = booked_event_type(world, body)
    request = booking_request(body, event_type, caller)
    if shape == "instant":
        return ok(out.regular(world, booking_instant.create_instant(world, request)), 201)
    made = booking_create.create(world, request)
    return ok(made_output(world, made, caller, series=booking_records.is_recurring_event(event_type)), 201)


# read --------------------------------------------------------------------------------------------------


def read_uid(world: World, uid: str, viewer: User | None) -> Any:
    """getBooking: a booking, or every occurrence of a recurring booking's uid."""
    booking = booking_records.find(world, uid)
    if booking is not None:
        return out.read(world, booking, viewer)
    occurrences = booking_records.series(world, uid)
    if not occurrences:
        raise ApiError(404, f"Booking with uid={uid} was not found in the database")
    return [out.read(world, b, viewer) for b in occurrences]


@handles(V + "getBooking")
def get_booking(ctx: RequestContext) -> Reply:
    return ok(read_uid(ctx.runtime.world, _uid(ctx), caller_or_none(ctx)))


def _ids(ctx: RequestContext, name: str) -> tuple[int, ...]:
    """Comma-separated ids, each read with parseInt as the server's transform does."""
    raw = params.query(ctx, name)
    if raw is None:
        return ()
    numbers = [fmt.parse_int(part) for part in str(raw).split(",")]
    if any(n is None or math.isnan(n) for n in numbers):
        raise fmt.pipe_error(
            name, numbers, "isNumber", f"each value in {name} must be a number conforming to the specified constraints"
        )
    return tuple(int(n) for n in numbers if n is not None)


def _one_id(ctx: RequestContext, name: str) -> tuple[int, ...]:
    raw = params.query(ctx, name)
    if raw is None:
        return ()
    number = fmt.parse_int(str(raw))
    if number is None or math.isnan(number) or str(raw).strip() != str(int(number)):
        raise fmt.pipe_error(name, raw, "isInt", f"{name} must be an integer number")
    return (int(number),)


def _date(ctx: RequestContext, name: str, message: str) -> Any:
    raw = params.query(ctx, name)
    if raw is None:
        return None
    moment = fmt.parse_iso(str(raw))
    if moment is None:
        raise fmt.pipe_error(name, raw, "isIso8601", message)
    return moment


def _count(ctx: RequestContext, name: str, default: int, low: int, high: int | None) -> int:
    raw = params.query(ctx, name)
    if raw is None:
        return default
    number = fmt.parse_int(str(raw))
    if number is None or math.isnan(number):
        raise fmt.pipe_error(name, raw, "isNumber", f"{name} must be a number conforming to the specified constraints")
    if number < low:
        raise fmt.pipe_error(name, number, "min", f"{name} must not be less than {low}")
    if high is not None and number > high:
        raise fmt.pipe_error(name, number, "max", f"{name} must not be greater than {high}")
    return int(number)


def booking_filter(ctx: RequestContext) -> BookingFilter:
    """GetBookingsInput_2024_08_13 after its transforms."""
    statuses = params.query(ctx, "status") or []
    if isinstance(statuses, str):
        statuses = [s.strip() for s in statuses.split(",")]
    email = params.query(ctx, "attendeeEmail")
    sort = None
    for name, field in (
        ("sortStart", "start"),
        ("sortEnd", "end"),
        ("sortCreated", "created"),
        ("sortUpdatedAt", "updated"),
    ):
        if params.query(ctx, name) and sort is None:
            sort = (field, str(params.query(ctx, name)))
    since, until = "fromDate must be a valid ISO 8601 date.", "toDate must be a valid ISO 8601 date."
    return BookingFilter(
        statuses=tuple(statuses),
        attendee_email="+".join(str(email).split()) if email else None,
        attendee_name=params.query(ctx, "attendeeName"),
        booking_uid=params.query(ctx, "bookingUid"),
        event_type_ids=_ids(ctx, "eventTypeIds") or _one_id(ctx, "eventTypeId"),
        team_ids=_ids(ctx, "teamsIds") or _one_id(ctx, "teamId"),
        after_start=_date(ctx, "afterStart", since),
        before_end=_date(ctx, "beforeEnd", until),
        after_created=_date(ctx, "afterCreatedAt", since),
        before_created=_date(ctx, "beforeCreatedAt", until),
        after_updated=_date(ctx, "afterUpdatedAt", since),
        before_updated=_date(ctx, "beforeUpdatedAt", until),
        sort=sort,
        take=_count(ctx, "take", 100, 1, 250),
        skip=_count(ctx, "skip", 0, 0, None),
    )


@handles(V + "getBookings")
def get_bookings(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    wanted = booking_filter(ctx)
    page, total = list_bookings(world, user, wanted)
    data = [out.read(world, b, user, listed=True) for b in page]
    return Reply(200, {"status": "success", "data": data, "pagination": pagination(wanted.skip, wanted.take, total)})


# reschedule and cancel -----------------------------------------------------------------------------------


@handles(V + "rescheduleBooking")
def reschedule_booking(ctx: RequestContext) -> Reply:
    world, body, caller, uid = ctx.runtime.world, _body(ctx), caller_or_none(ctx), _uid(ctx)
    seated = pipe.check_reschedule(body)
    start = fmt.parse_iso(str(body["start"]))
    assert start is not None
    by = body.get("rescheduledBy")
    if seated:
        made = booking_reschedule.reschedule_seat(world, uid, str(body["seatUid"]), start, rescheduled_by=by)
    else:
        made = booking_reschedule.reschedule(
            world, uid, start, reason=body.get("reschedulingReason"), rescheduled_by=by, caller=caller
        )
    return ok(out.created(world, made.bookings[0], made.seat_uid, caller), 201)


@handles(V + "cancelBooking")
def cancel_booking(ctx: RequestContext) -> Reply:
    world, body, caller, uid = ctx.runtime.world, _body(ctx), caller_or_none(ctx), _uid(ctx)
    seated = pipe.check_cancel(body)
    done = lifecycle.cancel(
        world,
        uid,
        reason=body.get("cancellationReason"),
        subsequent=bool(body.get("cancelSubsequentBookings")),
        seat_uid=str(body["seatUid"]) if seated else None,
        caller=caller,
    )
    return ok(read_uid(world, done.series_of or done.uid, caller))


# host decisions ------------------------------------------------------------------------------------------


@handles(V + "confirmBooking")
def confirm_booking(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    lifecycle.confirm(world, _uid(ctx), user)
    return ok(read_uid(world, _uid(ctx), user))


@handles(V + "declineBooking")
def decline_booking(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    lifecycle.decline(world, _uid(ctx), user, body.get("reason"))
    return ok(read_uid(world, _uid(ctx), user))


@handles(V + "markNoShow")
def mark_no_show(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    pipe.check_mark_absent(body)
    absences = [lifecycle.Absence(str(a["email"]), bool(a["absent"])) for a in body.get("attendees") or []]
    booking = lifecycle.mark_absent(world, _uid(ctx), user, host=body.get("host"), attendees=absences)
    return ok(out.recurring(world, booking) if booking.recurring_event_id else out.regular(world, booking))


@handles(V + "reassignBooking")
def reassign_booking(ctx: RequestContext) -> Reply:
    acting_user(ctx)
    done = lifecycle.reassign(ctx.runtime.world, _uid(ctx))
    return ok(out.reassigned(done.booking, done.to))


@handles(V + "reassignBookingToUser")
def reassign_booking_to_user(ctx: RequestContext) -> Reply:
    acting_user(ctx)
    raw = ctx.path_params["userId"]
    number = fmt.parse_int(raw)
    if number is None or math.isnan(number):
        raise ApiError(400, "Validation failed (numeric string is expected)")
    done = lifecycle.reassign_to(ctx.runtime.world, _uid(ctx), int(number))
    return ok(out.reassigned(done.booking, done.to))


# links, references, recordings ---------------------------------------------------------------------------


def _booking_or_404(world: World, uid: str, message: str) -> Booking:
    booking = booking_records.find(world, uid)
    if booking is None:
        raise ApiError(404, message)
    return booking


@handles(V + "getCalendarLinks")
def get_calendar_links(ctx: RequestContext) -> Reply:
    world, uid = ctx.runtime.world, _uid(ctx)
    acting_user(ctx)
    booking = _booking_or_404(world, uid, f"Booking with uid {uid} not found")
    event_type = booking_records.event_type_of(world, booking)
    if event_type is None:
        raise ApiError(400, f"Booking with uid {uid} has no event type")
    return ok(out.calendar_links(world, booking, event_type))


@handles(V + "getBookingReferences")
def get_booking_references(ctx: RequestContext) -> Reply:
    world, uid, user = ctx.runtime.world, _uid(ctx), acting_user(ctx)
    booking = _booking_or_404(world, uid, f"Booking with uid {uid} not found")
    if booking.user_id != user.id:
        raise ApiError(400, f"Booking with uid {uid} does not belong to user")
    kind = params.query(ctx, "type")
    found = world.where("booking_references", lambda r: r.booking_id == booking.id and (not kind or r.type == kind))
    return ok([out.reference(r) for r in sorted(found, key=lambda r: r.id)])


def _video_room(world: World, uid: str) -> None:
    """Recordings and transcripts need the booking's Cal Video room; the emulator records none."""
    booking = _booking_or_404(world, uid, f"Booking with uid={uid} was not found in the database")
    if not world.where("booking_references", lambda r: r.booking_id == booking.id and r.type == "daily_video"):
        raise ApiError(404, f"No Cal Video reference found with booking uid {uid}")


@handles(V + "getBookingRecordings")
def get_booking_recordings(ctx: RequestContext) -> Reply:
    _video_room(ctx.runtime.world, _uid(ctx))
    return ok([])


@handles(V + "getBookingTranscripts")
def get_booking_transcripts(ctx: RequestContext) -> Reply:
    _video_room(ctx.runtime.world, _uid(ctx))
    return ok([])
