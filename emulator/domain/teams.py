"""Teams and their memberships: the rules both API versions share.

Read from Cal.com's Prisma schema and the v1/v2 team handlers:

- A team's slug is unique among top-level teams (``parentId`` null, organizations included) and among
  the sub-teams of one organization (the ``Team_slug_parentId_key`` indexes); v1 also checks it
  case-insensitively across every team before writing.
- The creator becomes the team's OWNER.
- Deleting a team cascades (``onDelete: Cascade``) to its memberships, its event types and its
  webhooks.
- Neither API refuses removing or demoting a team's last owner: no such check exists in the v1
  membership handlers nor in the v2 memberships service, so none is made here.
"""

from __future__ import annotations

from typing import Any

from emulator.world.models import Membership, Team, User
from emulator.world.store import World

ROLES = ("MEMBER", "ADMIN", "OWNER")


def find(world: World, team_id: int) -> Team | None:
    team: Team | None = world.find("teams", team_id)
    return team


def slug_taken(world: World, slug: str, parent_id: int | None, *, except_id: int | None = None) -> bool:
    """Whether the unique (slug, parentId) indexes would refuse the slug."""
    return any(t.slug == slug and t.parent_id == parent_id and t.id != except_id for t in world.all("teams"))


def slug_used_anywhere(world: World, slug: str) -> bool:
    """v1's pre-check: any team with that slug, ignoring case and parent."""
    folded = slug.lower()
    return any((t.slug or "").lower() == folded for t in world.all("teams"))


def create(world: World, owner_id: int, *, accepted: bool = True, **fields: Any) -> tuple[Team, Membership]:
    team = world.insert("teams", Team(id=world.next_id("teams"), created_at=world.clock.now(), **fields))
    owner = add_member(world, team.id, owner_id, role="OWNER", accepted=accepted)
    return team, owner


def update(world: World, team: Team, **changes: Any) -> Team:
    if not changes:
        return team
    updated: Team = world.update("teams", team.id, **changes)
    return updated


def delete(world: World, team: Team) -> Team:
    """Remove the team with what Cal.com cascades: memberships, event types, webhooks, sub-teams."""
    for sub in world.where("teams", lambda t: t.parent_id == team.id):
        delete(world, sub)
    for table in ("memberships", "event_types", "webhooks"):
        for row in world.where(table, lambda r: getattr(r, "team_id", None) == team.id):
            world.delete(table, row.id)
    world.delete("teams", team.id)
    return team


def memberships_of_team(world: World, team_id: int) -> list[Membership]:
    found: list[Membership] = world.where("memberships", lambda m: m.team_id == team_id)
    return sorted(found, key=lambda m: m.id)


def membership(world: World, team_id: int, user_id: int) -> Membership | None:
    found: list[Membership] = world.where("memberships", lambda m: m.team_id == team_id and m.user_id == user_id)
    return found[0] if found else None


def membership_by_id(world: World, team_id: int, membership_id: int) -> Membership | None:
    found: Membership | None = world.find("memberships", membership_id)
    return found if found is not None and found.team_id == team_id else None


def role_of(world: World, team_id: int, user_id: int) -> str | None:
    found = membership(world, team_id, user_id)
    return found.role if found else None


def add_member(
    world: World,
    team_id: int,
    user_id: int,
    *,
    role: str = "MEMBER",
    accepted: bool = False,
    disable_impersonation: bool = False,
) -> Membership:
    """A new membership; the caller checks first that (user, team) has none (the unique index)."""
    fresh = Membership(
        id=world.next_id("memberships"),
        team_id=team_id,
        user_id=user_id,
        role=role,
        accepted=accepted,
        disable_impersonation=disable_impersonation,
    )
    added: Membership = world.insert("memberships", fresh)
    return added


def update_member(world: World, member: Membership, **changes: Any) -> Membership:
    if not changes:
        return member
    updated: Membership = world.update("memberships", member.id, **changes)
    return updated


def remove_member(world: World, member: Membership) -> Membership:
    world.delete("memberships", member.id)
    return member


def teams_of_user(world: World, user_id: int) -> list[Team]:
    """Every team (organizations included) the user has a membership in, accepted or not, by id."""
    ids = {m.team_id for m in world.all("memberships") if m.user_id == user_id}
    return sorted((t for t in world.all("teams") if t.id in ids), key=lambda t: t.id)


# --- organizations ---------------------------------------------------------------------------------


def sub_teams(world: World, org_id: int) -> list[Team]:
    """The organization's teams (``parentId`` = the organization), by id."""
    found: list[Team] = world.where("teams", lambda t: t.parent_id == org_id)
    return sorted(found, key=lambda t: t.id)


def team_in_org(world: World, org_id: int, team_id: int) -> Team | None:
    """The team when it is a sub-team (not itself an organization) of the organization."""
    team = find(world, team_id)
    return team if team is not None and not team.is_organization and team.parent_id == org_id else None


def is_org_user(world: World, org_id: int, user_id: int) -> bool:
    """Whether the user has a profile in the organization (the emulator's ``User.organization_id``)."""
    user: User | None = world.find("users", user_id)
    return user is not None and user.organization_id == org_id


def remove_from_org(world: World, org_id: int, member: Membership) -> Membership:
    """Cal.com's removal of an organization member: the organization membership, those in its
    sub-teams, and the user's profile in the organization."""
    team_ids = {org_id} | {t.id for t in sub_teams(world, org_id)}
    for row in world.where("memberships", lambda m: m.user_id == member.user_id and m.team_id in team_ids):
        world.delete("memberships", row.id)
    if is_org_user(world, org_id, member.user_id):
        world.update("users", member.user_id, organization_id=None)
    return member


def org_users(world: World, org_id: int) -> list[User]:
    """The users with a profile in the organization, by id."""
    found: list[User] = world.where("users", lambda u: u.organization_id == org_id)
    return sorted(found, key=lambda u: u.id)


def org_username_from_email(email: str) -> str:
    """The username Cal.com gives an organization user invited by e-mail: local part and domain label."""
    local, _, domain = email.partition("@")
    text = f"{local}-{domain.split('.')[0]}" if domain else local
    return "-".join(part for part in "".join(c if c.isalnum() else "-" for c in text.lower()).split("-") if part)


def delete_user(world: World, user: User) -> User:
    """Delete a user with what the User row cascades to: memberships and out-of-office entries."""
    for table in ("memberships", "out_of_office"):
        for row in world.where(table, lambda r: getattr(r, "user_id", None) == user.id):
            world.delete(table, row.id)
    world.delete("users", user.id)
    return user
