"""The client coverage report: per operation, what a client suite called and received, and which of
the answers the operation can give it never met (docs/coverage.md).

Built from the runtime's coverage counter (pipeline/coverage_counter.py) and the operation index. An
operation's ``documented`` statuses are the ones its spec declares plus the ones the real server's
guards and limits give it (domain/access.yaml): authentication (401), an expired access token (498),
roles, plans and ownership (403, 402, 404), rate limits (429) and request validation (400).
``documentedBy`` names the source of each. Reports of several emulators merge (``merge``), as the
pytest plugin does for the instances of one session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from emulator.domain.access import Access, load_access
from emulator.pipeline.coverage_counter import DROPPED, UNROUTED, Tally
from emulator.specs.operations import Operation
from emulator.world.clock import iso_ms

if TYPE_CHECKING:
    from emulator.runtime import Runtime

FORMAT = 1
# What a suite should meet at least once, with how the summary names it; "5xx" is any server error.
KINDS: tuple[tuple[str, str], ...] = (
    ("400", "bad request"),
    ("401", "unauthorized"),
    ("402", "payment required"),
    ("403", "forbidden"),
    ("404", "not found"),
    ("409", "conflict"),
    ("429", "rate limited"),
    ("498", "token expired"),
    ("5xx", "server error"),
    (DROPPED, "dropped connection"),
)


def status_order(status: str) -> tuple[int, str]:
    return (int(status), "") if status.isdigit() else (1000, status)


def _add(found: dict[str, list[str]], status: int | str, why: str) -> None:
    reasons = found.setdefault(str(status), [])
    if why not in reasons:
        reasons.append(why)


def documented(op: Operation, access: Access | None) -> dict[str, list[str]]:
    """Status -> where it is documented, for the answers this operation can give."""
    found: dict[str, list[str]] = {}
    for status in op.responses:
        if status.isdigit():
            _add(found, status, "spec")
    if op.body is not None or any(p.location == "query" for p in op.parameters):
        _add(found, 400, "validation")
    if any(p.location == "path" for p in op.parameters):
        _add(found, 404, "not found")
    if access is not None:
        if access.anonymous is not None:
            _add(found, access.anonymous.status, "authentication")
        if op.api == "v2" and "access_token" in access.credentials:
            _add(found, 498, "token expiry")
        if access.permissions:
            _add(found, 403, "permissions")
        checks = [*access.ownership, *(f for p in access.plan for f in p.failures)]
        if access.roles is not None:
            checks += access.roles.failures
        for failure in checks:
            _add(found, failure.status, "guards")
    if op.api == "v2" or (access is not None and access.auth == "required"):
        _add(found, 429, "rate limits")  # v2 throttles every call, v1 every call with an API key
    return {status: found[status] for status in sorted(found, key=status_order)}


def _row(op: Operation, tally: Tally | None, served: bool, access: Access | None) -> dict[str, Any]:
    counts: dict[str, Any] = tally.as_dict() if tally is not None else {"calls": 0, "statuses": {}, "errorCodes": {}}
    known = documented(op, access)
    return {
        "operationId": op.operation_id,
        "api": op.api,
        "method": op.method,
        "path": op.path,
        "tag": op.tag,
        "origin": op.origin,
        "served": served,
        **counts,
        "statuses": {s: counts["statuses"][s] for s in sorted(counts["statuses"], key=status_order)},
        "documented": list(known),
        "documentedBy": known,
        "unseen": [s for s in known if s not in counts["statuses"]],
    }


def totals(operations: list[dict[str, Any]], unrouted: dict[str, Any]) -> dict[str, Any]:
    """The report's totals: operations, how many were called, calls, and the kinds of answer met."""
    statuses: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for row in [*operations, unrouted]:
        statuses.update(row["statuses"])
        codes.update(row["errorCodes"])
    met = {kind: _met(kind, statuses) for kind, _ in KINDS}
    return {
        "operations": len(operations),
        "called": sum(1 for row in operations if row["calls"]),
        "calls": sum(row["calls"] for row in operations) + unrouted["calls"],
        "statuses": {s: statuses[s] for s in sorted(statuses, key=status_order)},
        "errorCodes": dict(sorted(codes.items())),
        "met": met,
        "neverMet": [kind for kind, count in met.items() if not count],
    }


