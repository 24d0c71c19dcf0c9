"""Event types: settings columns, slugs, lookups, team membership, hosts, writes and managed
children. Role guards (RolesGuard, IsOrgGuard) run in the pipeline's guard stage, before any handler.
The fields that bound bookings (booking window, limits, seats) are in event_type_limits.py, the
booking form in event_type_fields.py.

Cal.com sources: apps/api/v2/src/ee/event-types/*, apps/api/v2/src/modules/organizations/event-types/*
(hosts, assignAllTeamMembers, managed children),
packages/features/ee/managed-event-types/lib/handleChildrenEventTypes.ts, apps/api/v1/pages/api/event-types/*.
Nothing here knows about HTTP or a version's JSON: the API modules map their shapes onto these.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from emulator.domain import private_links
from emulator.domain.records import update_record
from emulator.world.models import EventType, Host, Membership, Team, User
from emulator.world.store import World

# Cal.com columns that EventType keeps in ``settings`` (the API round-trips them; slots do not read
# them), with the database defaults.
COLUMNS: dict[str, Any] = {
    "disableGuests": False,
    "lockTimeZoneToggleOnBookingPage": False,
    "requiresBookerEmailVerification": False,
    "hideCalendarNotes": False,
    "hideCalendarEventDetails": False,
    "hideOrganizerEmail": False,
    "eventName": None,
    "successRedirectUrl": None,
    "forwardParamsSuccessRedirect": True,
    "onlyShowFirstAvailableSlot": False,
    "offsetStart": 0,
    "isInstantEvent": False,
    "assignAllTeamMembers": False,
    "useEventTypeDestinationCalendarEmail": False,
    "bookingRequiresAuthentication": False,
    "eventTypeColor": None,
    "timeZone": None,
    "lockedTimeZone": None,
    "calVideoSettings": None,
}

PRIORITIES = ("lowest", "low", "medium", "high", "highest")  # Host.priority 0..4


def column(event_type: EventType, name: str) -> Any:
    return event_type.settings.get(name, COLUMNS[name])


def slugify(text: str) -> str:
    """Cal.com's slugify: lower case, accents dropped, runs of other characters made one dash."""
    text = unicodedata.normalize("NFD", text.lower().strip())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^.\w\s]+|[\s_#]+", "-", text)
    text = re.sub(r"-+", "-", re.sub(r"^[-.]+", "", text))
    return re.sub(r"\.{2,}", ".", text).rstrip("-").rstrip(".")


# lookups ------------------------------------------------------------------------------------------


def by_id(world: World, event_type_id: int) -> EventType | None:
    found: EventType | None = world.find("event_types", event_type_id)
    return found


def owned_by(world: World, user_id: int, *, include_hidden: bool = True) -> list[EventType]:
    """A user's own event types (managed children included), in id order."""
    found: list[EventType] = sorted(
        world.where("event_types", lambda e: e.owner_id == user_id and (include_hidden or not e.hidden)),
        key=lambda e: e.id,
    )
    return found


def of_team(world: World, team_id: int) -> list[EventType]:
    found: list[EventType] = sorted(world.where("event_types", lambda e: e.team_id == team_id), key=lambda e: e.id)
    return found


def children_of(world: World, parent_id: int) -> list[EventType]:
    found: list[EventType] = sorted(world.where("event_types", lambda e: e.parent_id == parent_id), key=lambda e: e.id)
    return found


def slug_owner_clash(world: World, user_id: int, slug: str, except_id: int | None = None) -> EventType | None:
    """The user's event type that already has this slug (unique per user in Cal.com)."""
    for event_type in world.where("event_types", lambda e: e.owner_id == user_id and e.slug == slug):
        if event_type.id != except_id:
            found: EventType = event_type
            return found
    return None


def slug_team_clash(world: World, team_id: int, slug: str, except_id: int | None = None) -> EventType | None:
    for event_type in world.where("event_types", lambda e: e.team_id == team_id and e.slug == slug):
        if event_type.id != except_id:
            found: EventType = event_type
            return found
    return None


def user_by_username(
    world: World, username: str, org_slug: str | None = None, org_id: int | None = None
) -> User | None:
    """As the v2 users repository looks a username up: within an organization when one is named."""
    if org_slug is not None or org_id is not None:
        org = next(
            (
                t
                for t in world.all("teams")
                if t.is_organization and (t.slug == org_slug if org_slug else t.id == org_id)
            ),
            None,
        )
        if org is None:
            return None
        candidates = [u for u in world.all("users") if u.username == username and u.organization_id == org.id]
    else:
        candidates = [u for u in world.all("users") if u.username == username]
    candidates.sort(key=lambda u: u.id)
    return candidates[0] if candidates else None


# teams and roles ------------------------------------------------------------------------------------


def membership(world: World, team_id: int, user_id: int) -> Membership | None:
    for found in world.where("memberships", lambda m: m.team_id == team_id and m.user_id == user_id):
        result: Membership = found
        return result
    return None


def member_ids(world: World, team_id: int) -> list[int]:
    return sorted(m.user_id for m in world.where("memberships", lambda m: m.team_id == team_id))


def team_of_org(world: World, team_id: int, org_id: int) -> Team | None:
    team: Team | None = world.find("teams", team_id)
    return team if team is not None and team.parent_id == org_id else None


# hosts ------------------------------------------------------------------------------------------------


def host_priority(label: str | None) -> int:
    return PRIORITIES.index(label) if label in PRIORITIES else 2


def priority_label(value: int) -> str:
    return PRIORITIES[value] if 0 <= value < len(PRIORITIES) else "medium"


def hosts_for(scheduling_type: str | None, entries: Iterable[tuple[int, bool, int]]) -> tuple[Host, ...]:
    """Hosts from (user id, mandatory, priority); on a collective event every host is fixed and medium."""
    collective = scheduling_type == "COLLECTIVE"
    return tuple(
        Host(user_id=uid, is_fixed=collective or fixed, priority=2 if collective else priority)
        for uid, fixed, priority in entries
    )


def all_members_as_hosts(world: World, team_id: int, scheduling_type: str | None) -> tuple[Host, ...]:
    """assignAllTeamMembers: every member of the team, fixed on collective events, priority medium."""
    return hosts_for(scheduling_type, ((uid, False, 2) for uid in member_ids(world, team_id)))


def not_members(world: World, team_id: int, user_ids: Iterable[int]) -> list[int]:
    members = set(member_ids(world, team_id))
    return [uid for uid in user_ids if uid not in members]


# writes ------------------------------------------------------------------------------------------------


def create(world: World, **fields: Any) -> EventType:
    created: EventType = world.insert("event_types", EventType(id=world.next_id("event_types"), **fields))
    return created


def update(world: World, event_type: EventType, **changes: Any) -> EventType:
    return update_record(world, "event_types", event_type, changes)


def delete(world: World, event_type: EventType) -> None:
    """Remove an event type; a managed parent takes its children with it, and each its private links
    (onDelete: Cascade)."""
    for child in children_of(world, event_type.id):
        private_links.drop_for_event_type(world, child.id)
        world.delete("event_types", child.id)
    private_links.drop_for_event_type(world, event_type.id)
    world.delete("event_types", event_type.id)


# Fields a managed child does not take from its parent: who it is and whose it is.
_OWN_FIELDS = ("id", "owner_id", "team_id", "scheduling_type", "parent_id", "hosts", "schedule_id", "hidden", "key")


def sync_children(world: World, parent: EventType, owner_ids: Sequence[int]) -> list[EventType]:
    """Make the managed parent's children exactly one per owner, each a copy of the parent.

    New owners get a child (an event type of their own with the same slug replaces it, as Cal.com's
    handleChildrenEventTypes deletes it); owners no longer listed lose theirs; every child takes
    the parent's fields again.
    """
    wanted = list(dict.fromkeys(owner_ids))
    existing: dict[int | None, EventType] = {c.owner_id: c for c in children_of(world, parent.id)}
    for owner_id, old in existing.items():
        if owner_id not in wanted:
            world.delete("event_types", old.id)
    shared = {f.name: getattr(parent, f.name) for f in dataclasses.fields(EventType) if f.name not in _OWN_FIELDS}
    shared["metadata"] = {**parent.metadata, "managedEventConfig": parent.metadata.get("managedEventConfig", {})}
    children: list[EventType] = []
    for owner_id in wanted:
        child = existing.get(owner_id)
        if child is not None:
            children.append(update(world, child, **shared))
            continue
        clash = slug_owner_clash(world, owner_id, parent.slug)
        if clash is not None and clash.parent_id is None:
            delete(world, clash)
        children.append(
            create(
                world,
                **shared,
                owner_id=owner_id,
                team_id=None,
                scheduling_type=None,
                parent_id=parent.id,
                hidden=False,
            )
        )
    return children
