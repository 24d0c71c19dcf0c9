"""/v2/schedules with cal-api-version 2024-06-11 (also 2024-06-14): SchedulesController_2024_06_11.

Shapes from apps/api/v2/src/ee/schedules/schedules_2024_06_11: weekly hours are
``{days: ["Monday", ...], startTime: "HH:MM", endTime}`` and overrides ``{date, startTime, endTime}``,
all in the schedule's time zone. Missing schedule: 404 on get and update, 400 on delete (the server
throws BadRequestException there); someone else's: 403. No default schedule: ``data: null``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from emulator.api import problems
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import schedules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.clock import parse_instant
from emulator.world.models import Availability, DateOverride, Schedule, User
from emulator.world.store import World


def schedule_output(world: World, schedule: Schedule) -> dict[str, Any]:
    """ScheduleOutput_2024_06_11."""
    return {
        "id": schedule.id,
        "ownerId": schedule.user_id,
        "name": schedule.name,
        "timeZone": schedule.time_zone or "Europe/London",
        "availability": [
            {"days": schedules.day_names(a.days), "startTime": a.start[:5], "endTime": a.end[:5]}
            for a in schedule.availability
            if a.days
        ],
        "isDefault": schedules.is_default(world, schedule),
        "overrides": [
            {"date": o.date.isoformat(), "startTime": o.start[:5], "endTime": o.end[:5]} for o in schedule.overrides
        ],
    }


def schedule_id(ctx: RequestContext) -> int:
    raw = ctx.path_params["scheduleId"]
    try:
        return int(float(raw))
    except ValueError:
        raise problems.invalid("path.scheduleId", "must be a number", {"type": "integer"}, raw) from None


def owned_schedule(ctx: RequestContext, user: User, *, missing: int = 404) -> Schedule:
    """The schedule in the path, if it is the caller's (the 2024-06-11 and 2024-04-15 services agree)."""
    sid = schedule_id(ctx)
    schedule: Schedule | None = ctx.runtime.world.find("schedules", sid)
    if schedule is None:
        raise ApiError(missing, f"Schedule with ID={sid} does not exist.")
    if schedule.user_id != user.id:
        raise ApiError(403, f"User with ID={user.id} does not own schedule with ID={sid}")
    return schedule


def check_time_zone(body: dict[str, Any]) -> None:
    if "timeZone" in body and not schedules.is_time_zone(body["timeZone"]):
        raise problems.time_zone("body.timeZone", body["timeZone"])


def weekly_input(items: list[dict[str, Any]]) -> tuple[Availability, ...]:
    for i, item in enumerate(items):
        for key in ("startTime", "endTime"):
            if not schedules.is_hh_mm(item[key]):
                raise problems.invalid(
                    f"body.availability[{i}].{key}", f"{key} must be a valid time format HH:MM", "HH:MM", item[key]
                )
    return tuple(
        Availability(schedules.day_numbers(item["days"]), item["startTime"], item["endTime"]) for item in items
    )


def overrides_input(items: list[dict[str, Any]]) -> tuple[DateOverride, ...]:
    out = []
    for i, item in enumerate(items):
        for key in ("startTime", "endTime"):
            if not schedules.is_hh_mm(item[key]):
                raise problems.invalid(
                    f"body.overrides[{i}].{key}", f"{key} must be a valid time format HH:MM", "HH:MM", item[key]
                )
        out.append(
            DateOverride(override_date(item["date"], f"body.overrides[{i}].date"), item["startTime"], item["endTime"])
        )
    return tuple(out)


def override_date(text: str, location: str) -> date:
    """An ISO 8601 date (or date-time, whose UTC date counts, as ``new Date(...)`` reads it)."""
    try:
        return date.fromisoformat(text) if len(text) == 10 else parse_instant(text).date()
    except ValueError:
        raise problems.invalid(
            location, "date must be a valid ISO 8601 date string", "a date such as 2024-05-20", text
        ) from None


def create_for(ctx: RequestContext, user: User) -> Reply:
    """createUserSchedule for ``user`` (the caller, or an organization's member on its routes)."""
    world, body = ctx.runtime.world, ctx.body
    check_time_zone(body)
    weekly = weekly_input(body["availability"]) if body.get("availability") is not None else None
    overrides = overrides_input(body.get("overrides") or [])
    schedule = schedules.create(
        world, user.id, body["name"], body["timeZone"], weekly, overrides, make_default=bool(body["isDefault"])
    )
    return Reply(201, {"status": "success", "data": schedule_output(world, schedule)})


def list_for(world: World, user: User) -> Reply:
    mine = schedules.schedules_of(world, user.id)
    return Reply(200, {"status": "success", "data": [schedule_output(world, s) for s in mine]})


def get_for(ctx: RequestContext, user: User) -> Reply:
    schedule = owned_schedule(ctx, user)
    return Reply(200, {"status": "success", "data": schedule_output(ctx.runtime.world, schedule)})


def update_for(ctx: RequestContext, user: User) -> Reply:
    world, body = ctx.runtime.world, ctx.body or {}
    schedule = owned_schedule(ctx, user)
    check_time_zone(body)
    weekly = weekly_input(body["availability"]) if body.get("availability") is not None else None
    overrides = overrides_input(body["overrides"]) if body.get("overrides") is not None else None
    if body.get("isDefault"):
        schedules.set_default(world, user.id, schedule.id)
    schedule = schedules.update(
        world, schedule, name=body.get("name"), time_zone=body.get("timeZone"), weekly=weekly, overrides=overrides
    )
    return Reply(200, {"status": "success", "data": schedule_output(world, schedule)})


def delete_for(ctx: RequestContext, user: User) -> Reply:
    schedule = owned_schedule(ctx, user, missing=400)
    schedules.delete(ctx.runtime.world, schedule)
    return Reply(200, {"status": "success"})


@handles("SchedulesController_2024_06_11_createSchedule")
def create_schedule(ctx: RequestContext) -> Reply:
    return create_for(ctx, acting_user(ctx))


@handles("SchedulesController_2024_06_11_getSchedules")
def list_schedules(ctx: RequestContext) -> Reply:
    return list_for(ctx.runtime.world, acting_user(ctx))


@handles("SchedulesController_2024_06_11_getDefaultSchedule")
def get_default_schedule(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    schedule = schedules.default_schedule(world, user)
    return Reply(200, {"status": "success", "data": schedule_output(world, schedule) if schedule else None})


@handles("SchedulesController_2024_06_11_getSchedule")
def get_schedule(ctx: RequestContext) -> Reply:
    return get_for(ctx, acting_user(ctx))


@handles("SchedulesController_2024_06_11_updateSchedule")
def update_schedule(ctx: RequestContext) -> Reply:
    return update_for(ctx, acting_user(ctx))


@handles("SchedulesController_2024_06_11_deleteSchedule")
def delete_schedule(ctx: RequestContext) -> Reply:
    return delete_for(ctx, acting_user(ctx))
