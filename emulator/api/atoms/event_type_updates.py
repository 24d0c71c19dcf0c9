"""PATCH /v2/atoms/event-types/{eventTypeId} and its team variant: the event-type settings atom saves
(AtomsEventTypesController.updateAtomEventType / updateAtomTeamEventType, EventTypesAtomService over
packages/trpc/server/routers/viewer/eventTypes/heavy/update.handler.ts).

Before the shared update handler runs, the service checks:

- personal: the event type must be the caller's (404 ``Event type with id <id> not found``) and a
  ``scheduleId`` in the body the caller's (404 ``User with ID=... does not own schedule with ID=...``);
- team: an administrator of the caller's organization only needs the event type to be the path
  team's (404 as above); anyone else also needs an accepted admin or owner membership of the team
  (403 ``Access denied. ...``) and their own ``scheduleId``.

A non-empty booking form without an e-mail or phone field gets the system e-mail field. The handler
then refuses a ``teamId`` that is not the event type's team (401, the tRPC UNAUTHORIZED) and hosts
who are not accepted members of a team outside an organization (403, the tRPC FORBIDDEN), connects
``schedule`` only when it is the caller's (``null`` or 0 disconnects), replaces managed children
from ``children`` and copies the parent onto them. It answers ``{eventType}`` with the handful of
fields it read *before* writing (title, locations, description, seats, recurrence, hosts, children,
team with members): the atom refetches the event type afterwards.
"""

from __future__ import annotations

from typing import Any

from emulator.api.atoms import event_type_input as inputs
from emulator.api.atoms.event_type_settings import check_team_owns, is_org_admin
from emulator.api.atoms.trpc import trpc_error
from emulator.api.caller import acting_user
from emulator.api.event_types.fields_input import check_schedule
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.domain.event_type_fields import SYSTEM_FIELDS_BEFORE
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, Host, Team, User
from emulator.world.store import World

JSON = dict[str, Any]
SYSTEM_EMAIL = {**SYSTEM_FIELDS_BEFORE[1], "sources": [{"label": "Default", "id": "default", "type": "default"}]}
SWITCHABLE = ("COLLECTIVE", "ROUND_ROBIN")  # a team event type may move between these two


def not_found(eid: int) -> ApiError:
    return ApiError(404, f"Event type with id {eid} not found")


def _team_before(world: World, team_id: int) -> JSON:
    team: Team = world.get("teams", team_id)
    parent: Team | None = world.find("teams", team.parent_id) if team.parent_id else None
    members = []
    for m in sorted(world.where("memberships", lambda m: m.team_id == team.id), key=lambda m: m.id):
        user: User | None = world.find("users", m.user_id)
        if user is not None:
            slugs = [{"slug": e.slug} for e in rules.owned_by(world, user.id)]
            person = {"name": user.name, "id": user.id, "email": user.email, "eventTypes": slugs}
            members.append({"role": m.role, "accepted": m.accepted, "user": person})
    return {
        "id": team.id,
        "name": team.name,
        "slug": team.slug,
        "parentId": team.parent_id,
        "rrTimestampBasis": "CREATED_AT",
        "parent": {"slug": parent.slug} if parent else None,
        "members": members,
    }


def before_update(world: World, event_type: EventType) -> JSON:
    """The event type as updateHandler read it before writing (its findUniqueOrThrow select)."""
    settings = event_type.settings
    return {
        "title": event_type.title,
        "locations": [dict(loc) for loc in event_type.locations],
        "description": event_type.description,
        "seatsPerTimeSlot": event_type.seats_per_time_slot,
        "recurringEvent": event_type.recurring_event,
        "maxActiveBookingsPerBooker": settings.get("maxActiveBookingsPerBooker"),
        "fieldTranslations": [],
        "isRRWeightsEnabled": bool(settings.get("isRRWeightsEnabled", False)),
        "hosts": [
            {"userId": h.user_id, "priority": h.priority, "weight": h.weight, "isFixed": h.is_fixed}
            for h in event_type.hosts
        ],
        "aiPhoneCallConfig": None,
        "calVideoSettings": settings.get("calVideoSettings"),
        "children": [{"userId": c.owner_id} for c in rules.children_of(world, event_type.id)],
        "workflows": [],
        "hostGroups": [],
        "team": _team_before(world, event_type.team_id) if event_type.team_id is not None else None,
    }


