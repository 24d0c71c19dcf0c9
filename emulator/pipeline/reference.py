"""The reference validator: openapi-core on the same overlaid documents as the fast path.

It validates the operation the router already chose (no second path lookup), and it sees the same
contract as the fast path: the credentials and cal-api-version headers, and v1's security scheme,
belong to the auth and version stages and are taken out of its copy of the documents.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.validators import V30RequestValidator
from openapi_core.validation.response.validators import V30ResponseValidator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from emulator.pipeline.context import RequestContext
from emulator.pipeline.validation import Problems, body_problem, response_key
from emulator.specs.loader import SpecSet
from emulator.specs.operations import HTTP_METHODS, Operation
from emulator.specs.schemas import STAGE_OWNED_HEADERS


def stripped(document: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    doc.pop("security", None)
    doc.setdefault("servers", [{"url": "/"}])
    for item in doc.get("paths", {}).values():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            op.pop("security", None)
            op["parameters"] = [
                p
                for p in op.get("parameters", [])
                if not (p.get("in") == "header" and p.get("name", "").lower() in STAGE_OWNED_HEADERS)
            ]
    return doc


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


class ReferenceValidator:
    name = "openapi-core"

    def __init__(self, specs: SpecSet) -> None:
        self._paths = {name: SchemaPath.from_dict(stripped(doc)) for name, doc in specs.documents.items()}
        self._requests = {name: V30RequestValidator(p) for name, p in self._paths.items()}
        self._responses = {name: V30ResponseValidator(p) for name, p in self._paths.items()}

    def _operation(self, op: Operation) -> tuple[SchemaPath, SchemaPath]:
        path = self._paths[op.document] / "paths" / op.spec_path
        return path / op.method.lower(), path

    def request_problems(self, ctx: RequestContext) -> Problems:
        op = ctx.operation
        assert op is not None
        parameters = RequestParameters(
            query=ImmutableMultiDict(ctx.query),
            header=Headers(list(ctx.headers.items())),
            path=dict(ctx.path_params),
        )
        request = _Request(
            method=ctx.method.lower(),
            path=ctx.path,
            parameters=parameters,
            body=ctx.raw_body or None,
            content_type=ctx.headers.get("content-type", ""),
        )
        operation, path = self._operation(op)
        # Private entry point: it validates a known operation without a second path lookup.
        errors = list(self._requests[op.document]._iter_errors(request, operation, path))
        return [{"location": "request", "message": _message(e), "expected": None, "received": None} for e in errors]

    def response_problems(self, op: Operation, status: int, body: bytes, content_type: str) -> Problems:
        if response_key(op, status) is None:
            return [body_problem(f"status {status} is not a documented response", sorted(op.responses), status)]
        operation, _ = self._operation(op)
        errors = list(
            self._responses[op.document]._iter_errors(status, body or None, Headers(), content_type, operation)
        )
        return [body_problem(_message(e), None, None) for e in errors]
