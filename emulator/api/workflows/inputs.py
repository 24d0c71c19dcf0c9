"""The create and update bodies of a workflow as the domain takes them, and the checks of
CreateEventTypeWorkflowDto / UpdateEventTypeWorkflowDto the spec (with openapi/overlays/v2-workflows.yaml)
cannot express.

The spec has already checked every type, the trigger and step kinds (picked by ``type`` and
``action``, as the inputs' discriminators do) and what each kind requires. Left here:
``@ArrayMinSize(1)`` on the steps, the global validation pipe's 400 (``Bad Request Exception`` with
every ValidationError in ``details.errors``), and what the database would refuse: an offset or step
number that is not a whole 32-bit number (the server's Prisma call fails there; the emulator answers
400 instead).

Class defaults apply as class-transformer fills them: an ``activation`` object sent without one of its
fields gets ``isActiveOnAllEventTypes: false`` and ``activeOnEventTypeIds: []``; a step without
``includeCalendarEvent`` or ``phoneRequired`` gets false.
"""

from __future__ import annotations

from typing import Any

from emulator.api import problems
from emulator.api.platform.user_inputs import pipe_errors
from emulator.domain.workflows import StepInput, WorkflowInput
from emulator.pipeline.errors import ApiError

TRIGGERS = {
    "beforeEvent": "BEFORE_EVENT",
    "eventCancelled": "EVENT_CANCELLED",
    "newEvent": "NEW_EVENT",
    "afterEvent": "AFTER_EVENT",
    "rescheduleEvent": "RESCHEDULE_EVENT",
    "afterHostsCalVideoNoShow": "AFTER_HOSTS_CAL_VIDEO_NO_SHOW",
    "afterGuestsCalVideoNoShow": "AFTER_GUESTS_CAL_VIDEO_NO_SHOW",
    "bookingRejected": "BOOKING_REJECTED",
    "bookingRequested": "BOOKING_REQUESTED",
    "bookingPaymentInitiated": "BOOKING_PAYMENT_INITIATED",
    "bookingPaid": "BOOKING_PAID",
    "bookingNoShowUpdated": "BOOKING_NO_SHOW_UPDATED",
}
STEP_ACTIONS = (
    "email_host",
    "email_attendee",
    "email_address",
    "sms_attendee",
    "sms_number",
    "whatsapp_attendee",
    "whatsapp_number",
    "cal_ai_phone_call",
)
NO_STEPS = "Your workflow must contain at least one allowed step. allowed steps are " + ",".join(STEP_ACTIONS)
INT32 = (-(2**31), 2**31 - 1)  # Prisma's Int column


def _whole(location: str, value: Any) -> int:
    if isinstance(value, int | float) and float(value).is_integer() and INT32[0] <= value <= INT32[1]:
        return int(value)
    raise problems.invalid(
        location,
        "the database column is a 32-bit integer",
        f"a whole number from {INT32[0]} to {INT32[1]}",
        value,
    )


def _step(raw: dict[str, Any], index: int, *, updating: bool) -> StepInput:
    message = raw.get("message") or {}
    action = str(raw["action"])
    verified = raw.get("verifiedEmailId", raw.get("verifiedPhoneId"))
    return StepInput(
        id=_whole(f"body.steps[{index}].id", raw["id"]) if updating else None,
        step_number=_whole(f"body.steps[{index}].stepNumber", raw["stepNumber"]),
        action=action.upper(),
        sender=str(raw["sender"]),
        subject=str(message.get("subject", "")),
        html=message.get("html"),
        text=message.get("text"),
        include_calendar_event=bool(raw.get("includeCalendarEvent", False)),
        phone_required=bool(raw.get("phoneRequired", False)),
        verified_id=float(verified) if isinstance(verified, int | float) else None,
    )


def workflow_input(body: dict[str, Any], *, updating: bool) -> WorkflowInput:
    """The body as the input service reads it; a 400 for what the pipe or the database refuses."""
    steps = body.get("steps")
    if steps is not None and len(steps) < 1:
        raise pipe_errors(
            [{"property": "steps", "value": steps, "constraints": {"arrayMinSize": NO_STEPS}, "children": []}]
        )
    activation = body.get("activation")
    trigger = body.get("trigger")
    offset = (trigger or {}).get("offset")
    if activation is not None:
        is_all: bool | None = bool(activation.get("isActiveOnAllEventTypes", False))
        active_on: tuple[float, ...] | None = tuple(float(v) for v in activation.get("activeOnEventTypeIds") or ())
    else:
        is_all, active_on = None, None
    return WorkflowInput(
        name=body.get("name"),
        is_active_on_all=is_all,
        active_on=active_on,
        trigger=TRIGGERS[trigger["type"]] if trigger is not None else None,
        offset_value=_whole("body.trigger.offset.value", offset["value"]) if offset else None,
        offset_unit=str(offset["unit"]).upper() if offset else None,
        steps=tuple(_step(s, i, updating=updating) for i, s in enumerate(steps)) if steps is not None else None,
    )


def object_body(body: Any) -> dict[str, Any]:
    """The spec requires an object body for these operations; anything else never gets here."""
    if not isinstance(body, dict):
        raise ApiError(400, "Invalid request: body: an object is expected")
    return body
