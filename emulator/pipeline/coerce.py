"""Turn raw parameter strings into typed values, as the spec's parameter schemas ask.

The rules follow OpenAPI's form/simple styles and the reference validator's casting: a value that
does not parse is left as the string it was, so that schema validation reports it with the
expected type and the received text.
"""

from __future__ import annotations

import re
from typing import Any

from emulator.specs.operations import Parameter

_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_BOOLEANS = {"true": True, "false": False}


def scalar(schema: dict[str, Any], raw: str) -> Any:
    kind = schema.get("type")
    if kind == "integer" and _INTEGER.match(raw):
        return int(raw)
    if kind == "number" and _NUMBER.match(raw):
        return int(raw) if _INTEGER.match(raw) else float(raw)
    if kind == "boolean" and raw in _BOOLEANS:
        return _BOOLEANS[raw]
    return raw


def parameter(param: Parameter, raw: list[str]) -> Any:
    """The typed value of one parameter from its raw occurrences (repeats kept, in order)."""
    schema = param.schema
    if param.is_array:
        items = schema.get("items") or {}
        values: list[str] = []
        for text in raw:
            values += text.split(",") if (not param.explode or param.location != "query") else [text]
        return [scalar(items, v) for v in values]
    return scalar(schema, raw[0])
