"""A recording turned into fixtures (``calcom-emulator fixtures from-recording``; docs/coverage.md): the
users, schedules, individual event types and bookings its answers showed, as a fixture file, so a
world can start from what a real account holds.

Records are recognised by their shape wherever they stand in an answer (a booking's hosts are users
too), in v2's and v1's spellings; a record seen several times keeps its latest form. What is not
carried over: secrets (the recording has none, so the users the recording's caller was (``/me``)
get a new API key and the others none), teams, organizations and team event types, webhooks, OAuth
clients, and any record that refers to one not carried over (a booking of an event type no answer
showed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from emulator.drift.recording import Exchange

DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
EVENT_TYPE_FIELDS = (  # fixture field <- answer fields, first present wins
    ("description", ("description",)),
    ("hidden", ("hidden",)),
    ("minimumBookingNotice", ("minimumBookingNotice",)),
    ("beforeEventBuffer", ("beforeEventBuffer",)),
    ("afterEventBuffer", ("afterEventBuffer",)),
    ("slotInterval", ("slotInterval",)),
    ("requiresConfirmation", ("requiresConfirmation",)),
    ("lengths", ("lengthInMinutesOptions", "metadata.multipleDuration")),
    ("seatsPerTimeSlot", ("seats.seatsPerTimeSlot", "seatsPerTimeSlot")),
    ("seatsShowAttendees", ("seats.showAttendeeInfo", "seatsShowAttendees")),
    ("seatsShowAvailabilityCount", ("seats.showAvailabilityCount", "seatsShowAvailabilityCount")),
)
USER_FIELDS = ("name", "timeZone", "weekStart", "locale")
TIME_OF_DAY = re.compile(r"^\d{1,2}:\d{2}$")
STATUSES = ("accepted", "pending", "cancelled", "rejected", "awaiting_host")


@dataclass
class Seen:
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    me: set[int] = field(default_factory=set)
    schedules: dict[int, dict[str, Any]] = field(default_factory=dict)
    event_types: dict[int, dict[str, Any]] = field(default_factory=dict)
    bookings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def visit(self, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                self.visit(item)
            return
        if not isinstance(value, dict):
            return
        if _is_user(value):
            self.users[value["id"]] = {**self.users.get(value["id"], {}), **value}
        elif _is_event_type(value):
            self.event_types[value["id"]] = value
        elif _is_booking(value):
            self.bookings[str(value["uid"])] = value
        elif _is_schedule(value):
            self.schedules[value["id"]] = value
        for item in value.values():
            self.visit(item)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _dig(value: Any, path: str) -> Any:
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _is_user(v: dict[str, Any]) -> bool:
    return _int(v.get("id")) and isinstance(v.get("email"), str) and "username" in v and "uid" not in v


def _is_event_type(v: dict[str, Any]) -> bool:
    return (
        _int(v.get("id"))
        and isinstance(v.get("slug"), str)
        and isinstance(v.get("title"), str)
        and ("lengthInMinutes" in v or "length" in v)
    )


def _is_booking(v: dict[str, Any]) -> bool:
    return "uid" in v and isinstance(v.get("attendees"), list) and ("start" in v or "startTime" in v)


def _is_schedule(v: dict[str, Any]) -> bool:
    return _int(v.get("id")) and isinstance(v.get("availability"), list) and "timeZone" in v and "name" in v


def seen_in(exchanges: list[Exchange]) -> Seen:
    seen = Seen()
    for exchange in exchanges:
        if not 200 <= exchange.status < 300:
            continue
        seen.visit(exchange.response_body)
        if exchange.path in ("/v2/me", "/v1/me"):
            data = exchange.response_body or {}
            me = data.get("data") or data.get("user") if isinstance(data, dict) else None
            if isinstance(me, dict) and _int(me.get("id")):
                seen.me.add(me["id"])
    return seen


def _key(text: str, taken: set[str], owner: str | None = None) -> str:
    """A fixture key made of ``text``, unique; ``<owner>/<text>`` when the record has an owner, as the
    fixtures' convention keys schedules and event types."""
    base = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "record"
    if owner is not None:
        base = f"{owner}/{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def _schedule(raw: dict[str, Any]) -> dict[str, Any]:
    availability = []
    for slot in raw.get("availability") or []:
        if not isinstance(slot, dict):
            continue
        days = [d if isinstance(d, str) else DAY_NAMES[int(d) % 7] for d in slot.get("days") or []]
        start, end = slot.get("startTime") or slot.get("start"), slot.get("endTime") or slot.get("end")
        if days and start and end:
            availability.append({"days": days, "start": str(start)[:5], "end": str(end)[:5]})
    overrides = [
        {"date": str(o["date"])[:10], "start": str(o.get("startTime"))[:5], "end": str(o.get("endTime"))[:5]}
        for o in raw.get("overrides") or []
        if isinstance(o, dict) and o.get("date") and o.get("startTime") and o.get("endTime")
    ]
    found: dict[str, Any] = {"name": raw["name"], "timeZone": raw["timeZone"], "availability": availability}
    if overrides:
        found["overrides"] = overrides
    return found


