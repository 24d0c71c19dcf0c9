"""Convert OpenAPI 3.0 schemas into plain JSON Schema (draft 4) once, at load time.

OpenAPI 3.0's schema object is draft-4-like with a few differences that a stock JSON Schema
validator would get wrong, so they are rewritten here:

- ``nullable: true`` adds ``null`` to the ``type`` of the same schema object, and does nothing
  where there is no ``type`` (OpenAPI 3.0.3's reading, which openapi-core follows; an ``enum``
  must list ``null`` itself);
- ``readOnly`` properties may not be sent in a request and ``writeOnly`` ones may not come back in a
  response, and neither counts as required in the direction where it is forbidden, so every schema
  is converted twice, once per direction;
- ``$ref`` to ``#/components/schemas/X`` points at the converted definitions in a shared registry;
- ``format`` is kept only for the formats the reference validator (openapi-core) checks too, so
  both validators give the same verdicts; ``FORMAT_CHECKS`` says what each of them accepts (the
  fast path checks date-time and date natively, the others with these functions, and the
  reference validator is given all four);
- annotations (``example``, ``discriminator``, ``xml``, ``x-*``...) are dropped: they never change a
  verdict and only cost compile time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

Direction = Literal["request", "response"]

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))", re.ASCII)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _date_ok(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= (_DAYS[month - 1] if month != 2 or leap else 28)


def is_date(value: str) -> bool:
    """RFC 3339 full-date, any year from 0000."""
    match = _DATE.fullmatch(value)
    return match is not None and _date_ok(*(int(g) for g in match.groups()))


def is_date_time(value: str) -> bool:
    """RFC 3339 date-time, as jsonschema-rs reads it.

    A leap second (:60) is allowed only where it is 23:59:60 in UTC, and the string must end
    where the offset does (no trailing newline, which Python's ``$`` would let through).
    """
    date_part, sep, time_part = value[:10], value[10:11], value[11:]
    if sep not in ("T", "t") or not is_date(date_part):
        return False
    match = _TIME.fullmatch(time_part)
    if match is None:
        return False
    hour, minute, second = int(match[1]), int(match[2]), int(match[3])
    off_hour, off_minute = int(match[5] or 0), int(match[6] or 0)
    if hour > 23 or minute > 59 or second > 60 or off_hour > 23 or off_minute > 59:
        return False
    if second == 60:
        sign = -1 if match[4] == "-" else 1
        utc = (hour * 60 + minute - sign * (off_hour * 60 + off_minute)) % (24 * 60)
        return utc == 23 * 60 + 59
    return True


def is_uuid(value: str) -> bool:
    """The hyphenated 8-4-4-4-12 hex form only (jsonschema-rs also takes braces, urn: and no hyphens)."""
    return _UUID.fullmatch(value) is not None


def is_email(value: str) -> bool:
    """As loose as the reference validator's check; real addresses are the handlers' business."""
    return "@" in value


_ECMA_CLASSES = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}
_ECMA_IN_CLASS = {"d": "0-9", "w": "A-Za-z0-9_"}


def ecma_pattern(pattern: str) -> str:
    """A Python regex that reads ``pattern`` as ECMA-262 does, which JSON Schema prescribes.

    Python's ``re`` differs where the specs' patterns go: ``\\d`` and ``\\w`` match any Unicode digit
    or letter (ECMA: ASCII only), and ``$`` also matches before a final newline (ECMA: only at
    the end). jsonschema-rs follows ECMA; the reference validator and the sample checker search
    with this translation.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            table = _ECMA_IN_CLASS if in_class else _ECMA_CLASSES
            out.append(table.get(escaped, char + escaped))
            i += 2
            continue
        if in_class:
            in_class = char != "]" or (out[-1] == "[" or out[-1] == "[^")
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                out.append("[^")
                i += 2
                continue
        elif char == "$":
            char = r"\Z"
        out.append(char)
        i += 1
    return "".join(out)


# The formats openapi-schema-validator's OAS 3.0 checker enforces and that occur in the specs, and
# what each accepts on both validation paths (functions of a string; other values pass).
FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "date-time": is_date_time,
    "date": is_date,
    "uuid": is_uuid,
    "email": is_email,
}
CHECKED_FORMATS = frozenset(FORMAT_CHECKS)

_ANNOTATIONS = frozenset(
    {
        "example",
        "examples",
        "description",
        "title",
        "discriminator",
        "xml",
        "externalDocs",
        "deprecated",
        "default",
        "readOnly",
        "writeOnly",
        "nullable",
    }
)
_SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_SINGLE = ("not", "items", "additionalProperties")

_FORBIDDEN: dict[str, Any] = {"not": {}}


def registry_uri(document: str, direction: Direction) -> str:
    return f"urn:calcom-emulator:{document}:{direction}"


def component_ref(document: str, direction: Direction, name: str) -> str:
    return f"{registry_uri(document, direction)}#/definitions/{name}"


class Converter:
    """Converts schemas of one spec document in one direction."""

    def __init__(self, document: str, direction: Direction) -> None:
        self.document = document
        self.direction = direction
        self._hidden = "readOnly" if direction == "request" else "writeOnly"

    def ref(self, ref: str) -> str:
        prefix = "#/components/schemas/"
        if not ref.startswith(prefix):
            raise ValueError(f"unsupported $ref {ref!r}: only {prefix}* references are resolved")
        return component_ref(self.document, self.direction, ref[len(prefix) :])

    def convert(self, schema: Any) -> Any:
        if isinstance(schema, bool):
            # Draft 4 has no boolean schemas.
            return {} if schema else dict(_FORBIDDEN)
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            # In OpenAPI 3.0 a $ref's siblings are ignored, as in draft 4.
            return {"$ref": self.ref(schema["$ref"])}
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key in _ANNOTATIONS or key.startswith("x-"):
                continue
            if key in _SCHEMA_MAPS:
                out[key] = (
                    self._properties(value) if key == "properties" else {k: self.convert(v) for k, v in value.items()}
                )
            elif key in _SCHEMA_LISTS:
                out[key] = [self.convert(v) for v in value]
            elif key in _SCHEMA_SINGLE:
                out[key] = self.convert(value)
            elif key == "format":
                if value in CHECKED_FORMATS:
                    out[key] = value
            else:
                out[key] = value
        if "required" in out and "properties" in schema:
            hidden = {
                name for name, prop in schema["properties"].items() if isinstance(prop, dict) and prop.get(self._hidden)
            }
            if hidden:
                out["required"] = [name for name in out["required"] if name not in hidden]
                if not out["required"]:
                    del out["required"]
        if schema.get("nullable") is True:
            out = self._nullable(out)
        return out

    def _properties(self, properties: dict[str, Any]) -> dict[str, Any]:
        converted: dict[str, Any] = {}
        for name, prop in properties.items():
            if isinstance(prop, dict) and prop.get(self._hidden):
                converted[name] = dict(_FORBIDDEN)
            else:
                converted[name] = self.convert(prop)
        return converted

    @staticmethod
    def _nullable(out: dict[str, Any]) -> dict[str, Any]:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        return out

    def definitions(self, components: dict[str, Any]) -> dict[str, Any]:
        return {"definitions": {name: self.convert(s) for name, s in components.items()}}
