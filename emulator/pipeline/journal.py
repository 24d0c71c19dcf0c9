"""The journal: every call to /v1 and /v2, newest first, for /_emulator/requests and assertions."""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str  # emulator clock, ISO
    method: str
    path: str
    operation_id: str | None
    status: int
    duration_ms: float
    credential: str | None
    problems: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Journal:
    def __init__(self, capacity: int = 10_000) -> None:
        self._entries: deque[Entry] = deque(maxlen=capacity)
        self._seq = 0

    def record(self, **fields: Any) -> Entry:
        self._seq += 1
        entry = Entry(seq=self._seq, **fields)
        self._entries.append(entry)
        return entry

    def entries(self, operation_id: str | None = None, status: int | None = None) -> list[Entry]:
        return [
            e
            for e in reversed(self._entries)
            if (operation_id is None or e.operation_id == operation_id) and (status is None or e.status == status)
        ]

    def clear(self) -> None:
        self._entries.clear()
