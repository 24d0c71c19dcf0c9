"""The common ground of the fixture builders: what a load knows so far, and the helpers every section uses.

A builder records problems instead of raising them, so that every one is reported; after an
error it carries on with placeholder values, but never reports a problem that is only a
consequence of another (a reference to a record that was itself broken is skipped silently).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from emulator.world import fixture_times as times
from emulator.world.models import Webhook
from emulator.world.store import World
from emulator.world.yaml_source import DocPath, ParsedSource

SECTION_TABLES = {
    "users": "users",
    "teams": "teams",
    "oauthClients": "oauth_clients",
    "schedules": "schedules",
    "eventTypes": "event_types",
    "bookings": "bookings",
    "webhooks": "webhooks",
    "outOfOffice": "out_of_office",
    "attributes": "attributes",
    "calendars": "credentials",
    "routingForms": "routing_forms",
}
WHAT = {
    "users": "user",
    "teams": "team",
    "oauth_clients": "OAuth client",
    "schedules": "schedule",
    "event_types": "event type",
    "bookings": "booking",
    "webhooks": "webhook",
    "out_of_office": "out-of-office entry",
    "attributes": "attribute",
    "credentials": "calendar connection",
    "routing_forms": "routing form",
}
ROLES = ("MEMBER", "ADMIN", "OWNER")
BLOCKING = ("ACCEPTED", "PENDING")  # statuses that occupy the organizer's time
DAY_NUMBERS = {name: i for i, name in enumerate(("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"))}
DAY_NUMBERS.update({name: i for i, name in enumerate(("Sunday", "Monday", "Tuesday", "Wednesday"))})
DAY_NUMBERS.update({"Thursday": 4, "Friday": 5, "Saturday": 6})
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
PLAIN_KEY = re.compile(r"[^\s/]+")
ACCESS_MINUTES = 60


@dataclass
class LoadContext:
    """What the checks need to know across sources: everything already in the world, plus what was added."""

    world: World
    emails: dict[str, str] = field(default_factory=dict)  # lower-case e-mail -> who has it
    usernames: dict[str, str] = field(default_factory=dict)
    api_keys: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    booking_uids: set[str] = field(default_factory=set)
    team_slugs: set[tuple[int | None, str]] = field(default_factory=set)  # (parent id, slug)
    event_slugs: set[tuple[str, int, str]] = field(default_factory=set)  # ("user"|"team", id, slug)
    webhook_targets: set[tuple[str, Any, str]] = field(default_factory=set)  # (kind, id, subscriber url)
    members: dict[int, set[int]] = field(default_factory=dict)  # team id -> user ids

    @classmethod
    def of(cls, world: World) -> LoadContext:
        ctx = cls(world)
        for user in world.tables["users"].values():
            ctx.emails[user.email.lower()] = user.key or user.email
            ctx.usernames[user.username.lower()] = user.key or user.email
        ctx.api_keys.update(k.key for k in world.tables["api_keys"].values())
        ctx.tokens.update(t.secret for t in world.tables["tokens"].values())
        ctx.booking_uids.update(b.uid for b in world.tables["bookings"].values())
        ctx.team_slugs.update((t.parent_id, t.slug) for t in world.tables["teams"].values())
        for et in world.tables["event_types"].values():
            if et.team_id is not None:
                ctx.event_slugs.add(("team", et.team_id, et.slug))
            elif et.owner_id is not None:
                ctx.event_slugs.add(("user", et.owner_id, et.slug))
        for hook in world.tables["webhooks"].values():
            ctx.webhook_targets.add((*_webhook_target(hook), hook.subscriber_url))
        for membership in world.tables["memberships"].values():
            ctx.members.setdefault(membership.team_id, set()).add(membership.user_id)
        return ctx


def _webhook_target(hook: Webhook) -> tuple[str, Any]:
    if hook.platform_client_id is not None:
        return "oauthClient", hook.platform_client_id
    if hook.event_type_id is not None:
        return "eventType", hook.event_type_id
    if hook.team_id is not None:
        return "team", hook.team_id
    return "owner", hook.user_id


@dataclass
class Interval:
    start: datetime
    end: datetime
    label: str  # how to name the booking in a message
    path: DocPath | None  # where it is in this source (None: loaded earlier)
    order: int


class BuilderBase:
    def __init__(self, ctx: LoadContext, parsed: ParsedSource) -> None:
        self.ctx = ctx
        self.world = ctx.world
        self.rng = ctx.world.rng
        self.p = parsed
        self.data = parsed.data
        self.seed = 0
        self.now = times.start_of_minute(ctx.world.clock.now().astimezone(UTC))
        # Keys not to complain about when referenced: their record is broken (reported already).
        self.silenced: dict[str, set[str]] = {table: set() for table in WHAT}
        self.silence_all: set[str] = set()
        self.user_specs: list[tuple[int, dict[str, Any], DocPath]] = []
        self.new_schedules: dict[int, int] = {}  # user id -> first new schedule id
        self.vague: set[int] = set()  # event types whose owner or team could not be resolved (reported)

    # helpers ---------------------------------------------------------------------------------
    def error(self, path: DocPath, message: str, *, at_key: bool = False) -> None:
        self.p.error(path, message, at_key=at_key)

    def records(self, section: str) -> Iterator[tuple[str, dict[str, Any], DocPath]]:
        block = self.data.get(section)
        if not isinstance(block, dict) or (section,) in self.p.broken:
            return
        for key, spec in block.items():
            path = (section, key)
            if path not in self.p.broken and isinstance(spec, dict):
                yield key, spec, path

    def claim_key(self, table: str, key: str, path: DocPath, *, plain: bool = False) -> bool:
        """A new record's fixture key must be new; user, team and client keys have no '/' or spaces."""
        if plain and not PLAIN_KEY.fullmatch(key):
            self.error(path, f"{WHAT[table]} key {key!r} may not contain '/' or spaces", at_key=True)
        if key in self.world.keys[table]:
            self.error(path, f"{WHAT[table]} {key!r} is already defined (fixture keys must be unique)", at_key=True)
            self.silenced[table].add(key)
            return False
        return True

    def ref(self, table: str, key: Any, path: DocPath) -> Any | None:
        """The id of the record with that fixture key, or None (reported unless the target was broken)."""
        if not isinstance(key, str):
            return None
        found = self.world.keys[table].get(key)
        if found is not None:
            return found
        if table in self.silence_all or key in self.silenced[table]:
            return None
        known = list(self.world.keys[table])
        hint = difflib.get_close_matches(key, known, n=1) if len(known) < 5000 else []
        suffix = f" (did you mean {hint[0]!r}?)" if hint else "" if known else f" (there are no {table} yet)"
        self.error(path, f"unknown {WHAT[table]} {key!r}{suffix}")
        return None

    def time(self, spec: dict[str, Any], name: str, path: DocPath) -> datetime | None:
        value = spec.get(name)
        if not isinstance(value, str):
            return None
        try:
            return times.instant(value, self.now)
        except ValueError as exc:
            self.error((*path, name), str(exc))
            return None

    def clock(self, spec: dict[str, Any], name: str, path: DocPath) -> str | None:
        value = spec.get(name)
        if not isinstance(value, str):
            return None
        try:
            return times.time_of_day(value)
        except ValueError as exc:
            self.error((*path, name), str(exc))
            return None

    def zone(self, spec: dict[str, Any], path: DocPath, default: str) -> str:
        value = spec.get("timeZone")
        if value is None:
            return default
        if not times.is_time_zone(value):
            self.error((*path, "timeZone"), f"unknown time zone {value!r} (use an IANA name such as Europe/London)")
            return default
        return str(value)

    def user_zone(self, user_id: int | None) -> str:
        user = self.find("users", user_id) if user_id is not None else None
        return user.time_zone if user is not None else "UTC"

    def label(self, table: str, record_id: Any) -> str:
        record = self.world.tables[table].get(record_id)
        key = getattr(record, "key", None)
        return repr(key) if key else f"#{record_id}"

    def find(self, table: str, record_id: Any) -> Any | None:
        return None if record_id is None else self.world.tables[table].get(record_id)

    def members_of(self, team_id: int) -> set[int]:
        return self.ctx.members.setdefault(team_id, set())
