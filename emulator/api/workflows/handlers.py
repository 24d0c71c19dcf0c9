"""/v2/organizations/{orgId}/teams/{teamId}/workflows (OrganizationTeamWorkflowsController): the event-type
workflows of an organization team.

The guard stage has run the controller's guards (ApiAuthGuard, IsOrgGuard, IsTeamInOrg, PlatformPlanGuard
SCALE, RolesGuard TEAM_ADMIN with organization admins passing, IsAdminAPIEnabledGuard;
domain/access_workflows.yaml). The by-id operations' IsEventTypeWorkflowInTeam is checked here: a
workflow that is not the team's event-type workflow is 404. The rules are in emulator/domain/workflows.py,
the reminders in domain/workflows_reminders.py.
"""

from __future__ import annotations

from emulator.api.caller import acting_user
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.teams import ok, page
from emulator.api.registry import handles
from emulator.api.workflows.inputs import object_body, workflow_input
from emulator.api.workflows.output import workflow_output
from emulator.domain import workflows as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.records_workflows import Workflow

C = "OrganizationTeamWorkflowsController_"


def _team_id(ctx: RequestContext) -> int:
    return event_type_id(ctx, "teamId")


def _path_workflow(ctx: RequestContext) -> Workflow:
    return rules.in_team(ctx.runtime.world, _team_id(ctx), ctx.path_params["workflowId"])


@handles(C + "getWorkflows")
def list_workflows(ctx: RequestContext) -> Reply:
    found = rules.of_team(ctx.runtime.world, _team_id(ctx))
    return ok(200, [workflow_output(w) for w in page(ctx, found)])


@handles(C + "createWorkflow")
def create_workflow(ctx: RequestContext) -> Reply:
    data = workflow_input(object_body(ctx.body), updating=False)
    made = rules.create(ctx.runtime.world, acting_user(ctx), _team_id(ctx), data)
    return ok(201, workflow_output(made))


@handles(C + "getWorkflowById")
def get_workflow(ctx: RequestContext) -> Reply:
    return ok(200, workflow_output(_path_workflow(ctx)))


@handles(C + "updateWorkflow")
def update_workflow(ctx: RequestContext) -> Reply:
    workflow = _path_workflow(ctx)
    data = workflow_input(object_body(ctx.body), updating=True)
    return ok(200, workflow_output(rules.update(ctx.runtime.world, acting_user(ctx), workflow, data)))


@handles(C + "deleteWorkflow")
def delete_workflow(ctx: RequestContext) -> Reply:
    rules.delete(ctx.runtime.world, _path_workflow(ctx))
    return Reply(200, {"status": "success"})
