"""400s about one field, in the same form as the request-validation stage reports problems.

The version's error shape comes from pipeline/errors.py; these helpers only say where the problem
is, what was expected and what came, so a handler's own checks (an IANA time zone, an HH:MM time,
a date) read like the spec checks that ran before it.
"""

from __future__ import annotations

from typing import Any

from emulator.pipeline.errors import ApiError


def problem(location: str, message: str, expected: Any, received: Any) -> dict[str, Any]:
    return {"location": location, "message": message, "expected": expected, "received": received}


def invalid(
    location: str, message: str, expected: Any, received: Any, *, text: str | None = None, status: int = 400
) -> ApiError:
    """A 400 naming one field. ``text`` replaces the summary message (the server's own wording)."""
    return ApiError(
        status,
        text or f"Invalid request: {location}: {message}",
        problems=[problem(location, message, expected, received)],
    )


def time_zone(location: str, value: Any, *, text: str | None = None) -> ApiError:
    field = location.rsplit(".", 1)[-1]
    return invalid(
        location,
        f"{field} must be a valid IANA time-zone",
        "an IANA time zone name such as Europe/Rome",
        value,
        text=text,
    )
