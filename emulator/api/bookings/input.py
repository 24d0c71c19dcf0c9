"""Booking bodies as the 2024-08-13 pipes read them, after the spec has checked their types.

The create pipe (packages/platform/types/bookings/2024-08-13/inputs/create-booking-input.pipe.ts)
picks the shape by key: ``recurrenceCount`` present is a recurring booking, ``instant: true`` an
instant one, anything else a regular one; the reschedule and cancel pipes pick the seated shape when
``seatUid`` is present. Each shape refuses keys it does not declare (forbidNonWhitelisted) and runs
its class-validator rules; problems are reported as ``<property> property is wrong,<constraints> ``
(nested ones inside their parent's text), joined by ``, ``, in one 400.

Then the input service's location handling (input.service.ts): a plain string stays a link, a phone
number or free text; an object must be one of the event type's location types.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from emulator.api import slot_formats as fmt
from emulator.api.event_types.fields_output import location_out
from emulator.api.event_types.fields_vocabulary import INTEGRATIONS
from emulator.domain.schedules import is_time_zone
from emulator.pipeline.errors import ApiError
from emulator.pipeline.pipes import PipeProblem
from emulator.world.models import EventType

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")  # libphonenumber's check, approximated as E.164
_URL = re.compile(r"^(https?://)?[^\s/$.?#]+\.[^\s]+$", re.IGNORECASE)

BASE = (
    "start",
    "attendee",
    "bookingFieldsResponses",
    "eventTypeId",
    "eventTypeSlug",
    "username",
    "teamSlug",
    "organizationSlug",
    "guests",
    "meetingUrl",
    "location",
    "metadata",
    "lengthInMinutes",
    "routing",
    "emailVerificationCode",
)
SHAPES = {"regular": BASE, "instant": (*BASE, "instant"), "recurring": (*BASE, "recurrenceCount")}
ATTENDEE = ("name", "email", "timeZone", "phoneNumber", "language")
ROUTING = (
    "queuedResponseId",
    "responseId",
    "teamMemberIds",
    "teamMemberEmail",
    "skipContactOwner",
    "crmAppSlug",
    "crmOwnerRecordType",
)
IDENTIFICATION = "Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be provided"
METADATA = "Metadata must have at most 50 keys, each key up to 40 characters, and string values up to 500 characters."


@dataclass
class _Problem:
    name: str
    constraints: list[str] = field(default_factory=list)
    children: list[_Problem] = field(default_factory=list)

    def text(self) -> str:
        inner = ", ".join(c.text() for c in self.children)
        return f"{self.name} property is wrong,{', '.join(self.constraints)} {inner}"


def _refuse(problems: list[_Problem]) -> None:
    if problems:
        raise ApiError(400, ", ".join(p.text() for p in problems))


def _unknown(body: dict[str, Any], allowed: tuple[str, ...]) -> list[_Problem]:
    return [_Problem(k, [f"property {k} should not exist"]) for k in body if k not in allowed]


def _is_int(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()


Rule = tuple[Callable[[Any], bool], str]


def _check(problems: list[_Problem], body: dict[str, Any], name: str, rules: list[Rule]) -> None:
    """Run a property's rules (skipped when it is absent: every rule here is optional)."""
    if name not in body or body[name] is None:
        return
    failed = [message for test, message in rules if not test(body[name])]
    if failed:
        problems.append(_Problem(name, failed))


def _metadata_ok(value: Any) -> bool:
    """validate-metadata.ts: at most 50 keys of up to 40 characters; strings of up to 500, numbers, booleans."""
    if not isinstance(value, dict) or len(value) > 50:
        return False
    for key, item in value.items():
        if len(key) > 40:
            return False
        if isinstance(item, str):
            if len(item) > 500:
                return False
        elif not isinstance(item, int | float):  # booleans are ints here
            return False
    return True


