"""/v2/schedules without a version (or 2024-04-15): SchedulesController_2024_04_15.

Outputs follow packages/lib/server/repository/schedule.ts (``findDetailedScheduleById``) and
packages/lib/schedules/updateSchedule.ts, the shapes the availability editor uses: stored rows with
times on 1970-01-01, working hours in minutes, seven lists of ranges on today's date, future
overrides grouped by date. One quirk is changed: where the shared code throws a plain Error (a
user without schedules, a default or requested schedule that does not exist), the live server
answers 500; the emulator answers 404 with the Error's own message, since a client's bad id must
never look like a server fault here (docs/availability.md). Quirks kept: a PATCH without
``name`` only sets the default (Cal.com returns early); with a name, weekly hours absent from the
body stay, while overrides absent from it are dropped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from emulator.api import problems
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.schedules_slots.schedules import owned_schedule, schedule_id
from emulator.domain import schedules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.clock import iso_ms, parse_instant
from emulator.world.models import Availability, DateOverride, Schedule, User
from emulator.world.store import World

EPOCH = date(1970, 1, 1)


def _time(hh_mm: str, on: date = EPOCH) -> str:
    hours, mins = hh_mm.split(":")[:2]
    return iso_ms(datetime(on.year, on.month, on.day, int(hours), int(mins), tzinfo=UTC))


def row_output(row: schedules.Row) -> dict[str, Any]:
    """An Availability row as Prisma returns it."""
    return {
        "id": row.id,
        "userId": row.user_id,
        "eventTypeId": None,
        "days": list(row.days),
        "startTime": _time(row.start),
        "endTime": _time(row.end),
        "date": _time("00:00", row.date) if row.date else None,
        "scheduleId": row.schedule_id,
    }


def _ranges(ranges: list[tuple[datetime, datetime]], end_of_day: bool) -> list[dict[str, str]]:
    out = []
    for start, end in ranges:
        text = iso_ms(end)
        if end_of_day and text.endswith("T23:59:00.000Z"):
            text = text.replace("T23:59:00.000Z", "T23:59:59.999Z")
        out.append({"start": iso_ms(start), "end": text})
    return out


def week_output(world: World, schedule: Schedule, end_of_day: bool = True) -> list[list[dict[str, str]]]:
    today = world.clock.now().astimezone(UTC).date()
    return [_ranges(day, end_of_day) for day in schedules.week_ranges(schedule, today)]


def schedule_output(world: World, schedule: Schedule, user: User) -> dict[str, Any]:
    """ScheduleOutput_2024_04_15 (findDetailedScheduleById)."""
    time_zone = schedule.time_zone or user.time_zone
    today = schedules.local_today(world, time_zone)
    return {
        "id": schedule.id,
        "name": schedule.name,
        "isManaged": schedule.user_id != user.id,
        "workingHours": schedules.working_hours(schedule),
        "schedule": [row_output(r) for r in schedules.rows(world, schedule)],
        "availability": week_output(world, schedule),
        "timeZone": time_zone,
        "dateOverrides": [{"ranges": _ranges(r, False)} for r in schedules.future_overrides(schedule, today)],
        "isDefault": user.default_schedule_id == schedule.id,
        "isLastSchedule": len(schedules.schedules_of(world, user.id)) <= 1,
        "readOnly": schedule.user_id != user.id,
        "userId": schedule.user_id,
    }


def not_found(message: str) -> ApiError:
    """Where Cal.com's shared code throws a plain Error (a 500 on the live server): a 404 with its message."""
    return ApiError(404, message)


def time_of_day(text: str, key: str) -> str:
    """The UTC time of day of a full ISO date-time (CreateAvailabilityInput_2024_04_15's transform)."""
    parts = text.split("T")
    if len(parts) != 2:
        raise ApiError(
            400, f"Invalid datestring format. Expected format(ISO8061): 2025-04-12T13:17:56.324Z. Received: {text}"
        )
    fields = parts[1].split(".")[0].split(":")
    if len(fields) != 3:
        raise ApiError(400, f"Invalid time format. Expected format(ISO8061): 2025-0412T13:17:56.324Z. Received: {text}")
    try:
        hours, mins, secs = (int(f[:2]) for f in fields)
    except ValueError:
        raise ApiError(
            400, f"Invalid time format. Expected format(ISO8061): 2025-0412T13:17:56.324Z. Received: {text}"
        ) from None
    for value, unit, top in ((hours, "hours", 23), (mins, "minutes", 59), (secs, "seconds", 59)):
        if not 0 <= value <= top:
            raise ApiError(400, f"Invalid {key} {unit}. Expected value between 0 and {top}")
    return f"{hours:02d}:{mins:02d}"


def instant(text: Any, location: str) -> datetime:
    try:
        return parse_instant(str(text))
    except ValueError:
        raise problems.invalid(location, "must be an ISO 8601 date-time", "2050-01-01T09:00:00.000Z", text) from None


