"""Body shapes: a JSON value's types and keys without its values, and the differences between two.

The items of an array are merged into one shape (the keys of every item, the types each key took),
and an empty array fits any. An object whose keys are all dates or numbers (slots by day, maps by
id) is a map: its values are merged as an array's items are, so two worlds' different days do not
count as different keys. A key that is null on one side and a value on the other is a nullability
difference, told apart from a type difference (a number where a string was).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAP_KEY = re.compile(r"^(\d{4}-\d{2}-\d{2}.*|\d+)$")
MAX_DEPTH = 32


@dataclass(frozen=True)
class Shape:
    kind: str  # object | map | array | scalar
    fields: tuple[tuple[str, Shape], ...] = ()  # object: by key; map and array: ("", item) or nothing
    types: frozenset[str] = frozenset()  # scalar: string, number, boolean, null (several after merging)

    def describe(self) -> str:
        if self.kind == "scalar":
            return "|".join(sorted(self.types))
        return self.kind


NULL = Shape("scalar", types=frozenset({"null"}))


def shape_of(value: Any, depth: int = 0) -> Shape:
    if depth > MAX_DEPTH:
        return Shape("scalar", types=frozenset({"deep"}))
    if isinstance(value, dict):
        if value and all(MAP_KEY.match(str(k)) for k in value):
            return Shape("map", _item(list(value.values()), depth))
        return Shape("object", tuple((str(k), shape_of(v, depth + 1)) for k, v in value.items()))
    if isinstance(value, list):
        return Shape("array", _item(value, depth))
    if value is None:
        return NULL
    if isinstance(value, bool):
        return Shape("scalar", types=frozenset({"boolean"}))
    if isinstance(value, (int, float)):
        return Shape("scalar", types=frozenset({"number"}))
    return Shape("scalar", types=frozenset({"string"}))


def _item(values: list[Any], depth: int) -> tuple[tuple[str, Shape], ...]:
    if not values:
        return ()
    merged = shape_of(values[0], depth + 1)
    for value in values[1:]:
        merged = merge(merged, shape_of(value, depth + 1))
    return (("", merged),)


def merge(a: Shape, b: Shape) -> Shape:
    if a == b:
        return a
    if a == NULL:
        return b
    if b == NULL:
        return a
    if a.kind == b.kind == "scalar":
        return Shape("scalar", types=a.types | b.types)
    if a.kind == b.kind == "object":
        fields = dict(a.fields)
        for key, sub in b.fields:
            fields[key] = merge(fields[key], sub) if key in fields else sub
        return Shape("object", tuple(fields.items()))
    if a.kind == b.kind and a.kind in ("array", "map"):
        if not a.fields or not b.fields:
            return a if a.fields else b
        return Shape(a.kind, (("", merge(a.fields[0][1], b.fields[0][1])),))
    return Shape("scalar", types=frozenset({a.describe(), b.describe()}))


@dataclass(frozen=True)
class Difference:
    kind: str  # status | errorCode | missing | extra | type | nullability
    where: str  # "" for the status and the error code; a field path ("data.attendees[].email") otherwise
    recorded: str
    replayed: str

    def line(self) -> str:
        names = {
            "status": "status",
            "errorCode": "error code",
            "missing": "missing from the emulator's answer:",
            "extra": "only in the emulator's answer:",
            "type": "type of",
            "nullability": "null on one side only:",
        }
        where = f" {self.where}" if self.where else ""
        return f"{names[self.kind]}{where}: recorded {self.recorded}, replayed {self.replayed}"


def compare(recorded: Shape, replayed: Shape, path: str = "") -> list[Difference]:
    """Where two shapes differ, as field paths; the body itself is ``(body)``."""
    where = path or "(body)"
    if recorded.kind != replayed.kind:
        if NULL in (recorded, replayed):
            return [Difference("nullability", where, recorded.describe(), replayed.describe())]
        return [Difference("type", where, recorded.describe(), replayed.describe())]
    if recorded.kind == "scalar":
        if recorded.types == replayed.types:
            return []
        only_null = NULL in (recorded, replayed) or recorded.types - {"null"} == replayed.types - {"null"}
        kind = "nullability" if only_null else "type"
        return [Difference(kind, where, recorded.describe(), replayed.describe())]
    if recorded.kind in ("array", "map"):
        if not recorded.fields or not replayed.fields:
            return []
        suffix = "[]" if recorded.kind == "array" else "{}"
        return compare(recorded.fields[0][1], replayed.fields[0][1], path + suffix)
    mine, theirs = dict(recorded.fields), dict(replayed.fields)
    out: list[Difference] = []
    for key in mine:
        child = f"{path}.{key}" if path else key
        if key not in theirs:
            out.append(Difference("missing", child, mine[key].describe(), "absent"))
        else:
            out += compare(mine[key], theirs[key], child)
    for key in theirs:
        if key not in mine:
            child = f"{path}.{key}" if path else key
            out.append(Difference("extra", child, "absent", theirs[key].describe()))
    return out


def error_code(body: Any) -> str | None:
    """v2's ``error.code`` of an error envelope, else None."""
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else None