def build_fixtures(exchanges: list[Exchange]) -> tuple[dict[str, Any], dict[str, int]]:
    """(fixture document, counts of what was carried and left out)."""
    seen = seen_in(exchanges)
    taken: set[str] = set()
    users: dict[str, Any] = {}
    user_keys: dict[int, str] = {}
    for user_id, raw in sorted(seen.users.items()):
        key = _key(str(raw.get("username") or raw["email"].split("@")[0]), taken)
        user_keys[user_id] = key
        users[key] = {"email": raw["email"], **{f: raw[f] for f in USER_FIELDS if isinstance(raw.get(f), str)}}
        if raw.get("timeFormat") in (12, 24):
            users[key]["timeFormat"] = raw["timeFormat"]
        if user_id in seen.me:
            users[key]["apiKeys"] = [{"note": "made for this world: the recorded key is not carried over"}]
    schedules: dict[str, Any] = {}
    for raw in seen.schedules.values():
        owner = user_keys.get(raw.get("ownerId") or raw.get("userId") or -1)
        if owner is not None:
            key = _key(str(raw["name"]), taken, owner)
            schedules[key] = {"owner": owner, **_schedule(raw)}
            if raw.get("isDefault"):
                users[owner]["defaultSchedule"] = key
    event_types: dict[str, Any] = {}
    type_keys: dict[int, str] = {}
    for type_id, raw in sorted(seen.event_types.items()):
        owner = user_keys.get(raw.get("ownerId") or raw.get("userId") or -1)
        if owner is None or raw.get("teamId"):
            continue
        key = _key(str(raw["slug"]), taken, owner)
        type_keys[type_id] = key
        entry = {
            "owner": owner,
            "title": raw["title"],
            "slug": raw["slug"],
            "length": raw.get("lengthInMinutes") or raw["length"],
        }
        for name, sources in EVENT_TYPE_FIELDS:
            value = next((v for v in (_dig(raw, s) for s in sources) if v is not None), None)
            if value is not None:
                entry[name] = value
        lengths = entry.get("lengths")
        if not (isinstance(lengths, list) and all(_int(n) for n in lengths) and entry["length"] in lengths):
            entry.pop("lengths", None)  # the fixtures take a list of minutes that holds the length
        event_types[key] = entry
    bookings: dict[str, Any] = {}
    for uid, raw in seen.bookings.items():
        event_type = type_keys.get(raw.get("eventTypeId") or (raw.get("eventType") or {}).get("id") or -1)
        if event_type is None:
            continue
        attendees = [
            {
                "name": a.get("name") or a["email"],
                "email": a["email"],
                **({"timeZone": a["timeZone"]} if a.get("timeZone") else {}),
            }
            for a in raw["attendees"]
            if isinstance(a, dict) and isinstance(a.get("email"), str)
        ]
        if not attendees:
            continue
        entry = {"eventType": event_type, "uid": uid, "start": raw.get("start") or raw["startTime"]}
        end = raw.get("end") or raw.get("endTime")
        if end:
            entry["end"] = end
        entry["attendees"] = attendees
        if isinstance(raw.get("title"), str):
            entry["title"] = raw["title"]
        status = str(raw.get("status", "accepted")).lower()
        if status in STATUSES:
            entry["status"] = status
        bookings[_key(f"booking-{uid}", taken)] = entry
    document: dict[str, Any] = {"seed": 1}
    for name, section in (
        ("users", users),
        ("schedules", schedules),
        ("eventTypes", event_types),
        ("bookings", bookings),
    ):
        if section:
            document[name] = section
    counts = {
        "users": len(users),
        "schedules": len(schedules),
        "eventTypes": len(event_types),
        "bookings": len(bookings),
        "leftOutSchedules": len(seen.schedules) - len(schedules),
        "leftOutEventTypes": len(seen.event_types) - len(event_types),
        "leftOutBookings": len(seen.bookings) - len(bookings),
    }
    return document, counts


class _Dumper(yaml.SafeDumper):
    """Quotes every time of day ("09:00"): unquoted, YAML 1.1 tools read some of them as numbers."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if TIME_OF_DAY.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
