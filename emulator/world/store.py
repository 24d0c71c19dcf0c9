"""The World: every table, the id counters, the seeded random source and the clock.

Writes go through insert/update/delete, which keep an undo log while a transaction is open: a
request that fails part-way leaves the world as it found it. Records are immutable, and tables are
copied on write: a snapshot shares every table with the world that took it, and the first write to
a table afterwards (in either the world or one restored from the snapshot) copies that table alone.
So a snapshot, a restore and a new world forked from a snapshot cost a few dict entries per table,
whatever the number of records, and restoring one puts exactly that world back, id counters included.
Nothing outside this class may write into ``tables``, ``keys`` or ``counters`` directly.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from emulator.world.clock import Clock
from emulator.world.tables import TABLES

R = TypeVar("R")
Key = int | str


class RecordNotFound(KeyError):
    pass


@dataclass(frozen=True)
class Snapshot:
    """A world at one moment. Its dicts are shared with worlds (copy-on-write) and never written."""

    tables: dict[str, dict[Key, Any]]
    counters: dict[str, int]
    # The random source's state (random.getstate()), or the seed it starts from: a new world's base
    # names its seed, as a state tuple costs some 20 kB per world.
    rng_state: Any
    keys: dict[str, dict[str, Key]]


class World:
    def __init__(self, clock: Clock | None = None, seed: int | str = 0) -> None:
        self.clock = clock or Clock()
        self.seed = seed
        self.rng = random.Random(seed)
        self.tables: dict[str, dict[Key, Any]] = {name: {} for name in TABLES}
        self.counters: dict[str, int] = {}
        # Fixture keys ("alice", "alice/30min") -> ids, per table, for readable references.
        self.keys: dict[str, dict[str, Key]] = {name: {} for name in TABLES}
        # The tables and key maps this world may write in place; any other it shares with a snapshot
        # and copies on its first write there. The counters likewise.
        self._own: set[str] = set(TABLES)
        self._own_keys: set[str] = set(TABLES)
        self._own_counters = True
        self._undo: list[Callable[[], None]] | None = None
        self._base: Snapshot | None = None
        # Side effects (webhook deliveries) waiting for the request to commit; a rollback drops them.
        self.outbox: list[Any] = []
        # The most messages the "outbox" table keeps (domain/outbox.py drops the oldest past it); the
        # runtime sets it from the outbox_limit setting.
        self.message_limit = 1000

    @classmethod
    def forked(cls, base: Snapshot, clock: Clock, seed: int | str) -> World:
        """A new world that is ``base`` with a random source of its own, seeded by ``seed``; reset
        returns it there. It shares base's tables until it writes to them."""
        world = cls(clock, seed)
        world._base = replace(base, rng_state=seed)
        world.restore(world._base)
        return world

    @property
    def base(self) -> Snapshot | None:
        """What reset() returns to (mark_base()), if anything was marked."""
        return self._base

    def owned_tables(self) -> int:
        """How many tables this world holds a copy of its own (the others it shares)."""
        return len(self._own)

    # copy-on-write ---------------------------------------------------------------------------
    def _rows(self, table: str) -> dict[Key, Any]:
        rows = self.tables[table]
        if table not in self._own:
            rows = self.tables[table] = dict(rows)
            self._own.add(table)
        return rows

    def _key_map(self, table: str) -> dict[str, Key]:
        keys = self.keys[table]
        if table not in self._own_keys:
            keys = self.keys[table] = dict(keys)
            self._own_keys.add(table)
        return keys

    def _counters(self) -> dict[str, int]:
        if not self._own_counters:
            self.counters = dict(self.counters)
            self._own_counters = True
        return self.counters

    def _share(self) -> None:
        """Everything this world holds is now shared with a snapshot: the next write copies."""
        self._own = set()
        self._own_keys = set()
        self._own_counters = False

    # ids -------------------------------------------------------------------------------------
    def next_id(self, counter: str) -> int:
        value = self.counters.get(counter, 0) + 1
        self._remember_counter(counter)
        self._counters()[counter] = value
        return value

    def _remember_counter(self, counter: str) -> None:
        if self._undo is not None:
            previous = self.counters.get(counter)

            def undo() -> None:
                if previous is None:
                    self._counters().pop(counter, None)
                else:
                    self._counters()[counter] = previous

            self._undo.append(undo)

    # reads -----------------------------------------------------------------------------------
    def get(self, table: str, key: Key) -> Any:
        try:
            return self.tables[table][key]
        except KeyError:
            raise RecordNotFound(f"{table}[{key!r}]") from None

    def find(self, table: str, key: Key) -> Any | None:
        return self.tables[table].get(key)

    def all(self, table: str) -> list[Any]:
        return list(self.tables[table].values())

    def where(self, table: str, predicate: Callable[[Any], bool]) -> list[Any]:
        return [r for r in self.tables[table].values() if predicate(r)]

    def by_key(self, table: str, fixture_key: str) -> Any | None:
        key = self.keys[table].get(fixture_key)
        return None if key is None else self.tables[table].get(key)

    # writes ----------------------------------------------------------------------------------
    def _set(self, table: str, key: Key, record: Any | None) -> None:
        rows = self._rows(table)
        if self._undo is not None:
            old = rows.get(key)

            def undo() -> None:
                if old is None:
                    rows.pop(key, None)
                else:
                    rows[key] = old

            self._undo.append(undo)
        if record is None:
            rows.pop(key, None)
        else:
            rows[key] = record

    def insert(self, table: str, record: R) -> R:
        key = record.id  # type: ignore[attr-defined]
        if key in self.tables[table]:
            raise ValueError(f"{table} already has a record with id {key!r}")
        self._set(table, key, record)
        fixture_key = getattr(record, "key", None)
        if fixture_key:
            self._set_key(table, fixture_key, key)
        return record

    def _set_key(self, table: str, fixture_key: str, key: Key) -> None:
        keys = self._key_map(table)
        if self._undo is not None:
            old = keys.get(fixture_key)

            def undo() -> None:
                if old is None:
                    keys.pop(fixture_key, None)
                else:
                    keys[fixture_key] = old

            self._undo.append(undo)
        keys[fixture_key] = key

    def update(self, table: str, key: Key, **changes: Any) -> Any:
        record = dataclasses.replace(self.get(table, key), **changes)
        self._set(table, key, record)
        return record

    def delete(self, table: str, key: Key) -> Any:
        record = self.get(table, key)
        self._set(table, key, None)
        return record

    @contextmanager
    def transaction(self) -> Iterator[World]:
        """All-or-nothing: an exception inside undoes every write made in the block."""
        if self._undo is not None:  # nested: the outer transaction owns the undo log
            yield self
            return
        self._undo = []
        try:
            yield self
        except BaseException:
            for undo in reversed(self._undo):
                undo()
            raise
        finally:
            self._undo = None

    # outbox ----------------------------------------------------------------------------------
    def post(self, item: Any) -> None:
        """Queue a side effect; the pipeline takes it after the transaction commits (take_outbox)."""
        self.outbox.append(item)
        if self._undo is not None:
            self._undo.append(lambda: self.outbox.remove(item))

    def take_outbox(self) -> list[Any]:
        taken, self.outbox = self.outbox, []
        return taken

    # snapshots -------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The world as it is: its tables shared, not copied (the next write to one copies it)."""
        self._share()
        return Snapshot(
            tables=dict(self.tables),
            counters=self.counters,
            rng_state=self.rng.getstate(),
            keys=dict(self.keys),
        )

    def restore(self, snap: Snapshot) -> None:
        self.tables = dict(snap.tables)
        self.counters = snap.counters
        if isinstance(snap.rng_state, tuple):
            self.rng.setstate(snap.rng_state)
        else:
            self.rng.seed(snap.rng_state)
        self.keys = dict(snap.keys)
        self._share()
        self.outbox = []

    def mark_base(self) -> None:
        """Remember the current world (the loaded fixtures) as what reset() returns to."""
        self._base = self.snapshot()

    def clear(self) -> None:
        """An empty world: no records, counters from 1, the random source at its seed."""
        self.tables = {name: {} for name in TABLES}
        self.counters = {}
        self.keys = {name: {} for name in TABLES}
        self._own, self._own_keys, self._own_counters = set(TABLES), set(TABLES), True
        self.rng = random.Random(self.seed)
        self.outbox = []

    def reset(self) -> None:
        """Back to what mark_base() saw (the loaded fixtures), or empty."""
        if self._base is None:
            self.clear()
        else:
            self.restore(self._base)
