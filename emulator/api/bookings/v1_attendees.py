"""/v1/attendees (apps/api/v1/pages/api/attendees/**): the attendees of the caller's bookings.

Attendees live inside their booking in the world; their ids come from the ``attendees`` counter, the
one v2 bookings draw from, so an attendee made here and one made by a booking never share an id.

- A user reaches the attendees of the bookings they organise; a system admin every attendee.
  Another user's (or a missing) attendee is 403 ``Forbidden`` for a non-admin; a booking that is not
  theirs on create is 403 ``Forbidden``, on edit 403 ``You don't have access to the booking``.
- Bodies are the strict zod schemas: unknown keys, a bad e-mail or time zone are 400 with the
  issues. The edit schema keeps ``bookingId`` as a required (nullable) key, as the server's merge of
  the Prisma model schema does; a ``bookingId`` moves the attendee to that booking.
- What the database would refuse, for an admin: a missing booking or attendee is 404 with the
  redacted Prisma message; reading a missing attendee parses ``null`` (400).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from emulator.api.bookings.v1_rows import attendee_v1, find_attendee
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import is_system_admin
from emulator.api.v1_errors import EMAIL, PRISMA_REDACTED, js_type, unrecognized, zod_error
from emulator.domain import schedules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Attendee, Booking, User
from emulator.world.store import World

CREATE_KEYS = ("bookingId", "email", "name", "timeZone")


def _issues(body: dict[str, Any], *, creating: bool) -> list[str]:
    """schemaAttendeeCreateBodyParams / schemaAttendeeEditBodyParams."""
    issues: list[str] = []
    booking_id = body.get("bookingId")
    if "bookingId" not in body:
        issues.append("invalid_type in 'bookingId': Required")
    elif not (isinstance(booking_id, int) and not isinstance(booking_id, bool)) and not (
        booking_id is None and not creating
    ):
        issues.append(f"invalid_type in 'bookingId': Expected number, received {js_type(booking_id)}")
    for key in ("email", "name", "timeZone"):
        if key not in body:
            if creating:
                issues.append(f"invalid_type in '{key}': Required")
            continue
        value = body[key]
        if not isinstance(value, str):
            issues.append(f"invalid_type in '{key}': Expected string, received {js_type(value)}")
        elif key == "email" and not EMAIL.match(value):
            issues.append("invalid_string in 'email': Invalid")
        elif key == "timeZone" and not schedules.is_time_zone(value):
            zones = ", ".join(sorted(schedules.time_zones()))
            issues.append(f"custom in 'timeZone': Expected one of the following: {zones}")
    unknown = unrecognized(body, CREATE_KEYS)  # zod reports unknown keys after the shape's own issues
    if unknown:
        issues.append(unknown)
    return issues


def _own_booking(world: World, user: User, booking_id: int) -> Booking | None:
    booking: Booking | None = world.find("bookings", booking_id)
    return booking if booking is not None and booking.user_id == user.id else None


def _owned(ctx: RequestContext) -> tuple[World, User, int, tuple[Booking, Attendee] | None]:
    """The [id] auth middleware: a non-admin reaches only attendees of bookings they organise."""
    world, user = ctx.runtime.world, acting_user(ctx)
    attendee_id = int(ctx.path_params["id"])
    found = find_attendee(world, attendee_id)
    if not is_system_admin(user) and (found is None or found[0].user_id != user.id):
        raise ApiError(403, "Forbidden")
    return world, user, attendee_id, found


@handles("listAttendees")
def list_attendees(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    rows = [
        (attendee, booking)
        for booking in world.tables["bookings"].values()
        if is_system_admin(user) or booking.user_id == user.id
        for attendee in booking.attendees
    ]
    rows.sort(key=lambda pair: pair[0].id)
    return Reply(200, {"attendees": [attendee_v1(b, a) for a, b in rows]})


@handles("addAttendee")
def add_attendee(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body
    issues = _issues(body, creating=True)
    if issues:
        raise zod_error(issues)
    booking_id = int(body["bookingId"])
    if not is_system_admin(user) and _own_booking(world, user, booking_id) is None:
        raise ApiError(403, "Forbidden")
    booking: Booking | None = world.find("bookings", booking_id)
    if booking is None:  # connect to a missing booking: Prisma P2025
        raise ApiError(404, PRISMA_REDACTED)
    attendee = Attendee(world.next_id("attendees"), body["name"], body["email"], body["timeZone"])
    booking = world.update("bookings", booking.id, attendees=(*booking.attendees, attendee))
    return Reply(200, {"attendee": attendee_v1(booking, attendee), "message": "Attendee created successfully"})


@handles("getAttendeeById")
def get_attendee(ctx: RequestContext) -> Reply:
    _world, _user, _attendee_id, found = _owned(ctx)
    if found is None:  # findUnique gives null, which the read schema refuses
        raise zod_error(["Expected object, received null"])
    booking, attendee = found
    return Reply(200, {"attendee": attendee_v1(booking, attendee)})


@handles("editAttendeeById")
def edit_attendee(ctx: RequestContext) -> Reply:
    world, user, _attendee_id, found = _owned(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    issues = _issues(body, creating=False)
    if issues:
        raise zod_error(issues)
    target_id = body["bookingId"]
    if target_id and not is_system_admin(user) and _own_booking(world, user, int(target_id)) is None:
        raise ApiError(403, "You don't have access to the booking")
    if found is None:
        raise ApiError(404, PRISMA_REDACTED)
    if target_id is None:
        # Cal.com would keep the attendee with no booking; the world keeps every attendee in one.
        raise ApiError(400, "bookingId null (an attendee without a booking) is not supported by calcom-emulator")
    booking, attendee = found
    target: Booking | None = world.find("bookings", int(target_id))
    if target is None:  # the foreign key: Prisma P2003
        raise ApiError(400, PRISMA_REDACTED)
    changed = replace(
        attendee,
        name=body.get("name", attendee.name),
        email=body.get("email", attendee.email),
        time_zone=body.get("timeZone", attendee.time_zone),
    )
    if target.id == booking.id:
        attendees = tuple(changed if a.id == attendee.id else a for a in booking.attendees)
        target = world.update("bookings", booking.id, attendees=attendees)
    else:
        world.update("bookings", booking.id, attendees=tuple(a for a in booking.attendees if a.id != attendee.id))
        target = world.update("bookings", target.id, attendees=(*target.attendees, changed))
    return Reply(200, {"attendee": attendee_v1(target, changed)})


@handles("removeAttendeeById")
def remove_attendee(ctx: RequestContext) -> Reply:
    world, _user, attendee_id, found = _owned(ctx)
    if found is None:
        raise ApiError(404, PRISMA_REDACTED)
    booking, attendee = found
    world.update("bookings", booking.id, attendees=tuple(a for a in booking.attendees if a.id != attendee.id))
    return Reply(200, {"message": f"Attendee with id: {attendee_id} deleted successfully"})
