"""The rate-limit stage: fixed windows per credential with the real headers and 429 body.

No limits are enforced yet; the stage is in place so that its position in the chain is fixed.
"""

from __future__ import annotations

from emulator.pipeline.context import RequestContext


def rate_limit(ctx: RequestContext) -> None:
    return None
