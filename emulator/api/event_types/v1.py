"""/v1/event-types and /v1/teams/{teamId}/event-types (apps/api/v1/pages/api/event-types/*).

v1 returns database rows (eventTypeSelect); the list and the single get add ``link``, and fill a
personal event type's missing ``scheduleId`` with the owner's default schedule. Refusals kept: a
``userId`` from a non-admin is 401 ``ADMIN required for `userId```, a team the caller does not own
or administer 401 on create (``ADMIN required for `teamId```) and 403 on change
(``No permission to operate on event-type for this team``), someone else's event type 403
``Forbidden``, a slug the owner already uses 400 (the unique index; the server redacts the
database error), hosts who are not team members 500 (a plain Error in ensureOnlyMembersAsHosts).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.api import params, problems
from emulator.api.caller import acting_user
from emulator.api.event_types.row import event_type_row
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.clock import parse_instant
from emulator.world.models import EventType, Team, User
from emulator.world.store import World

PRISMA_REDACTED = "An error occurred while querying the database."
WEBSITE = "https://cal.com"
# v1 body fields that are plain columns.
PLAIN = {
    "title": "title",
    "description": "description",
    "length": "length",
    "hidden": "hidden",
    "position": "position",
    "periodType": "period_type",
    "periodDays": "period_days",
    "periodCountCalendarDays": "period_count_calendar_days",
    "requiresConfirmation": "requires_confirmation",
    "minimumBookingNotice": "minimum_booking_notice",
    "beforeEventBuffer": "before_event_buffer",
    "afterEventBuffer": "after_event_buffer",
    "price": "price",
    "currency": "currency",
    "slotInterval": "slot_interval",
    "seatsPerTimeSlot": "seats_per_time_slot",
    "seatsShowAttendees": "seats_show_attendees",
    "seatsShowAvailabilityCount": "seats_show_availability_count",
    "scheduleId": "schedule_id",
    "bookingLimits": "booking_limits",
    "durationLimits": "duration_limits",
    "recurringEvent": "recurring_event",
}
SETTINGS = ("eventName", "timeZone", "disableGuests", "hideCalendarNotes", "successRedirectUrl",
            "onlyShowFirstAvailableSlot", "assignAllTeamMembers")  # fmt: skip


def _is_admin(user: User) -> bool:
    return user.role == "ADMIN"


def with_link(event_type: EventType, row: dict[str, Any]) -> dict[str, Any]:
    """getCalLink looks for team, owner and users, none of which eventTypeSelect selects."""
    return {**row, "link": f"{WEBSITE}/undefined/{event_type.slug}"}


def _default_schedule(world: World, event_type: EventType, row: dict[str, Any]) -> dict[str, Any]:
    if row["scheduleId"] is None and event_type.owner_id is not None and event_type.team_id is None:
        owner: User | None = world.find("users", event_type.owner_id)
        row["scheduleId"] = owner.default_schedule_id if owner else None
    return row


def _instant(value: Any, location: str) -> datetime:
    try:
        return parse_instant(str(value))
    except ValueError:
        raise problems.invalid(location, "must be an ISO 8601 date-time", "2030-01-01T00:00:00.000Z", value) from None


def _changes(body: dict[str, Any], current: EventType | None) -> dict[str, Any]:
    changes: dict[str, Any] = {key: body[api] for api, key in PLAIN.items() if api in body}
    if changes.get("schedule_id") is not None:  # 3.0 is schedule 3 (checked by _check_schedule)
        changes["schedule_id"] = int(changes["schedule_id"])
    if "slug" in body:
        changes["slug"] = rules.slugify(str(body["slug"]))
    for key in ("periodStartDate", "periodEndDate"):
        if body.get(key) is not None:
            changes["period_start_date" if key == "periodStartDate" else "period_end_date"] = _instant(
                body[key], f"body.{key}"
            )
    if "locations" in body:
        changes["locations"] = tuple(body["locations"] or ())
    if "bookingFields" in body:
        changes["booking_fields"] = tuple(body["bookingFields"] or ())
    if "metadata" in body:
        metadata = dict(body["metadata"] or {})
        durations = metadata.pop("multipleDuration", None)
        changes["metadata"] = metadata
        if durations is not None:
            changes["lengths"] = tuple(int(d) for d in durations)
    if "schedulingType" in body:
        changes["scheduling_type"] = body["schedulingType"]
    settings = dict(current.settings) if current else {}
    settings.update({k: body[k] for k in SETTINGS if k in body})
    changes["settings"] = settings
    return changes


def _check_team_role(world: World, user: User, team_id: int | None) -> None:
    """checkTeamEventEditPermission: an accepted ADMIN or OWNER membership of the team."""
    if team_id is None:
        return
    member = rules.membership(world, int(team_id), user.id)
    if member is None or not member.accepted or member.role not in ("ADMIN", "OWNER"):
        raise ApiError(403, "No permission to operate on event-type for this team")


def _check_hosts(world: World, body: dict[str, Any]) -> None:
    if body.get("teamId") and body.get("hosts"):
        outsiders = rules.not_members(world, int(body["teamId"]), [int(h["userId"]) for h in body["hosts"]])
        if outsiders:
            # The live server throws a plain Error here (a 500); the mistake is the caller's, so 400.
            raise ApiError(400, "You can only add members of the team to a team event type.")


def _check_schedule(world: World, body: dict[str, Any]) -> None:
    """zod takes any number as ``scheduleId``; the database takes only the id of a schedule (an Int
    column with a foreign key), and the server answers its refusal redacted."""
    value = body.get("scheduleId")
    if value is None:
        return
    if (isinstance(value, float) and not value.is_integer()) or world.find("schedules", int(value)) is None:
        raise problems.invalid(
            "body.scheduleId", "names no schedule", "the id of a schedule", value, text=PRISMA_REDACTED
        )


def _hosts(body: dict[str, Any], scheduling: str | None) -> Any:
    return rules.hosts_for(
        scheduling, ((int(h["userId"]), bool(h.get("isFixed", False)), 2) for h in body.get("hosts") or [])
    )


@handles("listEventTypes")
def list_event_types(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    asked = ctx.query_values("userId")
    if asked and not _is_admin(user):
        raise ApiError(401, "ADMIN required")
    owners = {int(v) for v in asked} if asked else {user.id}
    slug = params.query(ctx, "slug")
    by_owner = not _is_admin(user) or not slug or bool(asked)
    found = [
        e
        for e in sorted(world.all("event_types"), key=lambda e: e.id)
        if (not by_owner or e.owner_id in owners) and (slug is None or e.slug == slug)
    ]
    rows = [with_link(e, _default_schedule(world, e, event_type_row(world, e))) for e in found]
    return Reply(200, {"event_types": rows})


@handles("addEventType")
def add_event_type(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body
    admin = _is_admin(user)
    if not admin and body.get("userId") is not None:
        raise ApiError(401, "ADMIN required for `userId`")
    team_id = body.get("teamId")
    if team_id and not admin:
        member = rules.membership(world, int(team_id), user.id)
        if member is None or member.role not in ("ADMIN", "OWNER"):
            raise ApiError(401, "ADMIN required for `teamId`")
    if admin and body.get("userId") is None and not team_id:
        raise ApiError(400, "`userId` or `teamId` required")
    _check_team_role(world, user, team_id)
    _check_hosts(world, body)
    _check_schedule(world, body)
    owner_id = None if team_id else int(body.get("userId") or user.id)
    changes = _changes(body, None)
    slug = changes["slug"]
    clash = (
        rules.slug_team_clash(world, int(team_id), slug)
        if team_id
        else rules.slug_owner_clash(world, owner_id or 0, slug)
    )
    if clash is not None:
        raise problems.invalid(
            "body.slug", f"slug {slug!r} is already used", "a slug not yet used", slug, text=PRISMA_REDACTED
        )
    scheduling = changes.get("scheduling_type")
    changes["hosts"] = _hosts(body, scheduling)
    event_type = rules.create(world, owner_id=owner_id, team_id=int(team_id) if team_id else None, **changes)
    return Reply(200, {"event_type": event_type_row(world, event_type), "message": "Event type created successfully"})


def _find(ctx: RequestContext) -> tuple[World, User, int, EventType | None]:
    world, user = ctx.runtime.world, acting_user(ctx)
    eid = int(ctx.path_params["id"])
    return world, user, eid, rules.by_id(world, eid)


@handles("getEventTypeById")
def get_event_type(ctx: RequestContext) -> Reply:
    world, user, _eid, event_type = _find(ctx)
    if event_type is None:
        raise ApiError(404, "Event type not found")
    if not _is_admin(user):
        if event_type.team_id is not None:
            if rules.membership(world, event_type.team_id, user.id) is None:
                raise ApiError(401, "Unauthorized: OWNER or ADMIN role required")
        elif event_type.owner_id != user.id:
            raise ApiError(403, "Forbidden")
    row = _default_schedule(world, event_type, event_type_row(world, event_type))
    return Reply(200, {"event_type": with_link(event_type, row)})


@handles("editEventTypeById")
def edit_event_type(ctx: RequestContext) -> Reply:
    world, user, _eid, event_type = _find(ctx)
    body = ctx.body or {}
    if not _is_admin(user):
        if event_type is None or event_type.owner_id != user.id:
            raise ApiError(403, "Forbidden")
        _check_team_role(world, user, body.get("teamId"))
    if event_type is None:
        raise ApiError(404, PRISMA_REDACTED)
    _check_schedule(world, body)
    changes = _changes(body, event_type)
    if "slug" in changes and rules.slug_owner_clash(world, event_type.owner_id or 0, changes["slug"], event_type.id):
        raise problems.invalid(
            "body.slug",
            f"slug {changes['slug']!r} is already used",
            "a slug not yet used",
            changes["slug"],
            text=PRISMA_REDACTED,
        )
    if body.get("teamId"):
        _check_hosts(world, body)
        changes["team_id"] = int(body["teamId"])
    changes["hosts"] = _hosts(body, changes.get("scheduling_type", event_type.scheduling_type))
    event_type = rules.update(world, event_type, **changes)
    return Reply(200, {"event_type": event_type_row(world, event_type)})


@handles("removeEventTypeById")
def remove_event_type(ctx: RequestContext) -> Reply:
    world, user, eid, event_type = _find(ctx)
    if not _is_admin(user):
        if event_type is None:
            raise ApiError(403, "Forbidden")
        if event_type.team_id is not None:
            _check_team_role(world, user, event_type.team_id)
        elif event_type.parent_id is not None:
            parent = rules.by_id(world, event_type.parent_id)
            member = rules.membership(world, parent.team_id, user.id) if parent and parent.team_id else None
            if member is None or not member.accepted or member.role not in ("ADMIN", "OWNER"):
                raise ApiError(403, "User is not authorized to access the team to which the parent event type belongs.")
        elif event_type.owner_id != user.id:
            raise ApiError(403, "Forbidden")
    if event_type is None:
        raise ApiError(404, PRISMA_REDACTED)
    rules.delete(world, event_type)
    return Reply(200, {"message": f"Event Type with id: {eid} deleted successfully"})


@handles("listEventTypesByTeamId")
def list_team_event_types(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    team_id = int(float(ctx.path_params["teamId"]))
    team: Team | None = world.find("teams", team_id)
    visible = team is not None and (_is_admin(user) or rules.membership(world, team_id, user.id) is not None)
    rows = [event_type_row(world, e) for e in rules.of_team(world, team_id)] if visible else []
    return Reply(200, {"event_types": rows})
