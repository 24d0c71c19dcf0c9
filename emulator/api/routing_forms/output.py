"""How the routing-form operations write forms, responses and routing results.

- A form is the App_RoutingForms_Form row as ``plainToClass(RoutingFormOutput, form)`` leaves it: every
  column, ``fields``, ``routes`` and ``settings`` as stored.
- A response (OrganizationsTeamsRoutingFormsResponsesOutputService) keeps ``id``, ``formId``,
  ``formFillerId``, ``routedToBookingUid``, ``response`` and ``createdAt``; each answer in ``response``
  keeps its ``label``, ``identifier`` and ``value`` (those it has).
- A routed response (SharedRoutingFormResponseService): a custom message, an external address, or
  the event type with ``routing`` (the response or queued-response id, the routed team members, the
  contact-owner flag) and its slots.
"""

from __future__ import annotations

from typing import Any

from emulator.domain.routing_forms_submit import Routed
from emulator.world.clock import iso_ms
from emulator.world.records_routing_forms import RoutingForm, RoutingFormResponse

ANSWER_KEYS = ("label", "identifier", "value")


def form_output(form: RoutingForm) -> dict[str, Any]:
    """The row's columns, in the table's order."""
    return {
        "id": form.id,
        "description": form.description,
        "position": form.position,
        "routes": form.routes,
        "createdAt": iso_ms(form.created_at) if form.created_at else None,
        "updatedAt": iso_ms(form.updated_at) if form.updated_at else None,
        "name": form.name,
        "fields": form.fields,
        "updatedById": form.updated_by_id,
        "userId": form.user_id,
        "teamId": form.team_id,
        "disabled": form.disabled,
        "settings": form.settings,
    }


def _answer(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {k: value[k] for k in ANSWER_KEYS if k in value}


def response_output(row: RoutingFormResponse) -> dict[str, Any]:
    answers = row.response if isinstance(row.response, dict) else {}
    return {
        "id": row.id,
        "formId": row.form_id,
        "formFillerId": row.form_filler_id,
        "routedToBookingUid": row.routed_to_booking_uid,
        "response": {str(k): _answer(v) for k, v in answers.items()},
        "createdAt": iso_ms(row.created_at) if row.created_at else None,
    }


def routing_output(routed: Routed) -> dict[str, Any]:
    """``routing`` of a response routed to an event type (undefined values leave their keys out)."""
    out: dict[str, Any] = (
        {"responseId": routed.response_id} if routed.response_id else {"queuedResponseId": routed.queued_id}
    )
    out.update(teamMemberIds=list(routed.member_ids or []), skipContactOwner=routed.skip_contact_owner)
    return out
