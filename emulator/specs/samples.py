"""Deterministic sample requests and responses, generated from the (overlaid) specs' schemas.

For every operation this builds a VALID request (path parameters as strings, query as ordered
(name, value) pairs, headers, a JSON body) and INVALID variants of it (a path parameter of the
wrong type, a required query parameter left out, a wrong-typed or out-of-enum query value, a
required body property left out, a wrong-typed body property, a body that is not JSON...), and
for every documented JSON response a VALID body and INVALID ones. The validator agreement test
and the validation benchmark run both validators over this corpus.

The generator is schema driven and reads OpenAPI 3.0 directly (``$ref`` to
``#/components/schemas``, allOf/oneOf/anyOf, nullable, enum, the checked formats, bounds, simple
patterns, readOnly/writeOnly); it does not use either validator. Instead, ``SchemaChecker`` is a
small third implementation of OpenAPI 3.0 schema semantics (the OAS 3.0.3 reading that
openapi-core follows: ``nullable`` only next to a ``type``, ``discriminator`` an annotation); it
decides which oneOf branch a generated value falls in and whether a mutated value really is
invalid. A mutation the schema makes impossible (no required property, an unconstrained value)
is skipped. A schema no instance can satisfy is recorded in ``Corpus.unsatisfiable``, and the
nearest value the generator finds for it becomes a case both validators must reject.

Besides plain valid and invalid cases there are edge cases, where implementations of the same
rules tend to part: parameter texts at the edge of a literal (``+5``, ``1_000``, ``nan``, ``yes``:
not literals; ``007``, ``2.5e1``: literals, see pipeline/coerce.py), format values (leap
seconds, a trailing newline, year 0000, uuid spellings), pattern edges (a trailing newline, a
non-ASCII digit), null where nullable does or does not allow it, charset parameters and +json
media types. Their verdict is the checker's.

Everything is drawn from ``random.Random(seed)``: the same specs and seed give the same corpus.
"""

from __future__ import annotations

import importlib
import json
import math
import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from emulator.specs.convert import FORMAT_CHECKS, Direction, ecma_pattern
from emulator.specs.loader import SpecSet
from emulator.specs.operations import Operation, Parameter
from emulator.specs.schemas import stage_owned

# re's own pattern parser (CPython 3.11+), used to build a string a simple ``pattern`` matches.
# It is private, so it is typed Any and any failure means "no sample for this pattern".
try:
    _RE_PARSER: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover
    _RE_PARSER = None

JSON_TYPE = "application/json"
_MAX_DEPTH = 12  # past this, only required properties and empty arrays: recursive schemas end
_OPTIONAL_DEPTH = 3  # optional properties are considered down to this depth only
_COMBINATORS = ("allOf", "oneOf", "anyOf")
_ANNOTATIONS = frozenset(
    {"description", "example", "examples", "title", "default", "deprecated", "externalDocs", "xml"}
)
_NOTHING = object()


class Unsatisfiable(Exception):
    """No instance satisfies the schema (or the generator could not find one)."""


# ---------------------------------------------------------------------------------------------
# An independent OpenAPI 3.0 instance checker
# ---------------------------------------------------------------------------------------------


def _is_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return False


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _format_ok(fmt: str, value: str) -> bool:
    """The checked formats as both validators are held to them; other formats are annotations."""
    check = FORMAT_CHECKS.get(fmt)
    return check is None or check(value)


