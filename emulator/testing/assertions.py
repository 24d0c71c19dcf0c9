"""``calcom.assert_called``: what the code under test sent, compared with what the test expected,
and a failure message that lists every call seen so the mismatch is visible at a glance."""

from __future__ import annotations

import json
from typing import Any


def request_body(entry: dict[str, Any]) -> Any:
    """The body the call sent: its JSON when it parsed, else its text (None without a body)."""
    parsed = entry.get("requestJson")
    return parsed if parsed is not None else entry.get("requestBody")


def contains(actual: Any, expected: Any) -> bool:
    """Objects match when every expected key is there with a matching value (extra keys allowed);
    lists match item by item and must have the same length; anything else must be equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and contains(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(actual == expected)


def describe(entry: dict[str, Any]) -> str:
    line = f"  {entry.get('method')} {entry.get('path')} -> {entry.get('status')} ({entry.get('operationId')})"
    body = request_body(entry)
    if body not in (None, ""):
        text = json.dumps(body, sort_keys=True) if not isinstance(body, str) else body
        line += "\n      body: " + (text if len(text) <= 500 else text[:500] + "...")
    return line


def check_called(
    journal: list[dict[str, Any]],
    operation: str,
    *,
    times: int | None,
    json_body: Any,
    status: int | None,
) -> list[dict[str, Any]]:
    """The matching calls (oldest first), or AssertionError with the calls that were seen."""
    calls = [e for e in reversed(journal) if e.get("operationId") == operation]
    matching = [e for e in calls if status is None or e.get("status") == status]
    if json_body is not None:
        matching = [e for e in matching if contains(request_body(e), json_body)]
    if (times is None and matching) or (times is not None and len(matching) == times):
        return matching
    wanted = [f"{operation} called {'at least once' if times is None else f'{times} time(s)'}"]
    if status is not None:
        wanted.append(f"with status {status}")
    if json_body is not None:
        wanted.append(f"with a body containing {json.dumps(json_body, sort_keys=True)}")
    lines = [" ".join(wanted) + f", but {len(matching)} call(s) matched."]
    if calls:
        lines.append(f"Calls to {operation} (oldest first):")
        lines += [describe(e) for e in calls]
    else:
        seen = sorted({str(e.get("operationId")) for e in journal})
        lines.append(f"{operation} was never called; operations called: {', '.join(seen) or 'none'}")
    raise AssertionError("\n".join(lines))
