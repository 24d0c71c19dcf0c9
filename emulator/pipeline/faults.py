"""The fault stage: the first rule of the fault book (pipeline/fault_rules.py) that matches a request
and fires decides its fate. It runs after auth and rate limits and before validation, so a faulted
call never reaches its handler and leaves the world as it was.
"""

from __future__ import annotations

from emulator.pipeline.context import RequestContext
from emulator.pipeline.errors import ApiError


def inject_faults(ctx: RequestContext) -> None:
    book = ctx.runtime.faults
    if not book.entries:
        return
    op = ctx.operation
    entry = book.match(
        method=ctx.method,
        path=ctx.path,
        operation_id=op.operation_id if op else None,
        template=op.path if op else None,
        credential=ctx.credential,
        rng=ctx.runtime.world.rng,
    )
    if entry is None:
        return
    rule = entry.rule
    ctx.response_headers["X-Emulator-Fault"] = rule.id
    ctx.delay_s += rule.latency_ms / 1000
    if rule.drop:
        ctx.drop_connection = True
        # Skips the handler; the endpoint sees the flag and aborts the response instead of sending this.
        raise ApiError(503, f"connection dropped by fault rule {rule.id}", code="EmulatorConnectionDropped")
    if rule.status is not None:
        raise rule.error(ctx.api)
