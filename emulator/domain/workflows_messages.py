"""The text of a workflow reminder: Cal.com's variables filled in for one booking and one recipient.

Follows packages/features/ee/workflows/lib/reminders/templates: ``customTemplate`` replaces the
``{EVENT_NAME}``-style variables (and ``{EVENT_DATE_<format>}``, ``{START_TIME_<format>}``,
``{EVENT_END_TIME_<format>}`` with a dayjs format, and ``{<BOOKING_FIELD>}`` with a booking answer)
in the step's own subject and body; an email body gets the ``Scheduling by Cal.com`` footer and
the ``<body style="white-space: pre-wrap;">`` wrapper. A step without a body falls back to the
built-in reminder template (``smsReminderTemplate`` for text messages, a short reminder email).
Dates are English; times use the organizer's 12- or 24-hour format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from emulator.world.models import Attendee, Booking, EventType, User

WEBSITE = "https://app.cal.com"
APP_NAME = "Cal.com"
FOOTER = f"<br><br>_<br><br>Scheduling by {APP_NAME}"
_TOKEN = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A|a|Z|\[[^\]]*\]")
_VARIABLE = re.compile(r"\{(.+?)}")
# the names Cal.com shows for the location kinds a booking stores as an app id
LOCATION_LABELS = {
    "integrations:daily": "Cal Video",
    "integrations:google:meet": "Google Meet",
    "integrations:zoom": "Zoom",
    "integrations:office365_video": "MS Teams",
}


@dataclass(frozen=True)
class Occasion:
    """One booking as a reminder describes it to one recipient."""

    booking: Booking
    event_type: EventType | None
    organizer: User | None
    attendee: Attendee | None  # the attendee the message is about (or to)
    time_zone: str


def day_format(moment: datetime, fmt: str) -> str:
    """A dayjs format string, for the tokens reminders use."""

    def token(match: re.Match[str]) -> str:
        t = match.group(0)
        hour12 = moment.hour % 12 or 12
        values = {
            "YYYY": f"{moment.year:04d}",
            "YY": f"{moment.year % 100:02d}",
            "MMMM": moment.strftime("%B"),
            "MMM": moment.strftime("%b"),
            "MM": f"{moment.month:02d}",
            "M": str(moment.month),
            "DD": f"{moment.day:02d}",
            "D": str(moment.day),
            "dddd": moment.strftime("%A"),
            "ddd": moment.strftime("%a"),
            "HH": f"{moment.hour:02d}",
            "H": str(moment.hour),
            "hh": f"{hour12:02d}",
            "h": str(hour12),
            "mm": f"{moment.minute:02d}",
            "ss": f"{moment.second:02d}",
            "A": "AM" if moment.hour < 12 else "PM",
            "a": "am" if moment.hour < 12 else "pm",
            "Z": moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:],
        }
        return t[1:-1] if t.startswith("[") else values[t]

    return _TOKEN.sub(token, fmt)


def _local(moment: datetime, zone: str) -> datetime:
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (KeyError, ValueError):
        return moment


def time_format(organizer: User | None) -> str:
    return "HH:mm" if organizer is not None and organizer.time_format == 24 else "h:mma"


def _name_parts(name: str) -> tuple[str, str]:
    words = name.strip().split(" ")
    return words[0], (words[-1] if len(words) > 1 else "")


def _location(booking: Booking) -> str:
    location = booking.location or ""
    return LOCATION_LABELS.get(location, location)


def _answers(booking: Booking, attendee: Attendee | None) -> dict[str, Any]:
    seat = attendee.seat_responses if attendee is not None and attendee.seat_responses else {}
    return {**booking.responses, **seat}


def fill(text: str, occasion: Occasion, recipient: str | None = None) -> str:
    """customTemplate: the variables of ``text`` for this booking."""
    booking, attendee, organizer = occasion.booking, occasion.attendee, occasion.organizer
    start, end = _local(booking.start, occasion.time_zone), _local(booking.end, occasion.time_zone)
    clock = time_format(organizer)
    attendee_name = attendee.name if attendee is not None else ""
    first, last = _name_parts(attendee_name)
    cancel = f"{WEBSITE}/booking/{booking.uid}?cancel=true"
    reschedule = f"{WEBSITE}/reschedule/{booking.uid}"
    if recipient:
        cancel += f"&cancelledBy={recipient}"
        reschedule += f"?rescheduledBy={recipient}"
    plain = {
        "EVENT_NAME": booking.title,
        "ORGANIZER": organizer.name if organizer else "",
        "ATTENDEE": attendee_name,
        "ORGANIZER_NAME": organizer.name if organizer else "",
        "ATTENDEE_NAME": attendee_name,
        "ATTENDEE_FIRST_NAME": first,
        "ATTENDEE_LAST_NAME": last,
        "EVENT_DATE": day_format(start, "dddd, MMMM D, YYYY"),
        "EVENT_TIME": day_format(start, clock),
        "START_TIME": day_format(start, clock),
        "EVENT_END_TIME": day_format(end, clock),
        "LOCATION": _location(booking),
        "ADDITIONAL_NOTES": booking.description or "",
        "ATTENDEE_EMAIL": attendee.email if attendee is not None else "",
        "TIMEZONE": occasion.time_zone,
        "CANCEL_URL": cancel,
        "RESCHEDULE_URL": reschedule,
        "MEETING_URL": str(booking.metadata.get("videoCallUrl") or ""),
        "RATING_URL": f"{WEBSITE}/booking/{booking.uid}?rating",
        "NO_SHOW_URL": f"{WEBSITE}/booking/{booking.uid}?noShow=true",
    }
    answers = _answers(booking, attendee)

    def variable(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in plain:
            return plain[name]
        for prefix, moment in (("EVENT_END_TIME_", end), ("EVENT_DATE_", start), ("EVENT_TIME_", start)):
            if name.startswith(prefix):
                return day_format(moment, name[len(prefix) :])
        if name.startswith("START_TIME_"):
            return day_format(start, name[len("START_TIME_") :])
        for key, value in answers.items():
            label = re.sub(r"[^a-zA-Z0-9 ]", "", key).strip().replace(" ", "_").upper()
            if label == name and value:
                return str(value.get("value", "") if isinstance(value, dict) else value)
        return match.group(0)

    return _VARIABLE.sub(variable, text)


def email(subject: str | None, body: str | None, occasion: Occasion, recipient: str) -> tuple[str, str]:
    """(subject, html) of a reminder email."""
    if body:
        return fill(subject or "", occasion, recipient), _html(fill(body, occasion, recipient))
    start = _local(occasion.booking.start, occasion.time_zone)
    when = day_format(start, f"ddd, MMM D, YYYY {time_format(occasion.organizer)}")
    title = occasion.booking.title
    lines = (
        f"This is a reminder about your upcoming event.<br>Event: {title}<br>Date & Time: {when} {occasion.time_zone}"
    )
    return f"Reminder: {title} - {when}", _html(lines)


def _html(content: str) -> str:
    return f'<body style="white-space: pre-wrap;">{content}{FOOTER}</body>'


def text(body: str | None, occasion: Occasion, *, to_attendee: bool) -> str:
    """A text message (SMS, WhatsApp): the step's body filled in, else smsReminderTemplate."""
    if body:
        return fill(body, occasion)
    booking, organizer, attendee = occasion.booking, occasion.organizer, occasion.attendee
    organizer_name = organizer.name if organizer else ""
    attendee_name = attendee.name if attendee else ""
    name, other = (attendee_name, organizer_name) if to_attendee else ("", attendee_name)
    start = _local(booking.start, occasion.time_zone)
    date, at = day_format(start, "YYYY MMM D"), day_format(start, time_format(organizer))
    greeting = f"Hi {name}" if name else "Hi"
    message = (
        f"{greeting}, this is a reminder that your meeting ({booking.title}) with {other} is on {date} at {at} "
        f"{occasion.time_zone}."
    )
    if len(message) <= 320:  # Twilio's recommended length
        return message
    return f"Hi, this is a reminder that your meeting with {other} is on {date} at {at} {occasion.time_zone}"
