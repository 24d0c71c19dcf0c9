"""The version stage: pick the operation variant that serves the request's cal-api-version.

The real server reads ``cal-api-version`` only when it is exactly one of the versions it knows;
anything else, or nothing, is 2024-04-15, which for bookings, slots, event types and schedules is
served by older controllers (our legacy description) or by nobody (a 404 ``Cannot GET ...``).
``--strict-versions`` turns a missing or wrong header on a version-bound path into a 400 instead.
"""

from __future__ import annotations

from emulator.pipeline.context import RequestContext
from emulator.pipeline.errors import ApiError
from emulator.specs.operations import API_VERSIONS, DEFAULT_API_VERSION, VERSION_HEADER

_KNOWN = frozenset(API_VERSIONS)


def requested_version(ctx: RequestContext) -> str:
    value = ctx.headers.get(VERSION_HEADER, "")
    return value if value in _KNOWN else DEFAULT_API_VERSION


def not_found(ctx: RequestContext) -> ApiError:
    return ApiError(404, f"Cannot {ctx.method} {ctx.path}", v1_key="message")


def select_version(ctx: RequestContext) -> None:
    if ctx.api == "v1":
        chosen = ctx.candidates[0]
        ctx.operation, ctx.path_params = chosen.operation, chosen.path_params
        return
    version = requested_version(ctx)
    if ctx.runtime.settings.strict_versions:
        _check_strict(ctx)
    for candidate in ctx.candidates:
        versions = candidate.operation.versions
        if versions is None or version in versions:
            ctx.version = version
            ctx.operation, ctx.path_params = candidate.operation, candidate.path_params
            return
    raise not_found(ctx)


def _check_strict(ctx: RequestContext) -> None:
    bound = [c.operation for c in ctx.candidates if c.operation.version_bound and not c.operation.legacy]
    if not bound:
        return
    sent = ctx.headers.get(VERSION_HEADER)
    expected = sorted({v for op in bound for v in (op.versions or ())})
    if sent not in expected:
        shown = "no cal-api-version header" if sent is None else f"cal-api-version {sent!r}"
        raise ApiError(
            400,
            f"{ctx.method} {ctx.path} needs the header cal-api-version: {' or '.join(expected)} "
            f"(got {shown}); the emulator runs with --strict-versions, so it does not fall back to "
            f"{DEFAULT_API_VERSION} as the real server would.",
            problems=[
                {
                    "location": f"header.{VERSION_HEADER}",
                    "message": f"must be {' or '.join(expected)}",
                    "expected": expected,
                    "received": sent,
                }
            ],
        )
