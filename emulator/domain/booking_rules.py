"""The small rules a booking is built from: its title, where it takes place, whether it waits for
the host, the dates of a recurring series, the booking form answers and which round-robin host gets it.

Read from packages/features/eventtypes/lib/eventNaming.ts (getEventName),
packages/app-store/locations.ts (getLocationValueForDB), handleNewBooking/getRequiresConfirmationFlags.ts,
apps/api/v2/src/ee/bookings/2024-08-13/services/input.service.ts (recurring dates) and bookings.service.ts
(hasRequiredBookingFieldsResponses), packages/features/ee/round-robin (getLuckyUser, simplified).
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from emulator.domain import booking_lookups as lookups
from emulator.domain.availability import zone
from emulator.domain.errors import DomainError
from emulator.world.models import JSON, Booking, EventType, User
from emulator.world.store import World

CAL_VIDEO = "integrations:daily"
ORGANIZER_DEFAULT_APP = "conferencing"  # Cal.com's OrganizerDefaultConferencingAppType
VIDEO_BASE = "https://app.cal.com/video/"  # WEBAPP_URL/video/<uid>, what Cal Video bookings link to
# The field of an event type location that holds a booking's location (defaultValueVariable).
LOCATION_VALUES = {"inPerson": "address", "link": "link", "userPhone": "hostPhoneNumber"}


class BookingRefused(DomainError):
    """A booking request the server refuses (see DomainError for the shapes)."""


# titles ------------------------------------------------------------------------------------------


def first_name(name: str) -> str:
    return name.split(" ")[0]


def event_name(
    event_type: EventType,
    *,
    attendee: str,
    organizer: str,
    team_name: str | None,
    location: str | None,
    minutes: int,
    responses: JSON,
) -> str:
    """getEventName: "<title> between <team or organizer> and <attendee>", or the event type's own
    eventName with its variables filled in."""
    attendee = attendee or "Nameless"
    organizer = organizer or "Nameless"
    custom = event_type.settings.get("eventName")
    if not custom:
        return f"{event_type.title} between {team_name or organizer} and {attendee}"
    name = str(custom).replace("{Location}", location or "").replace("{LOCATION}", location or "")
    for variable, value in (
        ("{Event type title}", event_type.title),
        ("{Scheduler}", attendee),
        ("{Organiser}", organizer),
        ("{Organiser first name}", first_name(organizer)),
        ("{USER}", attendee),
        ("{ATTENDEE}", attendee),
        ("{HOST}", organizer),
        ("{HOST/ATTENDEE}", attendee),
        ("{Event duration}", f"{minutes} mins"),
        ("{Scheduler first name}", first_name(attendee)),
    ):
        name = name.replace(variable, value)
    for variable in re.findall(r"\{(.+?)}", name):
        answer = responses.get(variable)
        if isinstance(answer, dict):
            answer = answer.get("value")
        name = name.replace(f"{{{variable}}}", "" if answer in (None, "", False) else str(answer), 1)
    return name


# locations ---------------------------------------------------------------------------------------


def location_for_db(event_type: EventType, wanted: JSON | None, default_app: str | None = None) -> str:
    """The booking's location from the booker's choice ``{value, optionValue}`` (Cal.com's
    responses.location): the option's text, else the type; nothing chosen means the event type's
    first location, else the organizer's default app (``default_app``, a location type; Cal Video
    without one). A type the event type offers becomes that location's address, link or phone."""
    text = ""
    if wanted:
        text = str(wanted.get("optionValue") or wanted.get("value") or "")
    if not text.strip():
        text = str(event_type.locations[0].get("type")) if event_type.locations else ORGANIZER_DEFAULT_APP
    if text == ORGANIZER_DEFAULT_APP:
        text = default_app or CAL_VIDEO
    for offered in event_type.locations:
        if offered.get("type") == text and text in LOCATION_VALUES:
            text = str(offered.get(LOCATION_VALUES[text]) or text)
    return text if text.strip() else CAL_VIDEO


def video_url(uid: str) -> str:
    return VIDEO_BASE + uid


# confirmation --------------------------------------------------------------------------------------

_UNITS = {"minutes": 60, "minute": 60, "hours": 3600, "hour": 3600, "days": 86_400, "day": 86_400}


def requires_confirmation(event_type: EventType, start: datetime, now: datetime) -> bool:
    """requiresConfirmation, unless a threshold ({time, unit}) says only bookings that soon need it."""
    if not event_type.requires_confirmation:
        return False
    threshold = event_type.metadata.get("requiresConfirmationThreshold")
    if isinstance(threshold, dict) and threshold.get("unit") in _UNITS:
        # dayjs diff in a unit truncates towards zero
        difference = int((start - now).total_seconds() / _UNITS[str(threshold["unit"])])
        if difference > int(threshold.get("time") or 0):
            return False
    return True


def is_paid(event_type: EventType) -> bool:
    return event_type.price > 0


# recurring series ----------------------------------------------------------------------------------


