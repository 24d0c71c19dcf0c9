"""/v1/selected-calendars (apps/api/v1/pages/api/selected-calendars), over the table v2 serves.

Rules kept from the handlers (a system-wide admin, user role ADMIN, skips the ownership checks):

- A selection's id is ``{userId}_{integration}_{externalId}``: the part before the first ``_`` is the
  user, and the rest is cut at ``_calendar_`` (``google_calendar_x@y`` is ``google_calendar`` and
  ``x@y``); a part that is missing is a zod 400 (``userId is not a number``, ``Missing integration``,
  ``Missing externalId``). Another user's id is 403 ``Forbidden``.
- Only user-level rows (no event type) are seen; one that does not exist is Prisma's 404.
- ``userId`` (a query filter, or a body field naming whom to act for) needs an admin: 403 ``ADMIN
  required`` / ``ADMIN required for userId``; an admin naming an unknown user is Prisma's 404.
- Creating a selection that exists, or naming a credential that does not, is a Prisma 400. Every
  answer is 200 (``defaultResponder``), creation included.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from emulator.api import v1_errors as v1
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import is_system_admin, query_user_ids
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import SelectedCalendar, User
from emulator.world.store import World

# Columns of Cal.com's SelectedCalendar the emulator does not keep (watch channels, sync state): the
# public schema shows every column, so they come out as the database's defaults.
UNKEPT_COLUMNS: dict[str, Any] = {
    "createdAt": None,
    "updatedAt": None,
    "googleChannelId": None,
    "googleChannelKind": None,
    "googleChannelResourceId": None,
    "googleChannelResourceUri": None,
    "googleChannelExpiration": None,
    "channelId": None,
    "channelKind": None,
    "channelResourceId": None,
    "channelResourceUri": None,
    "channelExpiration": None,
    "syncSubscribedAt": None,
    "syncToken": None,
    "syncedAt": None,
    "syncErrorAt": None,
    "syncErrorCount": 0,
    "domainWideDelegationCredentialId": None,
    "error": None,
    "lastErrorAt": None,
    "watchAttempts": 0,
    "unwatchAttempts": 0,
    "maxAttempts": 3,
}
# the body fields the emulator keeps, with the zod type each must have (SelectedCalendar's model)
BODY_TYPES = {"userId": "number", "integration": "string", "externalId": "string", "credentialId": "number"}


def selected_v1(row: SelectedCalendar) -> dict[str, Any]:
    """schemaSelectedCalendarPublic: the whole row."""
    return {
        "id": row.id,
        "userId": row.user_id,
        "integration": row.integration,
        "externalId": row.external_id,
        "credentialId": row.credential_id,
        **UNKEPT_COLUMNS,
        "delegationCredentialId": row.delegation_credential_id,
        "eventTypeId": row.event_type_id,
    }


def checked_body(body: Any, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The model schema's type checks on the fields kept (other model columns are accepted and unused)."""
    if not isinstance(body, dict):
        raise v1.zod_error([f"invalid_type in '': Expected object, received {v1.js_type(body)}"])
    issues = [f"invalid_type in '{key}': Required" for key in required if body.get(key) is None]
    for key, kind in BODY_TYPES.items():
        value = body.get(key)
        if value is None:
            continue
        if v1.js_type(value) != kind or (isinstance(value, float) and not value.is_integer()):
            issues.append(f"invalid_type in '{key}': Expected {kind}, received {v1.js_type(value)}")
    if issues:
        raise v1.zod_error(issues)
    return body


def acted_for(world: World, user: User, body: dict[str, Any]) -> int:
    """Whom the body acts for: the caller, or (admins only) the user ``userId`` names."""
    target = body.get("userId")
    if not target:
        return user.id
    if not is_system_admin(user):
        raise ApiError(403, "ADMIN required for userId")
    if world.find("users", int(target)) is None:
        raise ApiError(404, v1.PRISMA_REDACTED)  # findFirstOrThrow
    return int(target)


def _js_number(text: str) -> int | None:
    """z.coerce.number on the id's first part, for the integers a user id can be."""
    stripped = text.strip()
    if stripped == "":
        return 0
    try:
        number = float(stripped)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def compound_id(ctx: RequestContext) -> tuple[str, int, str, str]:
    """selectedCalendarIdSchema over the raw path id: (raw id, userId, integration, externalId)."""
    raw = unquote(ctx.path.split("/selected-calendars/", 1)[1])
    user_part, _, rest = raw.partition("_")
    pieces = rest.split("_calendar_")
    prefix, external_id = pieces[0], pieces[1] if len(pieces) > 1 else ""
    user_id = _js_number(user_part)
    for failed, message in ((user_id is None, "userId is not a number"), (not prefix, "Missing integration")):
        if failed:
            raise v1.zod_error([f"custom in '': {message}"])
    if not external_id:
        raise v1.zod_error(["custom in '': Missing externalId"])
    assert user_id is not None
    return raw, user_id, f"{prefix}_calendar", external_id


