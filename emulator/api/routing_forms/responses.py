"""A routing form's responses, for an organization and for one of its teams:
OrganizationsRoutingFormsResponsesController and OrganizationsTeamsRoutingFormsResponsesController
(list, create with slots, update).

The guard stage has run the organization, team, plan and role guards, IsRoutingFormInTeam on the
team routes and ``Or(RolesGuard, IsUserRoutingForm)`` on the organization's create
(access_routing_forms.yaml). Creating answers the way SharedRoutingFormResponseService does:

1. the query (slots input and ``queueResponse``), then ``end`` before ``start``: 400 ``End date
   cannot be before start date.``;
2. the answers (the JSON body, keyed by field identifier) routed through the form
   (domain/routing_forms_submit.py): 404 ``Routing form not found.`` for any unknown form, whichever
   organization the path names, as the service looks the form up by id alone; its checks' 400s;
3. a custom message or an external address is the whole answer; an event type route answers the
   event type (the form team's, or for a personal form the caller's own with that slug) with
   ``routing`` and the slots GET /v2/slots gives for it, narrowed to the routed team members.
"""

from __future__ import annotations

from typing import Any

from emulator.api import slot_formats as fmt
from emulator.api.caller import acting_user
from emulator.api.event_types.v2024_06_14 import event_type_id as path_int
from emulator.api.registry import handles
from emulator.api.routing_forms.inputs import list_filters, slots_asked
from emulator.api.routing_forms.output import response_output, routing_output
from emulator.domain import routing_forms as rules
from emulator.domain.routing_forms_submit import Routed, answers_of, submit
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType

ORG = "OrganizationsRoutingFormsResponsesController"
TEAM = "OrganizationsTeamsRoutingFormsResponsesController"
END_BEFORE_START = "End date cannot be before start date."
# The server fails with a 500 here (InternalServerErrorException); the request itself was fine.
EVENT_TYPE_GONE = "Chosen event type not found."


def _ok(status: int, data: Any) -> Reply:
    return Reply(status, {"status": "success", "data": data})


def _form_id(ctx: RequestContext) -> str:
    return ctx.path_params["routingFormId"]


@handles(f"{ORG}_getRoutingFormResponses")
def organization_responses(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    org_id = path_int(ctx, "orgId")
    filters = list_filters(ctx)
    form = rules.org_form(world, org_id, _form_id(ctx))
    return _ok(200, [response_output(r) for r in rules.responses(world, form.id, filters)])


@handles(f"{TEAM}_getRoutingFormResponses")
def team_responses(ctx: RequestContext) -> Reply:
    filters = list_filters(ctx).created_only()
    rows = rules.responses(ctx.runtime.world, _form_id(ctx), filters)
    return _ok(200, [response_output(r) for r in rows])


def routed_event_type(ctx: RequestContext, routed: Routed) -> EventType:
    """The event type a route names: by slug in the form's team, or among the caller's own."""
    world = ctx.runtime.world
    slug = routed.event_type_slug or ""
    if routed.team_id:
        found = fmt.event_type_of(world, slug, team_id=routed.team_id) if slug else None
    else:
        found = fmt.event_type_of(world, slug, owner_id=acting_user(ctx).id) if slug else None
    if found is None:
        raise ApiError(404, EVENT_TYPE_GONE)
    return found


@handles(f"{ORG}_createRoutingFormResponse", f"{TEAM}_createRoutingFormResponse")
def create_response(ctx: RequestContext) -> Reply:
    asked = slots_asked(ctx)
    if asked.end < asked.start:
        raise ApiError(400, END_BEFORE_START)
    world = ctx.runtime.world
    routed = submit(world, _form_id(ctx), answers_of(ctx.body), queue=asked.queue)
    if routed.action == "customPageMessage":
        return _ok(201, {"routingCustomMessage": routed.message})
    if routed.action == "externalRedirectUrl":
        return _ok(201, {"routingExternalRedirectUrl": routed.external_url})
    event_type = routed_event_type(ctx, routed)
    slots = asked.slots(world, event_type, tuple(routed.member_ids) if routed.member_ids else None)
    return _ok(201, {"routing": routing_output(routed), "eventTypeId": event_type.id, "slots": slots})


def _answers(ctx: RequestContext) -> Any:
    body = ctx.body
    return body.get("response") if isinstance(body, dict) else None


@handles(f"{ORG}_updateRoutingFormResponse")
def update_organization_response(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    theirs = rules.in_org_teams(world, path_int(ctx, "orgId"))
    row = rules.update_response(world, path_int(ctx, "responseId"), _form_id(ctx), theirs, _answers(ctx))
    return _ok(200, response_output(row))


@handles(f"{TEAM}_updateRoutingFormResponse")
def update_team_response(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    theirs = rules.of_team(path_int(ctx, "teamId"))
    row = rules.update_response(world, path_int(ctx, "responseId"), _form_id(ctx), theirs, _answers(ctx))
    return _ok(200, response_output(row))
