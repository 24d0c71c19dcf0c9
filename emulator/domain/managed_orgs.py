"""Managed organizations: organizations a platform organization creates and manages
(apps/api/v2/src/modules/organizations/organizations/services/managed-organizations.service.ts, its
repository and the IsManagedOrgInManagerOrg guard).

- Only a platform organization may manage others (403). The new organization is a platform
  organization with the manager's platform plan (its billing follows the manager's); the caller
  becomes its accepted OWNER and gets an API key scoped to it (``teamId``), valid for
  ``apiKeyDaysValid`` days (30 by default) or forever with ``apiKeyNeverExpires``. That key acts for
  the managed organization as any organization API key does.
- The slug is the body's or the name slugified; one the manager already manages is 409, one another
  top-level team holds is the database's unique-index 409.
- An id the manager does not manage is 404 before anything else is read; deleting takes the
  organization with what Cal.com cascades (memberships, teams, event types, webhooks, its API keys).
"""

from __future__ import annotations

from typing import Any

from emulator.domain import api_keys, teams
from emulator.domain.errors import DomainError
from emulator.domain.event_types import slugify
from emulator.world.models import Team
from emulator.world.records_managed_orgs import ManagedOrganization
from emulator.world.store import World

NOT_PLATFORM = (
    "Manager organization must be a platform organization. Normal organizations can't create managed organizations yet."
)
PRISMA_CONFLICT = "Invalid Input: Trying to create a record that already exists."


def links(world: World, manager_id: int) -> list[ManagedOrganization]:
    found = world.where("managed_organizations", lambda m: m.manager_organization_id == manager_id)
    return sorted(found, key=lambda m: m.managed_organization_id)


def managed(world: World, manager_id: int, managed_id: int) -> Team:
    """IsManagedOrgInManagerOrg, then the organization (404 when either is missing)."""
    if not any(m.managed_organization_id == managed_id for m in links(world, manager_id)):
        raise DomainError(
            404,
            f"Managed organization with id={managed_id} within manager organization with id={manager_id} not found.",
        )
    team: Team | None = world.find("teams", managed_id)
    if team is None:
        raise DomainError(404, f"Managed organization with id={managed_id} does not exist.")
    return team


def listed(world: World, manager_id: int, slug: str | None, meta_key: str | None, meta_value: str | None) -> list[Team]:
    out = []
    for link in links(world, manager_id):
        team: Team | None = world.find("teams", link.managed_organization_id)
        if team is None or (slug is not None and team.slug != slug):
            continue
        if meta_key and meta_value and (team.metadata or {}).get(meta_key) != meta_value:
            continue
        out.append(team)
    return out


def create(world: World, manager_id: int, user_id: int, body: dict[str, Any]) -> tuple[Team, str]:
    """The managed organization and its API key's full text."""
    manager: Team | None = world.find("teams", manager_id)
    if manager is None or not manager.is_platform:
        raise DomainError(403, NOT_PLATFORM)
    slug = body.get("slug") or slugify(str(body["name"]))
    if any(t.slug == slug for t in listed(world, manager_id, None, None, None)):
        raise DomainError(
            409,
            f"Organization with slug '{slug}' already exists. Please, either provide a different slug or change name "
            "so that the automatically generated slug is different.",
        )
    if world.where("teams", lambda t: t.slug == slug and t.parent_id is None):
        raise DomainError(409, PRISMA_CONFLICT)
    if body.get("apiKeyDaysValid") and body.get("apiKeyNeverExpires"):
        raise api_keys.BothExpiryOptions()
    team, _ = teams.create(
        world,
        user_id,
        name=str(body["name"]),
        slug=slug,
        is_organization=True,
        is_platform=True,
        platform_plan=manager.platform_plan,
        metadata=body.get("metadata"),
    )
    link = ManagedOrganization(world.next_id("managed_organizations"), manager_id, team.id, world.clock.now())
    world.insert("managed_organizations", link)
    note = f"Managed organization API key. ManagerOrgId: {manager_id}. ManagedOrgId: {team.id}"
    return team, api_keys.create(world, user_id, body, note=note, team_id=team.id)


def update(world: World, team: Team, body: dict[str, Any]) -> Team:
    changes = {k: body[k] for k in ("name", "metadata") if k in body}
    return teams.update(world, team, **changes)


def delete(world: World, team: Team) -> Team:
    for key in world.where("api_keys", lambda k: k.team_id == team.id):
        world.delete("api_keys", key.id)
    for link in world.where(
        "managed_organizations", lambda m: team.id in (m.managed_organization_id, m.manager_organization_id)
    ):
        world.delete("managed_organizations", link.id)
    return teams.delete(world, team)
