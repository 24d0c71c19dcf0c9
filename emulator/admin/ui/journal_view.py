"""The journal page: the calls to /v1 and /v2, newest first, filtered and paged; one call opened shows
its request and response with headers and bodies, and the same call as a curl command."""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from emulator.admin.ui.markup import (
    Html,
    badge,
    body_block,
    headers_table,
    join,
    page_of,
    pager,
    pages_for,
    status_kind,
    tag,
)
from emulator.pipeline.journal import Entry, Journal
from emulator.worlds import DEFAULT as DEFAULT_WORLD
from emulator.worlds import HEADER

PAGE = "/_emulator/ui/journal"
WORLD_HEADER = HEADER.decode()
PAGE_SIZE = 50
FILTERS = ("operationId", "status", "credential")
STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx")
# Headers curl sets itself, or that would make it print compressed bytes.
CURL_SKIPS = frozenset({"host", "content-length", "connection", "transfer-encoding", "accept-encoding", "expect"})


class JournalError(ValueError):
    """A filter that cannot match anything: the message for the 400."""


def _select(name: str, label: str, chosen: str, values: list[str]) -> Html:
    options = [tag("option", "any", value="")]
    if chosen and chosen not in values:
        values = [chosen, *values]
    options += [tag("option", v, value=v, selected=v == chosen) for v in values]
    return tag("label", f"{label} ", tag("select", join(options), name=name))


def _filters(journal: Journal, params: Mapping[str, str]) -> Html:
    """One pass over the journal for the values the selects offer: what was actually seen."""
    operations: set[str] = set()
    statuses: set[int] = set()
    credentials: set[str] = set()
    for e in journal.entries():
        if e.operation_id:
            operations.add(e.operation_id)
        statuses.add(e.status)
        if e.credential:
            credentials.add(e.credential)
    status_values = [*STATUS_CLASSES, *(str(s) for s in sorted(statuses))]
    return tag(
        "form",
        _select("operationId", "operation", params.get("operationId", ""), sorted(operations)),
        _select("status", "status", params.get("status", ""), status_values),
        _select("credential", "credential", params.get("credential", ""), sorted(credentials)),
        tag("button", "Filter", type="submit"),
        data_filter=PAGE,
        data_autosubmit=True,
        class_="filters",
    )


def matching(journal: Journal, params: Mapping[str, str]) -> list[Entry]:
    try:
        return journal.entries(
            operation_id=params.get("operationId") or None,
            status=params.get("status") or None,
            credential=params.get("credential") or None,
        )
    except ValueError as exc:
        raise JournalError(str(exc)) from None


def _row(e: Entry) -> Html:
    cells = [
        e.seq,
        e.at.strftime("%Y-%m-%d %H:%M:%S"),
        e.method,
        tag("span", e.url, class_="path"),
        e.operation_id or "",
        badge(e.status or "dropped", status_kind(e.status)),
        e.credential or "",
        f"{e.duration_ms:.1f} ms",
    ]
    return tag(
        "tr",
        join(tag("td", c) for c in cells),
        data_seq=e.seq,
        tabindex=0,
        class_="entry",
        title="open this call",
    )


def render(journal: Journal, params: Mapping[str, str]) -> Html:
    entries = matching(journal, params)
    pages = pages_for(len(entries), PAGE_SIZE)
    number = page_of(params.get("page"), pages)
    shown = entries[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    kept = {k: params[k] for k in FILTERS if params.get(k)}
    summary = (
        f"{len(entries)} of {len(journal)} call(s) kept (at most {journal.capacity}); newest first"
        if entries or len(journal)
        else "No calls yet: the journal fills as clients call /v1 and /v2."
    )
    head = tag(
        "thead",
        tag("tr", join(tag("th", h) for h in ["#", "at", "", "path", "operation", "status", "credential", "time"])),
    )
    rows = tag("tbody", join(_row(e) for e in shown))
    listing = tag("table", head, rows, class_="journal", id="journal-table") if shown else None
    newest = entries[0].seq if entries else 0
    return join(
        [
            tag("h1", "Journal"),
            _filters(journal, params),
            tag("p", summary, class_="muted", id="journal-summary", data_newest=newest),
            listing,
            pager(PAGE, kept, "page", number, pages),
            tag("div", "", id="detail"),
        ]
    )


def find(journal: Journal, seq: int) -> Entry | None:
    return next((e for e in journal.entries() if e.seq == seq), None)


def curl(entry: Entry, base_url: str, world: str | None = None) -> str:
    """The call as a curl command against `base_url` (bodies as they were kept); `world` names the world
    the dashboard shows, added as the world header when the call named its world by path."""
    parts = ["curl", "-i", "-X", entry.method, shlex.quote(base_url.rstrip("/") + entry.url)]
    names = {name.lower() for name in entry.request_headers}
    if world and world != DEFAULT_WORLD and WORLD_HEADER not in names:
        parts += ["-H", shlex.quote(f"{WORLD_HEADER}: {world}")]
    for name, value in entry.request_headers.items():
        if name.lower() not in CURL_SKIPS:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    text = entry.request_text()
    if text is not None:
        parts += ["--data-raw", shlex.quote(text)]
    return " ".join(parts)


def detail(entry: Entry, base_url: str, world: str | None = None) -> Html:
    command = curl(entry, base_url, world)
    problems = (
        tag("section", tag("h3", "Problems"), tag("pre", tag("code", "\n".join(map(str, entry.problems)))))
        if entry.problems
        else None
    )
    request = tag(
        "section",
        tag("h3", "Request"),
        tag("p", tag("code", f"{entry.method} {entry.url}")),
        headers_table(entry.request_headers),
        body_block(
            entry.request_json(),
            entry.request_text(),
            truncated=len(entry.request_body) < entry.request_size,
            size=entry.request_size,
        ),
        class_="half",
    )
    response = tag(
        "section",
        tag("h3", "Response"),
        tag("p", badge(entry.status or "dropped", status_kind(entry.status)), f" in {entry.duration_ms:.2f} ms"),
        headers_table(entry.all_response_headers()),
        body_block(
            entry.response_json(),
            entry.response_text(),
            truncated=len(entry.response_body) < entry.response_size,
            size=entry.response_size,
        ),
        class_="half",
    )
    title = f"#{entry.seq} {entry.method} {entry.url} \u2192 {entry.status or 'dropped'}"
    return tag(
        "article",
        tag(
            "div",
            tag("h2", title),
            tag("button", "Copy as curl", type="button", data_action="copy", data_target=f"curl-{entry.seq}"),
            tag("button", "Close", type="button", data_action="close-detail"),
            class_="detail-head",
        ),
        tag(
            "p",
            f"{entry.at.isoformat()} \u00b7 {entry.operation_id or 'no operation'} \u00b7 "
            f"{entry.credential or 'no credential'}",
            class_="muted",
        ),
        problems,
        tag("div", request, response, class_="pair"),
        tag("h3", "curl"),
        tag("pre", tag("code", command), id=f"curl-{entry.seq}", class_="curl"),
        class_="entry-detail",
        data_seq=entry.seq,
    )
