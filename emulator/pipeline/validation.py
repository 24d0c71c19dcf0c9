"""Request and response validation against the (overlaid) specs.

Two interchangeable validators give the same verdicts: ``FastValidator`` runs schemas compiled
once into jsonschema-rs, and ``ReferenceValidator`` (pipeline/reference.py) runs openapi-core on
the same documents. A test (tests/specs/test_validator_agreement.py) holds them to the same
answers on a corpus generated from the specs (emulator/specs/samples.py).

Besides the schemas, the fast path applies openapi-core's request rules: every required parameter
of every location is checked even when nothing was sent there, a query parameter may not be
empty (``allowEmptyValue`` is false by default), and a body is read only when its Content-Type
is a documented media type (so not ``application/vnd.api+json`` where ``application/json`` is
documented). Both validators return problems and never raise on a bad body.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from emulator import wire
from emulator.pipeline import coerce
from emulator.pipeline.context import Problems, RequestContext, Validator
from emulator.pipeline.errors import ApiError
from emulator.pipeline.memo import Memo
from emulator.specs.operations import Operation, Parameter
from emulator.specs.schemas import SchemaStore, problems_of, stage_owned

__all__ = ["FastValidator", "Problems", "Validator"]


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


# The media type of every documented response body in the specs. Operation.responses keeps the
# JSON schema only, so a response must come as exactly this type (parameters such as charset aside).
RESPONSE_MEDIA = "application/json"


def media_type(content_type: str) -> str:
    """The type/subtype of a Content-Type value, lower case, without parameters."""
    return content_type.split(";")[0].strip().lower()


def is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def documented_media(content_type: str, documented: tuple[str, ...]) -> str | None:
    """The documented media type a Content-Type falls under (exact, then ranges such as
    ``application/*``), as the reference validator finds it; None when it is not documented.
    A ``+json`` type is not ``application/json``: only the documented types are read."""
    media = media_type(content_type)
    for candidate in documented:
        if candidate.lower() == media:
            return candidate
    for candidate in documented:
        if fnmatch.fnmatch(media, candidate.lower()):
            return candidate
    return None


def absent_body(op: Operation) -> bytes | None:
    """The body a request without one is validated as. v2 runs on Express, whose JSON parser leaves
    ``{}`` when nothing came, and Nest's pipes validate that: so a v2 body that requires nothing (a
    cancel with no reason, a PATCH changing nothing) may be left out, and one that does require
    fields gets those fields' problems. v1 (Next.js) reads nothing, so a required body must come."""
    return b"{}" if op.api == "v2" else None


def sent_parameters(ctx: RequestContext) -> Iterator[tuple[Parameter, list[str]]]:
    """The operation's parameters, those of the auth and version stages aside (schemas.stage_owned),
    each with the texts sent for it: the path's value, every occurrence of a query name, a header's
    value; none when it was not sent."""
    assert ctx.operation is not None
    for param in ctx.operation.parameters:
        if stage_owned(param.location, param.name):
            continue
        if param.location == "path":
            raw = [ctx.path_params[param.name]] if param.name in ctx.path_params else []
        elif param.location == "query":
            raw = ctx.query_values(param.name)
        else:
            header = ctx.headers.get(param.name.lower())
            raw = [header] if header is not None else []
        yield param, raw


def typed_params(ctx: RequestContext, empty: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """The parameters sent, typed, grouped by location.

    Parameters of the auth and version stages are not among them (schemas.stage_owned).
    Every location the operation validates gets its group, even when nothing was sent there,
    so that the group's ``required`` list is checked. A query parameter sent with an empty
    value (``?name=``) is left out and its name added to ``empty``: OpenAPI 3.0's
    ``allowEmptyValue`` defaults to false (only our atoms description sets it), so an empty
    value is a problem of its own, as the reference validator reports it.
    """
    out: dict[str, dict[str, Any]] = {}
    for param, raw in sent_parameters(ctx):
        group = out.setdefault(param.location, {})
        if param.location == "query" and raw and raw[0] == "" and not param.is_array and not param.allow_empty:
            if empty is not None:
                empty.append(param.name)
            continue
        if raw:
            value = coerce.parameter(param, raw)
            if param.name in ctx.bracketed and not param.is_array:
                # Bracketed, the value is an array even when it came once: the schema refuses it.
                value = [coerce.scalar(param.schema, text) for text in raw]
            group[param.name] = value
    return out


def header_names(operation: Operation) -> tuple[str, ...]:
    """The headers an operation documents as parameters, lower-cased, the stages' own included."""
    return tuple(p.name.lower() for p in operation.parameters if p.location == "header")


class FastValidator:
    name = "fast"

    def __init__(self, schemas: SchemaStore) -> None:
        self.schemas = schemas
        # Verdicts remembered (pipeline/memo.py): a request's typed parameters by what was sent, and
        # the answers found valid. Only clean verdicts are kept; a problem is worked out every time.
        self.valid_requests = Memo()
        self.valid_answers = Memo()
        self._header_names: dict[str, tuple[str, ...]] = {}

    def request_problems(self, ctx: RequestContext) -> Problems:
        op = ctx.operation
        assert op is not None
        # Everything the verdict reads: the operation, the path (its parameters), the query string (its
        # values and brackets), the operation's own headers, the body and its type.
        headers = ctx.headers
        seen = (
            op.operation_id,
            ctx.path,
            ctx.query_string,
            tuple(headers.get(name) for name in self._headers_of(op)),
            headers.get("content-type") if ctx.raw_body else None,
            ctx.raw_body,
        )
        known = self.valid_requests.get(seen)
        if known is not None:
            ctx.params = {location: dict(group) for location, group in known.items()}
            return []
        problems = self._request_problems(ctx)
        if not problems:
            self.valid_requests.put(seen, {location: dict(group) for location, group in ctx.params.items()})
        return problems

    def _headers_of(self, op: Operation) -> tuple[str, ...]:
        names = self._header_names.get(op.operation_id)
        if names is None:
            names = self._header_names[op.operation_id] = header_names(op)
        return names

    def _request_problems(self, ctx: RequestContext) -> Problems:
        op = ctx.operation
        assert op is not None
        empty: list[str] = []
        ctx.params = typed_params(ctx, empty)
        found = [
            {
                "location": f"query.{name}",
                "message": f"the {name} query parameter cannot be empty",
                "expected": "a non-empty value",
                "received": "",
            }
            for name in empty
        ]
        found += [p.as_dict() for p in problems_of(self.schemas.params(op), ctx.params, "")]
        if op.body is not None:
            found += self._body_problems(ctx)
        return found

    def _body_problems(self, ctx: RequestContext) -> Problems:
        op = ctx.operation
        assert op is not None and op.body is not None
        if not ctx.raw_body.strip():
            stand_in = absent_body(op)
            if stand_in is not None:  # what the server's pipes validate instead, required or not
                validator = self.schemas.body(op)
                stood = wire.loads(stand_in)
                return [] if validator is None else [p.as_dict() for p in problems_of(validator, stood, "body")]
            if op.body.required:
                return [body_problem("a JSON request body is required", "a JSON document", None)]
            return []
        media = documented_media(ctx.content_type, op.body.media_types)
        if media is None:
            return [
                body_problem(
                    f"the request body must be sent as {' or '.join(op.body.media_types)}",
                    {"content-type": list(op.body.media_types)},
                    ctx.content_type or None,
                )
            ]
        validator = self.schemas.body(op)
        if validator is None or not is_json(media):
            return []
        try:
            body = ctx.body
        except ApiError as error:  # not JSON: the same problem the handlers would get, as a problem
            return list(error.problems)
        return [p.as_dict() for p in problems_of(validator, body, "body")]

    def response_problems(self, op: Operation, status: int, body: bytes, content_type: str) -> Problems:
        seen = (op.operation_id, status, content_type, body)
        if self.valid_answers.get(seen) is not None:
            return []
        problems = self._response_problems(op, status, body, content_type)
        if not problems:
            self.valid_answers.put(seen, True)
        return problems

    def _response_problems(self, op: Operation, status: int, body: bytes, content_type: str) -> Problems:
        key = response_key(op, status)
        if key is None:
            return [body_problem(f"status {status} is not a documented response", sorted(op.responses), status)]
        validator = self.schemas.response(op, key)
        if validator is None:
            return []
        if not body:
            return [body_problem("a JSON response body is documented but none was sent", "a JSON document", None)]
        if media_type(content_type) != RESPONSE_MEDIA:
            return [body_problem(f"the response body is not {RESPONSE_MEDIA}", RESPONSE_MEDIA, content_type or None)]
        try:
            document = wire.loads(body, own=True)
        except (ValueError, UnicodeDecodeError) as exc:
            return [
                body_problem(
                    f"the response body is not valid JSON: {exc}",
                    "a JSON document",
                    body[:200].decode("utf-8", "replace"),
                )
            ]
        return [p.as_dict() for p in problems_of(validator, document, "body")]
