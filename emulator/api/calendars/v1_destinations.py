"""/v1/destination-calendars (apps/api/v1/pages/api/destination-calendars), over the table v2 writes.

Rules kept from the handlers (a system-wide admin, user role ADMIN, skips the ownership checks):

- A row is the caller's when it names them or one of the event types they own; any other id, to a
  non-admin, is 404 ``Destination calendar not found``. An admin reading an id that does not exist
  gets the zod 400 of parsing an empty row (as the handler parses ``findUnique``'s null).
- The body is strict (``integration``, ``externalId``, ``eventTypeId``, ``bookingId``, ``userId``).
- Create: ``userId`` needs an admin (401 ``ADMIN required for `userId```) and an admin must give one
  (400 ```userId` required``); a non-admin's ``eventTypeId`` must be theirs (401 ``Unauthorized``).
  The calendar must be a writable one of the first connection of that integration (400 ``Bad request,
  credential id invalid``). The row gets the body's fields: a non-admin's row names no user (the
  handler never writes the caller in), an event type's row names no user either.
- Edit: ``integration`` and ``externalId`` go together (400); an event type's row stays one and a
  user's row stays one (400); a user's row must be the acting user's (403 ``Forbidden``); a new
  calendar must be a writable one of the row's own credential.
- Database refusals (a second row for a user or event type, an unknown user, ``bookingId``, which
  is no column) are Prisma's 400; deleting a row that does not exist, Prisma's 404. Every answer is 200.
"""

from __future__ import annotations

from typing import Any

from emulator.api import v1_errors as v1
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import is_system_admin, query_user_ids
from emulator.domain import calendars
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import DestinationCalendar, User
from emulator.world.records_calendars import Credential
from emulator.world.store import World

KEYS = ("integration", "externalId", "eventTypeId", "bookingId", "userId")
TYPES = {"integration": "string", "externalId": "string", "eventTypeId": "number", "bookingId": "number",
         "userId": "number"}  # fmt: skip
NOT_FOUND = "Destination calendar not found"
INVALID_CREDENTIAL = "Bad request, credential id invalid"
EMPTY_ROW = "; ".join(f"invalid_type in '{k}': Required" for k in ("id", "integration", "externalId",
                      "eventTypeId", "userId"))  # fmt: skip


def destination_v1(row: DestinationCalendar) -> dict[str, Any]:
    """schemaDestinationCalendarReadPublic (its ``bookingId`` is no column, so never shown)."""
    return {
        "id": row.id,
        "integration": row.integration,
        "externalId": row.external_id,
        "eventTypeId": row.event_type_id,
        "userId": row.user_id,
    }


def _body(ctx: RequestContext, required: tuple[str, ...]) -> dict[str, Any]:
    body = ctx.body
    if not isinstance(body, dict):
        raise v1.zod_error([f"invalid_type in '': Expected object, received {v1.js_type(body)}"])
    issues = [f"invalid_type in '{key}': Required" for key in required if key not in body]
    for key, kind in TYPES.items():
        value = body.get(key)
        if key in body and (v1.js_type(value) != kind or (isinstance(value, float) and not value.is_integer())):
            issues.append(f"invalid_type in '{key}': Expected {kind}, received {v1.js_type(value)}")
    extra = v1.unrecognized(body, KEYS)
    if extra:
        issues.append(extra)
    if issues:
        raise v1.zod_error(issues)
    return body


def _owned_event_types(world: World, user_ids: list[int]) -> set[int]:
    return {e.id for e in world.all("event_types") if e.owner_id in user_ids}


def _path_id(ctx: RequestContext) -> int:
    try:
        return int(ctx.path_params["id"])
    except ValueError:
        raise v1.zod_error(["invalid_type in 'id': Expected number, received nan"]) from None


def _authorized(ctx: RequestContext) -> tuple[World, User, int]:
    """The [id] auth middleware: a non-admin reaches their own rows and their event types' rows."""
    world, user, row_id = ctx.runtime.world, acting_user(ctx), _path_id(ctx)
    if is_system_admin(user):
        return world, user, row_id
    row: DestinationCalendar | None = world.find("destination_calendars", row_id)
    mine = _owned_event_types(world, [user.id])
    if row is None or not (row.user_id == user.id or row.event_type_id in mine):
        raise ApiError(404, NOT_FOUND)
    return world, user, row_id


def _writable(world: World, credential: Credential, integration: str, external_id: str) -> int:
    """getConnectedCalendars on one credential: a writable calendar it lists, or the 400."""
    if calendars.refusal(world, credential) is None and credential.type == integration:
        for calendar in calendars.calendars_of(world, credential.id):
            if calendar.external_id == external_id and not calendar.read_only:
                return credential.id
    raise ApiError(400, INVALID_CREDENTIAL)


def _checked_write(world: World, row_id: int | None, fields: dict[str, Any], body: dict[str, Any]) -> None:
    """The database's refusals of a create or update (all Prisma 400s)."""
    user_id, event_type_id = fields.get("user_id"), fields.get("event_type_id")
    clash = any(
        d.id != row_id
        and ((user_id is not None and d.user_id == user_id) or (event_type_id and d.event_type_id == event_type_id))
        for d in world.all("destination_calendars")
    )
    unknown_user = user_id is not None and world.find("users", user_id) is None
    unknown_event_type = event_type_id is not None and world.find("event_types", event_type_id) is None
    if clash or unknown_user or unknown_event_type or "bookingId" in body:
        raise ApiError(400, v1.PRISMA_REDACTED)


