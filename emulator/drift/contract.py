"""Another server's exchange held to the emulator's contract: the pinned specs with the project's
overlays, as the emulator validates its own requests and answers. Nothing here raises: what does not
fit is reported as problems, in the validators' form ({location, message, ...})."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emulator.pipeline.asgi import context
from emulator.pipeline.chain import route
from emulator.pipeline.errors import ApiError
from emulator.pipeline.routing import v1_alias
from emulator.pipeline.versioning import select_version
from emulator.runtime import Runtime


@dataclass
class Verdict:
    api: str | None = None  # v1 | v2; None: not an API path
    operation_id: str | None = None
    request: list[dict[str, Any]] = field(default_factory=list)
    response: list[dict[str, Any]] = field(default_factory=list)

    def problems(self) -> dict[str, list[dict[str, Any]]]:
        return {k: v for k, v in (("request", self.request), ("response", self.response)) if v}


def is_api_path(path: str) -> bool:
    return path[:3] in ("/v1", "/v2") and (len(path) == 3 or path[3] == "/")


def check(
    runtime: Runtime,
    method: str,
    path: str,
    query_string: str,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
    answer: tuple[int, bytes, str] | None,
) -> Verdict:
    """The operation a request is, and the problems of the request and (when there is one) of the
    answer (status, body, content type) against it."""
    aliased = v1_alias(runtime.router, path) or path
    if not is_api_path(aliased):
        return Verdict()
    scope = {"path": aliased, "query_string": query_string.encode("latin-1"), "method": method, "headers": headers}
    ctx = context(runtime, scope, body)
    verdict = Verdict(api=ctx.api)
    try:
        route(ctx)
        select_version(ctx)
    except ApiError as refused:
        version = ctx.headers.get("cal-api-version")
        where = f"{method} {path}"
        if ctx.api == "v2":
            where += f" with cal-api-version {version}" if version else " without cal-api-version"
        verdict.request.append(
            {"location": "path", "message": f"no operation of the contract serves {where}: {refused.message}"}
        )
        return verdict
    op = ctx.operation
    assert op is not None
    verdict.operation_id = op.operation_id
    verdict.request = list(runtime.validator.request_problems(ctx))
    if answer is not None:
        status, content, content_type = answer
        verdict.response = list(runtime.validator.response_problems(op, status, content, content_type))
    return verdict
