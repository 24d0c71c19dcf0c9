"""Lookups: a table's records grouped by what a request path asks for again and again (a booking by
its uid, the bookings of a user, an API key by its hash), kept current by every write to the table.

A pass over a table costs in proportion to the table: with tens of thousands of bookings, every
booking made or cancelled read them all several times over. A lookup is built on its first use and
then changed with each write (World._set calls ``change``, its undo too), so a question costs what
the answer holds, not what the table holds. Restoring or clearing a world drops its lookups; the
next use builds them again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

Key = int | str
KeysOf = Callable[[Any], Iterable[Hashable]]  # the values a record is found under (usually one)

_NONE: dict[Key, Any] = {}


class Lookup:
    """Records by each value ``keys_of`` gives for them, each group in the order its records joined."""

    __slots__ = ("groups", "keys_of")

    def __init__(self, keys_of: KeysOf, rows: dict[Key, Any]) -> None:
        self.keys_of = keys_of
        self.groups: dict[Hashable, dict[Key, Any]] = {}
        for key, record in rows.items():
            for value in keys_of(record):
                self.groups.setdefault(value, {})[key] = record

    def get(self, value: Hashable) -> dict[Key, Any]:
        """The records found under ``value`` by primary key (read it, never change it)."""
        return self.groups.get(value, _NONE)

    def first(self, value: Hashable) -> Any | None:
        group = self.groups.get(value)
        return next(iter(group.values())) if group else None

    def change(self, key: Key, old: Any | None, new: Any | None) -> None:
        """The record at ``key`` went from ``old`` to ``new`` (None: absent). A record still found
        under a value keeps its place in that group."""
        groups = self.groups
        kept: tuple[Hashable, ...] = tuple(self.keys_of(new)) if new is not None else ()
        if old is not None:
            for value in self.keys_of(old):
                if value in kept:
                    continue
                group = groups.get(value)
                if group is not None:
                    group.pop(key, None)
                    if not group:
                        del groups[value]
        for value in kept:
            group = groups.get(value)
            if group is None:
                group = groups[value] = {}
            group[key] = new
