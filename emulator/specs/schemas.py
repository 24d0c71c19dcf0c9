"""Compiled validators for every operation: parameters, request body and responses.

All component schemas of every document are converted once (per direction, by the loader, which
caches them on disk) and put in a jsonschema-rs registry per document and direction; each
operation's validators are small schemas that ``$ref`` into theirs. A registry is built on its
first compile and each validator on its operation's first use, then kept, so start-up pays for
neither (``precompile`` compiles them all, for CALCOM_EMULATOR_EAGER and the test that holds every
schema compilable).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from emulator.specs.convert import Converter, Direction, is_email, is_uuid, registry_uri
from emulator.specs.loader import DIRECTIONS, SpecSet
from emulator.specs.operations import Operation, Parameter

# Parameters that earlier pipeline stages own: credentials (auth) and cal-api-version (versioning).
# They are checked there, with the real server's answers, not as spec parameters. In the query,
# that is v1's ApiKeyAuth security scheme (in: query, name: apiKey), which v1 also lists as a
# required parameter of its operations.
STAGE_OWNED_HEADERS = frozenset({"authorization", "x-cal-client-id", "x-cal-secret-key", "cal-api-version"})
STAGE_OWNED_QUERY = frozenset({"apiKey"})


def stage_owned(location: str, name: str) -> bool:
    """Whether a parameter belongs to the auth or version stage rather than to validation."""
    if location == "header":
        return name.lower() in STAGE_OWNED_HEADERS
    return location == "query" and name in STAGE_OWNED_QUERY


@dataclass(frozen=True)
class Problem:
    """One reason a value broke its schema, as shown to the caller."""

    location: str
    message: str
    expected: Any
    received: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "message": self.message,
            "expected": self.expected,
            "received": self.received,
        }


def _location(prefix: str, path: list[str | int]) -> str:
    out = prefix
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _expected(kind: Any) -> Any:
    name = kind.name
    if name == "required":
        return "a value (required)"
    if name == "type":
        return {"type": kind.value}
    if name in ("falseSchema", "not"):
        return "no value"
    if name in ("anyOf", "oneOf"):
        return f"a value matching {name}"
    return {name: kind.value}


def _closest_branch(kind: Any) -> list[Any] | None:
    """For a failed anyOf/oneOf, the errors of the branch that came closest (fewest errors)."""
    if kind.name not in ("anyOf", "oneOf"):
        return None
    branches = [b for b in (getattr(kind, "context", None) or []) if b]
    return min(branches, key=len) if branches else None


def _problems(errors: Any, prefix: str, out: list[Problem]) -> None:
    for err in errors:
        closest = _closest_branch(err.kind)
        if closest is not None:
            # "matches none of the alternatives" says nothing useful; the nearest miss does.
            _problems(closest, prefix, out)
            continue
        path = list(err.instance_path)
        received = err.instance
        if err.kind.name == "required":
            path.append(err.kind.property)
            received = None
        out.append(Problem(_location(prefix, path), err.message, _expected(err.kind), received))


def problems_of(validator: Any, instance: Any, prefix: str) -> list[Problem]:
    if validator.is_valid(instance):
        # Nearly every instance is valid, and this answer stops at nothing: collecting errors walks
        # every branch of every oneOf and anyOf to say why the others failed.
        return []
    out: list[Problem] = []
    _problems(validator.iter_errors(instance), prefix, out)
    return out


def param_schema(params: tuple[Parameter, ...]) -> dict[str, Any]:
    """One object schema over all the operation's validated parameters, grouped by location."""
    groups: dict[str, dict[str, Any]] = {}
    for p in params:
        if stage_owned(p.location, p.name):
            continue
        group = groups.setdefault(p.location, {"type": "object", "properties": {}, "required": []})
        group["properties"][p.name] = p.schema
        if p.required:
            group["required"].append(p.name)
    for group in groups.values():
        if not group["required"]:
            del group["required"]
    return {"type": "object", "properties": groups}


class SchemaStore:
    def __init__(self, specs: SpecSet) -> None:
        self._specs = specs
        self._converters: dict[tuple[str, Direction], Converter] = {
            (name, direction): Converter(name, direction) for name in specs.documents for direction in DIRECTIONS
        }
        self._registries: dict[tuple[str, Direction], Any] = {}
        # Requests may arrive on several threads (a server thread per instance in the pytest plugin):
        # each registry is built once. A validator compiled twice by a race is only wasted work.
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], Any] = {}

    def registry(self, document: str, direction: Direction) -> Any:
        """The jsonschema-rs registry of one document's component schemas converted for one direction,
        built on first use. A ``$ref`` never leaves its document (convert.Converter.ref), so a validator
        needs only its own document's registry, and the first request pays for that one alone."""
        found = self._registries.get((document, direction))
        if found is None:
            with self._lock:
                found = self._registries.get((document, direction))
                if found is None:
                    import jsonschema_rs

                    uri = registry_uri(document, direction)
                    definitions = self._specs.definitions.get(uri)
                    if definitions is None:
                        components = self._specs.documents[document].get("components", {}).get("schemas", {})
                        definitions = self._converters[(document, direction)].definitions(components)
                    found = self._registries[(document, direction)] = jsonschema_rs.Registry([(uri, definitions)])
        return found

    def compile(self, document: str, direction: Direction, schema: Any) -> Any:
        import jsonschema_rs

        converted = self._converters[(document, direction)].convert(schema)
        return jsonschema_rs.Draft4Validator(
            converted,
            registry=self.registry(document, direction),
            validate_formats=True,
            # jsonschema-rs checks date-time and date as convert.FORMAT_CHECKS says; its email
            # check is stricter and its uuid check looser than theirs, so those two are replaced.
            formats={"email": is_email, "uuid": is_uuid},
        )

    def _cached(self, key: tuple[str, str], document: str, direction: Direction, schema: Any) -> Any:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.compile(document, direction, schema)
        return found

    def params(self, op: Operation) -> Any:
        found = self._cache.get((op.operation_id, "params"))  # before building the schema it would compile
        if found is not None:
            return found
        return self._cached((op.operation_id, "params"), op.document, "request", param_schema(op.parameters))

    def body(self, op: Operation) -> Any | None:
        if op.body is None or op.body.schema is None:
            return None
        return self._cached((op.operation_id, "body"), op.document, "request", op.body.schema)

    def response(self, op: Operation, status: str) -> Any | None:
        schema = op.responses.get(status)
        if schema is None:
            return None
        return self._cached((op.operation_id, f"response {status}"), op.document, "response", schema)

    def precompile(self, operations: list[Operation]) -> int:
        count = 0
        for op in operations:
            self.params(op)
            count += 1
            if self.body(op) is not None:
                count += 1
            for status in op.responses:
                if self.response(op, status) is not None:
                    count += 1
        return count
