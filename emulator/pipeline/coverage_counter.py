"""What clients received, counted per operation: the material of the client coverage report
(``GET /_emulator/coverage/client``, the pytest plugin's ``--calcom-coverage``; docs/coverage.md).

The journal keeps whole calls, but only the newest ``journal_limit`` of them, and every reset empties
it. The counter keeps numbers only: one row per operation called (so never more rows than the specs
have operations, plus one for calls that matched none), each with its calls by status and by error
code. A reset leaves it alone, since a pytest session resets before every test and its coverage must
add up over all of them; only ``clear()`` (``DELETE /_emulator/coverage/client``) empties it. Worlds
forked from one runtime share its counter: they serve the same client suite.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DROPPED = "dropped"  # the status key of a connection a fault rule dropped (the journal's status 0)
UNROUTED = "(no operation)"  # the row of calls no operation of the specs matched
MAX_CODES = 64  # distinct error codes kept per operation; further ones are counted under OTHER_CODE
OTHER_CODE = "(other)"
ENVELOPE_CODE = re.compile(rb'"error":\{"code":"([A-Za-z0-9_]{1,100})"')
CODE_BODY_LIMIT = 65536  # error bodies longer than this are not read for their code


@dataclass
class Tally:
    """One operation's calls: how many, by status ("200", "dropped") and by error code."""

    calls: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"calls": self.calls, "statuses": dict(self.statuses), "errorCodes": dict(self.codes)}


def error_code(status: int, body: bytes, content_type: str) -> str | None:
    """The code an error answer names: v2's ``error.code`` (``TokenExpiredException``). v2's bare
    ``{statusCode, message}`` errors and v1's errors carry none."""
    if status < 400 or not body or len(body) > CODE_BODY_LIMIT or "json" not in content_type:
        return None
    found = ENVELOPE_CODE.search(body)  # the emulator's own compact envelope: no need to parse
    if found is not None:
        return found.group(1).decode()
    if b'"code"' not in body:
        return None
    try:
        decoded = json.loads(body)
    except ValueError:
        return None
    error = decoded.get("error") if isinstance(decoded, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) and code else None


class CoverageCounter:
    """Rows by operationId; ``since`` is the emulator-clock instant counting (re)started at."""

    def __init__(self) -> None:
        self.rows: dict[str, Tally] = {}
        self.since: datetime | None = None

    def count(self, at: datetime, operation_id: str | None, status: int, body: bytes, content_type: str) -> None:
        if self.since is None:
            self.since = at
        key = operation_id or UNROUTED
        tally = self.rows.get(key)
        if tally is None:
            tally = self.rows[key] = Tally()
        tally.calls += 1
        status_key = DROPPED if status == 0 else str(status)
        tally.statuses[status_key] = tally.statuses.get(status_key, 0) + 1
        code = error_code(status, body, content_type)
        if code is not None:
            if code not in tally.codes and len(tally.codes) >= MAX_CODES:
                code = OTHER_CODE
            tally.codes[code] = tally.codes.get(code, 0) + 1

    def clear(self, at: datetime) -> int:
        """Forget every count; answers how many calls were forgotten."""
        forgotten = sum(t.calls for t in self.rows.values())
        self.rows.clear()
        self.since = at
        return forgotten
