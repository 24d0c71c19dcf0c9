"""/v2/atoms/schedules: the availability settings atom's schedule (AtomsSchedulesController), read with
ScheduleRepository.findDetailedScheduleById and written with the web app's updateSchedule.

The shape is the legacy schedule output (the same repository function). Kept from the source: a
caller without a default schedule gets ``data: null`` even when asking for a schedule id, and the
repository's team-permission check is never awaited, so any caller reads any schedule, which then
comes back ``isManaged`` and, unless ``isManagedEventType``, ``readOnly``. Changed: an unknown id is
the repository's plain Error (a 500 on the live server); here it is a 404 with the Error's message,
as for the legacy schedules.

The update is updateSchedule itself: a schedule that does not exist, or another user's that the caller
may not edit (hasEditPermissionForUserID: an admin or owner of a team the owner belongs to), is the
tRPC UNAUTHORIZED the API's filter answers as 401. ``isDefault`` makes the schedule the *caller's*
default, whoever owns it. Without ``name`` the answer is only the schedule's id, owner and name with
``isDefault``; with one, the name, time zone, weekly ranges and date overrides are written and the
answer is the full update result, as the legacy update answers it.
"""

from __future__ import annotations

from emulator.api import params, problems
from emulator.api.atoms.trpc import trpc_error
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.schedules_slots.schedules_legacy import (
    apply_named_update,
    not_found,
    schedule_output,
    updated_output,
)
from emulator.domain import schedules
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import Schedule, User
from emulator.world.store import World


@handles("AtomsSchedulesController_getSchedule")
def get_schedule(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    if user.default_schedule_id is None:
        return Reply(200, {"status": "success", "data": None})
    requested = params.query(ctx, "scheduleId")
    schedule_id = int(requested) if requested else user.default_schedule_id  # 0 means "the default", as `||` does
    schedule: Schedule | None = world.find("schedules", schedule_id)
    if schedule is None:
        raise not_found("Schedule not found")
    data = schedule_output(world, schedule, user)
    data["readOnly"] = schedule.user_id != user.id and not params.flag(ctx, "isManagedEventType")
    return Reply(200, {"status": "success", "data": data})


def _may_edit_for(world: World, user: User, owner_id: int) -> bool:
    """hasEditPermissionForUserID: the caller is an admin or owner of a team the owner belongs to
    (both memberships accepted)."""
    led = {
        m.team_id
        for m in world.where("memberships", lambda m: m.user_id == user.id and m.accepted)
        if m.role in ("ADMIN", "OWNER")
    }
    return any(m.team_id in led for m in world.where("memberships", lambda m: m.user_id == owner_id and m.accepted))


@handles("AtomsSchedulesController_updateSchedule")
def update_schedule(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    schedule: Schedule | None = world.find("schedules", int(ctx.path_params["scheduleId"]))
    if schedule is None or (schedule.user_id != user.id and not _may_edit_for(world, user, schedule.user_id)):
        raise trpc_error("UNAUTHORIZED")
    if body.get("timeZone") is not None and not schedules.is_time_zone(body["timeZone"]):
        raise problems.time_zone("body.timeZone", body["timeZone"])
    previous_default = user.default_schedule_id
    if body.get("isDefault"):
        schedules.set_default(world, user.id, schedule.id)  # the caller's default, whoever owns the schedule
    user = world.get("users", user.id)
    if not body.get("name"):
        # updateSchedule returns early: only the default may have changed.
        data = {
            "schedule": {"userId": schedule.user_id, "name": schedule.name, "id": schedule.id},
            "isDefault": user.default_schedule_id == schedule.id,
        }
        return Reply(200, {"status": "success", "data": data})
    schedule = apply_named_update(world, schedule, body)
    return Reply(200, {"status": "success", "data": updated_output(world, schedule, user, previous_default)})
