"""operationId -> handler. A handler takes the RequestContext and returns a Reply (or raises ApiError)."""

from __future__ import annotations

from collections.abc import Callable

from emulator.pipeline.context import Handler

HANDLERS: dict[str, Handler] = {}


def handles(*operation_ids: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for operation_id in operation_ids:
            if operation_id in HANDLERS:
                raise RuntimeError(f"two handlers for {operation_id}")
            HANDLERS[operation_id] = fn
        return fn

    return register
