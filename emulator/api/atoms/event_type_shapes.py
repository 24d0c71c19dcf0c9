"""The pieces of getEventTypeById's answer (packages/features/eventtypes/lib/getEventTypeById.ts over
EventTypeRepository.findById's select): the event type object the settings atom edits, its team with
members, the location options and the destination calendar, and JavaScript's ``Date.toString()``.

The event type starts from its database row (event_types/row.py) and adds what the select joins:
users, hosts, children, team, private links, webhooks, schedule names and the booking form with its
system fields. Relations the world does not model (workflows, host groups, translations, AI phone
and Cal Video settings) answer as Cal.com answers an event type without them.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from emulator.api.atoms.app_store import CAL_VIDEO_LOCATION, app_name, logo_for_location
from emulator.api.event_types.legacy import LOCATION_OPTIONS
from emulator.api.event_types.row import event_type_row
from emulator.domain import conferencing, private_links
from emulator.domain import event_types as rules
from emulator.domain.event_type_fields import with_system_fields
from emulator.world.clock import iso_ms
from emulator.world.models import DestinationCalendar, EventType, Membership, Schedule, Team, User
from emulator.world.store import World

JSON = dict[str, Any]
WEBSITE = "https://cal.com"
AVATAR_FALLBACK = "https://app.cal.com/avatar.svg"
# Columns getEventTypeById selects that event_types/row.py does not answer, with their defaults; an
# update stores sent values in EventType.settings under these names.
EXTRA_COLUMNS: JSON = {
    "autoTranslateInstantMeetingTitleEnabled": False,
    "disableCancellingScope": None,
    "disableReschedulingScope": None,
    "requiresCancellationReason": False,
    "minimumRescheduleNotice": None,
    "maxActiveBookingsPerBooker": None,
    "maxActiveBookingPerBookerOfferReschedule": False,
    "disableReassignment": False,
    "successRedirectUrlUpdatedAt": None,
    "redirectUrlOnNoRoutingFormResponse": None,
    "enablePerHostLocations": False,
    "shouldMergePhoneSystemFields": False,
    "includeNoShowInRRCalculation": False,
}
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def js_date_string(moment: datetime) -> str:
    """``Date.prototype.toString()`` on a server running in UTC."""
    at = moment.astimezone(UTC)
    return (
        f"{_DAYS[at.weekday()]} {_MONTHS[at.month - 1]} {at.day:02d} {at.year} {at:%H:%M:%S} "
        "GMT+0000 (Coordinated Universal Time)"
    )


def avatar(user: User) -> str:
    return user.avatar_url or AVATAR_FALLBACK


def user_select(user: User) -> JSON:
    """The user fields getEventTypeById selects."""
    return {
        "name": user.name,
        "avatarUrl": user.avatar_url,
        "username": user.username,
        "id": user.id,
        "email": user.email,
        "locale": user.locale,
        "defaultScheduleId": user.default_schedule_id,
        "isPlatformManaged": user.platform_client_id is not None,
        "timeZone": user.time_zone,
    }


def profile(user: User) -> JSON:
    """The profile enrichUserWithItsProfile adds (the organization profile of an organization's user)."""
    return {
        "id": None,
        "upId": f"usr-{user.id}",
        "username": user.username,
        "organizationId": user.organization_id,
    }


def memberships(world: World, team_id: int) -> list[Membership]:
    found: list[Membership] = sorted(world.where("memberships", lambda m: m.team_id == team_id), key=lambda m: m.id)
    return found


def team_select(world: World, team_id: int) -> JSON:
    team: Team = world.get("teams", team_id)
    parent: Team | None = world.find("teams", team.parent_id) if team.parent_id else None
    members = []
    for membership in memberships(world, team.id):
        user: User | None = world.find("users", membership.user_id)
        if user is None:
            continue
        slugs = [{"slug": e.slug} for e in rules.owned_by(world, user.id)]
        members.append(
            {
                "role": membership.role,
                "accepted": membership.accepted,
                "user": {**user_select(user), "eventTypes": slugs},
            }
        )
    return {
        "id": team.id,
        "name": team.name,
        "slug": team.slug,
        "parentId": team.parent_id,
        "rrTimestampBasis": "CREATED_AT",
        "bookingLimits": team.booking_limits,
        "includeManagedEventsInLimits": team.include_managed_events_in_limits,
        "parent": {"slug": parent.slug, "organizationSettings": {"lockEventTypeCreationForUsers": False}}
        if parent
        else None,
        "members": members,
    }


def _schedule_ref(world: World, schedule_id: int | None) -> Schedule | None:
    found: Schedule | None = world.find("schedules", schedule_id) if schedule_id is not None else None
    return found


def _hosts(world: World, event_type: EventType) -> list[JSON]:
    hosts = []
    for host in event_type.hosts:
        user: User | None = world.find("users", host.user_id)
        hosts.append(
            {
                "isFixed": host.is_fixed,
                "userId": host.user_id,
                "priority": host.priority,
                "weight": host.weight,
                "scheduleId": host.schedule_id,
                "groupId": None,
                "location": None,
                "user": {"timeZone": user.time_zone if user else None},
            }
        )
    return hosts


def _children(world: World, event_type: EventType) -> list[JSON]:
    children = []
    for child in rules.children_of(world, event_type.id):
        owner: User | None = world.find("users", child.owner_id) if child.owner_id is not None else None
        owner_fields = (
            {"avatarUrl": owner.avatar_url, "name": owner.name, "username": owner.username, "email": owner.email}
            if owner
            else {}
        )
        children.append({"owner": {**owner_fields, "id": child.owner_id}, "hidden": child.hidden, "slug": child.slug})
    return children


def _private_links(world: World, event_type: EventType) -> list[JSON]:
    return [
        {
            "id": link.id,
            "link": link.link,
            "expiresAt": iso_ms(link.expires_at) if link.expires_at else None,
            "maxUsageCount": link.max_usage_count,
            "usageCount": link.usage_count,
        }
        for link in private_links.of_event_type(world, event_type.id)
    ]


def _webhooks(world: World, event_type: EventType) -> list[JSON]:
    found = sorted(world.where("webhooks", lambda w: w.event_type_id == event_type.id), key=lambda w: w.id)
    return [
        {
            "id": w.id,
            "subscriberUrl": w.subscriber_url,
            "payloadTemplate": w.payload_template,
            "active": w.active,
            "eventTriggers": list(w.triggers),
            "secret": w.secret,
            "eventTypeId": w.event_type_id,
        }
        for w in found
    ]


def _booker_url(world: World, event_type: EventType, user: User) -> str:
    """getBookerBaseUrl: an organization's domain for its teams and members, else the website."""
    org_id: int | None = None
    if event_type.team_id is not None:
        team: Team | None = world.find("teams", event_type.team_id)
        org_id = team.parent_id if team else None
    elif event_type.owner_id is not None:
        org_id = user.organization_id
    org: Team | None = world.find("teams", org_id) if org_id is not None else None
    return f"https://{org.slug}.cal.com" if org else WEBSITE


def event_type_object(world: World, event_type: EventType, user: User, team: JSON | None) -> JSON:
    row = event_type_row(world, event_type)
    owner: User | None = world.find("users", event_type.owner_id) if event_type.owner_id is not None else None
    users = [owner] if owner is not None else []
    if not users and event_type.team_id is None:
        users = [user]  # getEventTypeById's fallback to the caller
    schedule = _schedule_ref(world, event_type.schedule_id)
    default_id = owner.default_schedule_id if owner is not None and event_type.team_id is None else None
    parent = rules.by_id(world, event_type.parent_id) if event_type.parent_id is not None else None
    extra = {name: event_type.settings.get(name, default) for name, default in EXTRA_COLUMNS.items()}
    return {
        **row,
        **extra,
        "customInputs": [],
        "fieldTranslations": [],
        "hashedLink": _private_links(world, event_type),
        "owner": {"id": owner.id, "timeZone": owner.time_zone} if owner else None,
        "parent": {"id": parent.id, "teamId": parent.team_id, "team": None} if parent else None,
        "hostGroups": [],
        "team": team,
        "users": [{**user_select(u), "avatar": avatar(u)} for u in users],
        "hosts": _hosts(world, event_type),
        "children": _children(world, event_type),
        "destinationCalendar": None,
        "webhooks": _webhooks(world, event_type),
        "workflows": [],
        "calVideoSettings": None,
        "restrictionSchedule": None,
        "restrictionScheduleName": None,
        "schedule": event_type.schedule_id if schedule else default_id,
        "scheduleName": schedule.name if schedule else None,
        "instantMeetingSchedule": None,
        "periodStartDate": js_date_string(event_type.period_start_date) if event_type.period_start_date else None,
        "periodEndDate": js_date_string(event_type.period_end_date) if event_type.period_end_date else None,
        "bookingFields": with_system_fields(
            event_type.booking_fields, disable_guests=bool(rules.column(event_type, "disableGuests"))
        ),
        "metadata": row["metadata"] or {},
        "bookerUrl": _booker_url(world, event_type, user),
        "childrenCount": len(rules.children_of(world, event_type.id)),
    }


def location_options(world: World, event_type: EventType, user: User) -> list[JSON]:
    """getLocationGroupedOptions for the event type's team (or the caller): Cal Video and the connected
    video apps, then the built-in locations; a managed event type offers the members' default first."""
    credentials = (
        conferencing.installed(world, team_id=event_type.team_id)
        if event_type.team_id is not None
        else conferencing.installed(world, user_id=user.id)
    )
    video: list[JSON] = [
        {"label": "Cal Video", "value": CAL_VIDEO_LOCATION, "icon": logo_for_location(CAL_VIDEO_LOCATION)}
    ]
    for credential in credentials:
        app = conferencing.APPS.get(credential.app_id)
        if app is not None and app.location != CAL_VIDEO_LOCATION:
            video.append(
                {
                    "label": app_name(credential.app_id),
                    "value": app.location,
                    "icon": logo_for_location(app.location),
                    "credentialId": credential.id,
                }
            )
    # The groups after conferencing are the legacy event type's own; a deep copy, since answers are mutable.
    groups: list[JSON] = [{"label": "Conferencing", "options": video}, *copy.deepcopy(LOCATION_OPTIONS[1:])]
    if event_type.scheduling_type == "MANAGED":
        members_default = {"label": "Member's default app", "value": "", "icon": "/user-check.svg"}
        groups.insert(0, {"label": "Default", "options": [members_default]})
    return groups


def destination_calendar(world: World, event_type: EventType, user: User) -> JSON | None:
    """The event type's own destination calendar, else the caller's."""
    rows: list[DestinationCalendar] = world.where("destination_calendars", lambda d: d.event_type_id == event_type.id)
    if not rows:
        rows = world.where("destination_calendars", lambda d: d.user_id == user.id and d.event_type_id is None)
    if not rows:
        return None
    found = min(rows, key=lambda d: d.id)
    return {
        "id": found.id,
        "integration": found.integration,
        "externalId": found.external_id,
        "primaryEmail": found.primary_email,
        "userId": found.user_id,
        "eventTypeId": found.event_type_id,
        "credentialId": found.credential_id,
        "delegationCredentialId": found.delegation_credential_id,
    }
