"""An event type's booking form: the system fields Cal.com puts on every form around the custom
ones, and the rule that a booker must be reachable.

Read from packages/features/bookings/lib/getBookingFields.ts (getBookingFieldsWithSystemFields) and
apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/*/booking-fields.ts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_DEFAULT = [{"label": "Default", "id": "default", "type": "default"}]
# The system fields Cal.com puts on every booking form (getBookingFieldsWithSystemFields), in order.
SYSTEM_FIELDS_BEFORE: tuple[dict[str, Any], ...] = (
    {"type": "name", "name": "name", "editable": "system", "defaultLabel": "your_name", "required": True},
    {
        "type": "email",
        "name": "email",
        "editable": "system-but-optional",
        "defaultLabel": "email_address",
        "required": True,
    },
    {
        "type": "phone",
        "name": "attendeePhoneNumber",
        "editable": "system-but-optional",
        "defaultLabel": "phone_number",
        "required": False,
        "hidden": True,
    },
    {
        "type": "radioInput",
        "name": "location",
        "editable": "system",
        "defaultLabel": "location",
        "required": False,
        "getOptionsAt": "locations",
        "hideWhenJustOneOption": True,
    },
)
SYSTEM_FIELDS_AFTER: tuple[dict[str, Any], ...] = (
    {
        "type": "text",
        "name": "title",
        "editable": "system-but-optional",
        "defaultLabel": "what_is_this_meeting_about",
        "required": True,
        "hidden": True,
    },
    {
        "type": "textarea",
        "name": "notes",
        "editable": "system-but-optional",
        "defaultLabel": "additional_notes",
        "required": False,
        "defaultPlaceholder": "share_additional_notes",
    },
    {
        "type": "multiemail",
        "name": "guests",
        "editable": "system-but-optional",
        "defaultLabel": "additional_guests",
        "required": False,
        "defaultPlaceholder": "email",
    },
    {
        "type": "textarea",
        "name": "rescheduleReason",
        "editable": "system-but-optional",
        "defaultLabel": "reason_for_reschedule",
        "required": False,
        "defaultPlaceholder": "reschedule_placeholder",
        "views": [{"id": "reschedule", "label": "Reschedule View"}],
    },
)
SYSTEM_NAMES = frozenset(f["name"] for f in (*SYSTEM_FIELDS_BEFORE, *SYSTEM_FIELDS_AFTER))


def with_system_fields(fields: Sequence[dict[str, Any]], disable_guests: bool = False) -> list[dict[str, Any]]:
    """The booking form as bookers see it: the system fields (customised where the stored form
    has them) around the custom ones."""
    stored = {f.get("name"): f for f in fields}

    def system(field: dict[str, Any]) -> dict[str, Any]:
        merged = {**field, "sources": _DEFAULT, **stored.get(field["name"], {})}
        if field["name"] == "guests" and field["name"] not in stored:
            merged["hidden"] = disable_guests
        return merged

    custom = [dict(f) for f in fields if f.get("name") not in SYSTEM_NAMES]
    return [*map(system, SYSTEM_FIELDS_BEFORE), *custom, *map(system, SYSTEM_FIELDS_AFTER)]


def reachable_attendee(fields: Sequence[dict[str, Any]]) -> bool:
    """A booking form must ask for a required, visible e-mail or attendee phone number."""
    for field in fields:
        wanted = (field.get("type"), field.get("name"))
        if wanted in (("email", "email"), ("phone", "attendeePhoneNumber")) and (
            field.get("required") and not field.get("hidden")
        ):
            return True
    return False
