"""Verdicts remembered by everything that decides them, so the same question is not worked out twice.

Validating a request or an answer is a pure function of what was sent (and of the compiled schemas,
which never change while a server runs): a client that repeats a call, or a GET answered by the
same bytes as the last time, gets the verdict found before. The memory is bounded by entries and by
the bytes of the keys it holds (docs/limits.md); the oldest entries go first.
"""

from __future__ import annotations

from typing import Any

# Past these a memory forgets its oldest entries; a key longer than a quarter of the bytes is never kept.
MEMO_ENTRIES = 512
MEMO_BYTES = 16 * 1024 * 1024


class Memo:
    """Keys (tuples whose last item is the bytes that make them big) to what was found for them."""

    def __init__(self, entries: int = MEMO_ENTRIES, max_bytes: int = MEMO_BYTES) -> None:
        self.entries, self.max_bytes = entries, max_bytes
        self._found: dict[tuple[Any, ...], Any] = {}
        self._bytes = 0

    def get(self, key: tuple[Any, ...]) -> Any | None:
        return self._found.get(key)

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        size = len(key[-1])
        if size > self.max_bytes // 4 or key in self._found:
            return
        found = self._found
        found[key] = value
        self._bytes += size
        while found and (len(found) > self.entries or self._bytes > self.max_bytes):
            oldest = next(iter(found))
            if found.pop(oldest, None) is not None:  # another thread may have just taken it
                self._bytes -= len(oldest[-1])

    def __len__(self) -> int:
        return len(self._found)
