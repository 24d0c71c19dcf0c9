"""The request path as one list of stages, in the order the real server applies them.

Each stage takes the RequestContext and fills it in or raises ApiError; a DomainError from the rules a
handler calls is rendered the same way. The handler and the check
of its answer against the spec run inside one world transaction: a request that fails in any way,
including an off-spec answer, leaves the world as it was. Error bodies are checked too, and every
call is journaled.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from emulator.domain.errors import DomainError
from emulator.pipeline.auth import authenticate
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError, dumps, error_headers, render
from emulator.pipeline.faults import inject_faults
from emulator.pipeline.guards import authorize
from emulator.pipeline.handler_messages import refusal
from emulator.pipeline.pipes import PIPES, PipeProblem, more_problems
from emulator.pipeline.ratelimit import rate_limit, throttle
from emulator.pipeline.versioning import not_found, select_version

log = logging.getLogger("calcom_emulator")

Stage = Callable[[RequestContext], None]


def route(ctx: RequestContext) -> None:
    match = ctx.runtime.router.match(ctx.method, ctx.path)
    if match.candidates:
        ctx.candidates = match.candidates
        return
    if match.allowed:
        allowed = ", ".join(match.allowed)
        raise ApiError(
            405,
            f"Only {allowed} Method allowed" if ctx.api == "v1" else f"Cannot {ctx.method} {ctx.path}",
            headers={"Allow": allowed},
        )
    raise not_found(ctx)


def validate_request(ctx: RequestContext) -> None:
    problems = ctx.runtime.validator.request_problems(ctx)
    if problems:
        assert ctx.operation is not None
        more = _pipe_findings(ctx, problems)
        said = refusal(ctx.operation, problems, more)  # the server's own words, where the overlays know them
        if said is not None:
            raise said
        problems = [*problems, *(p.as_problem() for p in more)]
        summary = "; ".join(f"{p['location'] or 'request'}: {p['message']}" for p in problems)
        raise ApiError(400, f"Invalid request: {summary}", problems=problems)


def _pipe_findings(ctx: RequestContext, problems: list[dict[str, Any]]) -> list[PipeProblem]:
    """The handler's own checks on a body the spec refused, so one 400 names every bad property."""
    assert ctx.operation is not None
    if ctx.operation.operation_id not in PIPES:
        return []
    try:
        body = ctx.body
    except ApiError:  # not JSON: the spec's problem says so, there is nothing more to check
        return []
    return more_problems(ctx.operation.operation_id, body, problems)


def encode(reply: Reply) -> tuple[bytes, str]:
    if reply.body is None:
        return b"", ""
    return dumps(reply.body), "application/json"


def off_spec(ctx: RequestContext, status: int, body: bytes, content_type: str) -> ApiError | None:
    """Our own answer held to the spec: an emulator bug becomes a 500 naming it (or a log line)."""
    op = ctx.operation
    if op is None:
        return None
    problems = ctx.runtime.validator.response_problems(op, status, body, content_type)
    if not problems:
        return None
    if ctx.runtime.settings.lenient:
        log.warning("off-spec response %s %s -> %s: %s", op.operation_id, ctx.url, status, problems)
        return None
    return ApiError(
        500,
        f"calcom-emulator bug: its {status} response to {op.operation_id} does not match the spec "
        f"(responses.{status} of {op.method} {op.spec_path}); run with --lenient to let it through.",
        code="EmulatorResponseValidationError",
        problems=problems,
    )


