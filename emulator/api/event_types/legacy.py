"""/v2/event-types without a version (or 2024-04-15, 2024-06-11): EventTypesController_2024_04_15.

The list is Cal.com's ``getEventTypesByViewer`` shape (what the MCP servers parse): a group for the
caller's own event types first, then one per team they belong to (organizations excluded), each
with its profile and metadata, plus ``profiles`` (one per group) and an empty
``allUsersAcrossAllEventTypes``. Single event types are database rows. Refusals kept: an id that is
not an integer is 400, a missing one 404 (a tRPC NOT_FOUND), someone else's 403 ``User with ID=<u>
does not own event type with ID=<id>``, a slug the user has 400.
"""

from __future__ import annotations

from typing import Any

from emulator.api import params
from emulator.api.caller import acting_user
from emulator.api.event_types.row import event_type_row, host_row
from emulator.api.event_types.v2024_06_14 import owned_event_type
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.domain.event_type_fields import with_system_fields
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, Membership, Team, User
from emulator.world.store import World

WEBSITE = "https://cal.com"
AVATAR_FALLBACK = "https://app.cal.com/avatar.svg"
LOCATION_OPTIONS = [
    {"label": "Conferencing", "options": [{"label": "Cal Video", "value": "integrations:daily"}]},
    {
        "label": "In person",
        "options": [
            {"label": "In Person (Organizer Address)", "value": "inPerson"},
            {"label": "In Person (Attendee Address)", "value": "attendeeInPerson"},
        ],
    },
    {"label": "Other", "options": [{"label": "Link meeting", "value": "link"}]},
    {
        "label": "Phone",
        "options": [
            {"label": "Attendee Phone Number", "value": "phone"},
            {"label": "Organizer Phone Number", "value": "userPhone"},
        ],
    },
]
# The body fields of CreateEventTypeInput_2024_04_15 / UpdateEventTypeInput_2024_04_15 that are columns.
PLAIN = {
    "title": "title",
    "slug": "slug",
    "length": "length",
    "description": "description",
    "hidden": "hidden",
    "slotInterval": "slot_interval",
    "minimumBookingNotice": "minimum_booking_notice",
    "beforeEventBuffer": "before_event_buffer",
    "afterEventBuffer": "after_event_buffer",
    "seatsPerTimeSlot": "seats_per_time_slot",
}


def _booker_url(world: World, user: User) -> str:
    org: Team | None = world.find("teams", user.organization_id) if user.organization_id else None
    return f"https://{org.slug}.cal.com" if org else WEBSITE


def group_item(world: World, event_type: EventType) -> dict[str, Any]:
    """EventTypeGroupItem_2024_04_15: the row, with userIds, hosts and children instead of users."""
    item = event_type_row(world, event_type)
    if event_type.description:
        item["safeDescription"] = f"<p>{event_type.description}</p>\n"
    hosts = host_row(event_type)
    item["userIds"] = [h["userId"] for h in hosts] if event_type.team_id else [event_type.owner_id]
    item["hosts"] = hosts
    item["children"] = [
        {"owner": _owner(world, child.owner_id), "hidden": child.hidden}
        for child in rules.children_of(world, event_type.id)
    ]
    return item


def _owner(world: World, user_id: int | None) -> dict[str, Any]:
    user: User | None = world.find("users", user_id) if user_id is not None else None
    if user is None:
        return {"id": user_id}
    return {
        "id": user.id,
        "name": user.name,
        "username": user.username,
        "email": user.email,
        "avatarUrl": user.avatar_url,
    }


def _groups(world: World, user: User) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = [
        {
            "teamId": None,
            "parentId": None,
            "bookerUrl": _booker_url(world, user),
            "membershipRole": None,
            "profile": {"slug": user.username, "name": user.name, "image": user.avatar_url or AVATAR_FALLBACK},
            "metadata": {"membershipCount": 0, "readOnly": False},
            "eventTypes": [group_item(world, e) for e in rules.owned_by(world, user.id)],
        }
    ]
    memberships: list[Membership] = sorted(
        world.where("memberships", lambda m: m.user_id == user.id and m.accepted), key=lambda m: m.team_id
    )
    for membership in memberships:
        team: Team | None = world.find("teams", membership.team_id)
        if team is None or team.is_organization:
            continue
        parent: Team | None = world.find("teams", team.parent_id) if team.parent_id else None
        groups.append(
            {
                "teamId": team.id,
                "parentId": team.parent_id,
                "bookerUrl": f"https://{parent.slug}.cal.com" if parent else WEBSITE,
                "membershipRole": membership.role,
                "profile": {"slug": team.slug, "name": team.name, "image": team.logo_url or AVATAR_FALLBACK},
                "metadata": {
                    "membershipCount": len(rules.member_ids(world, team.id)),
                    "readOnly": membership.role == "MEMBER",
                },
                "eventTypes": [group_item(world, e) for e in rules.of_team(world, team.id)],
            }
        )
    return groups


