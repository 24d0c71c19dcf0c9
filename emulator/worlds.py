"""Many isolated worlds in one server (docs/worlds.md).

A request names its world with the ``x-calcom-emulator-world`` header or the path prefix
``/_worlds/<name>/`` (for clients that cannot set headers); without either it is served by the
default world, the runtime the server was built with. A name seen for the first time gets a world
forked from the fixtures the server started with (``Runtime.fork``): it shares the specs,
validators, router and handlers, and its records until it writes them, so a new world costs a few
kilobytes and well under a millisecond. Everything that is state is its own: records, id counters,
clock, rate-limit windows, fault rules, journal, webhook deliveries, snapshots.

Named worlds are bounded: at most ``worlds_limit`` of them (a new name past that is refused with a
429), and one unused for ``worlds_idle_seconds`` of wall time is dropped. Idle time is wall time, not
the emulator's clock: a world's clock may be frozen, or set years ahead, by its own tests.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from emulator.world.clock import iso_ms

if TYPE_CHECKING:  # the names and selection below serve the test kit too, which imports no runtime early
    from emulator.runtime import Origin, Runtime

HEADER = b"x-calcom-emulator-world"
PREFIX = "/_worlds/"
PREFIX_LENGTH = len(PREFIX)
DEFAULT = "default"
NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
NAME_RULE = "1 to 64 letters, digits, '_', '.' or '-'"
# Idle worlds are looked for at most this often (seconds), on the requests that name a world.
SWEEP_EVERY = 1.0


class WorldError(Exception):
    """A world the request cannot have: a bad name (400), an unknown one to drop (404), too many (429)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def check_name(name: str) -> str:
    if NAME.fullmatch(name) is None:
        shown = name if len(name) <= 80 else name[:80] + "..."
        raise WorldError(400, f"a world name is {NAME_RULE}, not {shown!r}", field="world", bound=NAME_RULE)
    return name


def strip_prefix(scope: dict[str, Any], path: str) -> dict[str, Any]:
    """The scope as if the request had been sent without the /_worlds/<name> prefix (``path`` is what
    follows it): raw_path loses the same segments, however the name was encoded in it. Changed in
    place, as ASGI middleware may (a copy per request is measurable on the request path)."""
    raw = scope.get("raw_path")
    if isinstance(raw, bytes):
        cut = raw.find(b"/", PREFIX_LENGTH)
        scope["raw_path"] = raw[cut:] if cut >= 0 else b"/"
    scope["path"] = path
    return scope


@dataclass(slots=True)
class Named:
    runtime: Runtime
    created_at: float  # wall time (epoch seconds)
    created: float  # monotonic seconds, as last_used
    last_used: float


