"""Strings that match a simple ``pattern``: the generator's answer to a string schema with one.

The pattern is parsed with re's own parser and walked to emit one string it accepts: the
fewest repetitions, the first branch, a plain character from each class. Anything it does not
know (lookarounds, backreferences) means no sample, and the caller falls back or gives up.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from emulator.specs.convert import ecma_pattern

# re's own pattern parser (CPython 3.11+), used to build a string a simple ``pattern`` matches.
# It is private, so it is typed Any and any failure means "no sample for this pattern".
try:
    _RE_PARSER: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover
    _RE_PARSER = None


def sample_pattern(pattern: str) -> str | None:
    """A string ``re.search(pattern, s)`` accepts, for simple patterns; None when not found."""
    if _RE_PARSER is None:  # pragma: no cover
        return None
    try:
        out = _emit(_RE_PARSER.parse(pattern))
    except Exception:  # unsupported construct: callers fall back or give up
        return None
    return out if re.search(ecma_pattern(pattern), out) else None


# One character for each class escape, and for each negated one.
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "7",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_WORD": "w",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "x",
}


def _in_set(items: list[tuple[Any, Any]], char: str) -> bool:
    for op, av in items:
        kind = str(op)
        if kind == "LITERAL" and chr(av) == char:
            return True
        if kind == "RANGE" and av[0] <= ord(char) <= av[1]:
            return True
        if kind == "CATEGORY":
            name = str(av)
            probe = {
                "CATEGORY_DIGIT": char.isdigit(),
                "CATEGORY_NOT_DIGIT": not char.isdigit(),
                "CATEGORY_WORD": char.isalnum() or char == "_",
                "CATEGORY_NOT_WORD": not (char.isalnum() or char == "_"),
                "CATEGORY_SPACE": char.isspace(),
                "CATEGORY_NOT_SPACE": not char.isspace(),
            }
            if probe.get(name, False):
                return True
    return False


def _emit(parsed: Any) -> str:
    out = ""
    for op, av in parsed:
        kind = str(op)
        if kind == "LITERAL":
            out += chr(av)
        elif kind == "NOT_LITERAL":
            out += "a" if chr(av) != "a" else "b"
        elif kind == "ANY":
            out += "x"
        elif kind == "IN":
            negate = any(str(o) == "NEGATE" for o, _ in av)
            items = [(o, a) for o, a in av if str(o) != "NEGATE"]
            for candidate in "a7x-_ Z.":
                if _in_set(items, candidate) != negate:
                    out += candidate
                    break
            else:
                raise ValueError("no character for this class")
        elif kind == "CATEGORY":
            out += _CATEGORY_CHARS[str(av)]
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = av
            out += _emit(sub) * low
        elif kind == "SUBPATTERN":
            out += _emit(av[-1])
        elif kind == "ATOMIC_GROUP":
            out += _emit(av)
        elif kind == "BRANCH":
            out += _emit(av[1][0])
        elif kind == "AT":
            continue
        else:
            raise ValueError(f"unsupported pattern construct {kind}")
    return out
