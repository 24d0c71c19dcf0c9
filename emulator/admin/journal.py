"""GET /_emulator/requests: the journal of calls to /v1 and /v2, newest first, filtered by the query."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.bounds import BoundError, instant
from emulator.admin.common import admin_error, bound_error, runtime_of

KEYS = ("operationId", "status", "credential", "method", "path", "since", "until", "limit")


async def requests(request: Request) -> JSONResponse:
    """?operationId=&status=404|4xx&credential=apiKey:alice&method=&path=/v2/bookings/*&since=&until=&limit="""
    query = request.query_params
    unknown = sorted(set(query) - set(KEYS))
    if unknown:
        return admin_error(400, f"unknown filter(s) {', '.join(unknown)}; the journal filters by {', '.join(KEYS)}")
    try:
        since, until = (instant(k, query[k]) if query.get(k) else None for k in ("since", "until"))
    except BoundError as exc:
        return bound_error(exc)
    limit = query.get("limit")
    if limit is not None and not (limit.isdigit() and len(limit) <= 9 and int(limit) > 0):
        return admin_error(
            400, f"limit must be a positive number of entries, not {limit!r:.80}", field="limit", bound="1 to 999999999"
        )
    journal = runtime_of(request).journal
    try:
        entries = journal.entries(
            operation_id=query.get("operationId") or None,
            status=query.get("status") or None,
            credential=query.get("credential") or None,
            method=query.get("method") or None,
            path=query.get("path") or None,
            since=since,
            until=until,
        )
    except ValueError as exc:  # a status or path that cannot match anything
        return admin_error(400, str(exc))
    shown = entries[: int(limit)] if limit else entries
    return JSONResponse(
        {
            "requests": [e.as_dict() for e in shown],
            "matched": len(entries),
            "kept": len(journal),
            "capacity": journal.capacity,
            "bodyLimit": journal.body_limit,
        }
    )