class Worlds:
    """The default world and the named ones, with the cap on their number and idle expiry."""

    def __init__(self, default: Runtime, *, now: Callable[[], float] = time.monotonic) -> None:
        self.default = default
        self.limit = default.settings.worlds_limit
        self.idle_seconds = default.settings.worlds_idle_seconds
        self.now = now  # monotonic seconds; tests replace it to let a world idle
        # New worlds start from the fixtures the server started with, whatever later loads into the
        # default world did (a scope=base load there changes only what the default world resets to).
        self._origin: Origin = default.origin()
        self._named: dict[str, Named] = {}
        self._lock = threading.Lock()  # the in-process test transport may call from helper threads
        self._swept = float("-inf")  # when idle worlds were last looked for (self.now seconds)

    def __len__(self) -> int:
        return len(self._named)

    def __contains__(self, name: str) -> bool:
        return name == DEFAULT or name in self._named

    def requested(self, scope: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """The world a request names by header or path prefix, with its scope as if sent without the
        prefix; None for neither (the default world, at the cost of one pass over the headers).
        WorldError (400) when a name is bad or the header and the path disagree. Makes no world."""
        named: str | None = None
        for key, value in scope["headers"]:
            if key == HEADER:
                text = value.decode("latin-1").strip()
                if named is not None and text != named:
                    raise WorldError(400, f"the {HEADER.decode()} header is sent twice, naming {named!r} and {text!r}")
                named = text
        path: str = scope["path"]
        if path.startswith(PREFIX):
            name, slash, rest = path[PREFIX_LENGTH:].partition("/")
            if named is not None and named != name:
                raise WorldError(
                    400,
                    f"the path names world {name!r} and the {HEADER.decode()} header {named!r}: name one world",
                    field="world",
                )
            if name not in self._named:  # a known name was checked when its world was made
                check_name(name)
            return name, strip_prefix(scope, slash + rest or "/")
        if named is None:
            return None
        if named not in self._named:
            check_name(named)
        return named, scope

    def select(self, name: str | None) -> Runtime:
        """The world of that name, created on first use; None or "default" is the default world."""
        if name is None or name == DEFAULT:
            return self.default
        now = self.now()
        entry = self._named.get(name)
        if entry is None:
            entry = self._create(check_name(name), now)
        entry.last_used = now
        if now - self._swept >= SWEEP_EVERY:
            self.sweep()
        return entry.runtime

    def _create(self, name: str, now: float) -> Named:
        with self._lock:
            entry = self._named.get(name)
            if entry is not None:
                return entry
            if len(self._named) >= self.limit:
                self._sweep(now)
            if len(self._named) >= self.limit:
                raise WorldError(
                    429,
                    f"the emulator holds its limit of {self.limit} named worlds; drop one "
                    "(DELETE /_emulator/worlds/{name}) or raise CALCOM_EMULATOR_WORLDS_LIMIT",
                    limit=self.limit,
                )
            entry = Named(self.default.fork(name, self._origin), time.time(), now, now)
            self._named[name] = entry
            return entry

    def sweep(self) -> list[str]:
        """Drop the worlds idle longer than idle_seconds (0: none ever); their names."""
        with self._lock:
            return self._sweep(self.now())

    def _sweep(self, now: float) -> list[str]:
        self._swept = now
        if self.idle_seconds <= 0:
            return []
        idle = [name for name, entry in self._named.items() if now - entry.last_used > self.idle_seconds]
        for name in idle:
            del self._named[name]
        return idle

    def drop(self, name: str) -> dict[str, Any]:
        """Forget a named world (its memory goes with it); what it was, as rows() shows it."""
        if name == DEFAULT:
            raise WorldError(400, "the default world cannot be dropped; POST /_emulator/reset resets it")
        with self._lock:
            entry = self._named.pop(name, None)
        if entry is None:
            raise WorldError(404, f"no world {name!r}", worlds=sorted(self._named))
        return self._describe(name, entry, self.now())

    def rows(self) -> list[dict[str, Any]]:
        """Every world, the default first, then the named ones by name."""
        self.sweep()
        now = self.now()
        rows = [describe(DEFAULT, self.default)]
        rows += [self._describe(name, entry, now) for name, entry in sorted(self._named.items())]
        return rows

    def _describe(self, name: str, entry: Named, now: float) -> dict[str, Any]:
        idle = max(0.0, now - entry.last_used)
        row = describe(name, entry.runtime)
        row.update(
            createdAt=_iso(entry.created_at),
            lastUsedAt=_iso(entry.created_at + (entry.last_used - entry.created)),
            idleSeconds=round(idle, 3),
        )
        if self.idle_seconds > 0:
            row["expiresInSeconds"] = round(max(0.0, self.idle_seconds - idle), 3)
        return row


def describe(name: str, runtime: Runtime) -> dict[str, Any]:
    """A world's size: its records, the tables it holds a copy of, journal entries and snapshots."""
    world = runtime.world
    return {
        "name": name,
        "records": sum(len(rows) for rows in world.tables.values()),
        "ownTables": world.owned_tables(),
        "requests": len(runtime.journal),
        "snapshots": len(runtime.snapshots),
        "now": iso_ms(runtime.clock.now()),
        "frozen": runtime.clock.frozen,
    }


def _iso(epoch: float) -> str:
    return iso_ms(datetime.fromtimestamp(epoch, UTC))
