"""The client coverage report as one self-contained HTML page: inline style, no script, no outside
links, every value escaped. Operations are grouped by tag; a status the operation gave is green, a
documented one it never gave is red."""

from __future__ import annotations

from html import escape
from typing import Any

from emulator.admin.coverage_report import KINDS

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}
.num{text-align:right}.path{font-family:ui-monospace,monospace}
.seen{background:#d7f5dc;border-radius:3px;padding:0 .3em;margin-right:.3em;display:inline-block}
.unseen{background:#fbd9d9;border-radius:3px;padding:0 .3em;margin-right:.3em;display:inline-block}
.code{color:#555;font-family:ui-monospace,monospace;margin-right:.5em}
tr.idle td{color:#999}
""".strip()


def _badges(row: dict[str, Any]) -> str:
    seen = " ".join(f'<span class="seen">{escape(s)} &times;{n}</span>' for s, n in row["statuses"].items())
    unseen = " ".join(
        f'<span class="unseen" title="{escape(", ".join(row["documentedBy"].get(s, [])))}">{escape(s)}</span>'
        for s in row["unseen"]
    )
    return seen + (" " if seen and unseen else "") + unseen


def _codes(row: dict[str, Any]) -> str:
    return " ".join(f'<span class="code">{escape(c)} &times;{n}</span>' for c, n in row["errorCodes"].items())


def _table(rows: list[dict[str, Any]]) -> str:
    body = "".join(
        f'<tr class="{"" if r["calls"] else "idle"}"><td>{escape(r["method"])}</td>'
        f'<td class="path">{escape(r["path"])}</td><td>{escape(r["operationId"])}</td>'
        f'<td class="num">{r["calls"]}</td><td>{_badges(r)}</td><td>{_codes(r)}</td></tr>'
        for r in rows
    )
    head = "".join(f"<th>{name}</th>" for name in ("method", "path", "operationId", "calls", "statuses", "error codes"))
    return f"<table><tr>{head}</tr>{body}</table>"


def render(report: dict[str, Any], title: str = "Cal.com API coverage of the client suite") -> str:
    t = report["totals"]
    names = dict(KINDS)
    met = "".join(
        f'<span class="{"seen" if n else "unseen"}">{escape(kind)} {escape(names[kind])}'
        f"{f' &times;{n}' if n else ''}</span>"
        for kind, n in t["met"].items()
    )
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(report["operations"], key=lambda r: (-r["calls"], r["path"], r["method"])):
        groups.setdefault(f"{row['api']} {row['tag'] or '(untagged)'}", []).append(row)
    called_first = sorted(groups.items(), key=lambda g: (-sum(r["calls"] for r in g[1]), g[0]))
    sections = "".join(
        f"<h2>{escape(name)} <small>({sum(1 for r in rows if r['calls'])} of {len(rows)} called)</small></h2>"
        + _table(rows)
        for name, rows in called_first
    )
    stray = report.get("unrouted") or {}
    stray_line = (
        f"<p>{stray['calls']} call(s) matched no operation: "
        + ", ".join(f"{escape(s)} &times;{n}" for s, n in stray.get("statuses", {}).items())
        + "</p>"
        if stray.get("calls")
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
        f"<p>{t['called']} of {t['operations']} operations called, {t['calls']} calls, "
        f"counted since {escape(str(report.get('since')))} (emulator clock).</p>"
        f"<p>Kinds of answer met: {met}</p>{stray_line}"
        f"<p>Green: statuses received (with counts). Red: statuses the operation is documented to give "
        f"(hover for where) that the suite never received.</p>{sections}</body></html>\n"
    )
