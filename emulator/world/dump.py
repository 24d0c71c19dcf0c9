"""Records as plain JSON, for /_emulator/state: deterministic (sorted by id, stable key order)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from emulator.world.clock import iso_ms
from emulator.world.store import World


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return iso_ms(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def table(world: World, name: str) -> list[dict[str, Any]]:
    rows = world.tables[name]
    return [plain(rows[key]) for key in sorted(rows, key=lambda k: (isinstance(k, str), k))]


def state(world: World) -> dict[str, Any]:
    return {
        "counters": dict(sorted(world.counters.items())),
        "tables": {name: table(world, name) for name in world.tables},
    }