@handles("SchedulesController_2024_04_15_createSchedule")
def create_schedule(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body
    if not schedules.is_time_zone(body["timeZone"]):
        raise problems.time_zone("body.timeZone", body["timeZone"])
    weekly = [
        Availability(
            tuple(int(d) for d in item["days"]),
            time_of_day(item["startTime"], "startTime"),
            time_of_day(item["endTime"], "endTime"),
        )
        for item in body.get("availabilities") or []
    ]
    schedule = schedules.create(
        world, user.id, body["name"], body["timeZone"], weekly or None, make_default=bool(body["isDefault"])
    )
    user = world.get("users", user.id)
    return Reply(201, {"status": "success", "data": schedule_output(world, schedule, user)})


@handles("SchedulesController_2024_04_15_getSchedules")
def list_schedules(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    mine = schedules.schedules_of(world, user.id)
    if not mine:
        raise not_found("Schedules not found")  # findManyDetailedScheduleByUserId's Error
    return Reply(200, {"status": "success", "data": [schedule_output(world, s, user) for s in mine]})


@handles("SchedulesController_2024_04_15_getDefaultSchedule")
def get_default_schedule(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    if user.default_schedule_id is None:
        return Reply(200, {"status": "success", "data": None})
    schedule = schedules.default_schedule(world, user)
    if schedule is None:
        raise not_found("Schedule not found")  # the default id points at a deleted schedule
    return Reply(200, {"status": "success", "data": schedule_output(world, schedule, user)})


@handles("SchedulesController_2024_04_15_getSchedule")
def get_schedule(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    if world.find("schedules", schedule_id(ctx)) is None:
        raise not_found("Schedule not found")  # findDetailedScheduleById throws before the service's 404
    schedule = owned_schedule(ctx, user)
    return Reply(200, {"status": "success", "data": schedule_output(world, schedule, user)})


@handles("SchedulesController_2024_04_15_updateSchedule")
def update_schedule(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    schedule = owned_schedule(ctx, user)
    previous_default = user.default_schedule_id
    if body.get("isDefault"):
        schedules.set_default(world, user.id, schedule.id)
    schedule = apply_named_update(world, schedule, body)
    user = world.get("users", user.id)
    return Reply(200, {"status": "success", "data": updated_output(world, schedule, user, previous_default)})


def apply_named_update(world: World, schedule: Schedule, body: dict[str, Any]) -> Schedule:
    """updateSchedule's write: nothing without a name; with one, the name, time zone, weekly ranges
    (seven lists, Sunday first, read in UTC) when sent, and the date overrides in the body."""
    if body.get("name"):
        weekly = None
        if body.get("schedule") is not None:
            weekly = schedules.weekly_from_ranges(
                [
                    [
                        (
                            schedules.utc_time_of_day(instant(r["start"], f"body.schedule[{day}][{i}].start")),
                            schedules.utc_time_of_day(instant(r["end"], f"body.schedule[{day}][{i}].end")),
                        )
                        for i, r in enumerate(ranges)
                    ]
                    for day, ranges in enumerate(body["schedule"])
                ]
            )
        overrides = []
        for i, item in enumerate(body.get("dateOverrides") or []):
            start = instant(item["start"], f"body.dateOverrides[{i}].start")
            end = instant(item["end"], f"body.dateOverrides[{i}].end")
            overrides.append(
                DateOverride(
                    start.astimezone(UTC).date(), schedules.utc_time_of_day(start), schedules.utc_time_of_day(end)
                )
            )
        schedule = schedules.update(
            world, schedule, name=body["name"], time_zone=body.get("timeZone"), weekly=weekly, overrides=overrides
        )
    return schedule


def updated_output(world: World, schedule: Schedule, user: User, previous_default: int | None) -> dict[str, Any]:
    """UpdatedSchedule_2024_04_15 (updateSchedule's answer)."""
    return {
        "schedule": {
            "id": schedule.id,
            "userId": schedule.user_id,
            "name": schedule.name,
            "timeZone": schedule.time_zone,
            "availability": [row_output(r) for r in schedules.rows(world, schedule)],
            "eventType": [
                {"id": e.id, "eventName": e.settings.get("eventName")}
                for e in schedules.event_types_using(world, schedule.id)
            ],
        },
        "availability": week_output(world, schedule, end_of_day=False),
        "timeZone": schedule.time_zone or user.time_zone,
        "isDefault": user.default_schedule_id == schedule.id,
        "prevDefaultId": previous_default,
        "currentDefaultId": user.default_schedule_id,
    }


@handles("SchedulesController_2024_04_15_deleteSchedule")
def delete_schedule(ctx: RequestContext) -> Reply:
    schedule = owned_schedule(ctx, acting_user(ctx), missing=400)
    schedules.delete(ctx.runtime.world, schedule)
    return Reply(200, {"status": "success"})
