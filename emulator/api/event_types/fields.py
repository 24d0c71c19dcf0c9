"""The 2024-06-14 event-type shape, both ways: a request body as record changes, a record as
EventTypeOutput_2024_06_14. Shared by the personal (/v2/event-types) and team (/v2/teams/...,
/v2/organizations/.../teams/...) handlers.

Mappings from apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers: lengthInMinutesOptions
is metadata.multipleDuration, bookingWindow the period columns, bookingLimitsCount/Duration the
PER_DAY... limits, confirmationPolicy requiresConfirmation (+ metadata.requiresConfirmationThreshold),
seats the three seat columns, locations and booking fields Cal.com's internal forms.
"""

from __future__ import annotations

import json
from typing import Any

from emulator.api import problems
from emulator.domain import event_types as rules
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, User
from emulator.world.store import World

INTEGRATIONS = {
    "cal-video": "integrations:daily",
    "google-meet": "integrations:google:meet",
    "office365-video": "integrations:office365_video",
    "zoom": "integrations:zoom",
    "whereby-video": "integrations:whereby_video",
    "whatsapp-video": "integrations:whatsapp_video",
    "webex-video": "integrations:webex_video",
    "telegram-video": "integrations:telegram_video",
    "tandem": "integrations:tandem",
    "jitsi": "integrations:jitsi",
    "huddle": "integrations:huddle01",
    "facetime-video": "integrations:facetime_video",
    "discord-video": "integrations:discord_video",
}
INTEGRATION_NAMES = {internal: api for api, internal in INTEGRATIONS.items()}
LAYOUTS = {"month": "month_view", "week": "week_view", "column": "column_view"}
FREQUENCIES = ("yearly", "monthly", "weekly")  # rrule Frequency 0, 1, 2
# Body keys that are plain columns kept in EventType.settings, by API name -> column name.
SETTINGS_KEYS = {
    "disableGuests": "disableGuests",
    "lockTimeZoneToggleOnBookingPage": "lockTimeZoneToggleOnBookingPage",
    "requiresBookerEmailVerification": "requiresBookerEmailVerification",
    "hideCalendarNotes": "hideCalendarNotes",
    "hideCalendarEventDetails": "hideCalendarEventDetails",
    "hideOrganizerEmail": "hideOrganizerEmail",
    "customName": "eventName",
    "successRedirectUrl": "successRedirectUrl",
    "onlyShowFirstAvailableSlot": "onlyShowFirstAvailableSlot",
    "offsetStart": "offsetStart",
    "useDestinationCalendarEmail": "useEventTypeDestinationCalendarEmail",
    "bookingRequiresAuthentication": "bookingRequiresAuthentication",
    "calVideoSettings": "calVideoSettings",
}
PLAIN_KEYS = {
    "title": "title",
    "slug": "slug",
    "description": "description",
    "slotInterval": "slot_interval",
    "minimumBookingNotice": "minimum_booking_notice",
    "beforeEventBuffer": "before_event_buffer",
    "afterEventBuffer": "after_event_buffer",
    "hidden": "hidden",
    "scheduleId": "schedule_id",
}


# locations ---------------------------------------------------------------------------------------


def location_in(item: dict[str, Any]) -> dict[str, Any]:
    kind = item.get("type")
    if kind == "address":
        return {"type": "inPerson", "address": item.get("address"), "displayLocationPublicly": item.get("public")}
    if kind == "link":
        return {"type": "link", "link": item.get("link"), "displayLocationPublicly": item.get("public")}
    if kind == "phone":
        return {
            "type": "userPhone",
            "hostPhoneNumber": item.get("phone"),
            "displayLocationPublicly": item.get("public"),
        }
    if kind == "integration":
        return {"type": INTEGRATIONS.get(str(item.get("integration")), f"integrations:{item.get('integration')}")}
    simple = {
        "attendeeAddress": "attendeeInPerson",
        "attendeePhone": "phone",
        "attendeeDefined": "somewhereElse",
        "organizersDefaultApp": "conferencing",
    }
    if kind in simple:
        return {"type": simple[str(kind)]}
    raise problems.invalid("body.locations", f"Unsupported input location type '{kind}'", list(simple), kind)


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

_USER_SOURCE = [{"id": "user", "type": "user", "label": "User", "fieldRequired": True}]
_DEFAULT_SLUGS = {"title", "notes", "guests", "rescheduleReason"}


