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
  both validators give the same verdicts;
- annotations (``example``, ``discriminator``, ``xml``, ``x-*``...) are dropped: they never change a
  verdict and only cost compile time.
"""

from __future__ import annotations

from typing import Any, Literal

Direction = Literal["request", "response"]

# The formats openapi-schema-validator's OAS 3.0 checker enforces and that occur in the specs.
CHECKED_FORMATS = frozenset({"date-time", "date", "uuid", "email"})

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