def _add_months(moment: datetime, months: int) -> datetime:
    """Luxon's plus({months}): the same day, or the month's last when it is shorter."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))


def recurring_starts(start: datetime, rule: JSON, count: int, time_zone: str) -> list[datetime]:
    """Occurrence starts, stepped in the booker's zone (so 10:00 stays 10:00 across a DST change):
    freq 0 yearly, 1 monthly, 2 weekly, every ``interval``."""
    local = start.astimezone(zone(time_zone))
    interval = int(rule.get("interval") or 1)
    freq = int(rule.get("freq", 2))
    out = []
    for i in range(count):
        if freq == 0:
            moment = _add_months(local.replace(tzinfo=None), 12 * interval * i)
        elif freq == 1:
            moment = _add_months(local.replace(tzinfo=None), interval * i)
        else:
            moment = local.replace(tzinfo=None) + timedelta(weeks=interval * i)
        out.append(moment.replace(tzinfo=local.tzinfo).astimezone(start.tzinfo))
    return out


# booking form ---------------------------------------------------------------------------------------

_EXPECTED = {
    "phone": ("string", (str,)),
    "address": ("string", (str,)),
    "text": ("string", (str,)),
    "textarea": ("string", (str,)),
    "url": ("string", (str,)),
    "number": ("number", (int, float)),
    "boolean": ("boolean", (bool,)),
    "multiemail": ("array", (list,)),
    "multiselect": ("array", (list,)),
    "checkbox": ("array", (list,)),
    "select": ("string or number", (str, int, float)),
    "radio": ("string or number", (str, int, float)),
}


def _js_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


def check_booking_fields(event_type: EventType, responses: JSON, phone: str | None) -> None:
    """The custom booking fields (and the SMS reminder number): required ones answered, answers of
    the right type and among the options."""
    answers = {**responses, "attendeePhoneNumber": phone, "smsReminderNumber": phone}
    fields = [
        f
        for f in event_type.booking_fields
        if not str(f.get("editable", "user")).startswith("system") or f.get("name") == "smsReminderNumber"
    ]
    for f in fields:
        name, kind = str(f.get("name")), str(f.get("type"))
        value = answers.get(name)
        if f.get("required") and value is None:
            if name in ("attendeePhoneNumber", "smsReminderNumber"):
                raise BookingRefused(
                    400,
                    "Missing attendee phone number - it is required by the event type. "
                    'Pass it as "attendee.phoneNumber" string in the request.',
                )
            raise BookingRefused(
                400,
                f"Missing required booking field response: {name} - it is required by the event type booking fields, "
                "but missing in the bookingFieldsResponses. You can fetch the event type with ID "
                f"{event_type.id} to see the required fields.",
            )
        if value is None or kind not in _EXPECTED:
            continue
        expected, types = _EXPECTED[kind]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise BookingRefused(
                400,
                f"Invalid type for booking field '{name}'. Expected type {expected} (compatible with field type "
                f"'{kind}'), but received {_js_type(value)}.",
            )
        _check_options(f, name, kind, value)


def _js_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_options(field: JSON, name: str, kind: str, value: Any) -> None:
    options = [str(o.get("value")) for o in field.get("options") or [] if isinstance(o, dict)]
    if not options or kind not in ("select", "radio", "multiselect", "checkbox"):
        return
    allowed = ", ".join(options)
    if kind in ("select", "radio") and _js_string(value) not in options:
        raise BookingRefused(
            400, f"Invalid option '{_js_string(value)}' for booking field '{name}'. Allowed options are: {allowed}."
        )
    if kind in ("multiselect", "checkbox") and any(_js_string(v) not in options for v in value):
        raise BookingRefused(
            400, f"One or more invalid options for booking field '{name}'. Allowed options are: {allowed}."
        )


# round robin ------------------------------------------------------------------------------------------


def lucky_order(world: World, event_type: EventType, candidates: Sequence[User]) -> list[User]:
    """Who gets a round-robin booking first, Cal.com's getLuckyUser simplified: the highest host
    priority (0 lowest .. 4 highest) first; among equals the least recently booked (the host whose
    latest booking of this event type was created longest ago, never booked first); then the lowest
    user id. Weights, routing and host groups are not modelled."""
    priority = {h.user_id: h.priority for h in event_type.hosts}
    latest: dict[int, float] = {}
    for booking in lookups.of_event_type(world, event_type.id, "ACCEPTED", "PENDING"):
        for user_id in _hosts_of_booking(booking, candidates):
            created = booking.created_at.timestamp() if booking.created_at else 0.0
            latest[user_id] = max(latest.get(user_id, float("-inf")), created)
    return sorted(candidates, key=lambda u: (-priority.get(u.id, 2), latest.get(u.id, float("-inf")), u.id))


def _hosts_of_booking(booking: Booking, candidates: Sequence[User]) -> list[int]:
    emails = {a.email.lower() for a in booking.attendees}
    return [u.id for u in candidates if u.id == booking.user_id or u.email.lower() in emails]
