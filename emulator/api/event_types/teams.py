"""Team event types: /v2/teams/{teamId}/event-types (TeamsEventTypesController) and
/v2/organizations/{orgId}/teams/{teamId}/event-types (OrganizationsEventTypesController).

Both share one implementation, as the server does (InputOrganizationsEventTypesService and
OutputOrganizationsEventTypesService serve both). The guard stage has already applied RolesGuard
(TEAM_ADMIN on every route but the list) and IsOrgGuard; kept here: an organization route's team
must belong to the organization (IsTeamInOrg, 404); hosts must be team
members (404 naming them); a slug the team already uses is 400, on update too, even when it is the
event type's own; collective hosts are all fixed; ``assignAllTeamMembers`` makes every member a
host; a MANAGED event type has no hosts but a child per assigned member, and create and update
answer the parent followed by its children.
"""

from __future__ import annotations

from typing import Any

from emulator.api import params
from emulator.api.event_types.fields_input import changes_from_body
from emulator.api.event_types.fields_output import event_type_output
from emulator.api.event_types.v2024_06_14 import event_type_id, require_accessible_email
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, Team, User
from emulator.world.store import World

SCHEDULING = {"collective": "COLLECTIVE", "roundRobin": "ROUND_ROBIN", "managed": "MANAGED"}
SCHEDULING_OUT = {v: k for k, v in SCHEDULING.items()}


def team_event_type_output(world: World, event_type: EventType) -> dict[str, Any]:
    """TeamEventTypeOutput_2024_06_14 (OutputOrganizationsEventTypesService.getResponseTeamEventType)."""
    out = event_type_output(world, event_type, 0, users=[])
    del out["ownerId"], out["users"]
    team: Team | None = world.find("teams", event_type.team_id) if event_type.team_id is not None else None
    out.update(
        hosts=_hosts_output(world, event_type),
        teamId=event_type.team_id,
        ownerId=event_type.owner_id,
        parentEventTypeId=event_type.parent_id,
        schedulingType=SCHEDULING_OUT.get(event_type.scheduling_type or ""),
        team=_team_output(team, event_type.team_id),
    )
    if event_type.team_id is not None:
        out["assignAllTeamMembers"] = bool(rules.column(event_type, "assignAllTeamMembers"))
    return out


def _team_output(team: Team | None, team_id: int | None) -> dict[str, Any]:
    if team is None:
        return {"id": team_id}
    return {
        "id": team.id,
        "name": team.name,
        "slug": team.slug,
        "bannerUrl": None,
        "logoUrl": team.logo_url,
        "weekStart": team.week_start,
        "brandColor": None,
        "darkBrandColor": None,
        "theme": None,
    }


def _person(world: World, user_id: int | None) -> dict[str, Any]:
    user: User | None = world.find("users", user_id) if user_id is not None else None
    return {
        "userId": user_id,
        "name": (user.name if user else None) or "",
        "username": (user.username if user else None) or "",
        "avatarUrl": user.avatar_url if user else None,
    }


def _hosts_output(world: World, event_type: EventType) -> list[dict[str, Any]]:
    if event_type.scheduling_type == "MANAGED":
        return [_person(world, child.owner_id) for child in rules.children_of(world, event_type.id)]
    if event_type.scheduling_type is None:
        return []
    hosts = []
    for host in event_type.hosts:
        entry = _person(world, host.user_id)
        if event_type.scheduling_type == "ROUND_ROBIN":  # the only kind where mandatory and priority count
            entry.update(mandatory=host.is_fixed, priority=rules.priority_label(host.priority))
        hosts.append(entry)
    return hosts


def _answer(world: World, event_type: EventType) -> Any:
    """A managed parent comes back with its children; anything else alone."""
    if event_type.scheduling_type != "MANAGED":
        return team_event_type_output(world, event_type)
    return [team_event_type_output(world, e) for e in (event_type, *rules.children_of(world, event_type.id))]


# guards ---------------------------------------------------------------------------------------------------


def _team_id(ctx: RequestContext) -> int:
    return event_type_id(ctx, "teamId")


def _org_id(ctx: RequestContext) -> int | None:
    return event_type_id(ctx, "orgId") if "orgId" in ctx.path_params else None


def check_team_in_org(world: World, org_id: int | None, team_id: int) -> None:
    """IsTeamInOrg of the organization routes."""
    if org_id is None:
        return
    if rules.team_of_org(world, team_id, org_id) is None:
        raise ApiError(404, f"IsTeamInOrg - Team ({team_id}) not found.")


def team_admin(ctx: RequestContext) -> tuple[World, int, int | None]:
    """The routes' own check after the guard stage (RolesGuard TEAM_ADMIN, IsOrgGuard) let the
    caller in: on the organization routes, the team must be one of the organization's."""
    world, team_id, org_id = ctx.runtime.world, _team_id(ctx), _org_id(ctx)
    check_team_in_org(world, org_id, team_id)
    return world, team_id, org_id


def _team_event_type(world: World, team_id: int, eid: int, status: int, missing: str) -> EventType:
    """The team's event type ``eid``; each operation words its refusal of any other id its own way."""
    event_type = rules.by_id(world, eid)
    if event_type is None or event_type.team_id != team_id:
        raise ApiError(status, missing)
    return event_type


# hosts and children ------------------------------------------------------------------------------------


