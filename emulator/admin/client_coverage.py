"""GET /_emulator/coverage/client: what the clients of this emulator called and received, per
operation (admin/coverage_report.py; docs/coverage.md). ``?format=html`` gives the page,
``?format=text`` the terminal summary. DELETE starts counting afresh; a reset does not."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from emulator.admin import coverage_html
from emulator.admin.common import admin_error, runtime_of
from emulator.admin.coverage_report import client_coverage, summary
from emulator.world.clock import iso_ms

FORMATS = ("json", "html", "text")


async def get_coverage(request: Request) -> Response:
    unknown = sorted(set(request.query_params) - {"format"})
    if unknown:
        return admin_error(400, f"unknown parameter(s) {', '.join(unknown)}; only format ({', '.join(FORMATS)})")
    chosen = request.query_params.get("format", "json")
    if chosen not in FORMATS:
        return admin_error(400, f"format must be one of {', '.join(FORMATS)}, not {chosen!r:.40}", field="format")
    report = client_coverage(runtime_of(request))
    if chosen == "html":
        return HTMLResponse(coverage_html.render(report))
    if chosen == "text":
        return PlainTextResponse("\n".join(summary(report, limit=len(report["operations"]))) + "\n")
    return JSONResponse(report)


async def clear_coverage(request: Request) -> JSONResponse:
    runtime = runtime_of(request)
    now = runtime.clock.now()
    forgotten = runtime.client_coverage.clear(now)
    return JSONResponse({"cleared": forgotten, "since": iso_ms(now)})


routes = [
    Route("/_emulator/coverage/client", get_coverage, methods=["GET"]),
    Route("/_emulator/coverage/client", clear_coverage, methods=["DELETE"]),
]
