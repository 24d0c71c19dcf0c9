"""/v2/me: the caller's own profile (MeController)."""

from __future__ import annotations

from typing import Any

from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import User


def me_output(ctx: RequestContext, user: User) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "timeFormat": user.time_format,
        "defaultScheduleId": user.default_schedule_id,
        "weekStart": user.week_start,
        "timeZone": user.time_zone,
        "organizationId": user.organization_id,
    }
    if user.organization_id is not None:
        org = ctx.runtime.world.find("teams", user.organization_id)
        out["organization"] = {"isPlatform": bool(org and org.is_platform), "id": user.organization_id}
    return out


@handles("MeController_getMe")
def get_me(ctx: RequestContext) -> Reply:
    return Reply(200, {"status": "success", "data": me_output(ctx, acting_user(ctx))})
