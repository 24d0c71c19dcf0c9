"""GET/POST /_emulator/clock: read, set, advance, freeze or unfreeze the emulator's clock."""

from __future__ import annotations

import math
import re
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.bounds import YEARS, BoundError, in_years, instant
from emulator.admin.common import admin_error, bound_error, json_body, runtime_of
from emulator.world.clock import Clock, iso_ms
from emulator.world.fixture_times import EARLIEST, LATEST

_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# No advance can be longer than the whole span the clock may take.
_MAX_SECONDS = (LATEST - EARLIEST).total_seconds()
_ADVANCE_BOUND = f"seconds or a duration like '61m' that keeps the clock {YEARS}"


def parse_duration(value: object) -> timedelta:
    """Seconds as a number, or a compact duration such as "90s", "61m", "1h30m", "2d", "-5m"."""
    if isinstance(value, bool):
        raise ValueError("a duration must be a number of seconds or a string like '61m'")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif not isinstance(value, str) or len(value) > 100:
        raise ValueError("a duration must be a number of seconds or a string like '61m'")
    else:
        text = value.strip()
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("+-")
        parts = _PART.findall(text)
        if not parts or "".join(n + u for n, u in parts) != text:
            raise ValueError(f"{value!r} is not a duration; use e.g. '90s', '61m', '1h30m', '2d' or seconds")
        seconds = sign * sum(float(n) * _UNITS[u] for n, u in parts)
    if not (math.isfinite(seconds) and abs(seconds) <= _MAX_SECONDS):
        raise ValueError(f"{value!r:.80} is longer than the clock's whole range ({YEARS})")
    return timedelta(seconds=seconds)


def clock_state(clock: Clock) -> dict[str, object]:
    return {"now": iso_ms(clock.now()), "frozen": clock.frozen}


async def get_clock(request: Request) -> JSONResponse:
    return JSONResponse(clock_state(runtime_of(request).clock))


async def post_clock(request: Request) -> JSONResponse:
    """Body: {"set": ISO instant} and/or {"advance": duration} and/or {"frozen": bool}. The clock
    stays within the fixtures' years, so every time the world derives from it still makes a date."""
    body = await json_body(request)
    if isinstance(body, JSONResponse):
        return body
    unknown = set(body) - {"set", "advance", "frozen"}
    if unknown or not body:
        return admin_error(
            400,
            "expected any of the keys set (ISO instant), advance (duration), frozen (bool)",
            unexpected=sorted(unknown),
        )
    frozen = body.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        return admin_error(400, "frozen must be true or false", field="frozen", bound="true or false")
    clock = runtime_of(request).clock
    try:
        moment = instant("set", body["set"]) if "set" in body else None
        try:
            delta = parse_duration(body["advance"]) if "advance" in body else None
        except ValueError as exc:
            raise BoundError("advance", _ADVANCE_BOUND, str(exc)) from None
        if delta is not None:
            try:
                in_years("advance", (moment or clock.now()) + delta)
            except OverflowError:
                raise BoundError("advance", _ADVANCE_BOUND, f"advance would take the clock outside {YEARS}") from None
    except BoundError as exc:
        return bound_error(exc)
    if moment is not None:
        clock.set(moment)
    if delta is not None:
        clock.advance(delta)
    if frozen is True:
        clock.freeze()
    elif frozen is False:
        clock.unfreeze()
    return JSONResponse(clock_state(clock))
