"""/v2/me: the caller's own profile (MeController)."""

from __future__ import annotations

from typing import Any

from emulator.api.caller import acting_user
from emulator.api.platform import user_inputs
from emulator.api.registry import handles
from emulator.domain import profiles, schedules
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import Schedule, User


def checked_profile_body(body: dict[str, Any]) -> dict[str, Any]:
    """An UpdateManagedUserInput body as the validation pipe passes it on (see user_inputs)."""
    return user_inputs.checked_user_body(body, creating=False)


def me_output(ctx: RequestContext, user: User, *, with_organization: bool = True) -> dict[str, Any]:
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
    if with_organization and user.organization_id is not None:
        org = ctx.runtime.world.find("teams", user.organization_id)
        out["organization"] = {"isPlatform": bool(org and org.is_platform), "id": user.organization_id}
    return out


@handles("MeController_getMe")
def get_me(ctx: RequestContext) -> Reply:
    return Reply(200, {"status": "success", "data": me_output(ctx, acting_user(ctx))})


@handles("MeController_updateMe")
def update_me(ctx: RequestContext) -> Reply:
    # users.repository update, then the default schedule follows a new time zone (me.controller.ts).
    # The answer is the updated row itself, which carries no organization object.
    world = ctx.runtime.world
    user = acting_user(ctx)
    body = checked_profile_body(ctx.body or {})
    updated = profiles.update_profile(world, user, body)
    if body.get("timeZone") and user.default_schedule_id is not None:
        schedule: Schedule | None = world.find("schedules", user.default_schedule_id)
        if schedule is not None:
            schedules.update(world, schedule, time_zone=body["timeZone"])
    return Reply(200, {"status": "success", "data": me_output(ctx, updated, with_organization=False)})
