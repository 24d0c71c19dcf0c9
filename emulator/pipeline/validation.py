"""Request and response validation against the (overlaid) specs.

Two interchangeable validators give the same verdicts: ``FastValidator`` runs schemas compiled
once into jsonschema-rs, and ``ReferenceValidator`` (pipeline/reference.py) runs openapi-core on
the same documents. A test holds them to the same answers on a generated corpus.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from emulator.pipeline import coerce
from emulator.pipeline.context import RequestContext
from emulator.specs.operations import Operation
from emulator.specs.schemas import STAGE_OWNED_HEADERS, SchemaStore, problems_of

Problems = list[dict[str, Any]]


class Validator(Protocol):
    name: str

    def request_problems(self, ctx: RequestContext) -> Problems: ...

    def response_problems(self, op: Operation, status: int, body: bytes, content_type: str) -> Problems: ...


def response_key(op: Operation, status: int) -> str | None:
    """Which documented response a status falls under: exact, then 4XX-style range, then default."""
    exact = str(status)
    if exact in op.responses:
        return exact
    ranged = f"{exact[0]}XX"
    if ranged in op.responses:
        return ranged
    return "default" if "default" in op.responses else None


def body_problem(message: str, expected: Any, received: Any) -> dict[str, Any]:
    return {"location": "body", "message": message, "expected": expected, "received": received}


def is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


class FastValidator:
    name = "fast"

    def __init__(self, schemas: SchemaStore) -> None:
        self.schemas = schemas

    def typed_params(self, ctx: RequestContext) -> dict[str, dict[str, Any]]:
        assert ctx.operation is not None
        out: dict[str, dict[str, Any]] = {}
        for param in ctx.operation.parameters:
            if param.location == "path":
                raw = [ctx.path_params[param.name]] if param.name in ctx.path_params else []
            elif param.location == "query":
                raw = ctx.query_values(param.name)
            else:
                if param.name.lower() in STAGE_OWNED_HEADERS:
                    continue
                header = ctx.headers.get(param.name.lower())
                raw = [header] if header is not None else []
            if raw:
                out.setdefault(param.location, {})[param.name] = coerce.parameter(param, raw)
        return out

    def request_problems(self, ctx: RequestContext) -> Problems:
        op = ctx.operation
        assert op is not None
        ctx.params = self.typed_params(ctx)
        found = [p.as_dict() for p in problems_of(self.schemas.params(op), ctx.params, "")]
        if op.body is not None:
            found += self._body_problems(ctx)
        return found

    def _body_problems(self, ctx: RequestContext) -> Problems:
        op = ctx.operation
        assert op is not None and op.body is not None
        if not ctx.raw_body.strip():
            if op.body.required:
                return [body_problem("a JSON request body is required", "a JSON document", None)]
            return []
        if not is_json(ctx.content_type):
            return [
                body_problem(
                    "the request body must be sent as application/json",
                    {"content-type": list(op.body.media_types)},
                    ctx.content_type or None,
                )
            ]
        validator = self.schemas.body(op)
        body = ctx.body
        if validator is None:
            return []
        return [p.as_dict() for p in problems_of(validator, body, "body")]

    def response_problems(self, op: Operation, status: int, body: bytes, content_type: str) -> Problems:
        key = response_key(op, status)
        if key is None:
            return [body_problem(f"status {status} is not a documented response", sorted(op.responses), status)]
        validator = self.schemas.response(op, key)
        if validator is None:
            return []
        if not body:
            return [body_problem("a JSON response body is documented but none was sent", "a JSON document", None)]
        if not is_json(content_type):
            return [body_problem("the response body is not JSON", "application/json", content_type)]
        return [p.as_dict() for p in problems_of(validator, json.loads(body), "body")]
