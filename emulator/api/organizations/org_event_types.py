"""Every team event type of an organization: GET /v2/organizations/{orgId}/teams/event-types
(OrganizationsEventTypesController.getTeamsEventTypes).

The route asks RolesGuard for TEAM_ADMIN but has no team in its path, so only a system admin gets
past the guard stage (access.yaml notes it). The answer: the event types of the organization's
sub-teams, managed children excluded, in id order, windowed by ``skip`` (0) and ``take`` (250), each
in the team event type shape.
"""

from __future__ import annotations

from emulator.api.event_types.teams import team_event_type_output
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.teams import page
from emulator.api.registry import handles
from emulator.domain import teams
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import EventType


@handles("OrganizationsEventTypesController_getTeamsEventTypes")
def get_org_teams_event_types(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    team_ids = {t.id for t in teams.sub_teams(world, event_type_id(ctx, "orgId"))}
    found: list[EventType] = sorted(world.where("event_types", lambda e: e.team_id in team_ids), key=lambda e: e.id)
    return Reply(200, {"status": "success", "data": [team_event_type_output(world, e) for e in page(ctx, found)]})