def booking_field_in(item: dict[str, Any]) -> dict[str, Any]:
    """An API booking field in Cal.com's stored form (system fields keep their system names)."""
    kind, slug = item.get("type"), item.get("slug")
    keys = ("label", "placeholder", "hidden", "required", "disableOnPrefill")
    common: dict[str, Any] = {k: item[k] for k in keys if k in item}
    if kind == "name":
        return {"name": "name", "type": "name", "editable": "system", "required": True, **common}
    if kind == "email":
        return {"name": "email", "type": "email", "editable": "system-but-optional", **common}
    if kind == "phone" and slug == "attendeePhoneNumber":
        return {"name": "attendeePhoneNumber", "type": "phone", "editable": "system-but-optional", **common}
    if slug == "location":
        return {"name": "location", "type": "radioInput", "editable": "system", **common}
    if slug in _DEFAULT_SLUGS:
        defaults = next(f for f in rules.SYSTEM_FIELDS_AFTER if f["name"] == slug)
        return {"name": slug, "type": defaults["type"], "editable": "system-but-optional", **common}
    field: dict[str, Any] = {
        "name": slug,
        "type": kind,
        "label": item.get("label", ""),
        "sources": _USER_SOURCE,
        "editable": "user",
        "required": bool(item.get("required", False)),
        "hidden": bool(item.get("hidden", False)),
        "disableOnPrefill": bool(item.get("disableOnPrefill", False)),
    }
    if "placeholder" in item:
        field["placeholder"] = item["placeholder"]
    if "options" in item:
        field["options"] = [{"label": str(o), "value": str(o)} for o in item["options"]]
    return field


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
        if name in ("email", "attendeePhoneNumber", *_DEFAULT_SLUGS):
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


def booking_fields_in(items: list[dict[str, Any]], disable_guests: bool | None) -> list[dict[str, Any]]:
    stored = [booking_field_in(i) for i in items]
    if disable_guests is not None:
        guests = next((f for f in stored if f["name"] == "guests"), None)
        if guests is None:
            stored.append({"name": "guests", "type": "multiemail", "editable": "system-but-optional"})
            guests = stored[-1]
        guests["hidden"] = disable_guests
    full = rules.with_system_fields(stored)
    if not rules.reachable_attendee(full):
        raise ApiError(
            400,
            "Booking fields validation failed: visible and required email or visible and required attendee phone "
            "field is needed.",
        )
    return full


# body -> record --------------------------------------------------------------------------------------


def check_numbers(body: dict[str, Any]) -> None:
    """The class-validator rules the spec does not carry (integers, minimums, unique options)."""
    if "lengthInMinutes" in body and (
        int(body["lengthInMinutes"]) != body["lengthInMinutes"] or body["lengthInMinutes"] < 1
    ):
        raise problems.invalid(
            "body.lengthInMinutes",
            "lengthInMinutes must not be less than 1",
            "an integer >= 1",
            body["lengthInMinutes"],
        )
    options = body.get("lengthInMinutesOptions")
    if options is not None:
        if not options:
            raise problems.invalid(
                "body.lengthInMinutesOptions", "lengthInMinutesOptions should not be empty", "a non-empty list", options
            )
        if len(set(options)) != len(options):
            raise problems.invalid(
                "body.lengthInMinutesOptions",
                "All lengthInMinutesOptions's elements must be unique",
                "distinct minutes",
                options,
            )
        if any(not str(o).isdigit() or int(o) < 1 for o in options):
            raise problems.invalid(
                "body.lengthInMinutesOptions",
                "each value in lengthInMinutesOptions must not be less than 1",
                "integers >= 1",
                options,
            )
    for key in ("minimumBookingNotice", "beforeEventBuffer", "afterEventBuffer", "slotInterval", "offsetStart"):
        value = body.get(key)
        if value is not None and (int(value) != value or value < 0):
            raise problems.invalid(f"body.{key}", f"{key} must not be less than 0", "an integer >= 0", value)
    limits = body.get("bookingLimitsCount") or {}
    ordered = [int(limits[k]) for k in ("day", "week", "month", "year") if k in limits]
    if ordered != sorted(ordered):
        raise ApiError(400, "Booking limits must be in ascending order.")