def _hosts(world: World, team_id: int, body: JSON) -> tuple[Host, ...]:
    entries = body["hosts"]
    if not isinstance(entries, list) or not all(
        isinstance(h, dict) and isinstance(h.get("userId"), int) and not isinstance(h["userId"], bool) for h in entries
    ):
        raise inputs.wrong_value("hosts")
    if any(world.find("users", h["userId"]) is None for h in entries):  # Prisma's foreign key
        raise inputs.wrong_value("hosts")
    team: Team = world.get("teams", team_id)
    accepted = {m.user_id for m in world.where("memberships", lambda m: m.team_id == team.id and m.accepted)}
    if team.parent_id is None and not all(h["userId"] in accepted for h in entries):
        raise trpc_error("FORBIDDEN")
    collective = body.get("schedulingType") == "COLLECTIVE"
    hosts = []
    for entry in entries:
        numbers = [entry.get(k) for k in ("priority", "weight", "scheduleId")]
        if any(n is not None and (isinstance(n, bool) or not isinstance(n, int)) for n in numbers):
            raise inputs.wrong_value("hosts")
        priority, weight, schedule_id = numbers
        hosts.append(
            Host(
                user_id=entry["userId"],
                is_fixed=collective or bool(entry.get("isFixed")),
                priority=2 if priority is None else priority,
                weight=100 if weight is None else weight,
                schedule_id=schedule_id,
            )
        )
    return tuple(dict((h.user_id, h) for h in hosts).values())


def _children_owners(world: World, event_type: EventType, body: JSON) -> list[int] | None:
    if event_type.scheduling_type != "MANAGED":
        return None
    if "children" not in body or body["children"] is None:
        return [c.owner_id for c in rules.children_of(world, event_type.id) if c.owner_id is not None]
    children = body["children"]
    if not isinstance(children, list) or not all(
        isinstance(c, dict) and isinstance(c.get("owner"), dict) and isinstance(c["owner"].get("id"), int)
        for c in children
    ):
        raise inputs.wrong_value("children")
    owners = [c["owner"]["id"] for c in children]
    if any(world.find("users", owner) is None for owner in owners):  # Prisma's foreign key
        raise inputs.wrong_value("children")
    return owners


def apply_update(world: World, user: User, event_type: EventType, body: JSON) -> JSON:
    """updateHandler over the world; answers ``{eventType}`` as read before the write."""
    answer = {"eventType": before_update(world, event_type)}
    team_id = body.get("teamId")
    if team_id and event_type.team_id is not None and team_id != event_type.team_id:
        raise trpc_error("UNAUTHORIZED")
    fields = body.get("bookingFields")
    if (
        isinstance(fields, list)
        and fields
        and not any(isinstance(f, dict) and f.get("type") in ("email", "phone") for f in fields)
    ):
        body = {**body, "bookingFields": [*fields, SYSTEM_EMAIL]}
    changes = inputs.column_changes(event_type, body)
    if "slug" in changes:
        clash = (
            rules.slug_team_clash(world, event_type.team_id, changes["slug"], except_id=event_type.id)
            if event_type.team_id is not None
            else rules.slug_owner_clash(world, user.id, changes["slug"], except_id=event_type.id)
        )
        if clash is not None:
            raise trpc_error("BAD_REQUEST")  # Prisma's unique slug, turned into BAD_REQUEST by the handler
    schedule = body.get("schedule")
    if schedule:
        if isinstance(schedule, bool) or not isinstance(schedule, int):
            raise inputs.wrong_value("schedule")
        owned = world.find("schedules", schedule)
        if owned is not None and owned.user_id == user.id:
            changes["schedule_id"] = schedule
    elif "schedule" in body:
        changes["schedule_id"] = None
    kind = body.get("schedulingType")
    if kind is not None and event_type.scheduling_type in SWITCHABLE:
        if kind not in SWITCHABLE:
            raise inputs.wrong_value("schedulingType")
        changes["scheduling_type"] = kind
    if event_type.team_id is not None and body.get("hosts") is not None:
        changes["hosts"] = _hosts(world, event_type.team_id, body)
    owners = _children_owners(world, event_type, body)
    updated = rules.update(world, event_type, **changes)
    if owners is not None:
        rules.sync_children(world, updated, owners)
    return answer


def _check_schedule_id(world: World, user: User, body: JSON) -> None:
    """checkUserOwnsSchedule on the body's ``scheduleId`` (a number, or absent)."""
    value = body.get("scheduleId")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise inputs.wrong_value("scheduleId")
    check_schedule(world, user, value)


@handles("AtomsEventTypesController_updateAtomEventType")
def update_atom_event_type(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    eid = event_type_id(ctx)
    event_type = rules.by_id(world, eid)
    if event_type is None or event_type.owner_id != user.id:
        raise not_found(eid)
    _check_schedule_id(world, user, body)
    return Reply(200, {"status": "success", "data": apply_update(world, user, event_type, body)})


@handles("AtomsEventTypesController_updateAtomTeamEventType")
def update_atom_team_event_type(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    eid, team_id = event_type_id(ctx), int(ctx.path_params["teamId"])
    org_team = (
        rules.team_of_org(world, team_id, user.organization_id)
        if user.organization_id is not None and is_org_admin(world, user)
        else None
    )
    if org_team is None:
        check_team_owns(world, user, eid, team_id)
    event_type = rules.by_id(world, eid)
    if event_type is None or event_type.team_id != team_id:
        raise not_found(eid)
    if org_team is None:
        _check_schedule_id(world, user, body)
    return Reply(200, {"status": "success", "data": apply_update(world, user, event_type, body)})
