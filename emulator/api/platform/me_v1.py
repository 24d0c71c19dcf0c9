"""/v1/me: the API key owner's public user fields (pages/api/me)."""

from __future__ import annotations

from typing import Any

from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.user_row import public_columns
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import User


def user_v1(user: User) -> dict[str, Any]:
    """schemaUserReadPublic: the public columns of a user row."""
    return {**public_columns(user), "endTime": 1440, "bufferTime": 0, "role": user.role}


@handles("getMe")
def get_me(ctx: RequestContext) -> Reply:
    return Reply(200, {"user": user_v1(acting_user(ctx))})
