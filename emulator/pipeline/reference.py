"""The reference validator: openapi-core on the same overlaid documents as the fast path.

It validates the operation the router already chose (no second path lookup), and it sees the same
contract as the fast path: the credentials and cal-api-version headers, and v1's security scheme,
belong to the auth and version stages and are taken out of its copy of the documents.

Where openapi-core's reading is a quirk of its Python building blocks rather than OpenAPI's, the
adapter holds it to the emulator's reading instead of copying the quirk into the fast path (each
is explained where it is handled): discriminators without a usable mapping, patterns read by
Python's ``re`` instead of as ECMA-262, the date-time/date/uuid edges of its format checks, and
parameter casting with ``int()``/``float()``/yes-no tables.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core.datatypes import RequestParameters
from openapi_core.util import BOOLEAN_FALSE_VALUES, BOOLEAN_TRUE_VALUES
from openapi_core.validation.request.validators import V30RequestValidator
from openapi_core.validation.response.validators import V30ResponseValidator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from emulator.pipeline import coerce
from emulator.pipeline.context import RequestContext
from emulator.pipeline.validation import (
    Problems,
    absent_body,
    body_problem,
    response_key,
    sent_parameters,
    typed_params,
)
from emulator.specs.convert import FORMAT_CHECKS, ecma_pattern
from emulator.specs.loader import SpecSet
from emulator.specs.operations import HTTP_METHODS, Operation
from emulator.specs.schemas import stage_owned


def _without_discriminators(node: Any) -> None:
    """Drop every ``discriminator``: the fast path reads it as the annotation it is in JSON Schema.

    openapi-schema-validator makes a discriminator decide on its own: the instance must carry the
    property, and its value picks the one schema to check, through ``mapping`` or else as a
    component name (``#/components/schemas/<value>``). The v2 spec's discriminators have no
    mapping and values such as ``"video"`` that name no component, so every body the real server
    sends would fail. Without it, the oneOf/anyOf it sits next to decides, on both paths.
    """
    if isinstance(node, dict):
        if isinstance(node.get("discriminator"), dict) and "propertyName" in node["discriminator"]:
            del node["discriminator"]
        for value in node.values():
            _without_discriminators(value)
    elif isinstance(node, list):
        for value in node:
            _without_discriminators(value)


def _ecma_patterns(node: Any) -> None:
    """Rewrite every schema ``pattern`` so that Python's ``re`` reads it as ECMA-262 does.

    openapi-schema-validator searches patterns with ``re`` unless the optional ``regress``
    package is installed, so ``\\d`` would take any Unicode digit and ``$`` a trailing newline;
    JSON Schema (and jsonschema-rs) mean ECMA-262 regular expressions. See convert.ecma_pattern.
    """
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            node["pattern"] = ecma_pattern(node["pattern"])
        for value in node.values():
            _ecma_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _ecma_patterns(value)


def stripped(document: dict[str, Any]) -> dict[str, Any]:
    """The reference's copy of a document: the contract the fast path checks, in openapi-core's terms."""
    doc = copy.deepcopy(document)
    for part in (doc.get("components", {}), doc.get("paths", {})):
        _without_discriminators(part)
        _ecma_patterns(part)
    doc.pop("security", None)
    doc.setdefault("servers", [{"url": "/"}])
    for item in doc.get("paths", {}).values():
        if "parameters" in item:
            item["parameters"] = _validated(item["parameters"])
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            op.pop("security", None)
            op["parameters"] = _validated(op.get("parameters", []))
    return doc


def _validated(parameters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parameters validation checks: those of the auth and version stages left out."""
    return [p for p in parameters if not stage_owned(p.get("in", ""), p.get("name", ""))]


@dataclass
class _Request:
    """The request protocol openapi-core reads."""

    method: str
    path: str
    parameters: RequestParameters
    body: bytes | None
    content_type: str
    host_url: str = "http://localhost"
    extra: dict[str, Any] = field(default_factory=dict)


def _message(exc: Exception) -> str:
    parts = [str(exc)]
    cause = exc.__cause__
    while cause is not None:
        parts.append(str(cause))
        schema_errors = getattr(cause, "schema_errors", None)
        if schema_errors:
            parts += [getattr(e, "message", str(e)) for e in schema_errors]
        cause = cause.__cause__
    return ": ".join(p for p in parts if p)


def _format_validator(check: Callable[[str], bool]) -> Callable[[Any], bool]:
    return lambda value: not isinstance(value, str) or check(value)


# The checked formats, read as on the fast path (emulator.specs.convert.FORMAT_CHECKS) instead of
# openapi-schema-validator's own checks, whose edges come from Python rather than the RFCs:
# rfc3339-validator takes "...Z\n" (its regex ends in $) and refuses year 0000 and the leap
# second 23:59:60 (RFC 3339 allows both); uuid.UUID() lets through odd spellings.
def format_validators() -> dict[str, Callable[[Any], bool]]:
    return {name: _format_validator(check) for name, check in FORMAT_CHECKS.items()}


def _lenient_cast(kind: str, text: str) -> bool:
    """Whether openapi-core's casting (int(), float(), its yes/no/on/off/1/0 table) takes the text."""
    try:
        if kind == "integer":
            int(text)
        elif kind == "number":
            float(text)
        elif kind == "boolean":
            return text.lower() in BOOLEAN_TRUE_VALUES + BOOLEAN_FALSE_VALUES
    except ValueError:
        return False
    return True


def literal_problems(ctx: RequestContext) -> Problems:
    """Parameter texts openapi-core would cast but that are not literals of their type.

    openapi-core reads ``?take=+5``, ``?take= 5``, ``?take=1_000``, ``?n=inf``, ``?n=nan`` and
    ``?flag=yes`` as numbers and booleans; the emulator (like the real server's pipes) takes only
    literals, as pipeline/coerce.py defines them. Texts neither accepts are left to openapi-core.
    """
    out: Problems = []
    for param, sent in sent_parameters(ctx):
        raw = sent if param.is_array else sent[:1]  # openapi-core reads the first of a repeated query name
        schema = (param.schema.get("items") or {}) if param.is_array else param.schema
        kind = schema.get("type")
        for text in coerce.texts(param, raw) if param.is_array else raw:
            if isinstance(kind, str) and _lenient_cast(kind, text) and not coerce.is_literal(kind, text):
                out.append(
                    {
                        "location": f"{param.location}.{param.name}",
                        "message": f"{text!r} is not a literal of type {kind}",
                        "expected": {"type": kind},
                        "received": text,
                    }
                )
    return out


class ReferenceValidator:
    name = "openapi-core"

    def __init__(self, specs: SpecSet) -> None:
        self._paths = {name: SchemaPath.from_dict(stripped(doc)) for name, doc in specs.documents.items()}
        self._requests = {
            name: V30RequestValidator(p, extra_format_validators=format_validators()) for name, p in self._paths.items()
        }
        self._responses = {
            name: V30ResponseValidator(p, extra_format_validators=format_validators())
            for name, p in self._paths.items()
        }

    def _operation(self, op: Operation) -> tuple[SchemaPath, SchemaPath]:
        path = self._paths[op.document] / "paths" / op.spec_path
        return path / op.method.lower(), path

    def request_problems(self, ctx: RequestContext) -> Problems:
        op = ctx.operation
        assert op is not None
        ctx.params = typed_params(ctx)  # handlers read typed parameters whichever validator ran
        parameters = RequestParameters(
            query=ImmutableMultiDict(ctx.query),
            header=Headers(list(ctx.headers.items())),
            path=dict(ctx.path_params),
        )
        body, content_type = ctx.raw_body or None, ctx.headers.get("content-type", "")
        stand_in = absent_body(op) if op.body is not None and not ctx.raw_body.strip() else None
        if stand_in is not None:  # as the fast path: what the server's pipes validate when no body came
            body, content_type = stand_in, "application/json"
        request = _Request(
            method=ctx.method.lower(), path=ctx.path, parameters=parameters, body=body, content_type=content_type
        )
        operation, path = self._operation(op)
        # Private entry point: it validates a known operation without a second path lookup.
        errors = list(self._requests[op.document]._iter_errors(request, operation, path))
        problems = [{"location": "request", "message": _message(e), "expected": None, "received": None} for e in errors]
        return problems + literal_problems(ctx)

    def response_problems(self, op: Operation, status: int, body: bytes, content_type: str) -> Problems:
        if response_key(op, status) is None:
            return [body_problem(f"status {status} is not a documented response", sorted(op.responses), status)]
        operation, _ = self._operation(op)
        errors = list(
            self._responses[op.document]._iter_errors(status, body or None, Headers(), content_type, operation)
        )
        return [body_problem(_message(e), None, None) for e in errors]