@handles("EventTypesController_2024_04_15_getEventTypes")
def list_event_types(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    groups = _groups(world, user)
    profiles = [
        {**g["profile"], **g["metadata"], "teamId": g["teamId"], "membershipRole": g["membershipRole"]} for g in groups
    ]
    data = {"eventTypeGroups": groups, "profiles": profiles, "allUsersAcrossAllEventTypes": {}}
    return Reply(200, {"status": "success", "data": data})


def _owned(ctx: RequestContext, user: User) -> EventType:
    # The legacy get and update go through tRPC, whose not-found is generic.
    return owned_event_type(ctx, user, ApiError(404, "The requested resource was not found", code="TRPCError"))


@handles("EventTypesController_2024_04_15_getEventType")
def get_event_type(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    event_type = _owned(ctx, user)
    org_member = rules.membership(world, user.organization_id, user.id) if user.organization_id else None
    data = {
        "eventType": {
            **event_type_row(world, event_type),
            "users": [_owner(world, user.id)],
            "hosts": [],
            "children": [],
        },
        "locationOptions": LOCATION_OPTIONS,
        "destinationCalendar": None,
        "team": None,
        "teamMembers": [],
        "currentUserMembership": None,
        "isUserOrganizationAdmin": bool(org_member and org_member.role in ("ADMIN", "OWNER")),
    }
    return Reply(200, {"status": "success", "data": data})


def _changes(body: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {key: body[api] for api, key in PLAIN.items() if body.get(api) is not None}
    if body.get("locations") is not None:
        changes["locations"] = tuple({k: v for k, v in loc.items() if v is not None} for loc in body["locations"])
    return changes


@handles("EventTypesController_2024_04_15_createEventType")
def create_event_type(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body
    if rules.slug_owner_clash(world, user.id, body["slug"]):
        raise ApiError(400, "User already has an event type with this slug.")
    changes = _changes(body)
    changes.setdefault("locations", ({"type": "integrations:daily"},))
    settings = {"disableGuests": body["disableGuests"]} if body.get("disableGuests") is not None else {}
    event_type = rules.create(world, owner_id=user.id, settings=settings, **changes)
    return Reply(201, {"status": "success", "data": event_type_row(world, event_type)})


@handles("EventTypesController_2024_04_15_updateEventType")
def update_event_type(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    event_type = _owned(ctx, user)
    changes = _changes(body)
    if "slug" in changes and rules.slug_owner_clash(world, user.id, changes["slug"], except_id=event_type.id):
        raise ApiError(400, "URL Slug already exists for given user.", code="TRPCError")
    if body.get("disableGuests") is not None:
        changes["settings"] = {**event_type.settings, "disableGuests": body["disableGuests"]}
    fields = list(body.get("bookingFields") or [])
    if not any(f.get("type") in ("email", "phone") for f in fields):  # the server adds the system e-mail field
        fields.append(
            {"name": "email", "type": "email", "editable": "system", "required": True, "defaultLabel": "email_address"}
        )
    changes["booking_fields"] = tuple(fields)
    event_type = rules.update(world, event_type, **changes)
    return Reply(200, {"status": "success", "data": event_type_row(world, event_type)})


@handles("EventTypesController_2024_04_15_deleteEventType")
def delete_event_type(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    event_type = owned_event_type(ctx, acting_user(ctx))
    rules.delete(world, event_type)
    data = {"id": event_type.id, "length": event_type.length, "slug": event_type.slug, "title": event_type.title}
    return Reply(200, {"status": "success", "data": data})


@handles("EventTypesController_2024_04_15_getPublicEventTypes")
def list_public_event_types(ctx: RequestContext) -> Reply:
    world, username = ctx.runtime.world, ctx.path_params["username"]
    owner = rules.user_by_username(world, username)
    if owner is None:
        raise ApiError(404, f'User with username "{username}" not found')
    data = [public_summary(e) for e in rules.owned_by(world, owner.id, include_hidden=False)]
    return Reply(200, {"status": "success", "data": data})


def public_summary(event_type: EventType) -> dict[str, Any]:
    """PublicEventTypeSummary_2024_04_15 (getEventTypesPublic)."""
    return {
        "id": event_type.id,
        "title": event_type.title,
        "description": event_type.description,
        "descriptionAsSafeHTML": f"<p>{event_type.description}</p>\n" if event_type.description else "",
        "length": event_type.length,
        "schedulingType": event_type.scheduling_type,
        "recurringEvent": event_type.recurring_event,
        "slug": event_type.slug,
        "hidden": event_type.hidden,
        "price": event_type.price,
        "currency": event_type.currency,
        "lockTimeZoneToggleOnBookingPage": bool(rules.column(event_type, "lockTimeZoneToggleOnBookingPage")),
        "lockedTimeZone": rules.column(event_type, "lockedTimeZone"),
        "requiresConfirmation": event_type.requires_confirmation,
        "requiresBookerEmailVerification": bool(rules.column(event_type, "requiresBookerEmailVerification")),
        "metadata": dict(event_type.metadata),
        "canSendCalVideoTranscriptionEmails": True,
    }


@handles("EventTypesController_2024_04_15_getPublicEventType")
def get_public_event_type(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    username, slug = ctx.path_params["username"].lower(), ctx.path_params["eventSlug"]
    event_type: EventType | None = None
    team: Team | None = None
    owner: User | None = None
    if params.flag(ctx, "isTeamEvent"):
        team = next((t for t in world.all("teams") if t.slug == username and not t.is_organization), None)
        event_type = next((e for e in rules.of_team(world, team.id) if e.slug == slug), None) if team else None
    else:
        owner = rules.user_by_username(world, username)
        event_type = next((e for e in rules.owned_by(world, owner.id) if e.slug == slug), None) if owner else None
    if event_type is None:
        raise ApiError(404, "Event type not found")
    return Reply(200, {"status": "success", "data": public_event(world, event_type, owner, team)})


def public_event(world: World, event_type: EventType, owner: User | None, team: Team | None) -> dict[str, Any]:
    """PublicEventType_2024_04_15: what the booking page needs (getPublicEvent)."""
    hosts = [_owner(world, h.user_id) for h in event_type.hosts]
    fields = [dict(f) for f in event_type.booking_fields] or with_system_fields(
        [], disable_guests=bool(rules.column(event_type, "disableGuests"))
    )
    return {
        "id": event_type.id,
        "title": event_type.title,
        "description": f"<p>{event_type.description}</p>\n" if event_type.description else "",
        "eventName": rules.column(event_type, "eventName"),
        "slug": event_type.slug,
        "length": event_type.length,
        "isInstantEvent": bool(rules.column(event_type, "isInstantEvent")),
        "schedulingType": event_type.scheduling_type,
        "locations": [{"type": loc.get("type")} for loc in event_type.locations],
        "customInputs": [],
        "disableGuests": bool(rules.column(event_type, "disableGuests")),
        "metadata": dict(event_type.metadata),
        "lockTimeZoneToggleOnBookingPage": bool(rules.column(event_type, "lockTimeZoneToggleOnBookingPage")),
        "requiresConfirmation": event_type.requires_confirmation,
        "requiresBookerEmailVerification": bool(rules.column(event_type, "requiresBookerEmailVerification")),
        "recurringEvent": event_type.recurring_event,
        "price": event_type.price,
        "currency": event_type.currency,
        "seatsPerTimeSlot": event_type.seats_per_time_slot,
        "seatsShowAvailabilityCount": event_type.seats_show_availability_count,
        "bookingFields": fields,
        "team": {"id": team.id, "name": team.name, "slug": team.slug} if team else None,
        "successRedirectUrl": rules.column(event_type, "successRedirectUrl"),
        "workflows": [],
        "hosts": [{"user": h} for h in hosts],
        "owner": _owner(world, owner.id) if owner else None,
        "schedule": _schedule_ref(world, event_type, owner),
        "hidden": event_type.hidden,
        "assignAllTeamMembers": bool(rules.column(event_type, "assignAllTeamMembers")),
        "bookerLayouts": None,
        "profile": {"username": owner.username, "name": owner.name} if owner else {"name": team.name if team else None},
        "subsetOfUsers": [_owner(world, owner.id)] if owner else hosts,
        "entity": {"considerUnpublished": False, "orgSlug": None, "name": team.name if team else None},
        "isDynamic": False,
        "showInstantEventConnectNowModal": False,
    }


def _schedule_ref(world: World, event_type: EventType, owner: User | None) -> dict[str, Any] | None:
    schedule_id = event_type.schedule_id or (owner.default_schedule_id if owner else None)
    schedule = world.find("schedules", schedule_id) if schedule_id is not None else None
    return {"id": schedule.id, "timeZone": schedule.time_zone} if schedule else None
