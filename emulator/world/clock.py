"""The emulator's clock: the one source of "now" for everything that reads time.

Running (the default) follows real time from an optional offset; frozen stays at one instant until
it is set or advanced, so tests can move time (token expiry, rate-limit windows) without sleeping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant; a value without an offset is read as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso_ms(moment: datetime) -> str:
    """The server's timestamp form: UTC, milliseconds, trailing Z (e.g. 2026-01-05T09:00:00.000Z)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Clock:
    def __init__(self, start: datetime | None = None, frozen: bool = False) -> None:
        self._frozen = frozen
        self._offset = timedelta(0)
        self._instant = start or datetime.now(UTC)
        if start is not None and not frozen:
            self._offset = start - datetime.now(UTC)

    @property
    def frozen(self) -> bool:
        return self._frozen

    def now(self) -> datetime:
        if self._frozen:
            return self._instant
        return datetime.now(UTC) + self._offset

    def monotonic_ms(self) -> float:
        return time.monotonic() * 1000

    def set(self, moment: datetime, frozen: bool | None = None) -> None:
        if frozen is not None:
            self._frozen = frozen
        self._instant = moment
        self._offset = moment - datetime.now(UTC)

    def advance(self, delta: timedelta) -> None:
        self.set(self.now() + delta)

    def freeze(self) -> None:
        self.set(self.now(), frozen=True)

    def unfreeze(self) -> None:
        self.set(self.now(), frozen=False)
