"""Who may see and act on a booking.

Read from packages/trpc/server/routers/viewer/bookings/get.handler.ts (the list), confirm.handler.ts
(checkIfUserIsAuthorizedToConfirmBooking) and the v2 bookings service (userIsEventTypeAdminOrOwner):

- A user sees the bookings they organise or attend (by e-mail). A team or organization ADMIN/OWNER
  also sees, in the teams they administer (only inside their own organization when they have one):
  bookings of those teams' event types (managed children included), bookings organised by any member,
  and bookings any member attends.
- Confirming or declining needs a system admin, the organiser, a host or assigned user of the event
  type, an ADMIN/OWNER of its team, or an ADMIN/OWNER of an organization the organiser belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from emulator.world.models import Booking, EventType, Team, User
from emulator.world.store import World

ADMIN_ROLES = ("ADMIN", "OWNER")


def _team(world: World, team_id: int | None) -> Team | None:
    found: Team | None = world.find("teams", team_id) if team_id is not None else None
    return found


def admin_team_ids(world: World, user: User) -> set[int]:
    """Teams and organizations the user administers (within their organization, if they have one)."""
    org = user.organization_id
    found = set()
    for membership in world.where("memberships", lambda m: m.user_id == user.id and m.role in ADMIN_ROLES):
        team = _team(world, membership.team_id)
        if team is None:
            continue
        if org is not None and team.id != org and team.parent_id != org:
            continue
        found.add(team.id)
    return found


@dataclass(frozen=True)
class Scope:
    """What a user may see: theirs, plus what the teams they administer hold."""

    user_id: int
    email: str
    member_ids: frozenset[int]
    member_emails: frozenset[str]
    event_type_ids: frozenset[int]

    def sees(self, booking: Booking) -> bool:
        if booking.user_id == self.user_id or booking.user_id in self.member_ids:
            return True
        if booking.event_type_id is not None and booking.event_type_id in self.event_type_ids:
            return True
        emails = {a.email.lower() for a in booking.attendees}
        return self.email in emails or bool(emails & self.member_emails)


def scope_of(world: World, user: User) -> Scope:
    teams = admin_team_ids(world, user)
    member_ids = {m.user_id for m in world.where("memberships", lambda m: m.team_id in teams)}
    members = [world.find("users", uid) for uid in member_ids]
    team_event_types = {e.id for e in world.where("event_types", lambda e: e.team_id in teams)}
    children = {e.id for e in world.where("event_types", lambda e: e.parent_id in team_event_types)}
    return Scope(
        user.id,
        user.email.lower(),
        frozenset(member_ids),
        frozenset(u.email.lower() for u in members if u is not None),
        frozenset(team_event_types | children),
    )


def visible_to(world: World, user: User) -> Callable[[Booking], bool]:
    return scope_of(world, user).sees


def _is_host(event_type: EventType, user: User) -> bool:
    return event_type.owner_id == user.id or any(h.user_id == user.id for h in event_type.hosts)


def _team_admin(world: World, user: User, team_id: int | None) -> bool:
    if team_id is None:
        return False
    return bool(
        world.where("memberships", lambda m: m.user_id == user.id and m.team_id == team_id and m.role in ADMIN_ROLES)
    )


def org_admin_of(world: World, user: User, other_id: int | None) -> bool:
    """Whether ``user`` administers an organization that ``other_id`` belongs to (directly or
    through one of its teams)."""
    if other_id is None:
        return False
    orgs = {
        m.team_id
        for m in world.where("memberships", lambda m: m.user_id == user.id and m.role in ADMIN_ROLES)
        if (team := _team(world, m.team_id)) is not None and team.is_organization
    }
    if not orgs:
        return False
    for membership in world.where("memberships", lambda m: m.user_id == other_id):
        team = _team(world, membership.team_id)
        if team is not None and (team.id in orgs or team.parent_id in orgs):
            return True
    return False


def event_type_team_id(world: World, event_type: EventType) -> int | None:
    """The team of a team event type, or of a managed child's parent."""
    if event_type.team_id is not None:
        return event_type.team_id
    parent: EventType | None = world.find("event_types", event_type.parent_id) if event_type.parent_id else None
    return parent.team_id if parent is not None else None


def is_event_type_admin_or_owner(world: World, user: User, event_type: EventType) -> bool:
    """userIsEventTypeAdminOrOwner (v2 bookings service)."""
    if user.role == "ADMIN" or _is_host(event_type, user):
        return True
    if _team_admin(world, user, event_type.team_id):
        return True
    return event_type.owner_id is not None and org_admin_of(world, user, event_type.owner_id)


def may_confirm(world: World, user: User, booking: Booking) -> bool:
    """checkIfUserIsAuthorizedToConfirmBooking."""
    if user.role == "ADMIN" or booking.user_id == user.id:
        return True
    event_type: EventType | None = (
        world.find("event_types", booking.event_type_id) if booking.event_type_id is not None else None
    )
    if event_type is not None and (
        _is_host(event_type, user) or _team_admin(world, user, event_type_team_id(world, event_type))
    ):
        return True
    return org_admin_of(world, user, booking.user_id)
