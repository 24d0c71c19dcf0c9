"""Times in fixtures: ISO instants and dates, or forms relative to the file's ``now``.

Grammar (no spaces anywhere)::

    instant    = iso-instant | now-form | today-form
    iso-instant= an ISO 8601 date-time ("2026-01-05T09:00:00Z", "2026-01-05T10:00+01:00");
                 without an offset it is UTC; a bare date (2026-01-05) is its midnight UTC
    now-form   = "now" offset*                       now+90m, now-2d, now+1d+2h
    offset     = ("+" | "-") digits ("m" | "h" | "d" | "w")
    today-form = "today" day-offset* ["@" HH ":" MM]  today, today+1d@10:00, today-1w@23:30
    day-offset = ("+" | "-") digits ("d" | "w")
    date       = YYYY-MM-DD | "today" day-offset*    (schedule override dates)
    time-of-day= H:MM or HH:MM, 00:00 to 23:59

"today" is the UTC date of ``now``; ``today+1d@10:00`` is 10:00 UTC on the next UTC day. Every time
lies between the years 1900 and 9000 (EARLIEST, LATEST), so that durations and expiries added to it
still make a date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_NOW = re.compile(r"now((?:[+-]\d+[mhdw])*)")
_TODAY = re.compile(r"today((?:[+-]\d+[dw])*)(?:@(\d{1,2}):(\d{2}))?")
_OFFSET = re.compile(r"([+-])(\d+)([mhdw])")
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080}

INSTANT_FORMS = "an ISO instant (2026-01-05T09:00:00Z), now±N[m|h|d|w] (now+90m) or today±N[d|w]@HH:MM (today+1d@10:00)"
DATE_FORMS = "a date (2026-01-05) or today±N[d|w] (today+7d)"
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 12, 31, 23, 59, tzinfo=UTC)


def _in_range(text: str, value: datetime) -> datetime:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"time {text!r} is out of range: fixture times lie between the years 1900 and 9000")
    return value


def _offset(text: str) -> timedelta:
    minutes = 0
    for sign, amount, unit in _OFFSET.findall(text):
        minutes += (1 if sign == "+" else -1) * int(amount) * _UNIT_MINUTES[unit]
    return timedelta(minutes=minutes)


def time_of_day(text: str) -> str:
    """'9:00' -> '09:00'; ValueError for anything that is not a time between 00:00 and 23:59."""
    match = _HHMM.fullmatch(text)
    if not match:
        raise ValueError(f"bad time of day {text!r}: expected HH:MM (24-hour clock)")
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise ValueError(f"bad time of day {text!r}: hours go from 00 to 23 and minutes from 00 to 59")
    return f"{hours:02d}:{minutes:02d}"


def instant(text: str, now: datetime) -> datetime:
    """An instant, absolute or relative to now (see the module docstring); ValueError with a reason."""
    try:
        return _in_range(text, _instant(text, now))
    except OverflowError:
        raise ValueError(f"time {text!r} is out of range: fixture times lie between the years 1900 and 9000") from None


def _instant(text: str, now: datetime) -> datetime:
    if text.startswith("now"):
        match = _NOW.fullmatch(text)
        if not match:
            raise ValueError(f"bad relative time {text!r}: expected {INSTANT_FORMS}")
        return now + _offset(match[1])
    if text.startswith("today"):
        match = _TODAY.fullmatch(text)
        if not match:
            raise ValueError(f"bad relative time {text!r}: expected {INSTANT_FORMS}")
        day = datetime(now.year, now.month, now.day, tzinfo=UTC) + _offset(match[1])
        if match[2] is None:
            return day
        clock = time_of_day(f"{match[2]}:{match[3]}")
        return day + timedelta(hours=int(clock[:2]), minutes=int(clock[3:]))
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"bad time {text!r}: expected {INSTANT_FORMS}") from None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def day(text: str, now: datetime) -> date:
    """A calendar date: YYYY-MM-DD, or today±N[d|w] (the UTC date of now, moved)."""
    try:
        found = _day(text, now)
    except OverflowError:
        raise ValueError(f"date {text!r} is out of range: fixture dates lie between the years 1900 and 9000") from None
    _in_range(text, datetime(found.year, found.month, found.day, tzinfo=UTC))
    return found


def _day(text: str, now: datetime) -> date:
    if text.startswith("today"):
        match = _TODAY.fullmatch(text)
        if not match or match[2] is not None:
            raise ValueError(f"bad relative date {text!r}: expected {DATE_FORMS}")
        return (datetime(now.year, now.month, now.day, tzinfo=UTC) + _offset(match[1])).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"bad date {text!r}: expected {DATE_FORMS}") from None


@cache
def is_time_zone(name: str) -> bool:
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def start_of_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def start_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def add_year(moment: datetime) -> datetime:
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)
