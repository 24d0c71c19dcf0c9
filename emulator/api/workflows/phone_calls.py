"""POST .../event-types/{eventTypeId}/create-phone-call on team event types: TeamsEventTypesController and
OrganizationsEventTypesController (createPhoneCall), both calling handleCreatePhoneCall
(domain/phone_calls.py).

Both handlers read ``@Param("orgId", ParseIntPipe)``. The organization route has that parameter; the team
route (/v2/teams/{teamId}/...) does not, so its pipe meets nothing and every call that passes the guards
is 400 ``Validation failed (numeric string is expected)``, as on the server.

The body is CreatePhoneCallInput: E.164 numbers (checked by the spec), ``enabled`` true and
``templateType`` ``CUSTOM_TEMPLATE`` by default, and empty guest fields read as not sent.
"""

from __future__ import annotations

from typing import Any

from emulator.api.registry import handles
from emulator.api.workflows.inputs import object_body
from emulator.domain import phone_calls
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError

NUMERIC = "Validation failed (numeric string is expected)"


def _optional(body: dict[str, Any], name: str, *, empty_is_absent: bool = False) -> str | None:
    value = body.get(name)
    if value is None or (empty_is_absent and value == ""):
        return None
    return str(value)


def call_input(body: dict[str, Any]) -> phone_calls.CallInput:
    return phone_calls.CallInput(
        your_phone_number=str(body["yourPhoneNumber"]),
        number_to_call=str(body["numberToCall"]),
        cal_api_key=str(body["calApiKey"]),
        template_type=str(body.get("templateType", phone_calls.CUSTOM_TEMPLATE)),
        scheduler_name=_optional(body, "schedulerName"),
        guest_name=_optional(body, "guestName", empty_is_absent=True),
        guest_email=_optional(body, "guestEmail", empty_is_absent=True),
        guest_company=_optional(body, "guestCompany", empty_is_absent=True),
        begin_message=_optional(body, "beginMessage"),
        general_prompt=_optional(body, "generalPrompt"),
    )


@handles("TeamsEventTypesController_createPhoneCall")
def team_phone_call(ctx: RequestContext) -> Reply:
    raise ApiError(400, NUMERIC)  # ParseIntPipe on an orgId the route does not have


@handles("OrganizationsEventTypesController_createPhoneCall")
def org_phone_call(ctx: RequestContext) -> Reply:
    data = call_input(object_body(ctx.body))
    raw = ctx.path_params["eventTypeId"]
    try:
        number = float(raw)
    except ValueError:
        number = float("nan")
    event_type_id = int(number) if number.is_integer() else 0  # an id no event type has
    answer = phone_calls.create(ctx.runtime.world, event_type_id, data)
    return Reply(201, {"status": "success", "data": answer})