class SchemaChecker:
    """Resolves one document's ``#/components/schemas`` references and checks instances."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.components: dict[str, Any] = document.get("components", {}).get("schemas", {})

    def resolve(self, schema: Any) -> dict[str, Any]:
        seen: set[str] = set()
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if ref in seen:
                raise Unsatisfiable(f"$ref cycle at {ref}")
            seen.add(ref)
            name = ref.rsplit("/", 1)[-1]
            if not ref.startswith("#/components/schemas/") or name not in self.components:
                raise Unsatisfiable(f"unresolvable $ref {ref}")
            schema = self.components[name]
        if schema is True or schema is None:
            return {}
        if schema is False:
            return {"not": {}}
        if not isinstance(schema, dict):
            raise Unsatisfiable(f"not a schema: {schema!r}")
        return schema

    def conforms(self, schema: Any, value: Any, direction: Direction) -> bool:
        return self._ok(self.resolve(schema), value, direction)

    def _ok(self, s: dict[str, Any], value: Any, direction: Direction) -> bool:
        hidden = "readOnly" if direction == "request" else "writeOnly"
        if s.get(hidden) is True:
            return False
        if value is None:
            # OAS 3.0.3: null passes a type only where nullable: true sits next to it.
            if "type" in s and s.get("nullable") is not True:
                return False
        elif "type" in s and not _is_type(value, s["type"]):
            return False
        if "enum" in s and not any(_equal(value, e) for e in s["enum"]):
            return False
        if isinstance(value, str) and not self._string_ok(s, value):
            return False
        if isinstance(value, int | float) and not isinstance(value, bool) and not self._number_ok(s, value):
            return False
        if isinstance(value, list) and not self._array_ok(s, value, direction):
            return False
        if isinstance(value, dict) and not self._object_ok(s, value, direction):
            return False
        if "allOf" in s and not all(self.conforms(b, value, direction) for b in s["allOf"]):
            return False
        if "anyOf" in s and not any(self.conforms(b, value, direction) for b in s["anyOf"]):
            return False
        if "oneOf" in s and sum(self.conforms(b, value, direction) for b in s["oneOf"]) != 1:
            return False
        return not ("not" in s and self.conforms(s["not"], value, direction))

    @staticmethod
    def _string_ok(s: dict[str, Any], value: str) -> bool:
        if len(value) < s.get("minLength", 0) or ("maxLength" in s and len(value) > s["maxLength"]):
            return False
        if "pattern" in s and not re.search(ecma_pattern(s["pattern"]), value):
            return False
        return not ("format" in s and not _format_ok(s["format"], value))

    @staticmethod
    def _number_ok(s: dict[str, Any], value: float) -> bool:
        if "minimum" in s and (value <= s["minimum"] if s.get("exclusiveMinimum") else value < s["minimum"]):
            return False
        if "maximum" in s and (value >= s["maximum"] if s.get("exclusiveMaximum") else value > s["maximum"]):
            return False
        return not ("multipleOf" in s and not math.isclose(value / s["multipleOf"], round(value / s["multipleOf"])))

    def _array_ok(self, s: dict[str, Any], value: list[Any], direction: Direction) -> bool:
        if len(value) < s.get("minItems", 0) or ("maxItems" in s and len(value) > s["maxItems"]):
            return False
        if s.get("uniqueItems") and any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :]):
            return False
        return "items" not in s or all(self.conforms(s["items"], item, direction) for item in value)

    def _object_ok(self, s: dict[str, Any], value: dict[str, Any], direction: Direction) -> bool:
        props: dict[str, Any] = s.get("properties", {})
        hidden = "readOnly" if direction == "request" else "writeOnly"
        for name in s.get("required", []):
            # A readOnly property is not required in a request, nor a writeOnly one in a response.
            if name not in value and not (isinstance(props.get(name), dict) and props[name].get(hidden) is True):
                return False
        if len(value) < s.get("minProperties", 0) or ("maxProperties" in s and len(value) > s["maxProperties"]):
            return False
        for name, item in value.items():
            if name in props:
                if not self.conforms(props[name], item, direction):
                    return False
            elif "patternProperties" in s and any(re.search(p, name) for p in s["patternProperties"]):
                matching = [sub for p, sub in s["patternProperties"].items() if re.search(p, name)]
                if not all(self.conforms(sub, item, direction) for sub in matching):
                    return False
            elif "additionalProperties" in s:
                extra = s["additionalProperties"]
                if extra is False or (isinstance(extra, dict) and not self.conforms(extra, item, direction)):
                    return False
        return True


# ---------------------------------------------------------------------------------------------
# Valid values
# ---------------------------------------------------------------------------------------------


def _sample_pattern(pattern: str) -> str | None:
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


def _drop(schema: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in keys}


def _merge(parts: list[Any]) -> Any:
    """allOf: objects are merged, anything else must agree (the first one is kept)."""
    objects = [p for p in parts if isinstance(p, dict)]
    if objects and len(objects) == len(parts):
        merged: dict[str, Any] = {}
        for p in objects:
            merged.update(p)
        return merged
    return parts[0]


def _rest(schema: dict[str, Any], key: str) -> dict[str, Any]:
    """The schema without one combinator; without ``nullable`` too when no ``type`` is left for it to qualify."""
    rest = _drop(schema, key)
    if "type" not in rest:
        rest.pop("nullable", None)
    return rest


def _implied_type(schema: dict[str, Any]) -> str | None:
    if any(k in schema for k in ("properties", "required", "additionalProperties", "minProperties")):
        return "object"
    if "items" in schema:
        return "array"
    return None


def _merge_schemas(schemas: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One schema with the constraints of all (for allOf, and oneOf siblings); None on a clash."""
    out: dict[str, Any] = {}
    for s in schemas:
        for key, value in s.items():
            if key == "properties":
                out["properties"] = {**out.get("properties", {}), **value}
            elif key == "required":
                out["required"] = list(dict.fromkeys([*out.get("required", []), *value]))
            elif key in out and out[key] != value and key not in _ANNOTATIONS:
                return None
            else:
                out[key] = value
    return out


