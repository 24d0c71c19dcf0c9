"""/v1/schedules and /v1/availabilities (apps/api/v1/pages/api/schedules, .../availabilities).

A v1 availability is one row of Cal.com's Availability table: weekly hours (``days``) or, with a
``date``, a date override; both live in the same world tables as v2's schedules. Refusals kept from
the server: another user's schedule is 403 ``Forbidden`` (its auth middleware finds no schedule of
the caller), another user's availability 404 (``findFirstOrThrow``, a Prisma error the server
redacts), ``userId`` in a body without instance-admin rights 403, an availability for someone else's
schedule 401. Instance admins (role ADMIN) skip the ownership checks, as in v1.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from emulator.api import problems
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import is_system_admin
from emulator.domain import schedules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.clock import iso_ms, parse_instant
from emulator.world.models import Schedule, User
from emulator.world.store import World

PRISMA_REDACTED = "An error occurred while querying the database."


def _clock(hh_mm: str, on: date = date(1970, 1, 1)) -> datetime:
    hours, mins = hh_mm.split(":")[:2]
    return datetime(on.year, on.month, on.day, int(hours), int(mins), tzinfo=UTC)


def schedule_v1(world: World, schedule: Schedule) -> dict[str, Any]:
    """schemaSchedulePublic: the row plus its availability rows, times as HH:mm:ss (UTC)."""
    return {
        "id": schedule.id,
        "userId": schedule.user_id,
        "name": schedule.name,
        "timeZone": schedule.time_zone,
        "availability": [
            {
                "id": row.id,
                "eventTypeId": None,
                "date": iso_ms(_clock("00:00", row.date)) if row.date else None,
                "days": list(row.days),
                "startTime": f"{row.start[:5]}:00",
                "endTime": f"{row.end[:5]}:00",
            }
            for row in schedules.rows(world, schedule)
        ],
    }


def availability_v1(row: schedules.Row) -> dict[str, Any]:
    """schemaAvailabilityReadPublic with the Schedule {userId} every handler includes."""
    return {
        "id": row.id,
        "days": list(row.days),
        "startTime": iso_ms(_clock(row.start)),
        "endTime": iso_ms(_clock(row.end)),
        "date": iso_ms(_clock("00:00", row.date)) if row.date else None,
        "scheduleId": row.schedule_id,
        "Schedule": {"userId": row.user_id},
    }


def _path_id(ctx: RequestContext) -> int:
    return int(ctx.path_params["id"])


def _check_time_zone(value: Any) -> None:
    if value is not None and not schedules.is_time_zone(value):
        zones = ", ".join(sorted(schedules.time_zones()))
        raise problems.time_zone(
            "body.timeZone", value, text=f"custom in 'timeZone': Expected one of the following: {zones}"
        )


def _owned_schedule(ctx: RequestContext, user: User) -> Schedule:
    sid = _path_id(ctx)
    schedule: Schedule | None = ctx.runtime.world.find("schedules", sid)
    if is_system_admin(user):
        if schedule is None:
            raise ApiError(404, PRISMA_REDACTED)
        return schedule
    if schedule is None or schedule.user_id != user.id:
        raise ApiError(403, "Forbidden")
    return schedule


@handles("listSchedules")
def list_schedules(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    asked = ctx.query_values("userId")
    if asked and not is_system_admin(user):
        raise ApiError(401, "Unauthorized: Only admins can query other users")
    if asked:
        wanted = {int(v) for v in asked}
        found = [s for s in world.all("schedules") if s.user_id in wanted]
        found.sort(key=lambda s: (s.user_id, s.id))
    elif is_system_admin(user):
        found = sorted(world.all("schedules"), key=lambda s: s.id)
    else:
        found = schedules.schedules_of(world, user.id)
    return Reply(200, {"schedules": [schedule_v1(world, s) for s in found]})


@handles("addSchedule")
def add_schedule(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body
    _check_time_zone(body["timeZone"])
    owner_id = user.id
    if body.get("userId") is not None:
        if not is_system_admin(user):
            raise ApiError(403, "ADMIN required for `userId`")
        owner_id = int(body["userId"])
    schedule = schedules.create(world, owner_id, body["name"], body["timeZone"])
    return Reply(200, {"schedule": schedule_v1(world, schedule), "message": "Schedule created successfully"})


@handles("getScheduleById")
def get_schedule(ctx: RequestContext) -> Reply:
    schedule = _owned_schedule(ctx, acting_user(ctx))
    return Reply(200, {"schedule": schedule_v1(ctx.runtime.world, schedule)})


@handles("editScheduleById")
def edit_schedule(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    schedule = _owned_schedule(ctx, user)
    _check_time_zone(body.get("timeZone"))
    if body.get("userId") is not None and not is_system_admin(user):
        raise ApiError(403, "Non admin cannot change the owner of a schedule")
    schedule = schedules.update(world, schedule, name=body.get("name"), time_zone=body.get("timeZone"))
    if body.get("userId") is not None:
        schedule = world.update("schedules", schedule.id, user_id=int(body["userId"]))
    return Reply(200, {"schedule": schedule_v1(world, schedule)})


@handles("removeScheduleById")
def remove_schedule(ctx: RequestContext) -> Reply:
    schedule = _owned_schedule(ctx, acting_user(ctx))
    schedules.delete(ctx.runtime.world, schedule)
    return Reply(200, {"message": f"Schedule with id: {schedule.id} deleted successfully"})


# /availabilities ------------------------------------------------------------------------------------

_CREATE_KEYS = frozenset({"scheduleId", "startTime", "endTime", "days", "date"})
_EDIT_KEYS = frozenset({"startTime", "endTime", "days", "date"})


def _strict(body: dict[str, Any], allowed: frozenset[str]) -> None:
    """The v1 zod schemas are strict: unknown keys are a 400."""
    extra = [k for k in body if k not in allowed]
    if extra:
        names = ", ".join(f"'{k}'" for k in extra)
        raise problems.invalid(
            f"body.{extra[0]}",
            "not allowed here",
            sorted(allowed),
            body[extra[0]],
            text=f"Unrecognized key(s) in object: {names}",
        )


def _time_of_day(value: Any, location: str) -> str:
    """A Prisma TIME input: an ISO date-time, of which the UTC time of day is kept."""
    try:
        return schedules.utc_time_of_day(parse_instant(str(value)))
    except ValueError:
        raise problems.invalid(
            location, "must be an ISO 8601 date-time", "a date-time such as 1970-01-01T09:00:00.000Z", value
        ) from None


def _date(value: Any, location: str) -> date | None:
    if value is None:
        return None
    text = str(value)
    try:
        return date.fromisoformat(text) if len(text) == 10 else parse_instant(text).astimezone(UTC).date()
    except ValueError:
        raise problems.invalid(location, "must be an ISO 8601 date", "a date such as 2030-01-31", value) from None


def _owned_row(ctx: RequestContext, user: User) -> tuple[Schedule, schedules.Row]:
    found = schedules.find_row(ctx.runtime.world, _path_id(ctx))
    if found is None or (not is_system_admin(user) and found[0].user_id != user.id):
        raise ApiError(404, PRISMA_REDACTED)
    return found


@handles("addAvailability")
def add_availability(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body
    _strict(body, _CREATE_KEYS)
    start = _time_of_day(body["startTime"], "body.startTime")
    end = _time_of_day(body["endTime"], "body.endTime")
    on = _date(body.get("date"), "body.date")
    schedule: Schedule | None = world.find("schedules", int(body["scheduleId"]))
    if not is_system_admin(user) and (schedule is None or schedule.user_id != user.id):
        raise ApiError(401, "You can't add availabilities to this schedule")
    if schedule is None:
        raise ApiError(400, "Invalid input: The referenced data does not exist.")
    row = schedules.add_row(world, schedule, [int(d) for d in body.get("days") or []], start, end, on)
    return Reply(200, {"availability": availability_v1(row), "message": "Availability created successfully"})


@handles("getAvailabilityById")
def get_availability(ctx: RequestContext) -> Reply:
    _, row = _owned_row(ctx, acting_user(ctx))
    return Reply(200, {"availability": availability_v1(row)})


@handles("editAvailabilityById")
def edit_availability(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    schedule, row = _owned_row(ctx, user)
    _strict(body, _EDIT_KEYS)
    changed = schedules.Row(
        id=row.id,
        schedule_id=row.schedule_id,
        user_id=row.user_id,
        days=tuple(int(d) for d in body["days"]) if "days" in body else row.days,
        start=_time_of_day(body["startTime"], "body.startTime") if "startTime" in body else row.start,
        end=_time_of_day(body["endTime"], "body.endTime") if "endTime" in body else row.end,
        date=_date(body["date"], "body.date") if "date" in body else row.date,
    )
    return Reply(200, {"availability": availability_v1(schedules.replace_row(world, schedule, changed))})


@handles("removeAvailabilityById")
def remove_availability(ctx: RequestContext) -> Reply:
    schedule, row = _owned_row(ctx, acting_user(ctx))
    schedules.remove_row(ctx.runtime.world, schedule, row.id)
    return Reply(200, {"message": f"Availability with id: {row.id} deleted successfully"})
