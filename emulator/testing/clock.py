"""``calcom.clock``: the emulator's clock, read and moved through ``/_emulator/clock``."""

from __future__ import annotations

from datetime import datetime, timedelta

from emulator.testing.channel import Channel, call


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class ClockControl:
    """Every method answers the emulator's now after the change (an aware UTC datetime)."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def _post(self, **change: object) -> datetime:
        state = call(self._channel, "POST", "/_emulator/clock", json_body=change)
        return _instant(state["now"])

    def now(self) -> datetime:
        return _instant(call(self._channel, "GET", "/_emulator/clock")["now"])

    @property
    def frozen(self) -> bool:
        return bool(call(self._channel, "GET", "/_emulator/clock")["frozen"])

    def set(self, instant: str | datetime) -> datetime:
        """Move to an instant (ISO text such as "2026-01-05T09:00:00Z", or an aware datetime)."""
        return self._post(set=instant.isoformat() if isinstance(instant, datetime) else instant)

    def advance(self, duration: str | float | timedelta) -> datetime:
        """Move forward (or back with "-5m"): "90s", "61m", "1h30m", "2d", seconds, or a timedelta."""
        if isinstance(duration, timedelta):
            duration = duration.total_seconds()
        return self._post(advance=duration)

    def freeze(self) -> datetime:
        return self._post(frozen=True)

    def unfreeze(self) -> datetime:
        return self._post(frozen=False)
