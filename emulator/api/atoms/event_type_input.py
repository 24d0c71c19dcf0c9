"""The web app's event-type update input (TUpdateInputSchema: Prisma column names, camelCase) as
world changes, checked as the tRPC update handler and Prisma would check it.

The atoms controllers pass the body to updateHandler without validating it, so a value of the wrong
type or a name that is no column reaches Prisma and fails there (a 500 on the live server); here each
is a 400 naming the field. The handler's own refusals are tRPC BAD_REQUESTs, which the API's filter
answers with its generic text: seats together with a recurring event, repeated booking-field names,
limits out of ascending order, a negative ``offsetStart``, a ``periodType`` that is none, a slug the
owner already has.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from emulator.api.atoms.event_type_shapes import EXTRA_COLUMNS
from emulator.api.atoms.trpc import trpc_error
from emulator.domain import event_types as rules
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType

JSON = dict[str, Any]

# Columns kept on EventType itself: input name -> (field, accepted Python types; None allowed when listed).
MODEL_COLUMNS: dict[str, tuple[str, tuple[type, ...]]] = {
    "title": ("title", (str,)),
    "slug": ("slug", (str,)),
    "description": ("description", (str, type(None))),
    "length": ("length", (int,)),
    "hidden": ("hidden", (bool,)),
    "position": ("position", (int,)),
    "slotInterval": ("slot_interval", (int, type(None))),
    "minimumBookingNotice": ("minimum_booking_notice", (int,)),
    "beforeEventBuffer": ("before_event_buffer", (int,)),
    "afterEventBuffer": ("after_event_buffer", (int,)),
    "periodDays": ("period_days", (int, type(None))),
    "periodCountCalendarDays": ("period_count_calendar_days", (bool,)),
    "seatsPerTimeSlot": ("seats_per_time_slot", (int, type(None))),
    "seatsShowAttendees": ("seats_show_attendees", (bool,)),
    "seatsShowAvailabilityCount": ("seats_show_availability_count", (bool,)),
    "requiresConfirmation": ("requires_confirmation", (bool,)),
    "requiresConfirmationWillBlockSlot": ("requires_confirmation_will_block_slot", (bool,)),
    "price": ("price", (int,)),
    "currency": ("currency", (str,)),
}
AT_LEAST_ONE = ("length", "slotInterval", "seatsPerTimeSlot")
# Columns the emulator keeps in EventType.settings, beyond domain/event_types.COLUMNS and EXTRA_COLUMNS.
OTHER_SETTINGS: JSON = {
    "disableCancelling": False,
    "disableRescheduling": False,
    "requiresConfirmationForFreeEmail": False,
    "canSendCalVideoTranscriptionEmails": True,
    "autoTranslateDescriptionEnabled": False,
    "allowReschedulingCancelledBookings": False,
    "allowReschedulingPastBookings": False,
    "showOptimizedSlots": False,
    "instantMeetingExpiryTimeOffsetInSeconds": 90,
    "assignRRMembersUsingSegment": False,
    "isRRWeightsEnabled": False,
    "rescheduleWithSameRoundRobinHost": False,
    "useEventLevelSelectedCalendars": False,
    "useBookerTimezone": False,
    "maxLeadThreshold": None,
    "customReplyToEmail": None,
    "interfaceLanguage": None,
}
JSON_SETTINGS = ("eventTypeColor", "calVideoSettings", "rrSegmentQueryValue", "instantMeetingParameters")
# Input the handler takes apart and the emulator does not keep (relations it does not model).
IGNORED = frozenset(
    {
        "id",
        "userId",
        "users",
        "multiplePrivateLinks",
        "customInputs",
        "destinationCalendar",
        "aiPhoneCallConfig",
        "hostGroups",
        "secondaryEmailId",
        "restrictionScheduleId",
        "instantMeetingSchedule",
        "teamId",
        "scheduleId",
        "schedule",
        "hosts",
        "children",
        "schedulingType",
    }
)
LIMIT_ORDER = ("PER_DAY", "PER_WEEK", "PER_MONTH", "PER_YEAR")
PERIOD_TYPES = ("UNLIMITED", "ROLLING", "ROLLING_WINDOW", "RANGE")


def _settings_default(name: str) -> Any:
    for table in (rules.COLUMNS, EXTRA_COLUMNS, OTHER_SETTINGS):
        if name in table:
            return table[name]
    raise KeyError(name)


def wrong_value(name: str) -> ApiError:
    return ApiError(400, f"Invalid value for event type field {name}")


def _typed(name: str, value: Any, kinds: tuple[type, ...]) -> Any:
    # JSON true/false are Python bools, which are ints too: an int column must not take them.
    if isinstance(value, bool) and bool not in kinds:
        raise wrong_value(name)
    if not isinstance(value, kinds):
        raise wrong_value(name)
    if isinstance(value, int) and not isinstance(value, bool) and value < 0 and name != "position":
        raise wrong_value(name)
    return value


def _setting(name: str, value: Any) -> Any:
    if name in JSON_SETTINGS:
        return _typed(name, value, (dict, list, type(None)))
    default = _settings_default(name)
    if isinstance(default, bool):
        return _typed(name, value, (bool,))
    if isinstance(default, int):
        return _typed(name, value, (int,))
    return _typed(name, value, (str, type(None)))


def _limits(name: str, value: Any) -> JSON | None:
    if value is None:
        return None
    if not isinstance(value, dict) or any(
        k not in LIMIT_ORDER or isinstance(v, bool) or not isinstance(v, int) or v < 0 for k, v in value.items()
    ):
        raise wrong_value(name)
    ordered = [value[k] for k in LIMIT_ORDER if k in value]
    if ordered != sorted(ordered):  # validateIntervalLimitOrder
        raise trpc_error("BAD_REQUEST")
    return dict(value)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _recurring(value: Any) -> JSON | None:
    """recurringEventType: whole-number freq (0 yearly ... 3 daily), interval and count."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(_whole(value.get(k, 1)) for k in ("freq", "interval", "count")):
        raise wrong_value("recurringEvent")
    return dict(value)