def _attendee(value: Any) -> _Problem | None:
    if not isinstance(value, dict):
        return None  # the spec refuses it first
    problem = _Problem("attendee")
    problem.children += _unknown(value, ATTENDEE)
    if value.get("email") and not _EMAIL.match(str(value["email"])):
        problem.children.append(_Problem("email", ["Invalid email format"]))
    if "timeZone" in value and not is_time_zone(str(value["timeZone"])):
        problem.children.append(_Problem("timeZone", ["timeZone must be a valid IANA time-zone"]))
    if value.get("phoneNumber") and not _PHONE.match(str(value["phoneNumber"])):
        problem.children.append(
            _Problem("phoneNumber", ["Invalid phone number format. Please use international format."])
        )
    if not value.get("email") and not value.get("phoneNumber"):
        problem.children.append(
            _Problem(
                "attendee email or phone",
                ["Attendee must have at least one contact method (email or phone number)"],
            )
        )
    return problem if problem.children else None


def _routing(value: Any) -> _Problem | None:
    if not isinstance(value, dict):
        return None
    problem = _Problem("routing")
    problem.children += _unknown(value, ROUTING)
    if value.get("responseId") is not None and not _is_int(value["responseId"]):
        problem.children.append(_Problem("responseId", ["responseId must be an integer number"]))
    ids = value.get("teamMemberIds")
    if not isinstance(ids, list) or not all(_is_int(i) for i in ids):
        problem.children.append(_Problem("teamMemberIds", ["each value in teamMemberIds must be an integer number"]))
    return problem if problem.children else None


def create_shape(body: dict[str, Any]) -> str:
    if "recurrenceCount" in body:
        return "recurring"
    if body.get("instant") is True:
        return "instant"
    return "regular"


def check_create(body: dict[str, Any]) -> str:
    """The create pipe: the shape's rules, or its 400. Returns the shape."""
    _refuse(create_problems(body))
    return create_shape(body)


def create_problems(body: dict[str, Any]) -> list[_Problem]:
    """Every failed rule of the create pipe's shape for this body."""
    shape = create_shape(body)
    problems = _unknown(body, SHAPES[shape])
    _check(
        problems,
        body,
        "start",
        [(lambda v: fmt.parse_iso(str(v)) is not None, "start must be a valid ISO 8601 date string")],
    )
    attendee = _attendee(body.get("attendee"))
    if attendee is not None:
        problems.append(attendee)
    _check(problems, body, "eventTypeId", [(_is_int, "eventTypeId must be an integer number")])
    _check(problems, body, "meetingUrl", [(lambda v: bool(_URL.match(str(v))), "meetingUrl must be a URL address")])
    _check(problems, body, "metadata", [(_metadata_ok, METADATA)])
    _check(
        problems,
        body,
        "lengthInMinutes",
        [
            (lambda v: not _is_int(v) or v >= 1, "lengthInMinutes must not be less than 1"),
            (_is_int, "lengthInMinutes must be an integer number"),
        ],
    )
    routing = _routing(body.get("routing"))
    if routing is not None:
        problems.append(routing)
    if shape == "recurring":
        _check(
            problems,
            body,
            "recurrenceCount",
            [
                (lambda v: not _is_int(v) or v >= 1, "recurrenceCount must not be less than 1"),
                (_is_int, "recurrenceCount must be an integer number"),
            ],
        )
    identified = bool(body.get("eventTypeId")) or (
        bool(body.get("eventTypeSlug")) and (bool(body.get("username")) or bool(body.get("teamSlug")))
    )
    if not identified:
        problems.append(_Problem("eventTypeId or eventTypeSlug + username", [IDENTIFICATION]))
    return problems


def check_reschedule(body: dict[str, Any]) -> bool:
    """The reschedule pipe. Returns whether the body is the seated shape."""
    _refuse(reschedule_problems(body))
    return "seatUid" in body


def reschedule_problems(body: dict[str, Any]) -> list[_Problem]:
    """Every failed rule of the reschedule pipe's shape for this body."""
    seated = "seatUid" in body
    allowed = (
        ("start", "rescheduledBy", "seatUid", "emailVerificationCode")
        if seated
        else ("start", "rescheduledBy", "reschedulingReason", "emailVerificationCode")
    )
    problems = _unknown(body, allowed)
    _check(
        problems,
        body,
        "start",
        [(lambda v: fmt.parse_iso(str(v)) is not None, "start must be a valid ISO 8601 date string")],
    )
    _check(
        problems,
        body,
        "rescheduledBy",
        [(lambda v: not v or bool(_EMAIL.match(str(v))), "Invalid rescheduledBy email format")],
    )
    return problems


