"""Safe HTML building for the dashboard: every value is escaped unless it is already `Html`.

Records hold whatever API callers sent (names, titles, bodies), so nothing reaches a page as markup
by accident: `tag` escapes text children and every attribute value, and only what `tag`, `esc` and
`join` return counts as markup. JSON is pretty-printed and escaped like any other text.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

# Elements without a closing tag.
VOID = frozenset({"br", "hr", "input", "img", "meta", "link"})


class Html(str):
    """Text that is already markup: escaped values and the tags built around them."""

    __slots__ = ()


def esc(value: object) -> Html:
    if isinstance(value, Html):
        return value
    return Html(html.escape("" if value is None else str(value), quote=True))


def _attr_name(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def attrs(values: Mapping[str, object]) -> str:
    """` name="value"` pairs; None and False leave the attribute out, True writes it bare."""
    out = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        if value is True:
            out.append(f" {_attr_name(name)}")
        else:
            out.append(f' {_attr_name(name)}="{html.escape(str(value), quote=True)}"')
    return "".join(out)


def tag(element: str, /, *children: object, **attributes: object) -> Html:
    """`<element attrs>children</element>`; text children are escaped, `Html` ones kept."""
    opening = f"<{element}{attrs(attributes)}>"
    if element in VOID:
        return Html(opening)
    return Html(opening + "".join(esc(c) for c in children if c is not None) + f"</{element}>")


def join(parts: Iterable[object], sep: str = "") -> Html:
    return Html(sep.join(esc(p) for p in parts))


def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=False, ensure_ascii=False, default=str)


def code_block(text: str | None, *, empty: str = "(empty)", **attributes: object) -> Html:
    if text is None or text == "":
        return tag("p", empty, class_="muted")
    return tag("pre", tag("code", text), **attributes)


def body_block(parsed: Any, raw: str | None, *, truncated: bool = False, size: int = 0) -> Html:
    """A body: its JSON pretty-printed when it parsed, else the text as kept."""
    note = tag("p", f"cut to the journal's body limit; {size} bytes in all", class_="warn") if truncated else None
    if parsed is not None:
        return join([note, code_block(pretty_json(parsed), class_="json")])
    return join([note, code_block(raw)])


def query(page: str, params: Mapping[str, object]) -> str:
    """A page's address with its query (empty values left out), as the dashboard links it."""
    kept = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return f"{page}?{urlencode(kept)}" if kept else page


def part_link(text: object, page: str, params: Mapping[str, object], **attributes: object) -> Html:
    """A link to another view of the dashboard; the page's script loads it in place."""
    return tag("a", text, href=query(page, params), data_nav=True, **attributes)


def record_link(text: object, table: str, key: object) -> Html:
    """A link to one record's JSON; the page's script shows it in the JSON viewer."""
    return tag("a", text, href=f"/_emulator/ui/record/{table}/{key}", data_json=True)


def table(headers: Iterable[str], rows: Iterable[Iterable[object]], **attributes: object) -> Html:
    head = tag("thead", tag("tr", join(tag("th", h) for h in headers)))
    body = tag("tbody", join(tag("tr", join(tag("td", c) for c in row)) for row in rows))
    return tag("table", head, body, **attributes)


def headers_table(headers: Mapping[str, str]) -> Html:
    if not headers:
        return tag("p", "(no headers)", class_="muted")
    return table(["header", "value"], ([name, value] for name, value in headers.items()), class_="headers")


def pager(page: str, params: Mapping[str, object], key: str, number: int, pages: int) -> Html:
    """Previous / "n of m" / next links for one paged list; `key` is its page parameter."""
    if pages <= 1:
        return Html("")
    prev = part_link("\u2190 newer" if key == "page" else "\u2190 previous", page, {**params, key: number - 1})
    nxt = part_link("older \u2192" if key == "page" else "next \u2192", page, {**params, key: number + 1})
    return tag(
        "nav",
        prev if number > 1 else None,
        tag("span", f"page {number} of {pages}"),
        nxt if number < pages else None,
        class_="pager",
    )


def page_of(value: str | None, pages: int) -> int:
    """A page number from the query, held within 1..pages (a bad or absent one is the first)."""
    if value is None or not value.isdecimal() or len(value) > 9:
        return 1
    return max(1, min(int(value), max(pages, 1)))


def pages_for(count: int, size: int) -> int:
    return max(1, -(-count // size))


def badge(text: object, kind: str) -> Html:
    return tag("span", text, class_=f"badge {kind}")


def status_kind(status: int) -> str:
    if status == 0:
        return "dropped"
    return {2: "ok", 3: "ok", 4: "client", 5: "server"}.get(status // 100, "other")
