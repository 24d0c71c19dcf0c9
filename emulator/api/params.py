"""A query parameter as a handler wants it: typed by validation when the fast validator ran, else
the raw text (the openapi-core reference validator does not fill ``ctx.params``)."""

from __future__ import annotations

from typing import Any

from emulator.pipeline.context import RequestContext


def query(ctx: RequestContext, name: str) -> Any:
    typed = ctx.params.get("query", {})
    if name in typed:
        return typed[name]
    raw = ctx.query_values(name)
    return raw[0] if raw and raw[0] != "" else None


def flag(ctx: RequestContext, name: str) -> bool:
    value = query(ctx, name)
    return value is True or (isinstance(value, str) and value.lower() == "true")
