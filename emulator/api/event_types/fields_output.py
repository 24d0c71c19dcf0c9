"""The 2024-06-14 event-type shape written out: a record as EventTypeOutput_2024_06_14
(OutputEventTypesService_2024_06_14), its locations and booking fields in the API's forms. Shared by
the personal and team handlers; bookings/input.py reads event-type locations through it.
"""

from __future__ import annotations

import json
from typing import Any

from emulator.api.event_types.fields_vocabulary import DEFAULT_SLUGS, FREQUENCIES, INTEGRATION_NAMES, LAYOUTS
from emulator.domain import event_types as rules
from emulator.domain.event_type_fields import with_system_fields
from emulator.domain.event_type_limits import limits_to_api, window_from_period
from emulator.world.models import EventType, User
from emulator.world.store import World

# locations ---------------------------------------------------------------------------------------


def location_out(stored: dict[str, Any]) -> dict[str, Any] | None:
    kind = stored.get("type")
    public = bool(stored.get("displayLocationPublicly", False))
    if kind == "inPerson":
        return {"type": "address", "address": stored["address"], "public": public} if stored.get("address") else None
    if kind == "link":
        return {"type": "link", "link": stored["link"], "public": public} if stored.get("link") else None
    if kind == "userPhone":
        phone = stored.get("hostPhoneNumber")
        return {"type": "phone", "phone": phone, "public": public} if phone else None
    simple = {
        "attendeeInPerson": "attendeeAddress",
        "phone": "attendeePhone",
        "somewhereElse": "attendeeDefined",
        "conferencing": "organizersDefaultApp",
    }
    if kind in simple:
        return {"type": simple[str(kind)]}
    if kind in INTEGRATION_NAMES:
        out: dict[str, Any] = {"type": "integration", "integration": INTEGRATION_NAMES[str(kind)]}
        if stored.get("link"):
            out["link"] = stored["link"]
        if stored.get("credentialId") is not None:
            out["credentialId"] = stored["credentialId"]
        return out
    return {"type": "unknown", "location": _js_json(stored)}


def _js_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


# booking fields -----------------------------------------------------------------------------------


def booking_field_out(field: dict[str, Any]) -> dict[str, Any]:
    name, kind = field.get("name"), field.get("type")
    flags: dict[str, Any] = {
        "required": bool(field.get("required")),
        "disableOnPrefill": bool(field.get("disableOnPrefill")),
    }
    shown: dict[str, Any] = {k: field[k] for k in ("label", "placeholder") if field.get(k) is not None}
    if field.get("editable") in ("system", "system-but-optional"):
        if name == "name":
            return {"isDefault": True, "type": "name", "slug": "name", **shown, **flags}
        if name == "location":
            out = {"isDefault": True, "type": "radioInput", "slug": "location", "required": flags["required"]}
            return {
                **out,
                "hidden": bool(field.get("hidden")),
                **({"label": field["label"]} if "label" in shown else {}),
            }
        if name in ("email", "attendeePhoneNumber", *DEFAULT_SLUGS):
            return {
                "isDefault": True,
                "type": kind,
                "slug": name,
                **shown,
                **flags,
                "hidden": bool(field.get("hidden")),
            }
        return {"type": "unknown", "slug": "unknown", "bookingField": _js_json(field)}
    out = {"isDefault": False, "type": kind, "slug": name, "label": field.get("label") or "", **flags}
    out["hidden"] = bool(field.get("hidden"))
    if "placeholder" in field:
        out["placeholder"] = field["placeholder"]
    if kind in ("select", "multiselect", "checkbox", "radio"):
        out["options"] = [o.get("value") for o in field.get("options") or []]
    return out


# record -> output ----------------------------------------------------------------------------------


def user_output(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "username": user.username,
        "avatarUrl": user.avatar_url,
        "brandColor": user.brand_color,
        "darkBrandColor": user.dark_brand_color,
        "weekStart": user.week_start,
        "metadata": user.metadata or {},
    }


def confirmation_output(event_type: EventType) -> dict[str, Any]:
    threshold = event_type.metadata.get("requiresConfirmationThreshold")
    block = event_type.requires_confirmation_will_block_slot
    if isinstance(threshold, dict) and threshold.get("unit"):
        notice = {"unit": threshold["unit"], "count": threshold.get("time")}
        return {"type": "time", "noticeThreshold": notice, "blockUnconfirmedBookingsInBooker": block}
    if event_type.requires_confirmation:
        return {"type": "always", "blockUnconfirmedBookingsInBooker": block}
    return {"disabled": True}


def seats_output(event_type: EventType) -> dict[str, Any]:
    if event_type.seats_per_time_slot is None:
        return {"disabled": True}
    return {
        "seatsPerTimeSlot": event_type.seats_per_time_slot,
        "showAttendeeInfo": event_type.seats_show_attendees,
        "showAvailabilityCount": event_type.seats_show_availability_count,
    }


def metadata_output(event_type: EventType) -> dict[str, Any]:
    metadata = {
        k: v for k, v in event_type.metadata.items() if k not in ("bookerLayouts", "requiresConfirmationThreshold")
    }
    if event_type.lengths:
        metadata["multipleDuration"] = list(event_type.lengths)
    return metadata


