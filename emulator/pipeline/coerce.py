r"""Turn raw parameter strings into typed values, as the spec's parameter schemas ask.

The rules follow OpenAPI's form/simple styles and the reference validator's casting: a value that
does not parse is left as the string it was, so that schema validation reports it with the
expected type and the received text.

Scalars are read as JSON-like literals only: an integer is ``-?\d+``, a number a decimal with an
optional exponent, a boolean ``true`` or ``false``. openapi-core casts with Python's ``int()``,
``float()`` and a yes/no/on/off/1/0 table, so it also takes ``+5``, `` 5``, ``1_000``, ``inf``,
``nan`` and ``yes``; the reference adapter holds it to ``is_literal`` instead (reference.py).
"""

from __future__ import annotations

import math
import re
from typing import Any

from emulator.specs.operations import Parameter

# fullmatch, ASCII: "5\n" and Arabic-Indic digits are not integers here (int() would take both).
_INTEGER = re.compile(r"-?\d+", re.ASCII)
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_BOOLEANS = {"true": True, "false": False}


def is_literal(kind: str, raw: str) -> bool:
    """Whether a parameter text is a literal of the given schema type (other types: any text)."""
    if kind == "integer":
        return _INTEGER.fullmatch(raw) is not None
    if kind == "number":
        # 1e400 overflows to inf, which no JSON number is.
        return _NUMBER.fullmatch(raw) is not None and math.isfinite(float(raw))
    if kind == "boolean":
        return raw in _BOOLEANS
    return True


def scalar(schema: dict[str, Any], raw: str) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer" and is_literal("integer", raw):
            return int(raw)
        if kind == "number" and is_literal("number", raw):
            return int(raw) if _INTEGER.fullmatch(raw) else float(raw)
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
        return raw
    if kind == "boolean" and raw in _BOOLEANS:
        return _BOOLEANS[raw]
    return raw


def texts(param: Parameter, raw: list[str]) -> list[str]:
    """The texts an array parameter's items are read from: form-exploded queries repeat the name,
    everything else (non-exploded form, simple style in paths and headers) is comma separated."""
    if param.explode and param.location == "query":
        return list(raw)
    return [v for text in raw for v in text.split(",")]


def parameter(param: Parameter, raw: list[str]) -> Any:
    """The typed value of one parameter from its raw occurrences (repeats kept, in order)."""
    schema = param.schema
    if param.is_array:
        items = schema.get("items") or {}
        return [scalar(items, v) for v in texts(param, raw)]
    return scalar(schema, raw[0])