def _met(kind: str, statuses: Counter[str]) -> int:
    if kind == "5xx":
        return sum(n for s, n in statuses.items() if s.isdigit() and s.startswith("5"))
    return statuses.get(kind, 0)


def client_coverage(runtime: Runtime) -> dict[str, Any]:
    """The report of one emulator (docs/coverage.md has the shape)."""
    counter = runtime.client_coverage
    access = load_access()
    operations = [
        _row(op, counter.rows.get(op.operation_id), op.operation_id in runtime.handlers, access.get(op.operation_id))
        for op in runtime.specs.operations
    ]
    unrouted = counter.rows.get(UNROUTED)
    stray = unrouted.as_dict() if unrouted is not None else {"calls": 0, "statuses": {}, "errorCodes": {}}
    return {
        "format": FORMAT,
        "operations": operations,
        "unrouted": stray,
        "totals": totals(operations, stray),
        "since": iso_ms(counter.since or runtime.clock.now()),
    }


def _sum(into: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    merged = Counter(into)
    merged.update(more)
    return dict(merged)


def merge(reports: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Several emulators' reports as one: counts added per operation, documented statuses joined."""
    rows: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    stray: dict[str, Any] = {"calls": 0, "statuses": {}, "errorCodes": {}}
    since: list[str] = []
    for report in reports:
        since.append(report["since"])
        for part in ("calls", "statuses", "errorCodes"):
            value = report.get("unrouted", {}).get(part)
            if value is not None:
                stray[part] = stray[part] + value if part == "calls" else _sum(stray[part], value)
        for row in report["operations"]:
            key = (row["api"], row["method"], row["path"], row["operationId"])
            if key not in rows:
                rows[key] = {**row, "documentedBy": dict(row["documentedBy"])}
                continue
            held = rows[key]
            held["calls"] += row["calls"]
            held["statuses"] = _sum(held["statuses"], row["statuses"])
            held["errorCodes"] = _sum(held["errorCodes"], row["errorCodes"])
            for status, why in row["documentedBy"].items():
                for reason in why:
                    _add(held["documentedBy"], status, reason)
    operations = list(rows.values())
    for row in operations:
        row["statuses"] = {s: row["statuses"][s] for s in sorted(row["statuses"], key=status_order)}
        row["documentedBy"] = {s: row["documentedBy"][s] for s in sorted(row["documentedBy"], key=status_order)}
        row["documented"] = list(row["documentedBy"])
        row["unseen"] = [s for s in row["documented"] if s not in row["statuses"]]
    return {
        "format": FORMAT,
        "operations": operations,
        "unrouted": stray,
        "totals": totals(operations, stray),
        "since": min(since) if since else None,
    }


def summary(report: dict[str, Any], limit: int = 10) -> list[str]:
    """A few lines for a terminal: totals, the kinds of answer never met, the most-called operations
    with the documented answers they never gave."""
    t = report["totals"]
    lines = [
        f"calcom coverage: {t['called']} of {t['operations']} operations called, {t['calls']} calls "
        f"(statuses: {', '.join(f'{s}: {n}' for s, n in t['statuses'].items()) or 'none'})"
    ]
    names = dict(KINDS)
    never = [f"{kind} ({names[kind]})" for kind in t["neverMet"]]
    if never:
        lines.append("  never met: " + ", ".join(never))
    called = sorted((r for r in report["operations"] if r["calls"]), key=lambda r: (-r["calls"], r["operationId"]))
    for row in called[:limit]:
        unseen = ", ".join(row["unseen"]) or "-"
        lines.append(f"  {row['calls']:5}  {row['method']:6} {row['path']:50} unseen: {unseen}")
    if len(called) > limit:
        lines.append(f"  ... and {len(called) - limit} more operations called (see the report)")
    return lines
