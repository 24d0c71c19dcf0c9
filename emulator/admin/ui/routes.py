"""The dashboard's routes under /_emulator/ui (docs/ui.md).

- the page shells and static files (open without the admin token: they hold no data);
- `part/{page}`: a page's content, rendered here as HTML for the shell's script to put in place;
- `part/journal/{seq}`: one journal entry opened, with its curl command;
- `record/{table}/{key}`: one record's JSON;
- `pulse`: what changed (journal, deliveries, clock), polled by the page for its live updates.

Everything but the shells reads the world the request names (the world header the page's script
sends), through `runtime_of`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from emulator.admin.bounds import MAX_TEXT
from emulator.admin.common import admin_error, runtime_of
from emulator.admin.ui import controls_view, coverage_view, deliveries_view, journal_view, week, world_view
from emulator.admin.ui.markup import Html, tag
from emulator.admin.ui.shell import BASE, SECURITY_HEADERS, shell, static
from emulator.runtime import Runtime
from emulator.world import dump
from emulator.world.clock import iso_ms

COVERAGE = "/_emulator/coverage/client"
RENDER_HEADER = "x-render-ms"  # server-side render time of a part, for the benchmark and the curious


def _fragment(content: str, status: int = 200, started: float | None = None) -> HTMLResponse:
    headers = dict(SECURITY_HEADERS)
    if started is not None:
        headers[RENDER_HEADER] = f"{(time.perf_counter() - started) * 1000:.2f}"
    return HTMLResponse(content, status_code=status, headers=headers)


def _problem(status: int, message: str) -> HTMLResponse:
    return _fragment(tag("p", message, class_="error", role="alert"), status)


def _params(request: Request) -> Mapping[str, str] | HTMLResponse:
    """The query as the views read it (the last value of a repeated key); a value past the admin text
    bound is a 400, so no view ever sees megabytes."""
    params = dict(request.query_params)
    for key, value in params.items():
        if len(key) > 100 or len(value) > MAX_TEXT:
            return _problem(400, f"query parameter {key[:100]!r} is longer than {MAX_TEXT} characters")
    return params


async def coverage_data(request: Request) -> dict[str, Any] | None:
    """The client coverage report, asked of GET /_emulator/coverage/client in process, with the
    request's headers (its world among them); None when the emulator does not serve that route."""
    for route in request.app.routes:
        if isinstance(route, Route) and route.path == COVERAGE and "GET" in (route.methods or ()):
            scope = {**request.scope, "path": COVERAGE, "raw_path": COVERAGE.encode(), "query_string": b""}
            answer = await route.endpoint(Request(scope, request.receive))
            if not isinstance(answer, Response) or answer.status_code != 200:
                return None
            data = json.loads(bytes(answer.body))
            return data if isinstance(data, dict) else None
    return None


def _views(runtime: Runtime, params: Mapping[str, str]) -> dict[str, Callable[[], Html]]:
    return {
        "world": lambda: world_view.render(runtime.world, params),
        "week": lambda: week.render(runtime.world, params),
        "journal": lambda: journal_view.render(runtime.journal, params),
        "webhooks": lambda: deliveries_view.render(runtime.deliveries, params),
        "controls": lambda: controls_view.render(runtime),
    }


async def part(request: Request) -> Response:
    started = time.perf_counter()
    params = _params(request)
    if isinstance(params, HTMLResponse):
        return params
    page = request.path_params["page"]
    if page == "coverage":
        return _fragment(coverage_view.render(await coverage_data(request)), started=started)
    views = _views(runtime_of(request), params)
    if page not in views:
        return _problem(404, f"no dashboard page {page[:80]!r}; the pages are {', '.join([*views, 'coverage'])}")
    try:
        content = views[page]()
    except week.WeekError as exc:
        return _problem(exc.status, str(exc))
    except journal_view.JournalError as exc:
        return _problem(400, str(exc))
    return _fragment(content, started=started)


async def journal_entry(request: Request) -> Response:
    started = time.perf_counter()
    raw = request.path_params["seq"]
    journal = runtime_of(request).journal
    entry = journal_view.find(journal, int(raw)) if raw.isdecimal() and len(raw) <= 12 else None
    if entry is None:
        return _problem(404, f"no journal entry {raw[:40]!r} (the journal keeps the newest {journal.capacity})")
    world = request.headers.get(journal_view.WORLD_HEADER)
    return _fragment(journal_view.detail(entry, str(request.base_url), world), started=started)


async def record(request: Request) -> JSONResponse:
    world = runtime_of(request).world
    name, key = request.path_params["table"], request.path_params["key"]
    if name not in world.tables:
        return admin_error(404, f"no table {name[:80]!r}", tables=sorted(world.tables))
    rows = world.tables[name]
    found = rows.get(int(key)) if key.isdecimal() and len(key) <= 18 else None
    if found is None:
        found = rows.get(key)
    if found is None:
        return admin_error(404, f"no record {key[:80]!r} in {name}")
    return JSONResponse({"table": name, "record": dump.plain(found)})


async def pulse(request: Request) -> JSONResponse:
    """Small and cheap: what the page compares to decide whether to redraw."""
    runtime = runtime_of(request)
    newest = runtime.journal.newest()
    delivery, deliveries = runtime.deliveries.head()
    return JSONResponse(
        {
            "journal": {"newest": newest.seq if newest else 0, "kept": len(runtime.journal)},
            "deliveries": {"newest": delivery, "kept": deliveries},
            "clock": {"now": iso_ms(runtime.clock.now()), "frozen": runtime.clock.frozen},
            "faults": len(runtime.faults.entries),
            "snapshots": len(runtime.snapshots),
        }
    )


routes = [
    Route(BASE, shell, methods=["GET"]),
    Route(f"{BASE}/static/{{name}}", static, methods=["GET"]),
    Route(f"{BASE}/part/journal/{{seq}}", journal_entry, methods=["GET"]),
    Route(f"{BASE}/part/{{page}}", part, methods=["GET"]),
    Route(f"{BASE}/record/{{table}}/{{key}}", record, methods=["GET"]),
    Route(f"{BASE}/pulse", pulse, methods=["GET"]),
    Route(f"{BASE}/{{page}}", shell, methods=["GET"]),
]
