"""An organization's schedules: /v2/organizations/{orgId}/schedules and
/v2/organizations/{orgId}/users/{userId}/schedules[/{scheduleId}] (OrganizationsSchedulesController),
/v2/organizations/{orgId}/teams/{teamId}/schedules and .../teams/{teamId}/users/{userId}/schedules
(OrganizationsTeamsSchedulesController).

The guard stage has run IsOrgGuard, RolesGuard (ORG_ADMIN on the organization routes, TEAM_ADMIN on
the team routes, where organization admins pass too), IsTeamInOrg and the plan guards. Kept here:

- IsUserInOrg: a path user without a profile in the organization is 403 (org_users.path_org_user).
- IsUserInOrgTeam: a path user who is not a member of the path team is 403.
- A member's schedules are served by the 2024-06-11 service with the path user in the caller's place,
  so the answers and refusals (404/400 missing, 403 someone else's) are those of /v2/schedules.
- The organization's schedules are those of every user with a profile in it; a team's, those of its
  members; both windowed by ``skip``/``take``.
"""

from __future__ import annotations

from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.org_users import path_org_user
from emulator.api.registry import handles
from emulator.api.schedules_slots import schedules as user_schedules
from emulator.api.schedules_slots.team_schedules import schedules_of_users, team_schedules
from emulator.domain import teams
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import User

ORG = "OrganizationsSchedulesController_"
TEAM = "OrganizationsTeamsSchedulesController_"


@handles(ORG + "getOrganizationSchedules")
def get_organization_schedules(ctx: RequestContext) -> Reply:
    org_id = event_type_id(ctx, "orgId")
    return schedules_of_users(ctx, [u.id for u in teams.org_users(ctx.runtime.world, org_id)])


@handles(ORG + "getUserSchedules")
def get_user_schedules(ctx: RequestContext) -> Reply:
    return user_schedules.list_for(ctx.runtime.world, path_org_user(ctx))


@handles(ORG + "createUserSchedule")
def create_user_schedule(ctx: RequestContext) -> Reply:
    return user_schedules.create_for(ctx, path_org_user(ctx))


@handles(ORG + "getUserSchedule")
def get_user_schedule(ctx: RequestContext) -> Reply:
    return user_schedules.get_for(ctx, path_org_user(ctx))


@handles(ORG + "updateUserSchedule")
def update_user_schedule(ctx: RequestContext) -> Reply:
    return user_schedules.update_for(ctx, path_org_user(ctx))


@handles(ORG + "deleteUserSchedule")
def delete_user_schedule(ctx: RequestContext) -> Reply:
    return user_schedules.delete_for(ctx, path_org_user(ctx))


@handles(TEAM + "getTeamSchedules")
def get_org_team_schedules(ctx: RequestContext) -> Reply:
    return team_schedules(ctx)


def _path_team_member(ctx: RequestContext) -> User:
    """IsUserInOrgTeam: the path user must belong to the path team of the organization."""
    world = ctx.runtime.world
    org_id, team_id, user_id = (event_type_id(ctx, name) for name in ("orgId", "teamId", "userId"))
    user: User | None = world.find("users", user_id)
    in_team = teams.team_in_org(world, org_id, team_id) is not None and teams.membership(world, team_id, user_id)
    if user is None or not in_team:
        raise ApiError(
            403,
            f"IsUserInOrgTeam - user with id=({user_id}) is not part of the team with id=({team_id}) "
            f"in the organization with id=({org_id})",
        )
    return user


@handles(TEAM + "getUserSchedules")
def get_team_member_schedules(ctx: RequestContext) -> Reply:
    return user_schedules.list_for(ctx.runtime.world, _path_team_member(ctx))
