"""Fixed rate-limit windows per tracker key, on the emulator's clock (the stages are pipeline/ratelimit.py)."""

from __future__ import annotations

from typing import NamedTuple

WINDOW_MS = 60_000
BLOCK_MS = 60_000
# The most trackers kept at once (docs/limits.md): every distinct API key, token or address a caller
# invents opens one. Past it, the trackers whose window and block are over go first (they would start
# afresh anyway), then the oldest.
WINDOWS_KEPT = 100_000


class Window:
    __slots__ = ("blocked_until_ms", "hits", "started_ms")

    def __init__(self, started_ms: float) -> None:
        self.started_ms = started_ms
        self.hits = 0
        self.blocked_until_ms = 0.0

    def over(self, now_ms: float) -> bool:
        return now_ms >= self.started_ms + WINDOW_MS and now_ms >= self.blocked_until_ms


class Verdict(NamedTuple):
    allowed: bool
    limit: int
    remaining: int
    reset_s: int  # v2: seconds until the window (or block) ends
    reset_at_ms: int  # v1: when the window ends, epoch milliseconds


_new = tuple.__new__  # a NamedTuple made without its Python-level __new__: one per request


def _verdict(allowed: bool, limit: int, remaining: int, ends_ms: float, now_ms: float) -> Verdict:
    # -((now - ends) // 1000) is the ceiling of (ends - now) / 1000 without a call to math.ceil.
    reset_s = -((now_ms - ends_ms) // 1000)
    return _new(Verdict, (allowed, limit, remaining, int(reset_s) if reset_s > 0 else 0, int(ends_ms)))


class RateLimiter:
    """Fixed windows per tracker key; state is reset with the world."""

    def __init__(self, kept: int = WINDOWS_KEPT) -> None:
        self.windows: dict[str, Window] = {}
        self.kept = kept

    def clear(self) -> None:
        self.windows.clear()

    def hit(self, key: str, limit: int, now_ms: float) -> Verdict:
        window = self.windows.get(key)
        if window is None or window.over(now_ms):
            if window is None and len(self.windows) >= self.kept:
                self._make_room(now_ms)
            window = self.windows[key] = Window(now_ms)
        if now_ms < window.blocked_until_ms:
            return _verdict(False, limit, 0, window.blocked_until_ms, now_ms)
        window.hits += 1
        if window.hits > limit:
            window.blocked_until_ms = now_ms + BLOCK_MS
            return _verdict(False, limit, 0, window.blocked_until_ms, now_ms)
        return _verdict(True, limit, limit - window.hits, window.started_ms + WINDOW_MS, now_ms)

    def _make_room(self, now_ms: float) -> None:
        live = {key: w for key, w in self.windows.items() if not w.over(now_ms)}
        while len(live) >= self.kept:  # every tracker is live: the oldest give way
            del live[next(iter(live))]
        self.windows = live