@handles("listDestinationCalendars")
def list_destinations(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    if ctx.query_values("userId"):
        if not is_system_admin(user):
            raise ApiError(401, "ADMIN required")
        user_ids = query_user_ids(ctx)
    else:
        user_ids = [user.id]
    event_types = _owned_event_types(world, user_ids)
    rows = [d for d in world.all("destination_calendars") if d.user_id in user_ids or d.event_type_id in event_types]
    return Reply(200, {"destinationCalendars": [destination_v1(d) for d in sorted(rows, key=lambda d: d.id)]})


@handles("addDestinationCalendar")
def add_destination(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    body = _body(ctx, ("integration", "externalId"))
    admin = is_system_admin(user)
    if not admin and body.get("userId") is not None:
        raise ApiError(401, "ADMIN required for `userId`")
    if admin and not body.get("userId"):
        raise ApiError(400, "`userId` required")
    event_type_id = body.get("eventTypeId")
    if not admin and event_type_id and event_type_id not in _owned_event_types(world, [user.id]):
        raise ApiError(401, "Unauthorized")
    assigned = int(body["userId"]) if admin and body.get("userId") else user.id
    integration, external_id = body["integration"], body["externalId"]
    first = sorted(
        (c for c in calendars.user_credentials(world, assigned) if c.type == integration), key=lambda c: c.id
    )
    if not first:
        raise ApiError(400, INVALID_CREDENTIAL)
    credential_id = _writable(world, first[0], integration, external_id)
    user_id = body.get("userId")
    if event_type_id:
        event_type = world.find("event_types", int(event_type_id))
        if event_type is None or (user_id is not None and event_type.owner_id != user_id):
            raise ApiError(400, "Bad request, eventTypeId invalid")
        user_id = None
    fields: dict[str, Any] = {"user_id": int(user_id) if user_id is not None else None,
                              "event_type_id": int(event_type_id) if event_type_id else None}  # fmt: skip
    _checked_write(world, None, fields, body)
    row = DestinationCalendar(
        world.next_id("destination_calendars"), integration, external_id, credential_id=credential_id, **fields
    )
    world.insert("destination_calendars", row)
    return Reply(
        200, {"destinationCalendar": destination_v1(row), "message": "Destination calendar created successfully"}
    )


@handles("getDestinationCalendarById")
def get_destination(ctx: RequestContext) -> Reply:
    world, _, row_id = _authorized(ctx)
    row: DestinationCalendar | None = world.find("destination_calendars", row_id)
    if row is None:
        raise v1.zod_error([EMPTY_ROW])
    return Reply(200, {"destinationCalendar": destination_v1(row)})


def _check_link(world: World, row: DestinationCalendar, body: dict[str, Any], assigned: int) -> None:
    """validateRequestAndOwnership: what the row is linked to may not change kind."""
    event_type_id = body.get("eventTypeId")
    if event_type_id:
        if not row.event_type_id:
            raise ApiError(400, "The provided destination calendar can not be linked to an event type")
        event_type = world.find("event_types", int(event_type_id))
        if event_type is None or event_type.owner_id != assigned:
            raise ApiError(404, f"Event type with ID {event_type_id} not found")
        return
    if row.event_type_id:
        raise ApiError(400, "The provided destination calendar can only be linked to an event type")
    if row.user_id != assigned:
        raise ApiError(403, "Forbidden")


@handles("editDestinationCalendarById")
def edit_destination(ctx: RequestContext) -> Reply:
    world, user, row_id = _authorized(ctx)
    body = _body(ctx, ())
    assigned = int(body.get("userId") or user.id) if is_system_admin(user) else user.id
    if body.get("integration") and not body.get("externalId"):
        raise ApiError(400, "External Id is required with integration value")
    if not body.get("integration") and body.get("externalId"):
        raise ApiError(400, "Integration value is required with external ID")
    row: DestinationCalendar | None = world.find("destination_calendars", row_id)
    if row is None:
        raise ApiError(404, f"Destination calendar with ID {row_id} not found")
    _check_link(world, row, body, assigned)
    if not row.credential_id:
        raise ApiError(404, "Destination calendar missing credential id")
    credential: Credential | None = world.find("credentials", row.credential_id)
    if credential is None or credential.user_id != assigned:
        raise ApiError(400, "Bad request, no associated credentials found")
    changes: dict[str, Any] = {}
    if body.get("integration") and body.get("externalId"):
        changes["credential_id"] = _writable(world, credential, body["integration"], body["externalId"])
        changes.update(integration=body["integration"], external_id=body["externalId"])
    if body.get("eventTypeId"):
        changes["event_type_id"] = int(body["eventTypeId"])
    elif "userId" in body:  # the edit schema lets anyone name a user; only the database checks it
        changes["user_id"] = int(body["userId"])
    _checked_write(world, row.id, {"user_id": row.user_id, "event_type_id": row.event_type_id, **changes}, body)
    updated: DestinationCalendar = world.update("destination_calendars", row.id, **changes)
    return Reply(200, {"destinationCalendar": destination_v1(updated)})


@handles("removeDestinationCalendarById")
def remove_destination(ctx: RequestContext) -> Reply:
    world, _, row_id = _authorized(ctx)
    if world.find("destination_calendars", row_id) is None:
        raise ApiError(404, v1.PRISMA_REDACTED)
    world.delete("destination_calendars", row_id)
    return Reply(200, {"message": "OK, Destination Calendar removed successfully"})
