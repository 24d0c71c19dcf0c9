"""/v1/bookings (apps/api/v1/pages/api/bookings/**): list, read, edit, cancel, create, and the Cal Video
recordings and transcripts of one booking.

- List (_get.ts): a user sees the bookings they organise, optionally narrowed to some attendee
  e-mails. A system admin sees every booking, or those of ``userId``s (organised by them or attended
  by their e-mails); an organization admin those of the organization's members. ``dateFrom``/
  ``dateTo`` bound start and end, ``status=upcoming`` keeps starts from now on, ``sortBy``
  createdAt|updatedAt with ``order``. It pages only when both ``page`` and ``take`` are given; the
  two-query path of admins pages each query and then the merged list again, as the server does.
  ``attendeeEmail`` from an admin without ``userId`` fails the server's own userId parse (400).
- /bookings/{id}: the auth middleware of v1_access.check_booking_access first (403 ``You are not
  authorized``), then the handler: GET ``?expand=team``; PATCH takes the booking columns the v1 zod
  schema allows (``startTime``/``endTime``, not the spec's ``start``/``end``, which are unknown keys);
  DELETE .../cancel is handleCancelBooking with the reason defaulting to ``Not Provided``.
- Recordings and transcripts: the world keeps no Cal Video recordings, so a booking with a
  ``daily_video`` reference has none (``[]``), and no recording id belongs to it.
- POST creates through the domain (booking_core.core_request), with the core's error codes; the three
  the handler converts answer 400.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from emulator.api import params
from emulator.api import slot_formats as fmt
from emulator.api.bookings import booking_core as core
from emulator.api.bookings.v1_rows import booking_v1, created, references_of
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import (
    accessible_users,
    check_booking_access,
    is_org_admin,
    is_system_admin,
    org_scoped_users,
    query_user_ids,
)
from emulator.api.v1_errors import EMAIL, PRISMA_REDACTED, js_type, unrecognized, zod_error
from emulator.domain import booking_lifecycle, booking_records
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.slot_hosts import ROUND_ROBIN
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Booking, EventType, User
from emulator.world.store import World

STATUSES = ("CANCELLED", "ACCEPTED", "REJECTED", "PENDING", "AWAITING_HOST")
EDITABLE = ("userId", "eventTypeId", "title", "description", "startTime", "endTime", "status", "rescheduledBy",
            "cancelledBy", "createdAt")  # fmt: skip
CONVERTED = ("no_available_users_found_error", "request_body_invalid_error", "event_type_not_found_error")


def _booking_id(ctx: RequestContext) -> int:
    return int(ctx.path_params["id"])


def _instant(name: str, value: str) -> datetime:
    moment = fmt.parse_iso(value)
    if moment is None:
        raise zod_error([f"custom in '{name}': Invalid ISO Date"])
    return moment


# list -------------------------------------------------------------------------------------------------


def _emails_of(world: World, user_ids: list[int]) -> set[str]:
    return {u.email for u in (world.find("users", uid) for uid in user_ids) if u is not None}


def _scope(
    ctx: RequestContext, world: World, user: User, emails: list[str]
) -> tuple[Callable[[Booking], bool], set[str]]:
    """(the first query's filter, the e-mails whose attended bookings a second query adds)."""

    def attended(b: Booking) -> bool:
        return not emails or any(a.email in emails for a in b.attendees)

    asked = bool(ctx.query_values("userId")) or bool(emails)
    if is_system_admin(user):
        if not asked:
            return (lambda b: True), set()
        requested = query_user_ids(ctx)  # attendee e-mails alone fail here too, as on the server
        wanted = set(requested)
        return (lambda b: b.user_id in wanted and attended(b)), _emails_of(world, requested)
    if is_org_admin(world, user):
        if asked:
            requested = query_user_ids(ctx)
            ids = accessible_users(world, user, requested)
            if not ids:
                raise ApiError(404, "No User found")
        else:
            ids = org_scoped_users(world, user)
        allowed = set(ids)
        return (lambda b: b.user_id in allowed and attended(b)), _emails_of(world, ids)
    return (lambda b: b.user_id == user.id and attended(b)), set()


def _window(ctx: RequestContext, world: World) -> Callable[[Booking], bool]:
    date_from = params.query(ctx, "dateFrom")
    date_to = params.query(ctx, "dateTo")
    low = _instant("dateFrom", str(date_from)) if date_from else None
    high = _instant("dateTo", str(date_to)) if date_to else None
    status = params.query(ctx, "status")
    if status is not None and status != "upcoming":
        raise zod_error(
            [f"invalid_enum_value in 'status': Invalid enum value. Expected 'upcoming', received '{status}'"]
        )
    if status == "upcoming":  # overwrites dateFrom
        low = world.clock.now()
    return lambda b: (low is None or b.start >= low) and (high is None or b.end <= high)


def _order(ctx: RequestContext) -> tuple[str | None, bool]:
    sort_by = params.query(ctx, "sortBy")
    order = params.query(ctx, "order") or "asc"
    return (str(sort_by) if sort_by else None), order == "desc"


def _sorted(found: list[Booking], field: str | None, descending: bool) -> list[Booking]:
    ordered = sorted(found, key=lambda b: b.id)
    if field is None:
        return ordered

    def key(b: Booking) -> float:
        moment = b.created_at if field == "createdAt" else b.updated_at
        return moment.timestamp() if moment is not None else float("-inf")

    return sorted(ordered, key=key, reverse=descending)


@handles("listBookings")
def list_bookings(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    in_window = _window(ctx, world)  # the handler's checks, in its order
    field, descending = _order(ctx)
    expand_team = "team" in _expand(ctx)
    emails = ctx.query_values("attendeeEmail")
    if any(not EMAIL.match(e) for e in emails):
        raise zod_error(["invalid_string in 'attendeeEmail': Invalid"])
    first, extra_emails = _scope(ctx, world, user, emails)
    page, take = params.query(ctx, "page"), params.query(ctx, "take")
    paged = page is not None and take is not None
    skip = (int(page) - 1) * int(take) if paged else 0
    every = list(world.tables["bookings"].values())

    def cut(items: list[Booking]) -> list[Booking]:
        return items[skip : skip + int(take)] if paged else items

    found = cut(_sorted([b for b in every if first(b) and in_window(b)], field, descending))
    if extra_emails and not emails:
        second = cut(
            _sorted(
                [b for b in every if in_window(b) and any(a.email in extra_emails for a in b.attendees)],
                field,
                descending,
            )
        )
        merged = list({b.id: b for b in [*found, *second]}.values())
        found = cut(_sorted(merged, field, descending) if field else merged)
    return Reply(200, {"bookings": [booking_v1(world, b, expand_team=expand_team) for b in found]})


def _expand(ctx: RequestContext) -> list[str]:
    """schemaQuerySingleOrMultipleExpand: ``team``, once."""
    values = ctx.query_values("expand")
    bad = [(i, v) for i, v in enumerate(values) if v != "team"]
    if len(values) == 1 and bad:
        raise zod_error(
            [f"Invalid enum value. Expected 'team', received '{values[0]}'", "Expected array, received string"]
        )
    if bad:
        i, value = bad[0]
        raise zod_error(
            [
                "Expected 'team', received array",
                f"invalid_enum_value in '{i}': Invalid enum value. Expected 'team', received '{value}'",
            ]
        )
    if len(values) > 1:
        raise zod_error(["Array values must be unique"])
    return values


# one booking ------------------------------------------------------------------------------------------


def _authorized(ctx: RequestContext) -> tuple[World, User, int]:
    world, user = ctx.runtime.world, acting_user(ctx)
    booking_id = _booking_id(ctx)
    check_booking_access(world, user, booking_id)
    return world, user, booking_id


@handles("getBookingById")
def get_booking(ctx: RequestContext) -> Reply:
    world, _user, booking_id = _authorized(ctx)
    expand_team = "team" in _expand(ctx)
    booking: Booking | None = world.find("bookings", booking_id)
    if booking is None:
        raise ApiError(404, "Booking not found")
    return Reply(200, {"booking": booking_v1(world, booking, expand_team=expand_team)})


def _edit_changes(world: World, body: dict[str, Any]) -> dict[str, Any]:
    """schemaBookingEditBodyParams (strict) as booking columns."""
    issues: list[str] = []
    changes: dict[str, Any] = {}
    for key, column in (("title", "title"), ("description", "description")):
        if key in body:
            value = body[key]
            if not isinstance(value, str) and not (key == "description" and value is None):
                issues.append(f"invalid_type in '{key}': Expected string, received {js_type(value)}")
            changes[column] = value
    for key, column in (("startTime", "start"), ("endTime", "end"), ("createdAt", "created_at")):
        if key in body:
            moment = fmt.parse_iso(str(body[key])) if isinstance(body[key], str) else None
            if moment is None:
                issues.append(f"custom in '{key}': Invalid ISO Date")
            changes[column] = moment
    if "status" in body:
        if body["status"] not in STATUSES:
            expected = " | ".join(f"'{s}'" for s in STATUSES)
            issues.append(
                f"invalid_enum_value in 'status': Invalid enum value. Expected {expected}, received '{body['status']}'"
            )
        changes["status"] = body["status"]
    for key, column in (("cancelledBy", "cancelled_by"), ("rescheduledBy", "rescheduled_by")):
        if key in body:
            if not isinstance(body[key], str) or not EMAIL.match(body[key]):
                issues.append(f"invalid_string in '{key}': Invalid Email")
            changes[column] = body[key]
    for key, column, table in (("userId", "user_id", "users"), ("eventTypeId", "event_type_id", "event_types")):
        if key in body:
            value = body[key]
            if value is None and key == "eventTypeId":
                changes[column] = None
                continue
            if not isinstance(value, int) or isinstance(value, bool):
                issues.append(f"invalid_type in '{key}': Expected number, received {js_type(value)}")
            elif world.find(table, value) is None:
                changes["_missing"] = True  # a foreign key the database refuses (P2003)
            changes[column] = value
    unknown = unrecognized(body, EDITABLE)  # zod reports unknown keys after the shape's own issues
    if unknown:
        issues.append(unknown)
    if issues:
        raise zod_error(issues)
    return changes


@handles("editBookingById")
def edit_booking(ctx: RequestContext) -> Reply:
    world, user, booking_id = _authorized(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    changes = _edit_changes(world, body)
    new_owner = body.get("userId")
    if new_owner:
        if not is_system_admin(user) and not is_org_admin(world, user):
            raise ApiError(403, "Only admin can change the organizer of a booking")
        if is_org_admin(world, user) and not accessible_users(world, user, [int(new_owner)]):
            raise ApiError(403, "Only admin can change the organizer of a booking")
    if world.find("bookings", booking_id) is None:
        raise ApiError(404, PRISMA_REDACTED)
    if changes.pop("_missing", False):
        raise ApiError(400, PRISMA_REDACTED)
    booking = world.update("bookings", booking_id, updated_at=world.clock.now(), **changes)
    return Reply(200, {"booking": booking_v1(world, booking, relations=False)})


@handles("cancelBookingById")
def cancel_booking(ctx: RequestContext) -> Reply:
    """handleCancelBooking, called with the caller, the reason (default ``Not Provided``) and, with
    ``allRemainingBookings=true``, the later occurrences of a recurring booking."""
    world, user, booking_id = _authorized(ctx)
    cancelled_by = params.query(ctx, "cancelledBy")
    if cancelled_by is not None and not EMAIL.match(str(cancelled_by)):
        raise zod_error(["invalid_string in 'cancelledBy': Invalid email"])
    reason = params.query(ctx, "cancellationReason")
    booking: Booking | None = world.find("bookings", booking_id)
    if booking is None:
        raise ApiError(404, PRISMA_REDACTED)
    if booking.status == booking_records.CANCELLED:
        raise ApiError(400, "This booking has already been cancelled.")
    every_later = params.flag(ctx, "allRemainingBookings") and booking.recurring_event_id is not None
    before = {b.id: b.status for b in world.all("bookings")}
    try:
        booking_lifecycle.cancel(
            world,
            booking.uid,
            reason="Not Provided" if reason is None else str(reason),
            subsequent=every_later,
            caller=user,
        )
    except BookingRefused as refused:
        raise ApiError(refused.status, refused.message) from None
    if cancelled_by is not None:
        for b in world.all("bookings"):
            if b.status == booking_records.CANCELLED and before.get(b.id) != booking_records.CANCELLED:
                world.update("bookings", b.id, cancelled_by=str(cancelled_by))
    return Reply(
        200,
        {
            "success": True,
            "message": "Booking successfully cancelled.",
            "onlyRemovedAttendee": False,
            "bookingId": booking.id,
            "bookingUid": booking.uid,
        },
    )


# Cal Video ------------------------------------------------------------------------------------------------


def _room(world: World, booking_id: int, missing: str) -> str:
    booking: Booking | None = world.find("bookings", booking_id)
    if booking is None:
        raise ApiError(404, f"No Booking found with booking id {booking_id}")
    for reference in references_of(world, booking):
        if reference.type == "daily_video" and reference.meeting_id:
            return reference.meeting_id
    raise ApiError(404, missing.format(id=booking.id))


@handles("getRecordingsByBookingId")
def get_recordings(ctx: RequestContext) -> Reply:
    world, _user, booking_id = _authorized(ctx)
    _room(world, booking_id, "No Cal Video reference found with booking id {id}")
    return Reply(200, [])  # Daily has no recordings for rooms of the emulated world


@handles("getTranscriptsByBookingId")
def get_transcripts(ctx: RequestContext) -> Reply:
    world, _user, booking_id = _authorized(ctx)
    _room(world, booking_id, "No Cal Video reference found with booking id {id}")
    return Reply(200, [])


@handles("getTranscriptsByRecordingId")
def get_recording_transcripts(ctx: RequestContext) -> Reply:
    world, _user, booking_id = _authorized(ctx)
    _room(world, booking_id, "No Booking Reference with Daily Video found with booking id {id}")
    recording = ctx.path_params["recordingId"]
    # No recording exists, so none is this booking's. (The server asks Daily, whose 404 it turns into a 500.)
    raise ApiError(403, f"This Recording Id {recording} does not belong to booking {booking_id}")


# create -----------------------------------------------------------------------------------------------------


def _event_type(world: World, body: dict[str, Any]) -> EventType:
    event_type_id = body.get("eventTypeId")
    if not isinstance(event_type_id, int) or isinstance(event_type_id, bool):
        raise ApiError(400, "Bad request, eventTypeId must be a number")
    event_type: EventType | None = world.find("event_types", event_type_id)
    if event_type is None:  # findUniqueOrThrow: a Prisma P2025
        raise ApiError(404, PRISMA_REDACTED)
    return event_type


@handles("addBooking")
def add_booking(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body
    asked = body.get("userId") if isinstance(body.get("userId"), int) else None
    acting = user
    if is_system_admin(user) and asked:
        acting = world.find("users", asked) or user
    elif is_org_admin(world, user):
        chosen = accessible_users(world, user, [asked or user.id])
        acting = (world.find("users", chosen[0]) if chosen else None) or user
    event_type = _event_type(world, body)
    try:
        request = core.core_request(body, event_type, acting)
        made = core.book(world, request, body)
    except BookingRefused as refused:
        status, message = core.core_refusal(refused)
        raise ApiError(400 if message in CONVERTED else status, message) from None
    lucky, sent = event_type.scheduling_type == ROUND_ROBIN, request.metadata
    answer = created(world, made.bookings[0], source="API_V1", sent=sent, seat_uid=made.seat_uid, lucky=lucky)
    return Reply(200, answer)
