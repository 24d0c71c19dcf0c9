"""Who a v1 API key may act for, as the v1 handlers (bookings, attendees, booking references, teams,
memberships) decide it.

Read from apps/api/v1/lib/utils/{isAdmin,retrieveScopedAccessibleUsers}.ts and pages/api/bookings/
[id]/_auth-middleware.ts (Cal.com 52a5afe).

- A system-wide admin is a user with role ADMIN. An organization owner or admin (an accepted OWNER or
  ADMIN membership of an organization with the Admin API on) reaches the other members of that
  organization.
- A team admin is an accepted OWNER or ADMIN member of the team.
- A booking is open to its organizer, its attendees, the owner of its event type or an admin of the
  event type's team; to a system admin always, and to an organization admin for the members' bookings.
"""

from __future__ import annotations

import re

from emulator.api.v1_errors import zod_error
from emulator.domain.booking_records import event_type_of
from emulator.pipeline.context import RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Booking, Team, User
from emulator.world.store import World

ADMIN_ROLES = ("OWNER", "ADMIN")
# schemaQuerySingleOrMultipleUserIds without a userId: zod reports the union's three alternatives
USER_ID_REQUIRED = "; ".join(["invalid_type in 'userId': Required"] * 3)


def is_system_admin(user: User) -> bool:
    return user.role == "ADMIN"


def _admin_orgs(world: World, user: User, *, admin_api: bool) -> list[int]:
    found = []
    for membership in sorted(world.where("memberships", lambda m: m.user_id == user.id), key=lambda m: m.id):
        team: Team | None = world.find("teams", membership.team_id)
        if team is None or not team.is_organization or not membership.accepted or membership.role not in ADMIN_ROLES:
            continue
        if admin_api and not team.admin_api:
            continue
        found.append(team.id)
    return found


def is_org_admin(world: World, user: User) -> bool:
    """isAdminGuard's OrgOwnerOrAdmin scope (a system admin is the other scope)."""
    return not is_system_admin(user) and bool(_admin_orgs(world, user, admin_api=True))


def _members(world: World, org_id: int) -> list[int]:
    rows = world.where("memberships", lambda m: m.team_id == org_id and m.accepted)
    return [m.user_id for m in sorted(rows, key=lambda m: m.id)]


def accessible_users(world: World, admin: User, member_ids: list[int]) -> list[int]:
    """getAccessibleUsers: those of ``member_ids`` in the organization the caller administers (the
    caller excluded)."""
    orgs = _admin_orgs(world, admin, admin_api=False)
    if not orgs:
        return []
    members = set(_members(world, orgs[0]))
    return [uid for uid in dict.fromkeys(member_ids) if uid in members and uid != admin.id]


def org_scoped_users(world: World, admin: User) -> list[int]:
    """retrieveOrgScopedAccessibleUsers: every accepted member of the caller's organization."""
    orgs = _admin_orgs(world, admin, admin_api=False)
    return _members(world, orgs[0]) if orgs else []


def team_admin(world: World, user: User, team_id: int | None) -> bool:
    if team_id is None:
        return False
    return bool(
        world.where(
            "memberships",
            lambda m: m.team_id == team_id and m.user_id == user.id and m.accepted and m.role in ADMIN_ROLES,
        )
    )


def check_booking_access(world: World, user: User, booking_id: int) -> None:
    """The /bookings/{id} auth middleware: organizer, attendee (by e-mail), owner of the event type or
    OWNER/ADMIN of its team; a system admin always, an organization admin for the members' bookings.
    Anything else, a booking that does not exist included, is 403."""
    if is_system_admin(user):
        return
    booking: Booking | None = world.find("bookings", booking_id)
    if booking is None:
        raise ApiError(403, "You are not authorized")
    if is_org_admin(world, user) and booking.user_id and accessible_users(world, user, [booking.user_id]):
        return
    if booking.user_id == user.id or any(a.email == user.email for a in booking.attendees):
        return
    event_type = event_type_of(world, booking)
    if event_type is not None and (event_type.owner_id == user.id or team_admin(world, user, event_type.team_id)):
        return
    raise ApiError(403, "You are not authorized")


def query_user_ids(ctx: RequestContext) -> list[int]:
    """schemaQuerySingleOrMultipleUserIds: one or more ``userId`` values, each read as parseInt reads it."""
    values = ctx.query_values("userId")
    if not values:
        raise zod_error([USER_ID_REQUIRED])
    out = []
    for value in values:
        number = re.match(r"\s*([+-]?\d+)", value)
        if number is None:
            raise zod_error(["custom in 'userId': Not a number"])
        out.append(int(number.group(1)))
    return out
