"""A workflow as WorkflowsOutputService.toEventTypeOutputDto shapes it.

- ``activation``: ``isActiveOnAllEventTypes`` and the ids it is active on (managed children included).
- ``trigger``: its type; triggers with an offset (before and after the event, the Cal Video no-shows)
  also show ``offset`` (``value`` the workflow's time, ``unit`` its unit, hour when none).
- ``steps`` in step-number order: ``recipient`` follows from the action (``const`` the host,
  ``attendee``, ``email``, ``phone_number``); ``email`` / ``phone`` carry the step's verified address
  or number for the actions that send to one and are empty otherwise; ``message`` holds ``html`` for
  emails and ``text`` for text messages; ``phoneRequired`` appears on steps texting attendees;
  ``sender`` is ``Default Sender`` when the step has none.
"""

from __future__ import annotations

from typing import Any

from emulator.api.workflows.inputs import TRIGGERS
from emulator.world.records_workflows import Workflow, WorkflowStep

TRIGGER_NAMES = {enum: name for name, enum in TRIGGERS.items()}
OFFSET_SHOWN = ("BEFORE_EVENT", "AFTER_EVENT", "AFTER_HOSTS_CAL_VIDEO_NO_SHOW", "AFTER_GUESTS_CAL_VIDEO_NO_SHOW")
# action -> (recipient, message key, texts attendees)
ACTIONS = {
    "EMAIL_HOST": ("const", "html", False),
    "EMAIL_ATTENDEE": ("attendee", "html", False),
    "SMS_ATTENDEE": ("attendee", "text", True),
    "WHATSAPP_ATTENDEE": ("attendee", "text", True),
    "EMAIL_ADDRESS": ("email", "html", False),
    "SMS_NUMBER": ("phone_number", "text", False),
    "WHATSAPP_NUMBER": ("phone_number", "text", False),
}


def step_output(step: WorkflowStep) -> dict[str, Any]:
    recipient, key, texts_attendees = ACTIONS.get(step.action, ("attendee", "html", False))
    out: dict[str, Any] = {
        "id": step.id,
        "stepNumber": step.step_number,
        "template": step.template.lower(),
        "recipient": recipient,
        "sender": step.sender or "Default Sender",
        "includeCalendarEvent": step.include_calendar_event,
        "email": (step.send_to or "") if recipient == "email" else "",
        "phone": (step.send_to or "") if recipient == "phone_number" else "",
        "message": {"subject": step.email_subject or "", key: step.reminder_body or ""},
        "action": step.action.lower(),
    }
    if texts_attendees:
        out["phoneRequired"] = bool(step.number_required)
    return out


def workflow_output(workflow: Workflow) -> dict[str, Any]:
    trigger: dict[str, Any] = {"type": TRIGGER_NAMES[workflow.trigger]}
    if workflow.trigger in OFFSET_SHOWN:
        unit = workflow.time_unit.lower() if workflow.time_unit else "hour"
        trigger["offset"] = {"value": workflow.time if workflow.time is not None else 1, "unit": unit}
    return {
        "id": workflow.id,
        "name": workflow.name,
        "activation": {
            "isActiveOnAllEventTypes": workflow.is_active_on_all,
            "activeOnEventTypeIds": list(workflow.active_on),
        },
        "trigger": trigger,
        "steps": [step_output(s) for s in sorted(workflow.steps, key=lambda s: s.step_number)],
        "type": "event-type",
    }
