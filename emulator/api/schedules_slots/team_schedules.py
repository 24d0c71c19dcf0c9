"""Schedules of a team's members: /v2/teams/{teamId}/schedules (TeamsSchedulesController), and the
piece the organization routes share (emulator/api/organizations/org_schedules.py).

The guard stage has run RolesGuard (TEAM_ADMIN). The answer is every schedule of every member of the
team (accepted or not, as getTeamUsersIds reads the memberships), in the 2024-06-11 shape, in the
order the table holds them, windowed by ``skip`` (0) and ``take`` (250).
"""

from __future__ import annotations

from collections.abc import Iterable

from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.teams import page
from emulator.api.registry import handles
from emulator.api.schedules_slots.schedules import schedule_output
from emulator.domain import event_types as event_type_rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import Schedule


def schedules_of_users(ctx: RequestContext, user_ids: Iterable[int]) -> Reply:
    """getSchedulesByUserIds with the request's skip/take, each schedule as ScheduleOutput_2024_06_11."""
    world, wanted = ctx.runtime.world, set(user_ids)
    found: list[Schedule] = sorted(world.where("schedules", lambda s: s.user_id in wanted), key=lambda s: s.id)
    return Reply(200, {"status": "success", "data": [schedule_output(world, s) for s in page(ctx, found)]})


def team_schedules(ctx: RequestContext) -> Reply:
    team_id = event_type_id(ctx, "teamId")
    return schedules_of_users(ctx, event_type_rules.member_ids(ctx.runtime.world, team_id))


@handles("TeamsSchedulesController_getTeamSchedules")
def get_team_schedules(ctx: RequestContext) -> Reply:
    return team_schedules(ctx)
