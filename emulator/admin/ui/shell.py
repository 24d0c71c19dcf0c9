"""The dashboard's page shells and its two static files.

A shell holds no data: the navigation, an empty main area and the page's script, which fetches the
page's content with the admin token and the chosen world (docs/ui.md). That is why the shells and the
static files answer without the admin token while every route that reads or changes the world needs it:
a browser's navigation cannot carry a header, the script's fetches can.
"""

from __future__ import annotations

import re
from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from emulator.admin.ui.markup import Html, esc, join, tag

BASE = "/_emulator/ui"
# page name -> title; the first is what /_emulator/ui shows.
PAGES = {
    "world": "World",
    "week": "Bookings week",
    "journal": "Journal",
    "webhooks": "Webhooks",
    "coverage": "Coverage",
    "controls": "Clock, faults, snapshots",
}
STATIC = {"ui.js": "text/javascript; charset=utf-8", "ui.css": "text/css; charset=utf-8"}
# Scripts and styles come from the package only; inline style attributes are allowed for the week
# view's positions, inline scripts and event handler attributes are not.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
_OPEN = re.compile(r"/_emulator/ui(/(" + "|".join(PAGES) + r")?|/static/(" + "|".join(map(re.escape, STATIC)) + r"))?")


def is_open(path: str) -> bool:
    """A shell or a static file: served without the admin token (they show nothing of the world)."""
    return _OPEN.fullmatch(path) is not None


def _asset(name: str) -> bytes:
    return (resources.files("emulator.admin.ui") / "static" / name).read_bytes()


_ASSETS = {name: _asset(name) for name in STATIC}


def shell_html(page: str) -> str:
    nav = join(
        tag("a", title, href=f"{BASE}/{name}", aria_current="page" if name == page else None)
        for name, title in PAGES.items()
    )
    header = tag(
        "header",
        tag("strong", "calcom-emulator", class_="brand"),
        tag("nav", nav, class_="pages"),
        tag(
            "span",
            tag("label", "world ", tag("select", id="world-select"), for_="world-select"),
            id="world-picker",
            hidden=True,
        ),
        tag("span", "", id="clock", class_="clock", title="the emulator's clock"),
        tag("label", tag("input", type="checkbox", id="live", checked=True), " live", class_="live"),
        tag("button", "Reset", type="button", data_action="reset", title="POST /_emulator/reset"),
    )
    token_form = tag(
        "form",
        tag("p", "This emulator has an admin token. Enter it (kept in this tab's session storage only):"),
        tag("input", type="password", name="token", autocomplete="off", aria_label="admin token"),
        tag("button", "Use token", type="submit"),
        id="token-form",
        hidden=True,
    )
    dialog = tag(
        "dialog",
        tag(
            "div",
            tag("strong", "", id="json-title"),
            tag("a", "raw", id="json-raw", href="#", target="_blank", rel="noopener"),
            tag("button", "Close", type="button", data_action="close-dialog"),
            class_="dialog-head",
        ),
        tag("pre", tag("code", "", id="json-body"), class_="json"),
        id="json-dialog",
    )
    head = join(
        [
            Html('<meta charset="utf-8">'),
            tag("meta", name="viewport", content="width=device-width, initial-scale=1"),
            tag("title", f"{PAGES[page]} \u00b7 calcom-emulator"),
            tag("link", rel="icon", href="data:,"),  # no favicon request
            tag("link", rel="stylesheet", href=f"{BASE}/static/ui.css"),
            tag("script", "", src=f"{BASE}/static/ui.js", defer=True),
        ]
    )
    body = tag(
        "body",
        header,
        token_form,
        tag("div", "", id="flash", role="status", aria_live="polite"),
        tag("main", tag("p", "Loading\u2026", class_="muted"), id="main", aria_busy="true"),
        dialog,
        data_page=page,
    )
    return "<!doctype html>" + tag("html", tag("head", head), body, lang="en")


_SHELLS = {name: shell_html(name).encode() for name in PAGES}


async def shell(request: Request) -> Response:
    page = request.path_params.get("page", next(iter(PAGES)))
    if page not in PAGES:
        return HTMLResponse(
            "<!doctype html>" + tag("p", f"no dashboard page {page!r}; the pages are {', '.join(PAGES)}"),
            status_code=404,
            headers=SECURITY_HEADERS,
        )
    return Response(_SHELLS[page], media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in _ASSETS:
        return Response(f"no static file {esc(name)}", status_code=404, media_type="text/plain")
    return Response(_ASSETS[name], media_type=STATIC[name], headers={**SECURITY_HEADERS, "cache-control": "no-cache"})