def _has_constraints(schema: dict[str, Any]) -> bool:
    """Whether anything in the schema object itself (besides the combinators) restricts values."""
    return any(k not in _ANNOTATIONS and not k.startswith("x-") for k in _drop(schema, *_COMBINATORS, "discriminator"))


class ValueGenerator:
    """Makes values that satisfy a schema, in one direction (readOnly/writeOnly left out)."""

    def __init__(self, checker: SchemaChecker, rng: random.Random) -> None:
        self.checker = checker
        self.rng = rng
        self.counter = 0
        self.lenient = False  # best effort: keep going past unmatched patterns and oneOf branches

    def best_effort(self, schema: Any, direction: Direction) -> Any:
        """The nearest value the generator finds for a schema it cannot satisfy (raises if none)."""
        self.lenient = True
        try:
            return self._value(schema, direction, True, 0)
        finally:
            self.lenient = False

    def value(self, schema: Any, direction: Direction, *, full: bool = False) -> Any:
        """A value the schema accepts; ``full`` includes every optional property (recursion permitting)."""
        last: Exception | None = None
        for attempt in range(6):
            try:
                # Half the attempts with fewer optional properties: one of them may be what fails.
                candidate = self._value(schema, direction, full and attempt < 3, 0)
            except Unsatisfiable as exc:
                last = exc
                continue
            if self.checker.conforms(schema, candidate, direction):
                return candidate
            last = Unsatisfiable(f"generated value does not conform: {json.dumps(candidate)[:200]}")
        raise last or Unsatisfiable("no value")

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def _value(self, schema: Any, direction: Direction, full: bool, depth: int) -> Any:
        if depth > _MAX_DEPTH * 2:
            raise Unsatisfiable("schema too deep")
        s = self.checker.resolve(schema)
        if s.get("not") == {}:
            raise Unsatisfiable("schema forbids every value")
        # Now and then null where nullable allows it (OAS 3.0.3: next to a type, and in the enum if any).
        nullable = "type" in s and s.get("nullable") is True and None in s.get("enum", [None])
        if nullable and depth > 0 and self.rng.random() < 0.15:
            return None
        if "enum" in s:
            choices = [e for e in s["enum"] if e is not None] or list(s["enum"])
            if not choices:
                raise Unsatisfiable("empty enum")
            return self.rng.choice(choices)
        if "oneOf" in s or "anyOf" in s:
            return self._choice(s, direction, full, depth)
        if "allOf" in s:
            merged = _merge_schemas([_rest(s, "allOf"), *(self.checker.resolve(m) for m in s["allOf"])])
            if merged is not None:
                return self._value(merged, direction, full, depth + 1)
            parts = [self._value(m, direction, full, depth + 1) for m in s["allOf"]]
            if _has_constraints(_rest(s, "allOf")):
                parts.append(self._value(_rest(s, "allOf"), direction, full, depth))
            return _merge(parts)
        kind = s.get("type") or _implied_type(s)
        if kind == "object":
            return self._object(s, direction, full, depth)
        if kind == "array":
            return self._array(s, direction, full, depth)
        if kind == "string" or kind is None:
            return self._string(s)
        if kind in ("integer", "number"):
            return self._number(s, kind)
        if kind == "boolean":
            return self.rng.random() < 0.5
        raise Unsatisfiable(f"unknown type {kind!r}")

    def _choice(self, s: dict[str, Any], direction: Direction, full: bool, depth: int) -> Any:
        """oneOf/anyOf: the first branch (in a seeded order) whose value the whole schema accepts.

        A branch is generated together with the constraints next to the oneOf/anyOf (merged
        into one schema), first as asked and then with every optional property, which is what
        tells apart branches that differ only in optional properties.
        """
        key = "oneOf" if "oneOf" in s else "anyOf"
        rest = _rest(s, key)
        branches = list(s[key])
        self.rng.shuffle(branches)
        last: Any = _NOTHING
        for branch in branches:
            resolved = self.checker.resolve(branch)
            effective = _merge_schemas([rest, resolved]) if _has_constraints(rest) else resolved
            for mode in dict.fromkeys((full, True)):
                try:
                    if effective is not None:
                        candidate = self._value(effective, direction, mode, depth + 1)
                    else:
                        parts = [
                            self._value(branch, direction, mode, depth + 1),
                            self._value(rest, direction, mode, depth),
                        ]
                        candidate = _merge(parts)
                except Unsatisfiable:
                    continue
                if self.checker.conforms(s, candidate, direction):
                    return candidate
                last = candidate
        if self.lenient and last is not _NOTHING:
            return last
        raise Unsatisfiable(f"no {key} branch yields a value only it accepts")

    def _object(self, s: dict[str, Any], direction: Direction, full: bool, depth: int) -> dict[str, Any]:
        hidden = "readOnly" if direction == "request" else "writeOnly"
        props: dict[str, Any] = s.get("properties", {})
        required = set(s.get("required", []))
        out: dict[str, Any] = {}
        for name, prop in props.items():
            if isinstance(prop, dict) and prop.get(hidden) is True:
                continue
            # Optional properties: all of them in full mode (recursion permitting), else a coin toss near the top.
            wanted = depth < _MAX_DEPTH if full else depth < _OPTIONAL_DEPTH and self.rng.random() < 0.5
            if name not in required and not wanted:
                continue
            try:
                out[name] = self._property(prop, direction, full, depth + 1)
            except Unsatisfiable as exc:
                if name in required:
                    raise Unsatisfiable(f".{name}{'' if str(exc).startswith(('.', '[')) else ': '}{exc}") from exc
        for name in sorted(required - props.keys()):
            out[name] = f"value-{self._next()}"
        extra = s.get("additionalProperties")
        if isinstance(extra, dict) and not props and depth < _MAX_DEPTH:
            out[f"key{self._next()}"] = self._value(extra, direction, full, depth + 1)
        return out

    def _property(self, schema: Any, direction: Direction, full: bool, depth: int) -> Any:
        """A property's value, checked on the spot so that a failure names the property."""
        for _attempt in range(3):
            value = self._value(schema, direction, full, depth)
            if self.lenient or self.checker.conforms(schema, value, direction):
                return value
        s = self.checker.resolve(schema)
        raise Unsatisfiable(f"no value satisfies {json.dumps(_drop(s, *_ANNOTATIONS))[:160]}")

    def _array(self, s: dict[str, Any], direction: Direction, full: bool, depth: int) -> list[Any]:
        low = s.get("minItems", 0)
        count = max(low, 1 if depth < _MAX_DEPTH else 0)
        count = min(count, s.get("maxItems", count))
        items = s.get("items", {})
        out: list[Any] = []
        for _ in range(count * 4):
            if len(out) >= count:
                break
            try:
                item = self._property(items, direction, full, depth + 1)
            except Unsatisfiable as exc:
                raise Unsatisfiable(f"[{len(out)}]{'' if str(exc).startswith(('.', '[')) else ': '}{exc}") from exc
            if not (s.get("uniqueItems") and any(_equal(item, o) for o in out)):
                out.append(item)
        if len(out) < low:
            raise Unsatisfiable("cannot make enough distinct items")
        return out

    def _string(self, s: dict[str, Any]) -> str:
        n = self._next()
        fmt = s.get("format")
        if fmt == "date-time":
            value = f"2030-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
            if n % 2:
                value = value[:-1] + ".000+02:00"
        elif fmt == "date":
            value = f"2030-{1 + n % 12:02d}-{1 + n % 28:02d}"
        elif fmt == "email":
            value = f"user{n}@example.com"
        elif fmt == "uuid":
            value = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        elif fmt in ("uri", "url"):
            value = f"https://example.com/item/{n}"
        else:
            value = f"sample{n}"
        if "pattern" in s and not re.search(ecma_pattern(s["pattern"]), value):
            found = _sample_pattern(s["pattern"])
            if found is None and self.lenient:
                found = value
            if found is None:
                raise Unsatisfiable(f"no string matches pattern {s['pattern']!r}")
            value = found
        low, high = s.get("minLength", 0), s.get("maxLength")
        if len(value) < low:
            value += "x" * (low - len(value))
        if high is not None and len(value) > high:
            value = value[:high]
        return value

    def _number(self, s: dict[str, Any], kind: str) -> int | float:
        low = s.get("minimum")
        high = s.get("maximum")
        lo = 1 if low is None else math.floor(low) + (1 if s.get("exclusiveMinimum") else 0)
        if low is not None and lo < low:
            lo += 1
        hi = lo + 100 if high is None else math.ceil(high) - (1 if s.get("exclusiveMaximum") else 0)
        if high is not None and hi > high:
            hi -= 1
        if hi < lo:
            raise Unsatisfiable(f"empty range [{low}, {high}]")
        picked = self.rng.randint(lo, min(hi, lo + 100))
        ceiling = math.inf if high is None else high
        fits = picked + 0.5 < ceiling or (picked + 0.5 == ceiling and not s.get("exclusiveMaximum"))
        if kind == "number" and fits and self.rng.random() < 0.25:
            return picked + 0.5
        return picked


