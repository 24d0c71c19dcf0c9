"""An organization's teams and memberships: /v2/organizations/{orgId}/teams (OrganizationsTeamsController),
/v2/organizations/{orgId}/memberships (OrganizationsMembershipsController) and
/v2/organizations/{orgId}/teams/{teamId}/memberships (OrganizationsTeamsMembershipsController).

The guard stage has run RolesGuard, IsOrgGuard and the plan guards (access.yaml). What is left here:

- IsTeamInOrg runs in the guard stage: any team that is not a sub-team of the path's organization (unknown,
  an organization, another parent's) is 404. IsMembershipInOrg: a membership id that is not one of the
  organization's is 404.
- Team create: a sub-team with ``parentId`` = the organization, slug defaulting to the slugified name
  (the unique (slug, parentId) index refuses a repeat with the Prisma filter's 409). The creator
  becomes OWNER, accepted unless ``autoAcceptCreator`` is false; a system admin gets no membership.
- ``teams/me``: organization admins and owners see every sub-team, other members the sub-teams they
  belong to; each carries the caller's ``role`` and ``accepted`` where the caller is a member.
- Organization memberships: create is an upsert on (user, organization); a managed user and the
  organization must share their OAuth client. Delete also removes the user from the organization's
  sub-teams and drops their organization profile. ``attributes`` are the member's attribute options
  (attributes.py).
- Team memberships: the user must have a profile in the organization (422 otherwise).
"""

from __future__ import annotations

from typing import Any

from emulator.api.caller import acting_user
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations import team_inputs
from emulator.api.organizations.attributes import membership_attributes
from emulator.api.organizations.teams import (
    RECORD_EXISTS,
    delete_found_team,
    membership_output,
    membership_writes,
    new_membership,
    ok,
    page,
    team_fields,
    team_output,
    update_found_team,
)
from emulator.api.registry import handles
from emulator.domain import event_types as event_type_rules
from emulator.domain import teams
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Membership, OAuthClient, Team, User
from emulator.world.store import World

NOT_ORG_USER = "User is not part of the Organization"
PLATFORM_USER_TO_REGULAR_ORG = (
    "Can't add user to organization - the user is platform managed user but organization is not because "
    "organization probably was not created using OAuth credentials."
)
REGULAR_USER_TO_PLATFORM_ORG = (
    "Can't add user to organization - the user is not platform managed user but organization is platform "
    "managed. Both have to be created using OAuth credentials."
)
DIFFERENT_CLIENTS = (
    "Can't add user to organization - managed user and organization were created using different OAuth clients."
)


def _org_id(ctx: RequestContext) -> int:
    return event_type_id(ctx, "orgId")


def path_team_in_org(ctx: RequestContext) -> Team:
    """The path's team, which the guard stage's IsTeamInOrg has found among the organization's sub-teams
    (a system admin passes the roles guard but not that one, so this stays a lookup, with its 404)."""
    world, org_id, team_id = ctx.runtime.world, _org_id(ctx), event_type_id(ctx, "teamId")
    team = teams.team_in_org(world, org_id, team_id)
    if team is None:
        raise ApiError(404, f"IsTeamInOrg - Team ({team_id}) not found.")
    return team


def _path_org_membership(ctx: RequestContext) -> Membership:
    """IsMembershipInOrg: the path's membership must be one of the organization's."""
    mid = event_type_id(ctx, "membershipId")
    member = teams.membership_by_id(ctx.runtime.world, _org_id(ctx), mid)
    if member is None:
        raise ApiError(404, f"IsMembershipInOrg - Membership ({mid}) not found.")
    return member


def org_membership_output(world: World, member: Membership) -> dict[str, Any]:
    """OrganizationMembershipOutput: a team membership plus the member's attribute options."""
    return {**membership_output(world, member), "attributes": membership_attributes(world, member)}


# --- teams -----------------------------------------------------------------------------------------


@handles("OrganizationsTeamsController_getAllTeams")
def list_org_teams(ctx: RequestContext) -> Reply:
    found = page(ctx, teams.sub_teams(ctx.runtime.world, _org_id(ctx)))
    return ok(200, [team_output(t) for t in found])


@handles("OrganizationsTeamsController_getMyTeams")
def list_my_org_teams(ctx: RequestContext) -> Reply:
    world, org_id, user = ctx.runtime.world, _org_id(ctx), acting_user(ctx)
    everything = teams.sub_teams(world, org_id)
    if teams.role_of(world, org_id, user.id) not in ("ADMIN", "OWNER"):
        everything = [t for t in everything if teams.membership(world, t.id, user.id) is not None]
    out = []
    for team in page(ctx, everything):
        row = team_output(team)
        mine = teams.membership(world, team.id, user.id)
        if mine is not None:
            row.update(role=mine.role, accepted=mine.accepted)
        out.append(row)
    return ok(200, out)


@handles("OrganizationsTeamsController_createTeam")
def create_org_team(ctx: RequestContext) -> Reply:
    world, org_id, user = ctx.runtime.world, _org_id(ctx), acting_user(ctx)
    body = team_inputs.checked_team_body(ctx.body, creating=True)
    fields = team_fields(body)
    fields["slug"] = body.get("slug") or event_type_rules.slugify(body["name"])
    if teams.slug_taken(world, fields["slug"], org_id):
        raise ApiError(409, RECORD_EXISTS)
    fields["parent_id"] = org_id
    if user.role == "ADMIN":  # Cal.com gives a system admin no membership in the team
        team = world.insert("teams", Team(id=world.next_id("teams"), created_at=world.clock.now(), **fields))
    else:
        team, _ = teams.create(world, user.id, accepted=body.get("autoAcceptCreator", True) is not False, **fields)
    return ok(201, team_output(team))


