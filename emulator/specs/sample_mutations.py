"""Invalid values made from valid ones, and edge values whose verdict is the checker's.

``Mutator`` walks a valid value together with the schemas that apply at each place in it and
changes one place at a time: a required property left out, a wrong-typed or out-of-enum value,
a bad format, a number below its minimum, null where nullable does not allow it. A mutation is
kept only when the independent ``SchemaChecker`` rejects the result, and a kind of mutation the
schema makes impossible is skipped. Its edge values (leap seconds, a trailing newline, year 0000,
uuid spellings, a non-ASCII digit under a pattern, null next to nullable) are where implementations
of the same rules tend to part; whether each is valid is the checker's call.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from emulator.specs.convert import Direction
from emulator.specs.sample_check import SchemaChecker

_WRONG_BY_TYPE: dict[str, Any] = {
    "string": 12345,
    "integer": "not-an-integer",
    "number": "not-a-number",
    "boolean": "not-a-boolean",
    "array": "not-an-array",
    "object": "not-an-object",
}
_WRONG_ANY: tuple[Any, ...] = (12345, "not-a-value", True, [], {})
# (kind, case, value): format values where implementations part; valid or not as the checker says.
_FORMAT_EDGES: dict[Any, tuple[tuple[str, str, str], ...]] = {
    "date-time": (
        ("leap second", "is a leap second", "2030-06-30T23:59:60Z"),
        ("not a leap second", "has second 60 off midnight UTC", "2030-06-30T10:59:60Z"),
        ("newline", "ends in a newline", "2030-06-30T10:00:00Z\n"),
        ("year 0", "is in year 0000", "0000-01-01T00:00:00Z"),
        ("lower case", "has a lower-case t and z", "2030-06-30t10:00:00z"),
        ("no offset", "has no offset", "2030-06-30T10:00:00"),
    ),
    "date": (("year 0", "is in year 0000", "0000-01-01"), ("feb 29", "is Feb 29 of a common year", "2031-02-29")),
    "uuid": (
        ("bare uuid", "has no hyphens", "123e4567e89b12d3a456426614174000"),
        ("braced uuid", "is in braces", "{123e4567-e89b-12d3-a456-426614174000}"),
        ("upper uuid", "is in upper case", "123E4567-E89B-12D3-A456-426614174000"),
    ),
    "email": (("bare at", "is just an @", "@"),),
}
# Shared with the parameter texts (sample_params.py): a body property and a parameter fail a format alike.
BAD_FORMAT = {"date-time": "not-a-date-time", "date": "2030-13-45", "uuid": "not-a-uuid", "email": "no-at-sign"}

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Site:
    """One place in a valid value, with the schemas that apply there."""

    path: Path
    schemas: tuple[dict[str, Any], ...]  # resolved; allOf members and the matching oneOf/anyOf branches included


def _get(root: Any, path: Path) -> Any:
    node = root
    for part in path:
        node = node[part]
    return node


def _set(root: Any, path: Path, value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(root))
    node = copy
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return copy


def _delete(root: Any, path: Path) -> Any:
    copy = json.loads(json.dumps(root))
    node = copy
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return copy


def _where(path: Path) -> str:
    out = "body"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class Mutator:
    """Finds the places in a valid value where it can be made invalid, and makes it so."""

    def __init__(self, checker: SchemaChecker, direction: Direction) -> None:
        self.checker = checker
        self.direction = direction

    def applying(self, schema: Any, value: Any) -> list[dict[str, Any]]:
        """The schema and every allOf member or matching oneOf/anyOf branch under it."""
        s = self.checker.resolve(schema)
        out = [s]
        for sub in s.get("allOf", []):
            out += self.applying(sub, value)
        for key in ("oneOf", "anyOf"):
            for sub in s.get(key, []):
                if self.checker.conforms(sub, value, self.direction):
                    out += self.applying(sub, value)
        return out

    def sites(self, schema: Any, value: Any, path: Path = ()) -> Iterator[Site]:
        """Every position in the value, breadth first, with the schemas that apply there."""
        queue: list[tuple[Any, Any, Path]] = [(schema, value, path)]
        while queue:
            sch, val, at = queue.pop(0)
            applying = self.applying(sch, val)
            yield Site(at, tuple(applying))
            for s in applying:
                if isinstance(val, dict):
                    for name, prop in s.get("properties", {}).items():
                        if name in val:
                            queue.append((prop, val[name], (*at, name)))
                    extra = s.get("additionalProperties")
                    if isinstance(extra, dict):
                        for name in val:
                            if name not in s.get("properties", {}):
                                queue.append((extra, val[name], (*at, name)))
                elif isinstance(val, list) and "items" in s and val:
                    queue.append((s["items"], val[0], (*at, 0)))

    def mutants(self, schema: Any, value: Any) -> list[tuple[str, Any]]:
        """(case name, invalid value) pairs: at most one per kind, the shallowest one that works."""
        found: dict[str, tuple[str, Any]] = {}

        def offer(kind: str, case: str, mutated: Any) -> None:
            if kind not in found and not self.checker.conforms(schema, mutated, self.direction):
                found[kind] = (case, mutated)

        top = self.checker.resolve(schema)
        top_kind = top.get("type") or ("object" if "properties" in top else None)
        if top_kind:
            offer(
                "top-type",
                f"body is {type(_WRONG_BY_TYPE[top_kind]).__name__}, not {top_kind}",
                _WRONG_BY_TYPE[top_kind],
            )
        for site in self.sites(schema, value):
            node = _get(value, site.path)
            for s in site.schemas:
                if isinstance(node, dict):
                    props = s.get("properties", {})
                    for name in s.get("required", []):
                        if name in node:
                            offer(
                                "missing",
                                f"{_where(site.path)} lacks required {name!r}",
                                _delete(value, (*site.path, name)),
                            )
                    for name, prop in props.items():
                        if name in node:
                            self._property_mutants(offer, (*site.path, name), self.checker.resolve(prop), value)
        return list(found.values())

    def edges(self, schema: Any, value: Any) -> list[tuple[str, Any, bool]]:
        """(case, value, valid) for values at the edges of what a format or nullable allows.

        Whether each is valid is the checker's call: these are where implementations of the
        same rules tend to part (leap seconds, a trailing newline, uuid spellings, null in an enum).
        """
        found: dict[str, tuple[str, Any, bool]] = {}

        def offer(kind: str, case: str, mutated: Any) -> None:
            if kind not in found:
                found[kind] = (case, mutated, self.checker.conforms(schema, mutated, self.direction))

        for site in self.sites(schema, value):
            node = _get(value, site.path)
            if not isinstance(node, dict):
                continue
            for s in site.schemas:
                for name, prop in s.get("properties", {}).items():
                    if name in node:
                        self._edge_mutants(offer, (*site.path, name), self.checker.resolve(prop), value)
        return list(found.values())

    @staticmethod
    def _edge_mutants(offer: Any, path: Path, prop: dict[str, Any], root: Any) -> None:
        where = _where(path)
        for kind, case, edge in _FORMAT_EDGES.get(prop.get("format"), ()):
            offer(kind, f"{where} {case}", _set(root, path, edge))
        if prop.get("nullable") is True:
            # OAS 3.0.3: nullable qualifies a type next to it; with none (allOf: [$ref]) null is not let in.
            kind = "null in enum" if "enum" in prop else "null" if "type" in prop else "null without type"
            offer(kind, f"{where} is null ({kind.replace('null', 'nullable')})", _set(root, path, None))
        if isinstance(prop.get("pattern"), str) and isinstance(_get(root, path), str):
            text = _get(root, path)
            offer("pattern newline", f"{where} ends in a newline after its pattern", _set(root, path, text + "\n"))
            if "\\d" in prop["pattern"] and re.search("[0-9]", text):
                other = re.sub("[0-9]", "\u0663", text, count=1)
                offer("pattern digit", f"{where} has an Arabic-Indic digit", _set(root, path, other))

    def _property_mutants(self, offer: Any, path: Path, prop: dict[str, Any], root: Any) -> None:
        where = _where(path)
        kind = prop.get("type")
        if isinstance(kind, str) and kind in _WRONG_BY_TYPE:
            offer("type", f"{where} is not {kind}", _set(root, path, _WRONG_BY_TYPE[kind]))
        elif kind is None:
            for wrong in _WRONG_ANY:
                offer("type", f"{where} is {type(wrong).__name__}", _set(root, path, wrong))
        if kind == "integer":
            offer("fraction", f"{where} is a fraction", _set(root, path, 1.5))
        if "enum" in prop:
            offer("enum", f"{where} is not one of its enum", _set(root, path, "not-in-enum"))
        if prop.get("format") in BAD_FORMAT:
            offer("format", f"{where} is not a {prop['format']}", _set(root, path, BAD_FORMAT[prop["format"]]))
        if isinstance(prop.get("minimum"), int | float):
            offer("minimum", f"{where} is below its minimum", _set(root, path, prop["minimum"] - 1))
        if "type" in prop and prop.get("nullable") is not True:
            offer("null", f"{where} is null but not nullable", _set(root, path, None))
