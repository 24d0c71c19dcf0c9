"""Storing a record's changes, as the domain modules' updates do it.

The API modules hand over whatever a PATCH body asked for, often nothing; an empty change is then no
write at all, so the record comes back as it was and the transaction has nothing to undo.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from emulator.world.store import Key, World


class Keyed(Protocol):
    @property
    def id(self) -> Key: ...


K = TypeVar("K", bound=Keyed)


def update_record(world: World, table: str, record: K, changes: Mapping[str, Any]) -> K:
    """``record`` with ``changes`` stored in ``table``; the same record, unwritten, when there are none."""
    if not changes:
        return record
    updated: K = world.update(table, record.id, **changes)
    return updated
