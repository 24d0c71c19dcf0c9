"""Routing forms and their responses (packages/prisma/schema.prisma: App_RoutingForms_Form,
App_RoutingForms_FormResponse, App_RoutingForms_QueuedFormResponse), as the emulator stores them.

A form keeps ``fields``, ``routes`` and ``settings`` as the JSON Cal.com stores in those columns
(lists and mappings, never changed in place: a write replaces the record). A form id is a UUID
string; a response id comes from the ``routing_form_responses`` counter; a queued response (one the
caller asked to hold back with ``queueResponse``) has a UUID of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# The field types the emulator routes on (packages/app-store/routing-forms/lib/FieldTypes.ts).
FIELD_TYPES = ("text", "textarea", "number", "email", "phone", "select", "multiselect", "radio", "checkbox")
ACTION_TYPES = ("eventTypeRedirectUrl", "customPageMessage", "externalRedirectUrl")


@dataclass(frozen=True, slots=True)
class RoutingForm:
    id: str
    name: str
    user_id: int  # who made it; a personal form (team_id None) belongs to this user
    team_id: int | None = None
    description: str | None = None
    position: int = 0
    disabled: bool = False
    fields: list[dict[str, Any]] | None = None
    routes: list[dict[str, Any]] | None = None
    settings: dict[str, Any] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by_id: int | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class RoutingFormResponse:
    id: int
    form_id: str
    form_filler_id: str  # cuid-shaped, as the column's default
    response: dict[str, Any]  # field id -> {"label", "value"} as Cal.com stores the answers
    chosen_route_id: str | None = None
    routed_to_booking_uid: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class QueuedFormResponse:
    id: str  # UUID
    form_id: str
    response: dict[str, Any]
    chosen_route_id: str | None = None
    created_at: datetime | None = None
