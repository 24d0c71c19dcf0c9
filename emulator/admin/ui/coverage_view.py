"""The coverage page: every operation as a tile, grouped by its spec tag, shaded by what the client's
calls since start or reset got from it (none, only successes, client errors, server errors).

It draws the JSON of GET /_emulator/coverage/client: {"operations": [{operationId, api, method, path,
tag, calls, statuses: {"200": n}, ...}], "totals": {...}, "since": iso}.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.admin.ui.markup import Html, join, tag


def _kind(statuses: Mapping[str, int], calls: int) -> str:
    if not calls:
        return "unseen"
    codes = [int(code) for code in statuses if str(code).isdecimal()]
    if any(c >= 500 or c == 0 for c in codes):
        return "server"
    if any(400 <= c < 500 for c in codes):
        return "client"
    return "ok"


def _tile(op: Mapping[str, Any]) -> Html:
    statuses: Mapping[str, int] = op.get("statuses") or {}
    calls = int(op.get("calls") or 0)
    seen = ", ".join(f"{code}\u00d7{n}" for code, n in sorted(statuses.items()))
    label = f"{op.get('method', '')} {op.get('path', '')}"
    return tag(
        "li",
        tag("span", label, class_="op-path"),
        tag("span", f"{calls} call(s)" + (f": {seen}" if seen else ""), class_="op-calls"),
        class_=f"op {_kind(statuses, calls)}",
        title=f"{op.get('operationId', '')} ({op.get('api', '')})",
        data_operation=op.get("operationId"),
        data_calls=calls,
    )


def _totals(data: Mapping[str, Any], operations: list[Mapping[str, Any]]) -> Html:
    called = sum(1 for op in operations if op.get("calls"))
    since = data.get("since")
    text = f"{called} of {len(operations)} operations called" + (f" since {since}" if since else "")
    extra = data.get("totals")
    details = (
        tag("span", "; " + ", ".join(f"{k}: {v}" for k, v in extra.items() if not isinstance(v, dict | list)))
        if isinstance(extra, dict)
        else None
    )
    return tag("p", text, details, id="coverage-summary")


def render(data: Mapping[str, Any] | None) -> Html:
    if data is None:
        return join(
            [
                tag("h1", "Coverage"),
                tag(
                    "p",
                    "Coverage not available: this emulator does not serve GET /_emulator/coverage/client.",
                    class_="warn",
                    id="coverage-missing",
                ),
            ]
        )
    operations = [op for op in data.get("operations") or [] if isinstance(op, Mapping)]
    by_tag: dict[str, list[Mapping[str, Any]]] = {}
    for op in operations:
        by_tag.setdefault(str(op.get("tag") or "(no tag)"), []).append(op)
    legend = tag(
        "p",
        join(
            tag("span", text, class_=f"op {kind} legend-item")
            for kind, text in (
                ("unseen", "not called"),
                ("ok", "only 2xx/3xx"),
                ("client", "some 4xx"),
                ("server", "some 5xx or dropped"),
            )
        ),
        class_="legend",
    )
    groups = join(
        tag(
            "section",
            tag("h2", f"{name} ({sum(1 for op in ops if op.get('calls'))}/{len(ops)})"),
            tag("ul", join(_tile(op) for op in ops), class_="ops"),
            class_="tag-group",
        )
        for name, ops in sorted(by_tag.items())
    )
    return join([tag("h1", "Coverage"), _totals(data, operations), legend, groups])
