"""The auth stage: who is calling (v1 apiKey query parameter; v2 bearer API key, OAuth client
headers, managed-user access token). It runs before validation, as on the real server, so a request
without credentials gets the auth answer rather than a 400 about a missing parameter.

Credentials are not checked yet: every request proceeds anonymously (``ctx.credential`` is None).
"""

from __future__ import annotations

from emulator.pipeline.context import RequestContext


def authenticate(ctx: RequestContext) -> None:
    ctx.credential = None
