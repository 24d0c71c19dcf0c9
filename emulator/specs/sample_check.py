"""An independent OpenAPI 3.0 instance checker for the generated samples (emulator/specs/samples.py).

``SchemaChecker`` is a small third implementation of OpenAPI 3.0 schema semantics, next to the
two validators the corpus is run through, so that neither of them grades its own answers. It
follows the OAS 3.0.3 reading that openapi-core follows: ``nullable`` only next to a ``type``,
``discriminator`` an annotation. The generator asks it which oneOf branch a value falls in and
whether a mutated value really is invalid; the verdict on every edge case is its.
"""

from __future__ import annotations

import math
import re
from typing import Any

from emulator.specs.convert import FORMAT_CHECKS, Direction, ecma_pattern


class Unsatisfiable(Exception):
    """No instance satisfies the schema (or the generator could not find one)."""


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


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
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
        if "enum" in s and not any(json_equal(value, e) for e in s["enum"]):
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
        if s.get("uniqueItems") and any(json_equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :]):
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
