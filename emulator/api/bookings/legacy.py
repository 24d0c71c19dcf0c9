"""/v2/bookings without a version (or 2024-04-15, -06-11, -06-14): BookingsController_2024_04_15
(apps/api/v2/src/ee/bookings/2024-04-15/controllers/bookings.controller.ts), over the same world the
2024-08-13 bookings and v1 read.

- List: the web app's booking list (getAllUserBookings, domain/booking_list.py) for one status
  (default ``upcoming``), ``filters[eventTypeIds][]``, ``filters[userIds][]`` (the caller alone, or
  members of teams they administer; otherwise the tRPC 403), ``limit``/``cursor`` as an offset;
  ``filters[teamsIds][]`` is validated and ignored, as on the server (it reads ``teamIds``). Each entry
  is the list row: upper-case status, event type, references, organizer, attendees (a seated booking
  shows only the caller's seat unless the event shows attendees or the caller hosts), seat
  references; ``recurringInfo`` sums up the caller's recurring series.
- By uid (public): getBookingInfo, answers rebuilt from the attendees when the booking has none;
  for rescheduling, getBookingForReschedule (a seated booking only by a seat's uid).
- Create, recurring, instant, cancel: the booking core through the domain, its errors in the
  standard envelope as ``HttpException`` with the core's status and wording.
- Mark no-show: handleMarkNoShow. Its refusals (not the caller's booking, before the start) are
  answered with their own status, where the server wraps every failure into a 500.

The answers' shapes (list rows, booking info, the booking for rescheduling) are in legacy_output.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import Any

from emulator.api import params
from emulator.api.bookings import booking_core as core
from emulator.api.bookings.legacy_output import booking_info, find_user, list_entry, recurring_info, reschedule_info
from emulator.api.bookings.v1_rows import created
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import team_admin
from emulator.domain import (
    booking_access,
    booking_instant,
    booking_lifecycle,
    booking_records,
    booking_request,
    booking_seats,
)
from emulator.domain.booking_list import BookingFilter, list_bookings
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.slot_hosts import ROUND_ROBIN
from emulator.pipeline import credentials
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world import ids
from emulator.world.clock import iso_ms
from emulator.world.models import Attendee, Booking, EventType, User
from emulator.world.store import World

STATUSES = ("upcoming", "recurring", "past", "cancelled", "unconfirmed")
ARRAY_FILTERS = ("teamsIds", "userIds", "eventTypeIds")
NUMERIC = re.compile(
    r"\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?Infinity|0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+)\s*"
)
SUCCESS = "success"


def _refused(refused: BookingRefused) -> ApiError:
    """handleBookingErrors: a core HttpError (or error code) as an HttpException with its message."""
    status, message = core.core_refusal(refused)
    return ApiError(status, message, code="HttpException", details=message)


def _uid(ctx: RequestContext) -> str:
    return ctx.path_params["bookingUid"]


def _owner(ctx: RequestContext) -> User | None:
    """getOwnerId: the public routes read an optional bearer themselves (an API key's or an access
    token's user); one they cannot resolve is ignored."""
    world, token = ctx.runtime.world, credentials.bearer(ctx)
    if not token:
        return None
    if token.startswith(ids.API_KEY_PREFIX):
        key = credentials.find_api_key(world, token)
        return find_user(world, key.user_id) if key is not None else None
    access = credentials.find_token(world, token, "access")
    return find_user(world, access.user_id) if access is not None else None


# list -------------------------------------------------------------------------------------------------


def _validation_error(prop: str, constraint: str, message: str) -> ApiError:
    """The global validation pipe's 400 for one property of ``filters``."""
    child = {"property": prop, "constraints": {constraint: message}, "children": []}
    return ApiError(
        400,
        "Bad Request Exception",
        details={"errors": [{"property": "filters", "children": [child], "constraints": {}}]},
    )


def _ints(ctx: RequestContext, name: str) -> list[int]:
    typed = ctx.params.get("query", {}).get(name)
    values = typed if isinstance(typed, list) else ctx.query_values(name)
    return [int(v) for v in values if isinstance(v, int) or str(v).lstrip("-").isdigit()]


def _number(ctx: RequestContext, name: str, default: int) -> int:
    value = params.query(ctx, name)
    return int(value) if value is not None else default


def _check_filters(ctx: RequestContext) -> str:
    """GetBookingsInput_2024_04_15: with any filters[...] key, ``status`` is required, and the id
    lists must come in array form. Returns the status to list."""
    names = {name for name, _ in ctx.query}
    for key in ARRAY_FILTERS:
        if f"filters[{key}]" in names:
            raise _validation_error(key, "isArray", f"{key} must be an array")
    status = ctx.query_values("filters[status]")
    if not status and any(name.startswith("filters[") for name in names):
        allowed = ", ".join(STATUSES)
        raise _validation_error("status", "isEnum", f"status must be one of the following values: {allowed}")
    return status[0] if status else "upcoming"


@handles("BookingsController_2024_04_15_getBookings")
def get_bookings(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    status = _check_filters(ctx)
    limit, cursor = _number(ctx, "limit", 10), _number(ctx, "cursor", 0)
    wanted = BookingFilter(statuses=(status,), event_type_ids=tuple(_ints(ctx, "filters[eventTypeIds][]")), take=10**9)
    found, _total = list_bookings(world, user, wanted)
    user_ids = _ints(ctx, "filters[userIds][]")
    if user_ids:
        members = booking_access.scope_of(world, user).member_ids
        if not all(uid in members for uid in user_ids) and user_ids != [user.id]:
            raise ApiError(403, "You don't have necessary permissions to access this resource", code="TRPCError")
        emails = {u.email for u in (find_user(world, uid) for uid in user_ids) if u is not None}
        found = [b for b in found if b.user_id in user_ids or any(a.email in emails for a in b.attendees)]
    page = found[cursor : cursor + limit]
    data = {
        "bookings": [list_entry(world, b, user) for b in page],
        "recurringInfo": recurring_info(world, user),
        "totalCount": len(found),
        "nextCursor": cursor + limit if len(found) > cursor + limit else None,
    }
    return Reply(200, {"status": SUCCESS, "data": data})


# one booking ------------------------------------------------------------------------------------------


def _not_found(uid: str) -> ApiError:
    return ApiError(404, f"Booking with UID={uid} does not exist.")


@handles("BookingsController_2024_04_15_getBooking")
def get_booking(ctx: RequestContext) -> Reply:
    world, uid = ctx.runtime.world, _uid(ctx)
    booking = booking_records.find(world, uid)
    if booking is None:
        raise _not_found(uid)
    return Reply(200, {"status": SUCCESS, "data": booking_info(world, booking)})


@handles("BookingsController_2024_04_15_getBookingForReschedule")
def get_booking_for_reschedule(ctx: RequestContext) -> Reply:
    """getBookingForReschedule without a user: a booking by its uid (a seated one refused, as the
    ownership check fails), or the booking of a seat by the seat's reference uid."""
    world, uid = ctx.runtime.world, _uid(ctx)
    booking = booking_records.find(world, uid)
    seat: Attendee | None = None
    if booking is None:
        found = booking_seats.find_seat(world, uid)
        if found is None:
            raise _not_found(uid)
        booking, seat = found
    else:
        event_type = booking_records.event_type_of(world, booking)
        if event_type is not None and event_type.seats_per_time_slot:
            raise _not_found(uid)
    return Reply(200, {"status": SUCCESS, "data": reschedule_info(world, booking, seat)})


# create -----------------------------------------------------------------------------------------------


def _event_type(world: World, body: Any) -> EventType:
    event_type_id = body.get("eventTypeId") if isinstance(body, dict) else None
    event_type: EventType | None = (
        world.find("event_types", event_type_id)
        if isinstance(event_type_id, int) and not isinstance(event_type_id, bool)
        else None
    )
    if event_type is None:
        # findUniqueOrThrow fails, which the controller turns into a 500; the mistake is the caller's.
        raise ApiError(404, "event_type_not_found", code="HttpException", details="event_type_not_found")
    return event_type


def _acting(world: World, ctx: RequestContext, body: dict[str, Any]) -> User | None:
    """The core's user: the rescheduler named by e-mail (when not the booker) for a reschedule, else
    the owner of the bearer, if any."""
    if body.get("rescheduleUid"):
        by = body.get("rescheduledBy")
        answers = body.get("responses") or {}
        if by and by != answers.get("email"):
            return next((u for u in world.all("users") if u.email == by), None)
        return None
    return _owner(ctx)


def _created(world: World, made: booking_request.Made, event_type: EventType, body: Any) -> list[dict[str, Any]]:
    lucky = event_type.scheduling_type == ROUND_ROBIN
    metadata = body.get("metadata") if isinstance(body, dict) else None
    sent: dict[str, Any] = metadata if isinstance(metadata, dict) else {}
    return [created(world, b, source="API_V2", sent=sent, seat_uid=made.seat_uid, lucky=lucky) for b in made.bookings]


@handles("BookingsController_2024_04_15_createBooking")
def create_booking(ctx: RequestContext) -> Reply:
    world, body = ctx.runtime.world, ctx.body
    event_type = _event_type(world, body)
    try:
        request = core.core_request(body, event_type, _acting(world, ctx, body))
        made = core.book(world, request, body)
    except BookingRefused as refused:
        raise _refused(refused) from None
    return Reply(201, {"status": SUCCESS, "data": _created(world, made, event_type, body)[0]})


@handles("BookingsController_2024_04_15_createRecurringBooking")
def create_recurring_booking(ctx: RequestContext) -> Reply:
    """handleNewRecurringBooking: for a recurring event type the domain books the series from the
    first start (as many occurrences as bodies, or ``recurringCount``); for another event type each
    body is one booking, all sharing one recurringEventId."""
    world, items = ctx.runtime.world, ctx.body
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise ApiError(400, "The body must be a non-empty array of booking bodies.")
    event_type = _event_type(world, items[0])
    caller = _owner(ctx)
    try:
        if booking_records.is_recurring_event(event_type):
            first = {**items[0], "recurringCount": items[0].get("recurringCount") or len(items)}
            made = core.book(world, core.core_request(first, event_type, caller), first)
            return Reply(201, {"status": SUCCESS, "data": _created(world, made, event_type, first)})
        series_id = ids.uuid4(world.rng)
        out: list[dict[str, Any]] = []
        for item in items:
            made = core.book(world, core.core_request(item, _event_type(world, item), caller), item)
            for b in made.bookings:
                world.update("bookings", b.id, recurring_event_id=series_id)
            made = booking_request.Made([world.get("bookings", b.id) for b in made.bookings], made.seat_uid)
            out += _created(world, made, event_type, item)
    except BookingRefused as refused:
        raise _refused(refused) from None
    return Reply(201, {"status": SUCCESS, "data": out})


@handles("BookingsController_2024_04_15_createInstantBooking")
def create_instant_booking(ctx: RequestContext) -> Reply:
    world, body = ctx.runtime.world, ctx.body
    event_type = _event_type(world, body)
    try:
        request = core.core_request(body, event_type, _owner(ctx))
        booking = booking_instant.create_instant(world, request)
    except BookingRefused as refused:
        if refused.message.startswith("Instant bookings are only supported for team event types"):
            message = "Only Team Event Types are supported for Instant Meeting"
            raise ApiError(400, message, code="HttpException", details=message) from None
        raise _refused(refused) from None
    seconds = int(event_type.settings.get("instantMeetingExpiryTimeOffsetInSeconds") or 90)
    data = {
        "message": "Success",
        "meetingTokenId": world.next_id("instant_meeting_tokens"),
        "bookingId": booking.id,
        "bookingUid": booking.uid,
        "expires": iso_ms(world.clock.now() + timedelta(seconds=seconds)),
        "userId": booking.user_id,
    }
    return Reply(201, {"status": SUCCESS, "data": data})


# cancel and no-show -------------------------------------------------------------------------------------


@handles("BookingsController_2024_04_15_cancelBooking")
def cancel_booking(ctx: RequestContext) -> Reply:
    world, uid = ctx.runtime.world, _uid(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    if NUMERIC.fullmatch(uid):
        raise ApiError(400, "Please provide booking uid instead of booking id.")
    booking = booking_records.find(world, uid)
    if booking is None:
        raise _not_found(uid)
    if booking.status == booking_records.CANCELLED:
        raise ApiError(
            400,
            f"Can't cancel booking with uid={uid} because it has been cancelled already. Please provide uid of a "
            "booking that is not cancelled.",
        )
    seat_uid = body.get("seatReferenceUid")
    later = bool(body.get("allRemainingBookings")) and booking.recurring_event_id is not None
    try:
        booking_lifecycle.cancel(
            world,
            uid,
            reason=body.get("cancellationReason"),
            subsequent=later,
            seat_uid=str(seat_uid) if seat_uid else None,
            caller=_owner(ctx),
        )
    except BookingRefused as refused:
        raise _refused(refused) from None
    after = world.get("bookings", booking.id)
    only_seat = bool(seat_uid) and after.status != booking_records.CANCELLED
    data = {"bookingId": booking.id, "bookingUid": booking.uid, "onlyRemovedAttendee": only_seat}
    return Reply(201, {"status": SUCCESS, "data": data})


def _may_mark(world: World, user: User, booking: Booking | None) -> bool:
    """findBookingByUidAndUserId: organizer, host or assigned user of the event type, or OWNER/ADMIN
    of its team (or its parent's team, for a managed child)."""
    if booking is None:
        return False
    if booking.user_id == user.id:
        return True
    event_type = booking_records.event_type_of(world, booking)
    if event_type is None:
        return False
    if event_type.owner_id == user.id or any(h.user_id == user.id for h in event_type.hosts):
        return True
    return team_admin(world, user, booking_access.event_type_team_id(world, event_type))


def _failed(status: int, message: str) -> ApiError:
    return ApiError(status, message, code="HttpException", details=message)


@handles("BookingsController_2024_04_15_markNoShow")
def mark_no_show(ctx: RequestContext) -> Reply:
    world, user, uid = ctx.runtime.world, acting_user(ctx), _uid(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    booking = booking_records.find(world, uid)
    marks = [a for a in body.get("attendees") or [] if isinstance(a, dict)]
    payload: dict[str, Any] = {"attendees": [], "noShowHost": False, "message": ""}
    if marks:
        if booking is None or not _may_mark(world, user, booking):
            raise _failed(403, "You are not allowed to access this booking")
        if world.clock.now() < booking.start:
            raise _failed(403, "Cannot mark no-show before the meeting has started.")
        known = {a.email for a in booking.attendees}
        if any(m.get("email") not in known for m in marks):
            raise _failed(400, "Failed to update no-show status")  # the server fails with a 500 here
        wanted = {str(m["email"]): bool(m.get("noShow")) for m in marks}
        changed = tuple(replace(a, no_show=wanted[a.email]) if a.email in wanted else a for a in booking.attendees)
        booking = world.update("bookings", booking.id, attendees=changed, updated_at=world.clock.now())
        updated = [{"email": email, "noShow": flag} for email, flag in wanted.items()]
        if len(updated) == 1:
            verb = "marked" if updated[0]["noShow"] else "unmarked"
            payload["message"] = f"{updated[0]['email']} {verb} as no-show"
        else:
            payload["message"] = "No-show status updated for attendees"
        payload["attendees"] = updated
    if body.get("noShowHost"):
        if booking is None:  # the update of a missing booking fails
            raise _failed(404, f"Booking with UID={uid} does not exist.")
        world.update("bookings", booking.id, no_show_host=True, updated_at=world.clock.now())
        payload["noShowHost"] = True
        payload["message"] = "Booking No-Show Updated"
    return Reply(201, {"status": SUCCESS, "data": payload})
