"""Deterministic sample requests and responses, generated from the (overlaid) specs' schemas.

For every operation this builds a VALID request (path parameters as strings, query as ordered
(name, value) pairs, headers, a JSON body) and INVALID variants of it (a path parameter of the
wrong type, a required query parameter left out, a wrong-typed or out-of-enum query value, a
required body property left out, a wrong-typed body property, a body that is not JSON...), and
for every documented JSON response a VALID body and INVALID ones. The validator agreement test
and the validation benchmark run both validators over this corpus.

Neither validator is used to build it. The parts live next to this module:
``sample_check`` (``SchemaChecker``, a small third implementation of OpenAPI 3.0 schema
semantics that confirms each mutated value is invalid and decides each edge case),
``sample_values`` (valid values, with ``sample_patterns`` for strings under a ``pattern``),
``sample_mutations`` (invalid bodies, and edge values) and ``sample_params`` (parameter texts
and the path and query variants of a request). A schema no instance can satisfy is recorded in
``Corpus.unsatisfiable``, and the nearest value the generator finds for it becomes a case both
validators must reject.

Besides plain valid and invalid cases there are edge cases, where implementations of the same
rules tend to part: parameter texts at the edge of a literal, format values, pattern edges,
null where nullable does or does not allow it, charset parameters and +json media types.

Everything is drawn from ``random.Random(seed)``: the same specs and seed give the same corpus.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

from emulator.specs.convert import Direction
from emulator.specs.loader import SpecSet
from emulator.specs.operations import Operation, Parameter
from emulator.specs.sample_check import SchemaChecker, Unsatisfiable
from emulator.specs.sample_mutations import Mutator
from emulator.specs.sample_params import param_text, param_variants
from emulator.specs.sample_values import ValueGenerator
from emulator.specs.schemas import stage_owned

JSON_TYPE = "application/json"


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
            items = [param_text(v) for v in value]
            if not items:  # an empty array travels as nothing: the parameter absent or empty
                items = [param_text(self.values.value(param.schema.get("items", {}), "request"))]
            if param.location == "query" and param.explode:
                return items
            return [",".join(items)]
        return [param_text(value)]

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
        for case, valid, path, query in param_variants(self.checker, op, base.path_params, base.query):
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
            # v2 validates a missing body as {} (pipeline.validation.absent_body): valid when {} is.
            missing_ok = op.api == "v2" and self.checker.conforms(body_schema, {}, "request")
            bodies.append(("required body missing", missing_ok, b"", JSON_TYPE))
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