# ---------------------------------------------------------------------------------------------
# Invalid values: mutations of a valid one that the checker confirms are invalid
# ---------------------------------------------------------------------------------------------

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
# Parameter texts at the edge of a literal: (label, text, the typed value, or None where the text
# is not a literal). Scalars are JSON-like literals (pipeline/coerce.py): openapi-core's int(),
# float() and yes/no casting would take every None one here.
_LITERAL_EDGES: dict[Any, tuple[tuple[str, str, Any], ...]] = {
    "integer": (
        ("has leading zeros", "007", 7),
        ("has a plus sign", "+5", None),
        ("has a leading space", " 5", None),
        ("has an underscore", "1_000", None),
        ("is in Arabic-Indic digits", "\u0665", None),
        ("ends in a newline", "5\n", None),
    ),
    "number": (
        ("has an exponent", "2.5e1", 25.0),
        ("is inf", "inf", None),
        ("is nan", "nan", None),
        ("overflows to inf", "1e400", None),
        ("has a plus sign", "+1", None),
        ("has an underscore", "1_0", None),
    ),
    "boolean": (("is 1", "1", None), ("is yes", "yes", None), ("is True", "True", None)),
}
_BAD_FORMAT = {"date-time": "not-a-date-time", "date": "2030-13-45", "uuid": "not-a-uuid", "email": "no-at-sign"}

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Site:
    """One place in a valid value, with the schemas that apply there."""

    path: Path
    schemas: tuple[dict[str, Any], ...]  # resolved; allOf members and the matching oneOf/anyOf branches included


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
        if prop.get("format") in _BAD_FORMAT:
            offer("format", f"{where} is not a {prop['format']}", _set(root, path, _BAD_FORMAT[prop["format"]]))
        if isinstance(prop.get("minimum"), int | float):
            offer("minimum", f"{where} is below its minimum", _set(root, path, prop["minimum"] - 1))
        if "type" in prop and prop.get("nullable") is not True:
            offer("null", f"{where} is null but not nullable", _set(root, path, None))


