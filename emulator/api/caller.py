"""Who a request acts as: the owner of the credential the auth stage accepted."""

from __future__ import annotations

from emulator.pipeline.context import RequestContext
from emulator.pipeline.credentials import NO_AUTH_PROVIDED
from emulator.pipeline.errors import ApiError
from emulator.world.models import User


def acting_user(ctx: RequestContext) -> User:
    """The calling user. Operations that need one are refused earlier without credentials; this
    guards the handlers of optional-auth operations that call it for an anonymous request."""
    credential = ctx.credential
    if credential is not None and credential.user is not None:
        return credential.user
    if ctx.api == "v1":
        raise ApiError(401, "No apiKey provided", v1_key="message")
    raise ApiError(401, f"ApiAuthStrategy - {NO_AUTH_PROVIDED}")


def caller_or_none(ctx: RequestContext) -> User | None:
    """The calling user on operations where credentials are optional."""
    credential = ctx.credential
    return credential.user if credential is not None else None