def handle(ctx: RequestContext) -> None:
    op = ctx.operation
    assert op is not None
    handler = ctx.runtime.handlers.get(op.operation_id)
    if handler is None:
        raise ApiError(
            501,
            f"{op.operation_id} ({op.method} {op.path}) is not implemented by calcom-emulator yet; "
            "the request was valid.",
            code="NotImplementedException",
        )
    try:
        with ctx.runtime.world.transaction():
            reply = handler(ctx)
            encoded = encode(reply)
            problem = off_spec(ctx, reply.status, *encoded)
            if problem is not None:
                raise problem  # undoes the handler's writes
    except DomainError as refused:  # the rules said no (writes undone): answer as the server does
        raise ApiError(refused.status, refused.message, bare=refused.bare, code=refused.code) from None
    except OverflowError as exc:
        # A number the spec allows but no date or column can hold (a duration of 2^63 minutes): the
        # server's database would refuse it; the caller's mistake, never a server error.
        raise ApiError(400, f"A number in the request is out of range: {exc}") from None
    ctx.reply, ctx.encoded = reply, encoded
    # Committed: only now do webhook deliveries leave (a rolled-back request posted none).
    runtime = ctx.runtime
    if runtime.world.outbox:
        runtime.deliveries.accept(runtime.world.take_outbox(), runtime.settings.webhook_delivery, runtime.clock.now)


def parse_body_limit(ctx: RequestContext) -> None:
    """The body parser runs before routing on both servers: an oversized body is refused for any path."""
    if not ctx.oversized:
        return
    if ctx.api == "v1":
        raise ApiError(413, "Body exceeded 1mb limit")
    raise ApiError(413, "request entity too large", bare=True)  # body-parser's error, through Nest's base filter


STAGES: list[Stage] = [
    parse_body_limit,
    route,
    select_version,
    throttle,  # v2: the server's global rate-limit guard runs before authentication
    authenticate,
    authorize,  # the operation's guards: OAuth permissions, roles, organization and plan checks
    rate_limit,  # v1: limited per user once the API key is known
    inject_faults,
    validate_request,
    handle,
]


def answer(ctx: RequestContext) -> tuple[int, dict[str, str], bytes, str, list[dict[str, object]]]:
    """Run the chain: (status, headers, body, content type, problems), never raising."""
    runtime = ctx.runtime
    problems: list[dict[str, object]] = []
    try:
        for stage in STAGES:
            stage(ctx)
        reply, encoded = ctx.reply, ctx.encoded
        assert reply is not None and encoded is not None
        status, headers = reply.status, dict(reply.headers)
        body, content_type = encoded
    except ApiError as error:
        status, problems = error.status, error.problems
        v2 = ctx.api == "v2"
        headers = error_headers(error, ctx.headers.get("x-request-id")) if v2 else dict(error.headers)
        body, content_type = dumps(render(error, ctx.api, ctx.url, runtime.clock)), "application/json"
        if error.code != "EmulatorResponseValidationError":
            problem = off_spec(ctx, status, body, content_type)
            if problem is not None:
                status, problems = 500, problem.problems
                body = dumps(render(problem, ctx.api, ctx.url, runtime.clock))
    except Exception:  # a handler bug must still answer in the API's shape, never a traceback
        log.exception("unhandled error in %s %s", ctx.method, ctx.url)
        status, headers = 500, {}
        internal = ApiError(500, "Internal server error")
        body, content_type = dumps(render(internal, ctx.api, ctx.url, runtime.clock)), "application/json"
    headers.update(ctx.response_headers)
    return status, headers, body, content_type, problems


def journal(
    ctx: RequestContext,
    status: int,
    problems: list[dict[str, object]],
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    content_type: str = "",
) -> None:
    """Journal the call as answered: headers and body as sent (none when the connection was dropped)."""
    dropped = ctx.drop_connection
    at = ctx.now
    operation_id = ctx.operation.operation_id if ctx.operation else None
    # The coverage counter outlives the journal's cap and resets (pipeline/coverage_counter.py).
    ctx.runtime.client_coverage.count(at, operation_id, 0 if dropped else status, body, content_type)
    ctx.runtime.journal.record(
        at,
        ctx.method,
        ctx.path,
        ctx.query_string,
        operation_id,
        0 if dropped else status,
        time.perf_counter() - ctx.started,
        ctx.credential,
        problems,
        ctx.headers,
        ctx.raw_body,
        {} if dropped or headers is None else headers,
        "" if dropped else content_type,
        b"" if dropped else body,
    )
