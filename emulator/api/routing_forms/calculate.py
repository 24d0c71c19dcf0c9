"""POST /v2/routing-forms/{routingFormId}/calculate-slots:
RoutingFormsController.calculateSlotsBasedOnRoutingFormResponse (routing-forms.service.ts).

Public. The answers are routed as a dry run (nothing is recorded) and, when the route leads to an
event type of the form's team, its slots are those GET /v2/slots gives for it: every host, as the
service does not pass the routed team members on. Anything else is a 404 with the service's words:
no form, a refused response or a custom-message route (``Route to which the form response should be
redirected not found.``), an external route, a personal form (no team), an unknown event type.
"""

from __future__ import annotations

from emulator.api import slot_formats as fmt
from emulator.api.registry import handles
from emulator.api.routing_forms.inputs import slots_asked
from emulator.domain.errors import DomainError
from emulator.domain.routing_forms_submit import answers_of, submit
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError

NO_ROUTE = "Route to which the form response should be redirected not found."


@handles("RoutingFormsController_calculateSlotsBasedOnRoutingFormResponse")
def calculate_slots(ctx: RequestContext) -> Reply:
    asked = slots_asked(ctx)
    world = ctx.runtime.world
    try:
        routed = submit(world, ctx.path_params["routingFormId"], answers_of(ctx.body), dry_run=True)
    except DomainError:
        raise ApiError(404, NO_ROUTE) from None
    if routed.action == "customPageMessage":
        raise ApiError(404, NO_ROUTE)
    if routed.action != "eventTypeRedirectUrl":
        raise ApiError(404, "Routed to a non cal.com event type URL.")
    if not routed.team_id:
        raise ApiError(404, "Team ID not found in the routed URL.")
    if not routed.event_type_slug:
        raise ApiError(404, "Event type slug not found in the routed URL.")
    event_type = fmt.event_type_of(world, routed.event_type_slug, team_id=routed.team_id)
    if event_type is None:
        raise ApiError(404, "Event type not found.")
    slots = asked.slots(world, event_type)
    return Reply(200, {"status": "success", "data": {"eventTypeId": event_type.id, "slots": slots}})