def _check_hosts(world: World, team_id: int, body: dict[str, Any]) -> None:
    outsiders = rules.not_members(world, team_id, [int(h["userId"]) for h in body.get("hosts") or []])
    if outsiders:
        ids = ", ".join(str(u) for u in outsiders)
        raise ApiError(404, f"Invalid hosts: {ids} are not members of team with id {team_id}.")


def _hosts(world: World, team_id: int, scheduling: str | None, body: dict[str, Any]) -> Any:
    if body.get("assignAllTeamMembers"):
        return rules.all_members_as_hosts(world, team_id, scheduling)
    if body.get("hosts") is None:
        return None
    return rules.hosts_for(
        scheduling,
        (
            (int(h["userId"]), bool(h.get("mandatory", False)), rules.host_priority(h.get("priority")))
            for h in body["hosts"]
        ),
    )


def _child_owners(world: World, team_id: int, body: dict[str, Any], parent: EventType | None) -> list[int]:
    if body.get("assignAllTeamMembers"):
        return rules.member_ids(world, team_id)
    if body.get("hosts") is not None:
        return [int(h["userId"]) for h in body["hosts"]]
    return [c.owner_id for c in rules.children_of(world, parent.id) if c.owner_id is not None] if parent else []


# handlers -------------------------------------------------------------------------------------------------


@handles("TeamsEventTypesController_createTeamEventType", "OrganizationsEventTypesController_createTeamEventType")
def create_team_event_type(ctx: RequestContext) -> Reply:
    world, team_id, org_id = team_admin(ctx)
    body = ctx.body
    _check_hosts(world, team_id, body)
    if rules.slug_team_clash(world, team_id, body["slug"]):
        raise ApiError(400, "Team event type with this slug already exists")
    scheduling = SCHEDULING[body["schedulingType"]]
    body = {**body, "locations": body.get("locations") or [{"type": "integration", "integration": "cal-video"}]}
    changes = changes_from_body(world, body, None)
    if org_id is None:
        require_accessible_email(body, changes["booking_fields"])
    if scheduling == "MANAGED":
        changes["metadata"] = {"managedEventConfig": {}, **changes["metadata"]}
    else:
        changes["hosts"] = _hosts(world, team_id, scheduling, body) or ()
    changes["settings"]["assignAllTeamMembers"] = bool(body.get("assignAllTeamMembers", False))
    event_type = rules.create(world, team_id=team_id, scheduling_type=scheduling, **changes)
    if scheduling == "MANAGED":
        rules.sync_children(world, event_type, _child_owners(world, team_id, body, None))
    return Reply(201, {"status": "success", "data": _answer(world, event_type)})


@handles("TeamsEventTypesController_getTeamEventTypes", "OrganizationsEventTypesController_getTeamEventTypes")
def list_team_event_types(ctx: RequestContext) -> Reply:
    world, team_id, _org = team_admin(ctx)
    listed = rules.of_team(world, team_id)
    slug = params.query(ctx, "eventSlug")
    if slug:
        listed = [e for e in listed if e.slug == slug]
    return Reply(200, {"status": "success", "data": [team_event_type_output(world, e) for e in listed]})


@handles("TeamsEventTypesController_getTeamEventType", "OrganizationsEventTypesController_getTeamEventType")
def get_team_event_type(ctx: RequestContext) -> Reply:
    world, team_id, _org = team_admin(ctx)
    eid = event_type_id(ctx)
    event_type = _team_event_type(world, team_id, eid, 404, f"Event type with id {eid} not found")
    return Reply(200, {"status": "success", "data": team_event_type_output(world, event_type)})


@handles("TeamsEventTypesController_updateTeamEventType", "OrganizationsEventTypesController_updateTeamEventType")
def update_team_event_type(ctx: RequestContext) -> Reply:
    world, team_id, org_id = team_admin(ctx)
    eid, body = event_type_id(ctx), ctx.body or {}
    _check_hosts(world, team_id, body)
    if body.get("slug") and rules.slug_team_clash(world, team_id, body["slug"]):
        raise ApiError(400, "Team event type with this slug already exists")
    event_type = _team_event_type(world, team_id, eid, 400, "Event type to update not found")
    changes = changes_from_body(world, body, event_type)
    if org_id is None:
        require_accessible_email(body, changes.get("booking_fields", event_type.booking_fields))
    if "assignAllTeamMembers" in body:
        changes["settings"]["assignAllTeamMembers"] = bool(body["assignAllTeamMembers"])
    if event_type.scheduling_type != "MANAGED":
        hosts = _hosts(world, team_id, event_type.scheduling_type, body)
        if hosts is not None:
            changes["hosts"] = hosts
    event_type = rules.update(world, event_type, **changes)
    if event_type.scheduling_type == "MANAGED":
        rules.sync_children(world, event_type, _child_owners(world, team_id, body, event_type))
    return Reply(200, {"status": "success", "data": _answer(world, event_type)})


@handles("TeamsEventTypesController_deleteTeamEventType", "OrganizationsEventTypesController_deleteTeamEventType")
def delete_team_event_type(ctx: RequestContext) -> Reply:
    world, team_id, _org = team_admin(ctx)
    eid = event_type_id(ctx)
    event_type = _team_event_type(world, team_id, eid, 404, f"Event type with ID={eid} does not exist.")
    rules.delete(world, event_type)
    return Reply(200, {"status": "success", "data": {"id": eid, "title": event_type.title}})
