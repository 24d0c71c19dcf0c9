"""The 2024-06-14 event-type shape read in: a request body as EventType record changes, with the
checks the spec does not carry (numbers, seats, the owner's schedule, destination calendars).
Shared by the personal (/v2/event-types) and team (/v2/teams/..., /v2/organizations/.../teams/...)
handlers.

Mappings from apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers: lengthInMinutesOptions
is metadata.multipleDuration, bookingWindow the period columns, bookingLimitsCount/Duration the
PER_DAY... limits, confirmationPolicy requiresConfirmation (+ metadata.requiresConfirmationThreshold),
seats the three seat columns, locations and booking fields Cal.com's internal forms.
"""

from __future__ import annotations

from typing import Any

from emulator.api import problems
from emulator.api.event_types.fields_output import booking_field_out
from emulator.api.event_types.fields_vocabulary import DEFAULT_SLUGS, FREQUENCIES, INTEGRATIONS, LAYOUTS
from emulator.domain.event_type_fields import SYSTEM_FIELDS_AFTER, reachable_attendee, with_system_fields
from emulator.domain.event_type_limits import limits_from_api, period_from_window, seats_problem
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, User
from emulator.world.store import World

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


# booking fields -----------------------------------------------------------------------------------

_USER_SOURCE = [{"id": "user", "type": "user", "label": "User", "fieldRequired": True}]


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
    if slug in DEFAULT_SLUGS:
        defaults = next(f for f in SYSTEM_FIELDS_AFTER if f["name"] == slug)
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


# ValidateInputBookingFields_2024_06_14: a field is known by its type, or (for the defaults below) its slug
_TYPED_BY_SLUG = ("title", "notes", "guests", "rescheduleReason", "location")
_UNSLUGGED_TYPES = ("name", "splitName", "email")
_FIELD_CLASSES = (
    *_TYPED_BY_SLUG, *_UNSLUGGED_TYPES, "phone", "address", "text", "number", "textarea", "select",
    "multiselect", "multiemail", "checkbox", "radio", "boolean", "url",
)  # fmt: skip


def check_booking_fields(items: list[dict[str, Any]]) -> None:
    """The server's booking-field validator, in its order: the spec's union lets through fields it refuses."""
    if not items:
        raise ApiError(400, "'bookingFields' must contain at least 1 booking field.")
    slugs: list[Any] = []
    for item in items:
        kind, slug = item.get("type"), item.get("slug")
        needs_type = slug not in _TYPED_BY_SLUG
        if needs_type and not kind:
            raise ApiError(
                400,
                "All booking fields except ones with slug equal to title, notes, guests, rescheduleReason and "
                "location must have a 'type' property.",
            )
        needs_slug = kind not in _UNSLUGGED_TYPES
        if needs_slug and not slug:
            raise ApiError(
                400,
                "Each booking field except ones with type equal to name, splitName, email must have a 'slug' property.",
            )
        if slug in slugs:
            raise ApiError(400, f"Duplicate bookingFields slug '{slug}' found. All bookingFields slugs must be unique.")
        if needs_slug:
            slugs.append(slug)
        if (kind if needs_type else slug) not in _FIELD_CLASSES:
            raise ApiError(
                400,
                f"Unsupported booking field type '{kind}'."
                if needs_type
                else f"Unsupported booking field slug '{slug}'.",
            )


def booking_fields_in(items: list[dict[str, Any]], disable_guests: bool | None) -> list[dict[str, Any]]:
    stored = [booking_field_in(i) for i in items]
    if disable_guests is not None:
        guests = next((f for f in stored if f["name"] == "guests"), None)
        if guests is None:
            stored.append({"name": "guests", "type": "multiemail", "editable": "system-but-optional"})
            guests = stored[-1]
        guests["hidden"] = disable_guests
    full = with_system_fields(stored)
    if not reachable_attendee(full):
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
    if body.get("bookingFields") is not None:
        check_booking_fields(body["bookingFields"])
    if "bookingFields" in body or (current is None and "disableGuests" in body):
        changes["booking_fields"] = tuple(booking_fields_in(body.get("bookingFields") or [], body.get("disableGuests")))
    elif current is None:
        changes["booking_fields"] = tuple(booking_fields_in([], None))
    elif "disableGuests" in body:
        changes["booking_fields"] = tuple(booking_fields_in(_stored_as_api(current), body["disableGuests"]))
    if body.get("bookingLimitsCount") is not None:
        changes["booking_limits"] = limits_from_api(body["bookingLimitsCount"])
    if body.get("bookingLimitsDuration") is not None:
        changes["duration_limits"] = limits_from_api(body["bookingLimitsDuration"])
    if body.get("bookingWindow") is not None:
        changes.update(period_from_window(body["bookingWindow"]))
    # `{"disabled": false}` fits the Disabled branch of these unions yet names nothing to enable: the
    # server's transforms find no fields in it, and nothing changes
    if body.get("recurrence") is not None:
        recurrence = body["recurrence"]
        if recurrence.get("disabled"):
            changes["recurring_event"] = None
        elif all(key in recurrence for key in ("interval", "occurrences", "frequency")):
            changes["recurring_event"] = {
                "interval": recurrence["interval"],
                "count": recurrence["occurrences"],
                "freq": FREQUENCIES.index(recurrence["frequency"]),
            }
    if body.get("seats") is not None:
        seats = body["seats"]
        if seats.get("disabled"):
            changes["seats_per_time_slot"] = None
        elif "seatsPerTimeSlot" in seats:
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
    problem = seats_problem(seats, len(locations), confirm)
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
