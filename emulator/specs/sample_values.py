"""Values a schema accepts: the valid half of the sample corpus (emulator/specs/samples.py).

``ValueGenerator`` reads OpenAPI 3.0 directly (``$ref`` to ``#/components/schemas``,
allOf/oneOf/anyOf, nullable, enum, the checked formats, bounds, simple patterns,
readOnly/writeOnly) and uses neither validator: ``value`` returns only what the independent
``SchemaChecker`` accepts, and ``best_effort`` the nearest it gets to a schema nothing satisfies.
Everything random is drawn from the ``random.Random`` it is given, so the same schemas asked for
in the same order with the same seed give the same values.
"""

from __future__ import annotations

import json
import math
import random
import re
import uuid
from typing import Any

from emulator.specs.convert import Direction, ecma_pattern
from emulator.specs.sample_check import SchemaChecker, Unsatisfiable, json_equal
from emulator.specs.sample_patterns import sample_pattern

_MAX_DEPTH = 12  # past this, only required properties and empty arrays: recursive schemas end
_OPTIONAL_DEPTH = 3  # optional properties are considered down to this depth only
_COMBINATORS = ("allOf", "oneOf", "anyOf")
_ANNOTATIONS = frozenset(
    {"description", "example", "examples", "title", "default", "deprecated", "externalDocs", "xml"}
)
_NOTHING = object()


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
            if not (s.get("uniqueItems") and any(json_equal(item, o) for o in out)):
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
            found = sample_pattern(s["pattern"])
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
