"""The bounds of every admin input, and the 400 that names the field and the bound it broke.

Admin inputs reach the world's clock, fault rules and provider states; an instant outside the
fixtures' years, a latency of hours or a string of megabytes would turn a later call into a server
error or a request that never returns. docs/admin-api.md and docs/limits.md list these bounds.
"""

from __future__ import annotations

import math
from datetime import datetime

from emulator.world.clock import parse_instant
from emulator.world.fixture_times import EARLIEST, LATEST

MAX_LATENCY_MS = 60_000  # fault latency and a failing provider's delay: a test waits at most a minute
MAX_TEXT = 1_000  # characters of any admin string (fault messages, paths, titles, query values)
MAX_TIMES = 1_000_000  # a fault rule's times
MAX_JSON_BYTES = 1024 * 1024  # an admin JSON body, as the v1 server's parser
MAX_FIXTURE_BYTES = 16 * 1024 * 1024  # a fixtures body (emulator/world/yaml_limits.py MAX_SOURCE_BYTES)
YEARS = f"between {EARLIEST.year} and {LATEST.year}"


class BoundError(ValueError):
    """An admin input outside its bound: the field, the bound, the message for the 400."""

    def __init__(self, field: str, bound: str, message: str | None = None) -> None:
        super().__init__(message or f"{field} must be {bound}")
        self.field = field
        self.bound = bound


def in_years(field: str, moment: datetime) -> datetime:
    if not EARLIEST <= moment <= LATEST:
        raise BoundError(field, f"an instant {YEARS}", f"{field} must lie {YEARS} (years), not {moment.isoformat()}")
    return moment


def instant(field: str, value: object) -> datetime:
    """An ISO instant within the fixture years."""
    if not isinstance(value, str) or len(value) > 64:
        raise BoundError(field, f"an ISO instant {YEARS}", f"{field} must be an ISO instant, not {value!r:.80}")
    try:
        moment = parse_instant(value)
    except ValueError as exc:
        raise BoundError(field, f"an ISO instant {YEARS}", f"{field} must be an ISO instant: {exc}") from None
    return in_years(field, moment)


def text(field: str, value: object, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise BoundError(field, "a string", f"{field} must be a string, not {value!r:.80}")
    if len(value) > limit:
        raise BoundError(field, f"at most {limit} characters", f"{field} must be at most {limit} characters")
    return value


def number(field: str, value: object, low: float, high: float) -> float:
    bound = f"a number from {low:g} to {high:g}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BoundError(field, bound, f"{field} must be {bound}, not {value!r:.80}")
    if not (math.isfinite(value) and low <= value <= high):
        raise BoundError(field, bound, f"{field} must be {bound}, not {value!r:.80}")
    return float(value)