def user_level(world: World, user_id: int, integration: str, external_id: str) -> SelectedCalendar | None:
    found: list[SelectedCalendar] = world.where(
        "selected_calendars",
        lambda s: (
            (s.user_id, s.integration, s.external_id, s.event_type_id) == (user_id, integration, external_id, None)
        ),
    )
    return found[0] if found else None


def _authorized(ctx: RequestContext) -> tuple[World, User, str, SelectedCalendar | None]:
    """The [id] auth middleware, and the row the id names (None when it is not there)."""
    world, user = ctx.runtime.world, acting_user(ctx)
    raw, user_id, integration, external_id = compound_id(ctx)
    if not is_system_admin(user) and user_id != user.id:
        raise ApiError(403, "Forbidden")
    return world, user, raw, user_level(world, user_id, integration, external_id)


def _found(row: SelectedCalendar | None) -> SelectedCalendar:
    if row is None:
        raise ApiError(404, v1.PRISMA_REDACTED)  # findUniqueOrThrow, update and delete of no row
    return row


def _credential_id(world: World, body: dict[str, Any], current: int | None) -> int | None:
    if "credentialId" not in body:
        return current
    value = body["credentialId"]
    if value is not None and world.find("credentials", int(value)) is None:
        raise ApiError(400, v1.PRISMA_REDACTED)  # the credential's foreign key
    return int(value) if value is not None else None


@handles("listSelectedCalendars")
def list_selected(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    asked = bool(ctx.query_values("userId"))
    if asked and not is_system_admin(user):
        raise ApiError(403, "ADMIN required")
    rows: list[SelectedCalendar] = [s for s in world.all("selected_calendars") if s.event_type_id is None]
    if asked:
        wanted = set(query_user_ids(ctx))
        rows = sorted((s for s in rows if s.user_id in wanted), key=lambda s: s.user_id)
    elif not is_system_admin(user):
        rows = [s for s in rows if s.user_id == user.id]
    return Reply(200, {"selected_calendars": [selected_v1(s) for s in rows]})


@handles("addSelectedCalendar")
def add_selected(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    body = checked_body(ctx.body, ("integration", "externalId"))
    user_id = acted_for(world, user, body)
    integration, external_id = str(body["integration"]), str(body["externalId"])
    if user_level(world, user_id, integration, external_id) is not None:
        raise ApiError(400, v1.PRISMA_REDACTED)  # the user-level unique index
    row_id = f"{user_id}_{integration}_{external_id}"
    if world.find("selected_calendars", row_id) is not None:
        raise ApiError(400, v1.PRISMA_REDACTED)
    row = SelectedCalendar(row_id, user_id, integration, external_id, _credential_id(world, body, None))
    world.insert("selected_calendars", row)
    return Reply(200, {"selected_calendar": selected_v1(row), "message": "Selected Calendar created successfully"})


@handles("getSelectedCalendarById")
def get_selected(ctx: RequestContext) -> Reply:
    return Reply(200, {"selected_calendar": selected_v1(_found(_authorized(ctx)[3]))})


@handles("editSelectedCalendarById")
def edit_selected(ctx: RequestContext) -> Reply:
    world, user, _, found = _authorized(ctx)
    body = checked_body(ctx.body if ctx.body is not None else {})
    acting_for = acted_for(world, user, body) if body.get("userId") else None
    row = _found(found)
    changes: dict[str, Any] = {"credential_id": _credential_id(world, body, row.credential_id)}
    if acting_for is not None:
        changes["user_id"] = acting_for
    for key, column in (("integration", "integration"), ("externalId", "external_id")):
        if key in body:
            changes[column] = str(body[key])
    moved = (changes.get("user_id", row.user_id), changes.get("integration", row.integration))
    clash = user_level(world, *moved, changes.get("external_id", row.external_id))
    if clash is not None and clash.id != row.id:
        raise ApiError(400, v1.PRISMA_REDACTED)  # the user-level unique index
    updated: SelectedCalendar = world.update("selected_calendars", row.id, **changes)
    return Reply(200, {"selected_calendar": selected_v1(updated)})


@handles("removeSelectedCalendarById")
def remove_selected(ctx: RequestContext) -> Reply:
    world, _, raw, found = _authorized(ctx)
    world.delete("selected_calendars", _found(found).id)
    return Reply(200, {"message": f"Selected Calendar with id: {raw} deleted successfully"})
