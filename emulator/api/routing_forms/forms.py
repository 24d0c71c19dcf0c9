"""The forms of an organization's teams and of one team:
OrganizationsRoutingFormsController.getOrganizationRoutingForms and
OrganizationsTeamsRoutingFormsController.getTeamRoutingForms.

The guard stage has run IsOrgGuard, RolesGuard (ORG_ADMIN; TEAM_ADMIN, which an organization admin
passes), IsTeamInOrg and the plan guards (access_routing_forms.yaml); the query rules are in
domain/routing_forms.py.
"""

from __future__ import annotations

from emulator.api.event_types.v2024_06_14 import event_type_id as path_int
from emulator.api.registry import handles
from emulator.api.routing_forms.inputs import list_filters
from emulator.api.routing_forms.output import form_output
from emulator.domain import routing_forms as rules
from emulator.pipeline.context import Reply, RequestContext


def _ok(data: object) -> Reply:
    return Reply(200, {"status": "success", "data": data})


@handles("OrganizationsRoutingFormsController_getOrganizationRoutingForms")
def organization_forms(ctx: RequestContext) -> Reply:
    filters = list_filters(ctx, with_team_ids=True)
    forms = rules.org_forms(ctx.runtime.world, path_int(ctx, "orgId"), filters)
    return _ok([form_output(f) for f in forms])


@handles("OrganizationsTeamsRoutingFormsController_getTeamRoutingForms")
def team_forms(ctx: RequestContext) -> Reply:
    forms = rules.team_forms(ctx.runtime.world, path_int(ctx, "teamId"), list_filters(ctx))
    return _ok([form_output(f) for f in forms])