def changes_from_body(world: World, body: dict[str, Any], current: EventType | None) -> dict[str, Any]:
    """EventType field changes for a create (``current`` None) or update body."""
    check_numbers(body)
    changes: dict[str, Any] = {key: body[api] for api, key in PLAIN_KEYS.items() if api in body}
    if "lengthInMinutes" in body:
        changes["length"] = int(body["lengthInMinutes"])
    if "lengthInMinutesOptions" in body:
        changes["lengths"] = tuple(int(o) for o in body["lengthInMinutesOptions"])
    settings = dict(current.settings) if current else {}
    settings.update({column: body[api] for api, column in SETTINGS_KEYS.items() if api in body})
    if "color" in body:
        color = body["color"]
        settings["eventTypeColor"] = {
            "lightEventTypeColor": color["lightThemeHex"],
            "darkEventTypeColor": color["darkThemeHex"],
        }
    if "destinationCalendar" in body:
        settings["destinationCalendar"] = dict(body["destinationCalendar"])
    changes["settings"] = settings
    metadata = dict(current.metadata) if current else {}
    if "bookerLayouts" in body:
        layouts = body["bookerLayouts"]
        metadata["bookerLayouts"] = {
            "defaultLayout": LAYOUTS[layouts["defaultLayout"]],
            "enabledLayouts": [LAYOUTS[x] for x in layouts["enabledLayouts"]],
        }
    if body.get("locations"):
        changes["locations"] = tuple(location_in(item) for item in body["locations"])
    elif current is None:  # createEventType's default when no location is given: Cal Video
        changes["locations"] = ({"type": "integrations:daily"},)
    elif "locations" in body:
        changes["locations"] = ()
    if "bookingFields" in body or (current is None and "disableGuests" in body):
        changes["booking_fields"] = tuple(booking_fields_in(body.get("bookingFields") or [], body.get("disableGuests")))
    elif current is None:
        changes["booking_fields"] = tuple(booking_fields_in([], None))
    elif "disableGuests" in body:
        changes["booking_fields"] = tuple(booking_fields_in(_stored_as_api(current), body["disableGuests"]))
    if body.get("bookingLimitsCount") is not None:
        changes["booking_limits"] = rules.limits_from_api(body["bookingLimitsCount"])
    if body.get("bookingLimitsDuration") is not None:
        changes["duration_limits"] = rules.limits_from_api(body["bookingLimitsDuration"])
    if body.get("bookingWindow") is not None:
        changes.update(rules.period_from_window(body["bookingWindow"]))
    if body.get("recurrence") is not None:
        recurrence = body["recurrence"]
        changes["recurring_event"] = (
            None
            if recurrence.get("disabled")
            else {
                "interval": recurrence["interval"],
                "count": recurrence["occurrences"],
                "freq": FREQUENCIES.index(recurrence["frequency"]),
            }
        )
    if body.get("seats") is not None:
        seats = body["seats"]
        if seats.get("disabled"):
            changes["seats_per_time_slot"] = None
        else:
            changes["seats_per_time_slot"] = int(seats["seatsPerTimeSlot"])
            changes["seats_show_attendees"] = bool(seats.get("showAttendeeInfo"))
            changes["seats_show_availability_count"] = bool(seats.get("showAvailabilityCount"))
    if body.get("confirmationPolicy") is not None:
        policy = body["confirmationPolicy"]
        metadata.pop("requiresConfirmationThreshold", None)
        if policy.get("disabled"):
            changes["requires_confirmation"] = changes["requires_confirmation_will_block_slot"] = False
        else:
            changes["requires_confirmation"] = True
            changes["requires_confirmation_will_block_slot"] = bool(policy.get("blockUnconfirmedBookingsInBooker"))
            if policy.get("type") == "time" and policy.get("noticeThreshold"):
                threshold = policy["noticeThreshold"]
                metadata["requiresConfirmationThreshold"] = {"time": threshold["count"], "unit": threshold["unit"]}
    changes["metadata"] = metadata
    _check_seat_rules(changes, current)
    return changes


def _stored_as_api(event_type: EventType) -> list[dict[str, Any]]:
    return [booking_field_out(f) for f in event_type.booking_fields if f.get("editable") == "user"]


def _check_seat_rules(changes: dict[str, Any], current: EventType | None) -> None:
    seats = changes.get("seats_per_time_slot", current.seats_per_time_slot if current else None)
    locations = changes.get("locations", current.locations if current else ())
    confirm = changes.get("requires_confirmation", current.requires_confirmation if current else False)
    problem = rules.seats_problem(seats, len(locations), confirm)
    if problem:
        raise ApiError(400, problem)


def check_schedule(world: World, user: User, schedule_id: int | None) -> None:
    """An event type may only use its owner's schedule (404, as EventTypesService says it)."""
    if not schedule_id:
        return
    schedule = world.find("schedules", int(schedule_id))
    if schedule is None or schedule.user_id != user.id:
        raise ApiError(404, f"User with ID={user.id} does not own schedule with ID={schedule_id}")


def check_destination(world: World, user: User, body: dict[str, Any]) -> None:
    """Destination calendars must be one of the caller's connected calendars."""
    calendars = world.where("selected_calendars", lambda c: c.user_id == user.id)
    wanted = body.get("destinationCalendar")
    if wanted and not any(
        c.integration == wanted["integration"] and c.external_id == wanted["externalId"] for c in calendars
    ):
        raise ApiError(400, "Invalid destinationCalendarId: Calendar does not exist")
    if body.get("useDestinationCalendarEmail") and not calendars:
        raise ApiError(
            400, "Validation failed: A primary connected calendar is required to set useDestinationCalendarEmail"
        )


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
        rules.with_system_fields([], disable_guests=bool(rules.column(event_type, "disableGuests")))
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
    limits = rules.limits_to_api(event_type.booking_limits)
    if limits is not None:
        out["bookingLimitsCount"] = limits
    durations = rules.limits_to_api(event_type.duration_limits)
    if durations is not None:
        out["bookingLimitsDuration"] = durations
    if event_type.lengths:
        out["lengthInMinutesOptions"] = list(event_type.lengths)
    window = rules.window_from_period(event_type)
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
