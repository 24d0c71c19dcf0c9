"""/v1/booking-references (apps/api/v1/pages/api/booking-references/**): the calendar and video
references of the caller's bookings, in the same table the v2 bookings fill (Cal Video rooms).

- A user reaches the references of the bookings they organise, a system admin every reference.
  Another user's (or a missing) reference is 403 ``Forbidden`` for a non-admin.
- The create body is the strict zod schema built from the Prisma model: ``type``, ``uid`` and
  ``bookingId`` and, because the model schema marks nullable columns ``.nullable()`` and not
  optional, every nullable column as a key (``null`` is fine). The edit body takes the same keys,
  all optional.
- A booking that is missing, or (for a non-admin) not theirs, is ``findFirstOrThrow``'s 404 with the
  redacted Prisma message; so is an admin's missing reference.
- The world keeps type, uid, meeting id, password and URL, external calendar id, credential id and
  booking; ``deleted`` and the delegation columns are accepted and read back as null.
"""

from __future__ import annotations

from typing import Any

from emulator.api.bookings.v1_rows import reference_v1
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import is_system_admin
from emulator.api.v1_errors import PRISMA_REDACTED, js_type, unrecognized, zod_error
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Booking, BookingReference, User
from emulator.world.store import World

# column -> (field in the world, type the zod schema takes); None: accepted, not kept.
NULLABLE = {
    "meetingId": ("meeting_id", str),
    "thirdPartyRecurringEventId": (None, str),
    "meetingPassword": ("meeting_password", str),
    "meetingUrl": ("meeting_url", str),
    "externalCalendarId": ("external_calendar_id", str),
    "deleted": (None, bool),
    "credentialId": ("credential_id", int),
    "delegationCredentialId": (None, str),
    "domainWideDelegationCredentialId": (None, str),
}
KEYS = ("type", "uid", "bookingId", *NULLABLE)
TYPE_NAMES = {str: "string", bool: "boolean", int: "number"}


def _fits(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _changes(body: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """schemaBookingCreateBodyParams (or its partial for edits) as world fields, or the 400."""
    issues: list[str] = []
    changes: dict[str, Any] = {}
    for key in ("type", "uid"):
        if key not in body:
            if creating:
                issues.append(f"invalid_type in '{key}': Required")
        elif not isinstance(body[key], str):
            issues.append(f"invalid_type in '{key}': Expected string, received {js_type(body[key])}")
        elif not body[key]:
            issues.append(f"too_small in '{key}': String must contain at least 1 character(s)")
        else:
            changes[key] = body[key]
    for key, (field, kind) in NULLABLE.items():
        if key not in body:
            if creating:
                issues.append(f"invalid_type in '{key}': Required")
        elif body[key] is not None and not _fits(body[key], kind):
            issues.append(f"invalid_type in '{key}': Expected {TYPE_NAMES[kind]}, received {js_type(body[key])}")
        elif field is not None:
            changes[field] = body[key]
    if "bookingId" not in body:
        if creating:
            issues.append("invalid_type in 'bookingId': Required")
    elif not _fits(body["bookingId"], int):
        issues.append(f"invalid_type in 'bookingId': Expected number, received {js_type(body['bookingId'])}")
    else:
        changes["booking_id"] = body["bookingId"]
    unknown = unrecognized(body, KEYS)  # zod reports unknown keys after the shape's own issues
    if unknown:
        issues.append(unknown)
    if issues:
        raise zod_error(issues)
    return changes


def _check_booking(world: World, user: User, booking_id: int) -> None:
    """findFirstOrThrow on the booking (for a non-admin: one they organise)."""
    booking: Booking | None = world.find("bookings", booking_id)
    if booking is None or (not is_system_admin(user) and booking.user_id != user.id):
        raise ApiError(404, PRISMA_REDACTED)


def _owned(ctx: RequestContext) -> tuple[World, User, int, BookingReference | None]:
    """The [id] auth middleware."""
    world, user = ctx.runtime.world, acting_user(ctx)
    reference_id = int(ctx.path_params["id"])
    reference: BookingReference | None = world.find("booking_references", reference_id)
    if not is_system_admin(user):
        booking: Booking | None = world.find("bookings", reference.booking_id) if reference else None
        if booking is None or booking.user_id != user.id:
            raise ApiError(403, "Forbidden")
    return world, user, reference_id, reference


@handles("listBookingReferences")
def list_references(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    own = {b.id for b in world.where("bookings", lambda b: b.user_id == user.id)}
    found = [
        r
        for r in sorted(world.all("booking_references"), key=lambda r: r.id)
        if is_system_admin(user) or r.booking_id in own
    ]
    return Reply(200, {"booking_references": [reference_v1(r) for r in found]})


@handles("addBookingReference")
def add_reference(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    changes = _changes(ctx.body, creating=True)
    _check_booking(world, user, changes["booking_id"])
    reference = world.insert("booking_references", BookingReference(id=world.next_id("booking_references"), **changes))
    return Reply(
        200, {"booking_reference": reference_v1(reference), "message": "Booking reference created successfully"}
    )


@handles("getBookingReferenceById")
def get_reference(ctx: RequestContext) -> Reply:
    _world, _user, _reference_id, reference = _owned(ctx)
    if reference is None:  # findUniqueOrThrow
        raise ApiError(404, PRISMA_REDACTED)
    return Reply(200, {"booking_reference": reference_v1(reference)})


@handles("editBookingReferenceById")
def edit_reference(ctx: RequestContext) -> Reply:
    world, user, reference_id, reference = _owned(ctx)
    changes = _changes(ctx.body if isinstance(ctx.body, dict) else {}, creating=False)
    if changes.get("booking_id"):
        _check_booking(world, user, changes["booking_id"])
    if reference is None:
        raise ApiError(404, PRISMA_REDACTED)
    if "booking_id" in changes and world.find("bookings", changes["booking_id"]) is None:
        raise ApiError(400, PRISMA_REDACTED)  # the foreign key (P2003)
    updated = world.update("booking_references", reference_id, **changes)
    return Reply(200, {"booking_reference": reference_v1(updated)})


@handles("removeBookingReferenceById")
def remove_reference(ctx: RequestContext) -> Reply:
    world, _user, reference_id, reference = _owned(ctx)
    if reference is None:
        raise ApiError(404, PRISMA_REDACTED)
    world.delete("booking_references", reference_id)
    return Reply(200, {"message": f"BookingReference with id: {reference_id} deleted"})
