"""/v2/event-types with cal-api-version 2024-06-14: EventTypesController_2024_06_14 (the caller's own).

Kept from apps/api/v2/src/ee/event-types/event-types_2024_06_14: an id that is not the caller's reads
as missing (404 ``Event type with id <id> not found``) on get and update, while delete says 403; a
slug the user already has is 400 on create; a schedule of someone else is 404; the list answers for
``username`` (+ ``eventSlug``) or ``usernames``, else with the caller's own event types (empty when
anonymous), shows hidden event types only to their authenticated owner, and leaves hidden booking
fields out.
"""

from __future__ import annotations

from typing import Any

from emulator.api import params, problems
from emulator.api.caller import acting_user, caller_or_none
from emulator.api.event_types.fields_input import changes_from_body, check_destination, check_schedule
from emulator.api.event_types.fields_output import event_type_output
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, User
from emulator.world.store import World


def event_type_id(ctx: RequestContext, name: str = "eventTypeId") -> int:
    raw = ctx.path_params[name]
    try:
        return int(raw)
    except ValueError:
        raise problems.invalid(
            f"path.{name}",
            "Validation failed (numeric string is expected)",
            {"type": "integer"},
            raw,
            text="Validation failed (numeric string is expected)",
        ) from None


def require_accessible_email(body: dict[str, Any], stored: tuple[dict[str, Any], ...]) -> None:
    """Personal (and non-organization team) event types need a required, visible e-mail field."""
    if "bookingFields" not in body:
        return
    email = next((f for f in stored if f.get("type") == "email" and f.get("name") == "email"), None)
    if not (email and email.get("required") and not email.get("hidden")):
        raise ApiError(400, "checkIsEmailUserAccessible - Email booking field must be required and visible")


def dynamic_event(world: World, usernames: list[str], org_slug: str | None, org_id: int | None) -> dict[str, Any]:
    """Cal.com's dynamic group event (defaultEvents.ts) for several usernames."""
    users = [u for u in (rules.user_by_username(world, n, org_slug, org_id) for n in usernames) if u is not None]
    record = EventType(
        id=0,
        title="Group Meeting",
        slug="dynamic",
        length=30,
        description="Join us for a meeting with multiple people",
        lengths=(15, 30, 45, 60, 90),
        scheduling_type="COLLECTIVE",
        locations=({"type": "integrations:daily"},),
        settings={"disableGuests": True, "eventName": "Group Meeting", "successRedirectUrl": ""},
    )
    return event_type_output(world, record, 0, users)


@handles("EventTypesController_2024_06_14_createEventType")
def create_event_type(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body
    changes = changes_from_body(world, body, None)
    check_destination(world, user, body)
    require_accessible_email(body, changes["booking_fields"])
    if rules.slug_owner_clash(world, user.id, body["slug"]):
        raise ApiError(400, "User already has an event type with this slug.")
    check_schedule(world, user, body.get("scheduleId"))
    event_type = rules.create(world, owner_id=user.id, **changes)
    return Reply(201, {"status": "success", "data": event_type_output(world, event_type, user.id)})


@handles("EventTypesController_2024_06_14_getEventTypes")
def list_event_types(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    viewer = caller_or_none(ctx)
    username, slug = params.query(ctx, "username"), params.query(ctx, "eventSlug")
    org_slug, org_id = params.query(ctx, "orgSlug"), params.query(ctx, "orgId")
    found: list[dict[str, Any]] = []
    if username:
        owner = rules.user_by_username(world, username, org_slug, int(org_id) if org_id is not None else None)
        mine = owner is not None and viewer is not None and viewer.id == owner.id
        if owner is not None:
            listed = rules.owned_by(world, owner.id, include_hidden=mine)
            if slug:
                listed = [e for e in listed if e.slug == slug]
            found = [_visible_output(world, e, owner.id) for e in listed]
    elif params.query(ctx, "usernames"):
        names = [n.strip() for n in str(params.query(ctx, "usernames")).split(",") if n.strip()]
        found = [dynamic_event(world, names, org_slug, int(org_id) if org_id is not None else None)]
    elif viewer is not None:  # getUserEventTypes: the caller's own, hidden ones too (since cal.com #25178)
        found = [_visible_output(world, e, viewer.id) for e in rules.owned_by(world, viewer.id, include_hidden=True)]
    return Reply(200, {"status": "success", "data": found})


def _visible_output(world: World, event_type: EventType, owner_id: int) -> dict[str, Any]:
    out = event_type_output(world, event_type, owner_id)
    out["bookingFields"] = [f for f in out["bookingFields"] if f.get("hidden") is not True]
    return out


def owned_event_type(ctx: RequestContext, user: User, missing: ApiError | None = None) -> EventType:
    """The event type in the path when the caller owns it: ``missing`` (by default the
    2024-06-14 delete's 404) when there is none, a 403 naming both when it is someone else's."""
    eid = event_type_id(ctx)
    event_type = rules.by_id(ctx.runtime.world, eid)
    if event_type is None:
        raise missing or ApiError(404, f"Event type with ID={eid} does not exist.")
    if event_type.owner_id != user.id:
        raise ApiError(403, f"User with ID={user.id} does not own event type with ID={eid}")
    return event_type


def _mine(ctx: RequestContext, user: User) -> EventType:
    eid = event_type_id(ctx)
    event_type = rules.by_id(ctx.runtime.world, eid)
    if event_type is None or event_type.owner_id != user.id:
        raise ApiError(404, f"Event type with id {eid} not found")
    return event_type


@handles("EventTypesController_2024_06_14_getEventTypeById")
def get_event_type(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    event_type = _mine(ctx, user)
    return Reply(200, {"status": "success", "data": event_type_output(ctx.runtime.world, event_type, user.id)})


@handles("EventTypesController_2024_06_14_updateEventType")
def update_event_type(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    event_type = _mine(ctx, user)
    changes = changes_from_body(world, body, event_type)
    check_destination(world, user, body)
    require_accessible_email(body, changes.get("booking_fields", event_type.booking_fields))
    check_schedule(world, user, body.get("scheduleId"))
    if "slug" in body and rules.slug_owner_clash(world, user.id, body["slug"], except_id=event_type.id):
        # the (userId, slug) unique index refuses it; the Prisma filter answers 409
        raise ApiError(409, "Invalid Input: Trying to create a record that already exists.", code="CONFLICT")
    event_type = rules.update(world, event_type, **changes)
    return Reply(200, {"status": "success", "data": event_type_output(world, event_type, user.id)})


@handles("EventTypesController_2024_06_14_deleteEventType")
def delete_event_type(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    event_type = owned_event_type(ctx, acting_user(ctx))
    rules.delete(world, event_type)
    data = {
        "id": event_type.id,
        "lengthInMinutes": event_type.length,
        "slug": event_type.slug,
        "title": event_type.title,
    }
    return Reply(200, {"status": "success", "data": data})
