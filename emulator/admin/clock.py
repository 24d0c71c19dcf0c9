"""GET/POST /_emulator/clock: read, set, advance, freeze or unfreeze the emulator's clock."""

from __future__ import annotations

import re
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.common import admin_error, json_body, runtime_of
from emulator.world.clock import Clock, iso_ms, parse_instant

_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: object) -> timedelta:
    """Seconds as a number, or a compact duration such as "90s", "61m", "1h30m", "2d", "-5m"."""
    if isinstance(value, bool):
        raise ValueError("a duration must be a number of seconds or a string like '61m'")
    if isinstance(value, (int, float)):
        return timedelta(seconds=value)
    if not isinstance(value, str):
        raise ValueError("a duration must be a number of seconds or a string like '61m'")
    text = value.strip()
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    parts = _PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"{value!r} is not a duration; use e.g. '90s', '61m', '1h30m', '2d' or seconds")
    return sign * timedelta(seconds=sum(float(n) * _UNITS[u] for n, u in parts))


def clock_state(clock: Clock) -> dict[str, object]:
    return {"now": iso_ms(clock.now()), "frozen": clock.frozen}


async def get_clock(request: Request) -> JSONResponse:
    return JSONResponse(clock_state(runtime_of(request).clock))


async def post_clock(request: Request) -> JSONResponse:
    """Body: {"set": ISO instant} and/or {"advance": duration} and/or {"frozen": bool}."""
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
        return admin_error(400, "frozen must be true or false")
    try:
        moment = parse_instant(body["set"]) if "set" in body else None
        delta = parse_duration(body["advance"]) if "advance" in body else None
    except (ValueError, TypeError, AttributeError) as exc:
        return admin_error(400, str(exc) if "advance" in body and "set" not in body else f"bad clock value: {exc}")
    clock = runtime_of(request).clock
    if moment is not None:
        clock.set(moment)
    if delta is not None:
        clock.advance(delta)
    if frozen is True:
        clock.freeze()
    elif frozen is False:
        clock.unfreeze()
    return JSONResponse(clock_state(clock))