def _get(root: Any, path: Path) -> Any:
    node = root
    for part in path:
        node = node[part]
    return node


# ---------------------------------------------------------------------------------------------
# Requests and responses
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleRequest:
    operation_id: str
    case: str  # "valid ..." or what makes it invalid
    valid: bool
    method: str
    path: str  # the served path with the parameters filled in
    path_params: dict[str, str]
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes


@dataclass(frozen=True)
class SampleResponse:
    operation_id: str
    case: str
    valid: bool
    status: int
    body: bytes
    content_type: str


@dataclass
class OperationSamples:
    operation: Operation
    requests: list[SampleRequest] = field(default_factory=list)
    responses: list[SampleResponse] = field(default_factory=list)


@dataclass
class Corpus:
    operations: list[OperationSamples]
    unsatisfiable: list[str]  # "operationId: where: why" for schemas no generated value satisfied

    @property
    def requests(self) -> list[tuple[Operation, SampleRequest]]:
        return [(s.operation, r) for s in self.operations for r in s.requests]

    @property
    def responses(self) -> list[tuple[Operation, SampleResponse]]:
        return [(s.operation, r) for s in self.operations for r in s.responses]


def _text(value: Any) -> str:
    """A typed parameter value as it travels in a URL or header."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


def status_code(key: str, documented: dict[str, Any]) -> int:
    """A concrete status for a response key: 404 for 4XX, an otherwise undocumented one for default."""
    if key.isdigit():
        return int(key)
    if key.endswith("XX"):
        return int(key[0]) * 100 + (4 if key[0] == "4" else 0)
    return next(code for code in (599, 598, 597) if str(code) not in documented)


class SampleBuilder:
    """Builds the samples of one document's operations."""

    def __init__(self, document: dict[str, Any], seed: int = 0) -> None:
        self.checker = SchemaChecker(document)
        self.rng = random.Random(seed)
        self.values = ValueGenerator(self.checker, self.rng)
        self.unsatisfiable: list[str] = []

    def _param_value(self, param: Parameter) -> list[str]:
        """Raw query/path/header texts of one parameter (several for an exploded query array)."""
        value = self.values.value(param.schema, "request")
        if param.is_array:
            items = [_text(v) for v in value] or [_text(self.values.value(param.schema.get("items", {}), "request"))]
            if param.location == "query" and param.explode:
                return items
            return [",".join(items)]
        return [_text(value)]

    def _params(self, op: Operation, full: bool) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, str]]:
        path: dict[str, str] = {}
        query: list[tuple[str, str]] = []
        headers: dict[str, str] = {}
        for p in op.parameters:
            if stage_owned(p.location, p.name):
                continue
            if not p.required and not full:
                continue
            try:
                texts = self._param_value(p)
            except Unsatisfiable as exc:
                if p.required:
                    raise Unsatisfiable(f"{p.location} parameter {p.name}: {exc}") from exc
                continue
            if p.location == "path":
                path[p.name] = texts[0]
            elif p.location == "query":
                query += [(p.name, t) for t in texts]
            else:
                headers[p.name.lower()] = texts[0]
        return path, query, headers

    def requests(self, op: Operation) -> list[SampleRequest]:
        def make(
            case: str,
            valid: bool,
            path: dict[str, str],
            query: list[tuple[str, str]],
            headers: dict[str, str],
            body: bytes,
        ) -> SampleRequest:
            filled = op.path
            for name, text in path.items():
                filled = filled.replace("{" + name + "}", text)
            return SampleRequest(op.operation_id, case, valid, op.method, filled, path, query, headers, body)

        out: list[SampleRequest] = []
        body_schema = op.body.schema if op.body is not None else None
        satisfiable = True
        for full in (False, True):
            path, query, headers = self._params(op, full)
            body = b""
            if op.body is not None:
                headers["content-type"] = JSON_TYPE
                value, satisfiable = self._value_or_nearest(op, "request body", body_schema, "request", full)
                body = _dumps(value)
            case = f"valid ({'all' if full else 'required'} parameters)"
            if not satisfiable:
                case = "body nearest to its unsatisfiable schema"
            out.append(make(case, satisfiable, path, query, headers, body))
            if not satisfiable:
                break
        # The variants start from the full valid request.
        base = out[-1]
        for case, valid, path, query in self._param_variants(op, base.path_params, base.query):
            out.append(make(case, valid and satisfiable, path, query, base.headers, base.body))
        if op.body is None:
            return out
        bodies: list[tuple[str, bool, bytes, str]] = [
            ("body is not JSON", False, b"{not json", JSON_TYPE),
            ("body sent as text/plain", False, base.body, "text/plain"),
            # Only the documented media type: a +json type is not application/json.
            ("body sent as application/vnd.api+json", False, base.body, "application/vnd.api+json"),
        ]
        if op.body.required:
            bodies.append(("required body missing", False, b"", JSON_TYPE))
        if satisfiable and body_schema is not None:
            body = json.loads(base.body)
            bodies.append(("body sent with a charset", True, base.body, f"{JSON_TYPE}; charset=utf-8"))
            if not self.checker.conforms(body_schema, None, "request"):
                bodies.append(("body is JSON null", False, b"null", JSON_TYPE))
            mutator = Mutator(self.checker, "request")
            bodies += [(case, False, _dumps(v), JSON_TYPE) for case, v in mutator.mutants(body_schema, body)]
            bodies += [(f"edge: {case}", ok, _dumps(v), JSON_TYPE) for case, v, ok in mutator.edges(body_schema, body)]
        for case, valid, body, content_type in bodies:
            headers = {**base.headers, "content-type": content_type}
            out.append(make(case, valid and satisfiable, base.path_params, base.query, headers, body))
        return out

    def _value_or_nearest(
        self, op: Operation, where: str, schema: Any, direction: Direction, full: bool
    ) -> tuple[Any, bool]:
        """A valid value and True, or, for a schema no value satisfies, the nearest one and False."""
        if schema is None:
            return {}, True
        try:
            return self.values.value(schema, direction, full=full), True
        except Unsatisfiable as exc:
            self.unsatisfiable.append(f"{op.operation_id}: {where}: {exc}")
        try:
            nearest = self.values.best_effort(schema, direction)
        except Unsatisfiable:
            nearest = {}
        if self.checker.conforms(schema, nearest, direction):  # pragma: no cover - found on the second try
            return nearest, True
        return nearest, False

    def _param_variants(
        self, op: Operation, path: dict[str, str], query: list[tuple[str, str]]
    ) -> list[tuple[str, bool, dict[str, str], list[tuple[str, str]]]]:
        """(case, valid, path parameters, query) variants: at most one per kind of change."""
        out: list[tuple[str, bool, dict[str, str], list[tuple[str, str]]]] = []
        kinds: set[str] = set()

        def add(kind: str, case: str, valid: bool, new_path: dict[str, str], new_query: list[tuple[str, str]]) -> None:
            if kind not in kinds:
                kinds.add(kind)
                out.append((case, valid, new_path, new_query))

        for p in op.parameters:
            if p.location not in ("path", "query") or stage_owned(p.location, p.name):
                continue
            schema = self.checker.resolve(p.schema)
            item = self.checker.resolve(schema.get("items", {})) if p.is_array else schema
            texts = self._bad_texts(item) + self._literal_edges(item)
            if p.is_array and p.location == "query" and p.explode and item.get("type") in ("integer", "number"):
                texts.append(("is a comma list (the name repeats instead)", "1,2", None))
            for label, text, typed in texts:
                valid = typed is not None and self.checker.conforms(item, typed, "request")
                if p.location == "path":
                    add(f"path {label}", f"path {p.name} {label}", valid, {**path, p.name: text}, query)
                else:
                    others = [(k, v) for k, v in query if k != p.name]
                    add(f"query {label}", f"query {p.name} {label}", valid, path, [*others, (p.name, text)])
            others = [(k, v) for k, v in query if k != p.name]
            if p.location == "query" and p.required:
                add("missing", f"query {p.name} (required) missing", False, path, others)
            if p.location == "query" and not p.is_array:
                # OpenAPI 3.0: allowEmptyValue defaults to false, so "?name=" is not a value.
                add("empty", f"query {p.name} is empty", False, path, [*others, (p.name, "")])
        if op.method == "GET":
            add("unknown", "an undocumented query parameter (ignored)", True, path, [*query, ("notInTheSpec", "1")])
        return out

    def _bad_texts(self, schema: dict[str, Any]) -> list[tuple[str, str, Any]]:
        """Raw parameter texts the schema rejects: (label, text, None)."""
        out: list[tuple[str, str, Any]] = []
        kind = schema.get("type")
        if kind in ("integer", "number", "boolean"):
            out.append((f"is not {kind}", "abc", None))
        if kind == "integer":
            out.append(("is a fraction", "1.5", None))
        if "enum" in schema:
            out.append(("is not one of its enum", "not-in-enum", None))
        if schema.get("format") in _BAD_FORMAT:
            out.append((f"is not a {schema['format']}", _BAD_FORMAT[schema["format"]], None))
        if isinstance(schema.get("minimum"), int | float):
            out.append(("is below its minimum", _text(math.floor(schema["minimum"]) - 1), None))
        return out

    @staticmethod
    def _literal_edges(schema: dict[str, Any]) -> list[tuple[str, str, Any]]:
        """Texts at the edge of a scalar literal: (label, text, typed value if it is a literal, else None)."""
        return list(_LITERAL_EDGES.get(schema.get("type"), ()))

    def responses(self, op: Operation) -> list[SampleResponse]:
        out: list[SampleResponse] = []
        mutator = Mutator(self.checker, "response")
        for key, schema in op.responses.items():
            status = status_code(key, op.responses)
            if schema is None:
                out.append(SampleResponse(op.operation_id, f"{key}: valid (no body)", True, status, b"", ""))
                continue
            value, satisfiable = self._value_or_nearest(op, f"response {key}", schema, "response", True)
            if not satisfiable:
                case = f"{key}: nearest to its unsatisfiable schema"
                out.append(SampleResponse(op.operation_id, case, False, status, _dumps(value), JSON_TYPE))
                continue
            variants: list[tuple[str, bool, bytes, str]] = [
                ("valid", True, _dumps(value), JSON_TYPE),
                ("valid, sent with a charset", True, _dumps(value), f"{JSON_TYPE}; charset=utf-8"),
                ("body is not JSON", False, b"<html>oops</html>", JSON_TYPE),
                ("body missing", False, b"", JSON_TYPE),
                ("sent as text/html", False, _dumps(value), "text/html"),
                ("sent as application/problem+json", False, _dumps(value), "application/problem+json"),
            ]
            variants += [(case, False, _dumps(v), JSON_TYPE) for case, v in mutator.mutants(schema, value)]
            variants += [(f"edge: {case}", ok, _dumps(v), JSON_TYPE) for case, v, ok in mutator.edges(schema, value)]
            for case, valid, body, content_type in variants:
                out.append(SampleResponse(op.operation_id, f"{key}: {case}", valid, status, body, content_type))
        if not {"418", "4XX", "default"} & op.responses.keys():
            out.append(SampleResponse(op.operation_id, "418: undocumented status", False, 418, b"{}", JSON_TYPE))
        return out

    def operation(self, op: Operation) -> OperationSamples:
        samples = OperationSamples(op)
        try:
            samples.requests = self.requests(op)
        except Unsatisfiable as exc:  # a required parameter no value satisfies
            self.unsatisfiable.append(f"{op.operation_id}: request parameters: {exc}")
        samples.responses = self.responses(op)
        return samples


def build_corpus(specs: SpecSet, seed: int = 0) -> Corpus:
    """Samples for every operation of every document, the same for the same specs and seed."""
    builders = {name: SampleBuilder(doc, seed) for name, doc in specs.documents.items()}
    operations = [builders[op.document].operation(op) for op in specs.operations]
    return Corpus(operations, [u for b in builders.values() for u in b.unsatisfiable])