def booking_fields_output(event_type: EventType, *, visible_only: bool = False) -> list[dict[str, Any]]:
    stored = event_type.booking_fields or tuple(
        with_system_fields([], disable_guests=bool(rules.column(event_type, "disableGuests")))
    )
    out = [booking_field_out(f) for f in stored]
    return [f for f in out if not (visible_only and f.get("hidden") is True)]


def event_type_output(
    world: World, event_type: EventType, owner_id: int, users: list[User] | None = None
) -> dict[str, Any]:
    """EventTypeOutput_2024_06_14 (OutputEventTypesService_2024_06_14.getResponseEventType)."""
    col = event_type.settings.get
    out: dict[str, Any] = {
        "id": event_type.id,
        "ownerId": owner_id,
        "lengthInMinutes": event_type.length,
        "title": event_type.title,
        "slug": event_type.slug,
        "description": event_type.description or "",
        "locations": [loc for loc in map(location_out, event_type.locations) if loc is not None],
        "bookingFields": booking_fields_output(event_type),
        "recurrence": recurrence_output(event_type),
        "disableGuests": bool(rules.column(event_type, "disableGuests")),
        "slotInterval": event_type.slot_interval,
        "minimumBookingNotice": event_type.minimum_booking_notice,
        "beforeEventBuffer": event_type.before_event_buffer,
        "afterEventBuffer": event_type.after_event_buffer,
        "metadata": metadata_output(event_type),
        "price": event_type.price,
        "currency": event_type.currency,
        "lockTimeZoneToggleOnBookingPage": bool(rules.column(event_type, "lockTimeZoneToggleOnBookingPage")),
        "forwardParamsSuccessRedirect": rules.column(event_type, "forwardParamsSuccessRedirect"),
        "successRedirectUrl": rules.column(event_type, "successRedirectUrl"),
        "isInstantEvent": bool(rules.column(event_type, "isInstantEvent")),
        "users": [user_output(u) for u in (users if users is not None else _users(world, event_type))],
        "scheduleId": event_type.schedule_id,
        "onlyShowFirstAvailableSlot": bool(rules.column(event_type, "onlyShowFirstAvailableSlot")),
        "offsetStart": rules.column(event_type, "offsetStart"),
        "confirmationPolicy": confirmation_output(event_type),
        "requiresBookerEmailVerification": bool(rules.column(event_type, "requiresBookerEmailVerification")),
        "hideCalendarNotes": bool(rules.column(event_type, "hideCalendarNotes")),
        "seats": seats_output(event_type),
        "useDestinationCalendarEmail": bool(rules.column(event_type, "useEventTypeDestinationCalendarEmail")),
        "hideCalendarEventDetails": bool(rules.column(event_type, "hideCalendarEventDetails")),
        "hideOrganizerEmail": bool(rules.column(event_type, "hideOrganizerEmail")),
        "calVideoSettings": rules.column(event_type, "calVideoSettings"),
        "hidden": event_type.hidden,
        "bookingRequiresAuthentication": bool(rules.column(event_type, "bookingRequiresAuthentication")),
    }
    limits = limits_to_api(event_type.booking_limits)
    if limits is not None:
        out["bookingLimitsCount"] = limits
    durations = limits_to_api(event_type.duration_limits)
    if durations is not None:
        out["bookingLimitsDuration"] = durations
    if event_type.lengths:
        out["lengthInMinutesOptions"] = list(event_type.lengths)
    window = window_from_period(event_type)
    if window is not None:
        out["bookingWindow"] = window
    layouts = event_type.metadata.get("bookerLayouts")
    if isinstance(layouts, dict):
        back = {v: k for k, v in LAYOUTS.items()}
        out["bookerLayouts"] = {
            "defaultLayout": back.get(layouts.get("defaultLayout", ""), "month"),
            "enabledLayouts": [back.get(x, "month") for x in layouts.get("enabledLayouts", [])],
        }
    color = col("eventTypeColor")
    if isinstance(color, dict):
        out["color"] = {
            "lightThemeHex": color.get("lightEventTypeColor"),
            "darkThemeHex": color.get("darkEventTypeColor"),
        }
    if col("eventName") is not None:
        out["customName"] = col("eventName")
    if isinstance(col("destinationCalendar"), dict):
        out["destinationCalendar"] = col("destinationCalendar")
    return out


def recurrence_output(event_type: EventType) -> dict[str, Any] | None:
    recurring = event_type.recurring_event
    if not recurring or recurring.get("freq") is None:
        return None
    freq = int(recurring["freq"])
    return {
        "interval": recurring.get("interval", 1),
        "occurrences": recurring.get("count"),
        "frequency": FREQUENCIES[freq] if 0 <= freq < len(FREQUENCIES) else "weekly",
    }


def _users(world: World, event_type: EventType) -> list[User]:
    """Cal.com's ``users`` relation: the owner of a personal event type (team ones have none)."""
    owner = world.find("users", event_type.owner_id) if event_type.owner_id is not None else None
    return [owner] if owner is not None else []