@handles("OrganizationsTeamsController_getTeam")
def get_org_team(ctx: RequestContext) -> Reply:
    return ok(200, team_output(path_team_in_org(ctx)))


@handles("OrganizationsTeamsController_updateTeam")
def update_org_team(ctx: RequestContext) -> Reply:
    return update_found_team(ctx, path_team_in_org(ctx))


@handles("OrganizationsTeamsController_deleteTeam")
def delete_org_team(ctx: RequestContext) -> Reply:
    return delete_found_team(ctx, path_team_in_org(ctx))


# --- organization memberships ------------------------------------------------------------------------


def _check_oauth_clients(world: World, org_id: int, user: User) -> None:
    """canUserBeAddedToOrg: a managed user joins only an organization of the same OAuth client."""
    org_clients: list[OAuthClient] = world.where("oauth_clients", lambda c: c.organization_id == org_id)
    client_id = user.platform_client_id
    if client_id is None and not org_clients:
        return
    if client_id is not None and any(c.id == client_id for c in org_clients):
        return
    if client_id is None:
        raise ApiError(400, REGULAR_USER_TO_PLATFORM_ORG)
    if not org_clients:
        raise ApiError(400, PLATFORM_USER_TO_REGULAR_ORG)
    raise ApiError(400, DIFFERENT_CLIENTS)


@handles("OrganizationsMembershipsController_getAllMemberships")
def list_org_memberships(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    found = page(ctx, teams.memberships_of_team(world, _org_id(ctx)))
    return ok(200, [org_membership_output(world, m) for m in found])


@handles("OrganizationsMembershipsController_createMembership")
def create_org_membership(ctx: RequestContext) -> Reply:
    world, org_id, body = ctx.runtime.world, _org_id(ctx), ctx.body
    user: User | None = world.find("users", int(body["userId"]))
    if user is None:  # the foreign key on userId
        raise ApiError(400, "Invalid input: The referenced data does not exist.")
    _check_oauth_clients(world, org_id, user)
    existing = teams.membership(world, org_id, user.id)
    if existing is not None:  # the repository upserts on (userId, teamId)
        member = teams.update_member(world, existing, **membership_writes(body))
    else:
        member = new_membership(world, org_id, user.id, body)
    return ok(201, org_membership_output(world, member))


@handles("OrganizationsMembershipsController_getOrgMembership")
def get_org_membership(ctx: RequestContext) -> Reply:
    return ok(200, org_membership_output(ctx.runtime.world, _path_org_membership(ctx)))


@handles("OrganizationsMembershipsController_updateMembership")
def update_org_membership(ctx: RequestContext) -> Reply:
    world, member = ctx.runtime.world, _path_org_membership(ctx)
    updated = teams.update_member(world, member, **membership_writes(ctx.body or {}))
    return ok(200, org_membership_output(world, updated))


@handles("OrganizationsMembershipsController_deleteMembership")
def delete_org_membership(ctx: RequestContext) -> Reply:
    world, member = ctx.runtime.world, _path_org_membership(ctx)
    out = org_membership_output(world, member)
    teams.remove_from_org(world, _org_id(ctx), member)
    return ok(200, out)


# --- organization team memberships -------------------------------------------------------------------


def _path_team_membership(ctx: RequestContext, missing: str) -> tuple[Team, Membership]:
    team = path_team_in_org(ctx)
    mid = event_type_id(ctx, "membershipId")
    member = teams.membership_by_id(ctx.runtime.world, team.id, mid)
    if member is None:
        raise ApiError(404, missing.format(org_id=team.parent_id, team_id=team.id, membership_id=mid))
    return team, member


@handles("OrganizationsTeamsMembershipsController_getAllOrgTeamMemberships")
def list_org_team_memberships(ctx: RequestContext) -> Reply:
    world, team = ctx.runtime.world, path_team_in_org(ctx)
    found = page(ctx, teams.memberships_of_team(world, team.id))
    return ok(200, [membership_output(world, m) for m in found])


@handles("OrganizationsTeamsMembershipsController_createOrgTeamMembership")
def create_org_team_membership(ctx: RequestContext) -> Reply:
    world, team, body = ctx.runtime.world, path_team_in_org(ctx), ctx.body
    user_id = int(body["userId"])
    if not teams.is_org_user(world, _org_id(ctx), user_id):
        raise ApiError(422, NOT_ORG_USER)
    if teams.membership(world, team.id, user_id) is not None:
        raise ApiError(409, RECORD_EXISTS)
    return ok(201, membership_output(world, new_membership(world, team.id, user_id, body)))


@handles("OrganizationsTeamsMembershipsController_getOrgTeamMembership")
def get_org_team_membership(ctx: RequestContext) -> Reply:
    _, member = _path_team_membership(ctx, "Organization's Team membership not found")
    return ok(200, membership_output(ctx.runtime.world, member))


@handles("OrganizationsTeamsMembershipsController_updateOrgTeamMembership")
def update_org_team_membership(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    _, member = _path_team_membership(ctx, "Organization's Team membership not found")
    updated = teams.update_member(world, member, **membership_writes(ctx.body or {}))
    return ok(200, membership_output(world, updated))


@handles("OrganizationsTeamsMembershipsController_deleteOrgTeamMembership")
def delete_org_team_membership(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    _, member = _path_team_membership(
        ctx, "Membership with id {membership_id} not found in team {team_id} of organization {org_id}"
    )
    out = membership_output(world, member)
    teams.remove_member(world, member)
    return ok(200, out)
