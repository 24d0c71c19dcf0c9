"""The fault stage: rules set through the admin API that force a status, add latency or drop the
connection for matching requests.

No rules exist yet; the stage is in place so that its position in the chain is fixed.
"""

from __future__ import annotations

from emulator.pipeline.context import RequestContext


def inject_faults(ctx: RequestContext) -> None:
    return None
