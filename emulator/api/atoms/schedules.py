"""GET /v2/atoms/schedules: the availability settings atom's schedule (AtomsSchedulesController.getSchedule,
SchedulesAtomsService.getSchedule over ScheduleRepository.findDetailedScheduleById).

The shape is the legacy schedule output (the same repository function). Kept from the source: a
caller without a default schedule gets ``data: null`` even when asking for a schedule id, and the
repository's team-permission check is never awaited, so any caller reads any schedule, which then
comes back ``isManaged`` and, unless ``isManagedEventType``, ``readOnly``. Changed: an unknown id is
the repository's plain Error (a 500 on the live server); here it is a 404 with the Error's message,
as for the legacy schedules.
"""

from __future__ import annotations

from emulator.api import params
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.schedules_slots.schedules_legacy import not_found, schedule_output
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import Schedule


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