def _period_date(name: str, value: Any) -> datetime | None:
    """normalizePeriodDate: the date part, at midnight UTC."""
    if value is None:
        return None
    try:
        day = datetime.strptime(str(value)[:10], "%Y-%m-%d")
    except ValueError:
        raise wrong_value(name) from None
    return day.replace(tzinfo=UTC)


def _locations(value: Any) -> tuple[JSON, ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) and isinstance(v.get("type"), str) for v in value):
        raise wrong_value("locations")
    return tuple(dict(v) for v in value)


def booking_fields(value: Any) -> tuple[JSON, ...]:
    if not isinstance(value, list) or not all(
        isinstance(f, dict)
        and isinstance(f.get("name"), str)
        and isinstance(f.get("type"), str)
        and isinstance(f.get("options", []), list | type(None))
        for f in value
    ):
        raise wrong_value("bookingFields")
    names = [f["name"] for f in value]
    if len(names) != len(set(names)):  # ensureUniqueBookingFields
        raise trpc_error("BAD_REQUEST")
    return tuple(dict(f) for f in value)


def _metadata(value: Any, changes: JSON) -> JSON:
    if not isinstance(value, dict):
        raise wrong_value("metadata")
    metadata = dict(value)
    threshold = metadata.get("requiresConfirmationThreshold")
    if threshold is not None and not (
        isinstance(threshold, dict) and _whole(threshold.get("time", 0)) and isinstance(threshold.get("unit"), str)
    ):
        raise wrong_value("metadata")
    durations = metadata.pop("multipleDuration", None)
    if durations is not None:
        if not isinstance(durations, list) or not all(_whole(d) and d > 0 for d in durations):
            raise wrong_value("metadata")
        changes["lengths"] = tuple(durations)
    else:
        changes["lengths"] = ()
    apps = metadata.get("apps")
    for app in (apps or {}).values() if isinstance(apps, dict) else ():
        # the one enabled payment app sets the event type's price
        if isinstance(app, dict) and app.get("enabled") and app.get("price") and app.get("currency"):
            if not isinstance(app["price"], int) or not isinstance(app["currency"], str):
                raise wrong_value("metadata")
            changes["_payment_app"] = (app["price"], app["currency"])
            break
    return metadata


def column_changes(event_type: EventType, body: JSON) -> JSON:
    """The EventType fields the body sets, checked; relations (hosts, children, schedule) are the caller's."""
    changes: JSON = {}
    settings = dict(event_type.settings)
    for name, value in body.items():
        if name in IGNORED:
            continue
        if name in MODEL_COLUMNS:
            field, kinds = MODEL_COLUMNS[name]
            changes[field] = _typed(name, value, kinds)
            if name in AT_LEAST_ONE and value is not None and value < 1:  # slots step by these
                raise wrong_value(name)
        elif name == "locations":
            if value is not None:
                changes["locations"] = _locations(value)
        elif name == "bookingFields":
            changes["booking_fields"] = booking_fields(value) if value is not None else ()
        elif name in ("bookingLimits", "durationLimits"):
            changes["booking_limits" if name == "bookingLimits" else "duration_limits"] = _limits(name, value)
        elif name == "recurringEvent":
            changes["recurring_event"] = _recurring(value)
        elif name == "metadata":
            changes["metadata"] = _metadata(value, changes) if value is not None else {}
        elif name == "periodType":
            if not isinstance(value, str) or value.upper() not in PERIOD_TYPES:
                raise trpc_error("BAD_REQUEST")
            changes["period_type"] = value.upper()
        elif name in ("periodStartDate", "periodEndDate"):
            changes["period_start_date" if name == "periodStartDate" else "period_end_date"] = _period_date(name, value)
        elif name == "offsetStart":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise trpc_error("BAD_REQUEST")
            settings["offsetStart"] = value
        else:
            try:
                settings[name] = _setting(name, value)
            except KeyError:
                raise ApiError(400, f"{name} is not an event type field") from None
    if "bookingFields" in body and "guests" in {f["name"] for f in changes["booking_fields"]}:
        guests = next(f for f in changes["booking_fields"] if f["name"] == "guests")
        settings["disableGuests"] = bool(guests.get("hidden", False))
    elif "bookingFields" in body:
        settings["disableGuests"] = False
    if settings != event_type.settings:
        changes["settings"] = settings
    if "_payment_app" in changes:  # the handler sets the price from the payment app after the columns
        changes["price"], changes["currency"] = changes.pop("_payment_app")
    seats = changes.get("seats_per_time_slot", event_type.seats_per_time_slot)
    recurring = changes.get("recurring_event", event_type.recurring_event)
    if seats and recurring:
        raise trpc_error("BAD_REQUEST")
    return changes