def as_pipe(problems: list[_Problem]) -> list[PipeProblem]:
    return [PipeProblem(p.name, p.text()) for p in problems]


def check_cancel(body: dict[str, Any]) -> bool:
    """The cancel pipe. Returns whether the body is the seated shape."""
    seated = "seatUid" in body
    allowed = ("seatUid",) if seated else ("cancellationReason", "cancelSubsequentBookings")
    _refuse(_unknown(body, allowed))
    return seated


def check_mark_absent(body: dict[str, Any]) -> None:
    """The global validation pipe (whitelist without refusal): unknown keys are dropped; attendees
    need real e-mails and at least one entry."""
    attendees = body.get("attendees")
    if attendees is None:
        return
    errors: list[dict[str, Any]] = []
    if isinstance(attendees, list) and not attendees:
        errors.append(
            {
                "property": "attendees",
                "value": attendees,
                "constraints": {"arrayMinSize": "attendees must contain at least 1 elements"},
                "children": [],
            }
        )
    for i, item in enumerate(attendees if isinstance(attendees, list) else []):
        if isinstance(item, dict) and not _EMAIL.match(str(item.get("email", ""))):
            errors.append(
                {
                    "property": f"attendees.{i}.email",
                    "value": item.get("email"),
                    "constraints": {"isEmail": "email must be an email"},
                    "children": [],
                }
            )
    if errors:
        raise ApiError(400, "Bad Request Exception", details={"errors": errors})


# locations -----------------------------------------------------------------------------------------------


def _phone_like(text: str) -> bool:
    return bool(_PHONE.match(text.replace(" ", "").replace("-", "")))


def location_choice(location: Any) -> dict[str, str] | None:
    """transformLocation: what the booker chose, as Cal.com's responses.location {value, optionValue}."""
    if location is None:
        return None
    if isinstance(location, str):
        if _URL.match(location) or location.startswith("www."):
            return {"value": "link", "optionValue": location}
        if _phone_like(location):
            return {"value": "phone", "optionValue": location}
        return {"value": "somewhereElse", "optionValue": location}
    kind = location.get("type")
    if kind == "integration":
        internal = INTEGRATIONS.get(str(location.get("integration")))
        if internal is None:
            raise ApiError(400, f"Invalid integration: {location.get('integration')}")
        return {"value": internal, "optionValue": ""}
    simple = {
        "address": ("inPerson", ""),
        "attendeeAddress": ("attendeeInPerson", str(location.get("address", ""))),
        "link": ("link", ""),
        "phone": ("userPhone", ""),
        "attendeePhone": ("phone", str(location.get("phone", ""))),
        "attendeeDefined": ("somewhereElse", str(location.get("location", ""))),
        "organizersDefaultApp": ("conferencing", ""),
    }
    if kind not in simple:
        raise ApiError(400, f"Booking location with type {kind} not valid.")
    value, option = simple[str(kind)]
    return {"value": value, "optionValue": option}


def check_location(location: Any, event_type: EventType) -> None:
    """isBookingLocationWithEventTypeLocations: an object location must be one the event type offers."""
    if location is None or isinstance(location, str):
        return
    offered = [out for out in (location_out(stored) for stored in event_type.locations) if out is not None]
    types = [str(o["type"]) for o in offered]
    kind = location.get("type")
    if kind not in types:
        raise ApiError(
            400,
            f"Booking location with type {kind} not valid for event type with id={event_type.id}. The event type has "
            f"following location types: {', '.join(types)}, and only these types are allowed for booking location.",
        )
    if kind == "integration":
        integrations = [str(o.get("integration")) for o in offered if o["type"] == "integration"]
        if location.get("integration") not in integrations:
            raise ApiError(
                400,
                f"Booking location with integration {location.get('integration')} not valid for event type with "
                f"id={event_type.id}. The event type has following integrations: {', '.join(integrations)}, and "
                "only these integrations are allowed for booking location.",
            )
