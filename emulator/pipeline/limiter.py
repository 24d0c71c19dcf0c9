"""Fixed rate-limit windows per tracker key, on the emulator's clock (the stages are pipeline/ratelimit.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass

WINDOW_MS = 60_000
BLOCK_MS = 60_000


@dataclass
class Window:
    started_ms: float
    hits: int = 0
    blocked_until_ms: float = 0.0


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_s: int  # v2: seconds until the window (or block) ends
    reset_at_ms: int  # v1: when the window ends, epoch milliseconds


class RateLimiter:
    """Fixed windows per tracker key; state is reset with the world."""

    def __init__(self) -> None:
        self.windows: dict[str, Window] = {}

    def clear(self) -> None:
        self.windows.clear()

    def hit(self, key: str, limit: int, now_ms: float) -> Verdict:
        window = self.windows.get(key)
        if window is None or (now_ms >= window.started_ms + WINDOW_MS and now_ms >= window.blocked_until_ms):
            window = self.windows[key] = Window(started_ms=now_ms)
        if now_ms < window.blocked_until_ms:
            return self._verdict(False, limit, 0, window.blocked_until_ms, now_ms)
        window.hits += 1
        if window.hits > limit:
            window.blocked_until_ms = now_ms + BLOCK_MS
            return self._verdict(False, limit, 0, window.blocked_until_ms, now_ms)
        return self._verdict(True, limit, limit - window.hits, window.started_ms + WINDOW_MS, now_ms)

    @staticmethod
    def _verdict(allowed: bool, limit: int, remaining: int, ends_ms: float, now_ms: float) -> Verdict:
        return Verdict(allowed, limit, remaining, max(0, math.ceil((ends_ms - now_ms) / 1000)), int(ends_ms))
