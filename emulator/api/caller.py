"""Who a request acts as.

Until credentials are checked (the auth stage), every request acts as the world's default user:
the first user of the loaded fixtures that is not a platform managed user (in the default world,
Alice). Once auth lands, the credential's owner takes this place.
"""

from __future__ import annotations

from emulator.pipeline.context import RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import User


def acting_user(ctx: RequestContext) -> User:
    credential = ctx.credential
    user = getattr(credential, "user", None)
    if isinstance(user, User):
        return user
    world = ctx.runtime.world
    users: list[User] = sorted(world.all("users"), key=lambda u: u.id)
    for candidate in users:
        if candidate.platform_client_id is None:
            return candidate
    raise ApiError(401, "The world has no users to act as; load fixtures with at least one user.", v1_key="error")
