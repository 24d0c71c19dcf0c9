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
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from emulator.world.clock import Clock
from emulator.world.lookups import KeysOf, Lookup
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
        # Lookups over tables (world/lookups.py) by (table, name), and those of each table, which
        # every write to the table keeps current.
        self._lookups: dict[tuple[str, str], Lookup] = {}
        self._lookups_of: dict[str, list[Lookup]] = {}
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

    def lookup(self, table: str, name: str, keys_of: KeysOf) -> Lookup:
        """The table's records grouped by ``keys_of`` (see world/lookups.py), made on first use under
        ``name`` and kept current by every write: for what a request path asks every time."""
        found = self._lookups.get((table, name))
        if found is None:
            found = self._lookups[(table, name)] = Lookup(keys_of, self.tables[table])
            self._lookups_of.setdefault(table, []).append(found)
        return found

    def _drop_lookups(self) -> None:
        """Every table may have changed at once (restore, clear): lookups are made again on next use."""
        self._lookups = {}
        self._lookups_of = {}

    def by_key(self, table: str, fixture_key: str) -> Any | None:
        key = self.keys[table].get(fixture_key)
        return None if key is None else self.tables[table].get(key)

    # writes ----------------------------------------------------------------------------------
    def _set(self, table: str, key: Key, record: Any | None) -> None:
        rows = self._rows(table)
        old = rows.get(key)
        if self._undo is not None:

            def undo() -> None:
                current = rows.get(key)
                if old is None:
                    rows.pop(key, None)
                else:
                    rows[key] = old
                for lookup in self._lookups_of.get(table, ()):  # those made since the write too
                    lookup.change(key, current, old)

            self._undo.append(undo)
        if record is None:
            rows.pop(key, None)
        else:
            rows[key] = record
        lookups = self._lookups_of.get(table)
        if lookups:
            for lookup in lookups:
                lookup.change(key, old, record)

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
        record = replaced(self.get(table, key), changes)
        self._set(table, key, record)
        return record

    def delete(self, table: str, key: Key) -> Any:
        record = self.get(table, key)
        self._set(table, key, None)
        return record

    def transaction(self) -> Transaction:
        """All-or-nothing: an exception inside undoes every write made in the block."""
        return Transaction(self)

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
        self._drop_lookups()
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
        self._drop_lookups()
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


_FIELDS: dict[type, tuple[str, ...]] = {}


def replaced(record: Any, changes: dict[str, Any]) -> Any:
    """``dataclasses.replace`` for the world's records (frozen, slotted, every field set by __init__,
    no __post_init__), field by field: replace builds keyword arguments for every field and runs
    the frozen __init__, which costs half again as much on every write. An unknown field is the
    same TypeError."""
    cls = type(record)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(record))
    unknown = changes.keys() - set(names)
    if unknown:
        raise TypeError(f"{cls.__name__}.__init__() got an unexpected keyword argument {sorted(unknown)[0]!r}")
    copy = object.__new__(cls)
    put = object.__setattr__
    for name in names:
        put(copy, name, changes[name] if name in changes else getattr(record, name))
    return copy


class Transaction:
    """The block of World.transaction(): a class rather than a generator, as every request opens one."""

    __slots__ = ("outer", "world")

    def __init__(self, world: World) -> None:
        self.world = world
        self.outer = False

    def __enter__(self) -> World:
        world = self.world
        if world._undo is not None:  # nested: the outer transaction owns the undo log
            self.outer = True
        else:
            world._undo = []
        return world

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        world = self.world
        if self.outer:
            return
        undo_log, world._undo = world._undo, None
        if kind is not None and undo_log:
            for undo in reversed(undo_log):
                undo()
