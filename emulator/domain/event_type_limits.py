"""The event type fields that bound its bookings, as the v2 API reads and writes them: the booking
window (Cal.com's period columns), booking and duration limits, and seats with the rules they impose.

Read from apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/{api-to-internal,
internal-to-api}/{future-booking-limits,interval-limits,seats}.ts and the seat rules of
event-types_2024_06_14/services/input-event-types.service.ts (validateSeatsSingleLocationRule,
validateSeatsRequiresConfirmationFalseRule). Slots and bookings read the stored columns
(booking_window.py); this module only maps them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from emulator.world.models import EventType

INTERVALS = {"day": "PER_DAY", "week": "PER_WEEK", "month": "PER_MONTH", "year": "PER_YEAR"}
MAX_SEATS = 1000


def period_from_window(window: dict[str, Any]) -> dict[str, Any]:
    """A v2 ``bookingWindow`` as the period columns (rolling days, business days, a range, or none)."""
    if window.get("disabled"):
        return {"period_type": "UNLIMITED"}
    kind = window.get("type")
    if kind in ("businessDays", "calendarDays"):
        return {
            "period_type": "ROLLING_WINDOW" if window.get("rolling") else "ROLLING",
            "period_days": int(window["value"]),
            "period_count_calendar_days": kind == "calendarDays",
        }
    if kind == "range":
        start, end = (date.fromisoformat(str(v)[:10]) for v in window["value"][:2])
        return {
            "period_type": "RANGE",
            "period_start_date": datetime(start.year, start.month, start.day, tzinfo=UTC),
            "period_end_date": datetime(end.year, end.month, end.day, tzinfo=UTC),
        }
    return {}


def window_from_period(event_type: EventType) -> dict[str, Any] | None:
    kind = event_type.period_type
    if kind == "RANGE":
        return {
            "type": "range",
            "value": [_day(event_type.period_start_date), _day(event_type.period_end_date)],
        }
    if kind in ("ROLLING", "ROLLING_WINDOW"):
        return {
            "type": "calendarDays" if event_type.period_count_calendar_days else "businessDays",
            "value": event_type.period_days,
            "rolling": kind == "ROLLING_WINDOW",
        }
    if kind == "UNLIMITED":
        return {"disabled": True}
    return None


def _day(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).date().isoformat() if moment else None


def limits_from_api(limits: dict[str, Any]) -> dict[str, int]:
    """``{"day": 2, "week": 5}`` as Cal.com stores it (``{"PER_DAY": 2, "PER_WEEK": 5}``); disabled is ``{}``."""
    if limits.get("disabled"):
        return {}
    return {INTERVALS[k]: int(v) for k, v in limits.items() if k in INTERVALS}


def limits_to_api(stored: dict[str, Any] | None) -> dict[str, int] | None:
    if stored is None:
        return None
    back = {internal: key for key, internal in INTERVALS.items()}
    return {back[k]: int(v) for k, v in stored.items() if k in back}


def seats_problem(seats: int | None, location_count: int, requires_confirmation: bool) -> str | None:
    """Cal.com's seat rules: a seated event has at most one location and no confirmation step."""
    seated = bool(seats) and (seats or 0) > 0
    if seated and location_count > 1:
        return "Seats Validation failed: Seats are enabled but more than one location provided."
    if seated and requires_confirmation:
        return "Seats Validation failed: Seats are enabled but requiresConfirmation is true."
    return None
