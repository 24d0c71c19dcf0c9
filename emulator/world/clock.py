"""The emulator's clock: the one source of "now" for everything that reads time.

Running (the default) follows real time from an optional offset; frozen stays at one instant until
it is set or advanced, so tests can move time (token expiry, rate-limit windows) without sleeping.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


def wall_now() -> datetime:
    """Real time: what a running clock follows (tests replace it to let hours pass at once)."""
    return datetime.now(UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant; a value without an offset is read as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Instants already written, by instant: records keep their datetimes for life, and a page of bookings
# writes four of them per booking on every read. Emptied when it holds ISO_WRITTEN instants.
ISO_WRITTEN = 65_536
_written: dict[datetime, str] = {}


def iso_ms(moment: datetime) -> str:
    """The server's timestamp form: UTC, milliseconds, trailing Z (e.g. 2026-01-05T09:00:00.000Z)."""
    text = _written.get(moment)
    if text is None:
        utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
        # isoformat, not strftime: %Y does not pad years before 1000 to four digits as toISOString
        # does; isoformat does, and costs less than spelling the fields out. "+00:00" becomes "Z".
        text = utc.isoformat(timespec="milliseconds")[:-6] + "Z"
        if moment.tzinfo is not None:  # a naive moment is read in the local zone: not one instant
            if len(_written) >= ISO_WRITTEN:
                _written.clear()
            _written[moment] = text
    return text


@dataclass(frozen=True)
class ClockState:
    """What a clock is: frozen at an instant, or running at an offset from real time."""

    frozen: bool
    instant: datetime
    offset: timedelta


class Clock:
    def __init__(self, start: datetime | None = None, frozen: bool = False) -> None:
        self._frozen = frozen
        self._offset = timedelta(0)
        self._instant = start or wall_now()
        if start is not None and not frozen:
            self._offset = start - wall_now()

    @property
    def frozen(self) -> bool:
        return self._frozen

    def now(self) -> datetime:
        if self._frozen:
            return self._instant
        if not self._offset:  # running on real time, as most servers do: no date arithmetic
            return wall_now()
        return wall_now() + self._offset

    def monotonic_ms(self) -> float:
        return time.monotonic() * 1000

    def set(self, moment: datetime, frozen: bool | None = None) -> None:
        if frozen is not None:
            self._frozen = frozen
        self._instant = moment
        self._offset = moment - wall_now()

    def state(self) -> ClockState:
        return ClockState(self._frozen, self._instant, self._offset)

    def restore(self, state: ClockState) -> None:
        """Back to a state(): a frozen clock to its instant, a running one to its offset from real time."""
        self._frozen, self._instant, self._offset = state.frozen, state.instant, state.offset

    def advance(self, delta: timedelta) -> None:
        self.set(self.now() + delta)

    def freeze(self) -> None:
        self.set(self.now(), frozen=True)

    def unfreeze(self) -> None:
        self.set(self.now(), frozen=False)
