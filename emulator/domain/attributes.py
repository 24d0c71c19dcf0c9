"""An organization's member attributes, their options and who has which option.

Read from apps/api/v2/src/modules/organizations/attributes/** (repositories and services) and the
Prisma schema (Cal.com 52a5afe):

- An attribute's slug is unique across every organization (the column's ``@unique``): a repeat is
  Prisma's 409. Create writes the body's options only for SINGLE_SELECT and MULTI_SELECT.
- Update and delete address the attribute by id *and* organization: a miss is Prisma's 404. Delete
  cascades to the options and their assignments. A single read of a missing attribute answers
  ``data: null``, not an error.
- Option writes address the option by id and attribute id. Create only needs the attribute to exist
  (a foreign key: anything else is Prisma's 400), whichever organization it is in; update of a missing
  option is Prisma's 404, delete of one is 404 ``Attribute option not found``.
- Assigning: the attribute must be the organization's (404 ``Attribute not found``) and the user an
  accepted member (404 ``User is not a member of the organization``); a ``value`` on a select type is
  400. A value without an option id makes a new option (slug from the value). The option is not
  checked against the attribute; an existing (member, option) pair is Prisma's 409.
- Unassigning needs the user's membership (any, accepted or not) and that pair: 404 ``Attribute does
  not belong to this user`` otherwise.
- Assignments hang on the organization membership: once it is gone they no longer count (Cal.com
  cascades them with the membership), whichever way the membership was removed.

Where the server throws a plain Error (a 500 there), the caller's mistake answers 400 or 404 here with
the Error's own message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from emulator.domain import teams
from emulator.domain.errors import DomainError
from emulator.domain.event_types import slugify
from emulator.world import ids
from emulator.world.models import Membership
from emulator.world.records_attributes import Attribute, AttributeOption, AttributeToUser
from emulator.world.store import World

# The v2 Prisma exception filter's words (P2002, P2025, P2003).
PRISMA_EXISTS = "Invalid Input: Trying to create a record that already exists."
PRISMA_MISSING = "Invalid Query: The requested record was not found."
PRISMA_NO_REFERENCE = "Invalid input: The referenced data does not exist."
SELECT_TYPES = ("SINGLE_SELECT", "MULTI_SELECT")
VALUE_TYPES = ("TEXT", "NUMBER")
NO_MATCH_FOR_FILTER = (
    "Options provided in assignedOptionIds are not assigned to anyone, or the users are not part of the teams "
    "specified in teamIds filter."
)
OPERATORS = ("AND", "OR", "NONE")


@dataclass(frozen=True)
class Grouped:
    """One attribute of a member with the options they have (groupMembershipAttributes)."""

    attribute: Attribute
    options: tuple[AttributeOption, ...]


# --- attributes --------------------------------------------------------------------------------------


def of_org(world: World, org_id: int) -> list[Attribute]:
    return world.where("attributes", lambda a: a.team_id == org_id)


def in_org(world: World, org_id: int, attribute_id: str) -> Attribute | None:
    found: Attribute | None = world.find("attributes", attribute_id)
    return found if found is not None and found.team_id == org_id else None


def by_slug(world: World, org_id: int, slug: str) -> Attribute | None:
    return next((a for a in of_org(world, org_id) if a.slug == slug), None)


def _check_slug(world: World, slug: str, except_id: str | None = None) -> None:
    if any(a.slug == slug and a.id != except_id for a in world.all("attributes")):
        raise DomainError(409, PRISMA_EXISTS)


def create(world: World, org_id: int, fields: dict[str, Any], options: Iterable[dict[str, Any]]) -> Attribute:
    """``fields``: name, slug, type and optionally enabled; ``options``: {value, slug} pairs."""
    _check_slug(world, fields["slug"])
    now = world.clock.now()
    attribute = world.insert(
        "attributes", Attribute(id=ids.uuid4(world.rng), team_id=org_id, created_at=now, updated_at=now, **fields)
    )
    if attribute.type in SELECT_TYPES:
        for option in options:
            add_option(world, attribute.id, option["value"], option["slug"])
    return attribute


def update(world: World, org_id: int, attribute_id: str, changes: dict[str, Any]) -> Attribute:
    attribute = in_org(world, org_id, attribute_id)
    if attribute is None:
        raise DomainError(404, PRISMA_MISSING)
    if "slug" in changes:
        _check_slug(world, changes["slug"], except_id=attribute.id)
    updated: Attribute = world.update("attributes", attribute.id, updated_at=world.clock.now(), **changes)
    return updated


def delete(world: World, org_id: int, attribute_id: str) -> Attribute:
    attribute = in_org(world, org_id, attribute_id)
    if attribute is None:
        raise DomainError(404, PRISMA_MISSING)
    for option in options_of(world, attribute.id):
        _delete_option(world, option)
    world.delete("attributes", attribute.id)
    return attribute


# --- options -----------------------------------------------------------------------------------------


def options_of(world: World, attribute_id: str) -> list[AttributeOption]:
    return world.where("attribute_options", lambda o: o.attribute_id == attribute_id)


def add_option(world: World, attribute_id: str, value: str, slug: str, key: str | None = None) -> AttributeOption:
    if world.find("attributes", attribute_id) is None:
        raise DomainError(400, PRISMA_NO_REFERENCE)
    option = AttributeOption(id=ids.uuid4(world.rng), attribute_id=attribute_id, value=value, slug=slug, key=key)
    inserted: AttributeOption = world.insert("attribute_options", option)
    return inserted


def _option_of(world: World, attribute_id: str, option_id: str) -> AttributeOption | None:
    found: AttributeOption | None = world.find("attribute_options", option_id)
    return found if found is not None and found.attribute_id == attribute_id else None


def update_option(world: World, attribute_id: str, option_id: str, changes: dict[str, Any]) -> AttributeOption:
    option = _option_of(world, attribute_id, option_id)
    if option is None:
        raise DomainError(404, PRISMA_MISSING)
    updated: AttributeOption = world.update("attribute_options", option.id, **changes)
    return updated


def delete_option(world: World, attribute_id: str, option_id: str) -> AttributeOption:
    option = _option_of(world, attribute_id, option_id)
    if option is None:
        raise DomainError(404, "Attribute option not found")
    _delete_option(world, option)
    return option


def _delete_option(world: World, option: AttributeOption) -> None:
    for row in world.where("attribute_to_user", lambda r: r.attribute_option_id == option.id):
        world.delete("attribute_to_user", row.id)
    world.delete("attribute_options", option.id)


# --- assignments -------------------------------------------------------------------------------------


def assignments(world: World, org_id: int) -> list[tuple[AttributeToUser, Membership, AttributeOption, Attribute]]:
    """The organization's live assignments, oldest first, each with its membership, option and attribute."""
    out = []
    for row in world.all("attribute_to_user"):
        member: Membership | None = world.find("memberships", row.member_id)
        option: AttributeOption | None = world.find("attribute_options", row.attribute_option_id)
        if member is None or option is None or member.team_id != org_id:
            continue
        attribute: Attribute | None = world.find("attributes", option.attribute_id)
        if attribute is not None:
            out.append((row, member, option, attribute))
    return out


def assign(world: World, org_id: int, user_id: int, body: dict[str, Any]) -> AttributeToUser:
    """``body``: attributeId, and value and/or attributeOptionId (AssignOrganizationAttributeOptionToUserInput)."""
    attribute = in_org(world, org_id, body["attributeId"])
    if attribute is None:
        raise DomainError(404, "Attribute not found")
    member = teams.membership(world, org_id, user_id)
    if member is None or not member.accepted:
        raise DomainError(404, "User is not a member of the organization")
    value, option_id = body.get("value"), body.get("attributeOptionId")
    if attribute.type not in VALUE_TYPES and value:
        raise DomainError(400, "Attribute type does not support value")
    if value and not option_id:
        option_id = add_option(world, attribute.id, value, slugify(value)).id
    if not option_id:
        raise DomainError(400, "Attribute option not found")
    return add_assignment(world, member.id, option_id)


def add_assignment(world: World, member_id: int, option_id: str) -> AttributeToUser:
    if world.find("attribute_options", option_id) is None:
        raise DomainError(400, PRISMA_NO_REFERENCE)
    if world.where("attribute_to_user", lambda r: r.member_id == member_id and r.attribute_option_id == option_id):
        raise DomainError(409, PRISMA_EXISTS)
    now = world.clock.now()
    row = AttributeToUser(
        id=ids.uuid4(world.rng),
        member_id=member_id,
        attribute_option_id=option_id,
        created_at=now,
        updated_at=now,
    )
    inserted: AttributeToUser = world.insert("attribute_to_user", row)
    return inserted


def unassign(world: World, org_id: int, user_id: int, option_id: str) -> AttributeToUser:
    member = teams.membership(world, org_id, user_id)
    if member is None:
        raise DomainError(404, "Membership not found")
    rows = world.where("attribute_to_user", lambda r: r.member_id == member.id and r.attribute_option_id == option_id)
    if not rows:
        raise DomainError(404, "Attribute does not belong to this user")
    removed: AttributeToUser = world.delete("attribute_to_user", rows[0].id)
    return removed


def options_for_user(world: World, org_id: int, user_id: int) -> list[AttributeOption]:
    """The organization's options any membership of the user holds, in option order."""
    held = {option.id for _, member, option, _ in assignments(world, org_id) if member.user_id == user_id}
    return [o for o in world.all("attribute_options") if o.id in held]


def of_membership(world: World, member: Membership) -> list[Grouped]:
    """The member's assignments grouped by attribute, in the order first assigned."""
    grouped: dict[str, tuple[Attribute, list[AttributeOption]]] = {}
    for row, _, option, attribute in assignments(world, member.team_id):
        if row.member_id == member.id:
            grouped.setdefault(attribute.id, (attribute, []))[1].append(option)
    return [Grouped(attribute, tuple(options)) for attribute, options in grouped.values()]


def _in_teams(world: World, user_id: int, team_ids: list[int] | None) -> bool:
    if team_ids is None:
        return True
    return any(m.user_id == user_id and m.team_id in team_ids for m in world.all("memberships"))


def assigned_options(
    world: World,
    attribute: Attribute | None,
    *,
    assigned_option_ids: list[str] | None,
    team_ids: list[int] | None,
    skip: int = 0,
    take: int = 250,
) -> list[tuple[AttributeOption, list[int]]]:
    """getOrganizationAttributeAssignedOptions: the page of the attribute's options held by someone
    (someone in ``team_ids`` when given), each with every holder's user id.

    With ``assigned_option_ids``, only options shared with the holders of "filter" options are kept:
    options of the organization all of whose assignments are among the ids (Prisma's ``every``, which
    an option nobody holds also passes) and, with ``team_ids``, held by someone in those teams. No such
    option at all is a 404. The server pages before this filter, so a page may come back short."""
    if attribute is None:
        return []
    live = assignments(world, attribute.team_id)
    holders: dict[str, list[int]] = {}
    for _, member, option, _ in live:
        holders.setdefault(option.id, []).append(member.user_id)
    found = [
        (option, holders[option.id])
        for option in options_of(world, attribute.id)
        if option.id in holders and any(_in_teams(world, uid, team_ids) for uid in holders[option.id])
    ][skip : skip + take]
    if assigned_option_ids is None:
        return found
    matching: set[int] = set()
    any_filter_option = False
    for attr in of_org(world, attribute.team_id):
        for option in options_of(world, attr.id):
            held_by = holders.get(option.id, [])
            if option.id not in assigned_option_ids and held_by:
                continue
            if team_ids is not None and not any(_in_teams(world, uid, team_ids) for uid in held_by):
                continue
            any_filter_option = True
            matching.update(held_by)
    if not any_filter_option:
        raise DomainError(404, NO_MATCH_FOR_FILTER)
    return [(option, users) for option, users in found if any(uid in matching for uid in users)]


def users_with_options(
    world: World, org_id: int, option_ids: list[str], operator: str, team_ids: list[int] | None
) -> list[int]:
    """The organization users' filter by assigned options, one user per membership in the order of their
    first counted assignment. AND: holders of every option; OR: of at least one; NONE: holders of some
    option outside the list (a member with no assignment at all is never listed)."""
    live = assignments(world, org_id)
    held: dict[int, set[str]] = {}
    for row, _, option, _ in live:
        held.setdefault(row.member_id, set()).add(option.id)
    found: dict[int, int] = {}
    for row, member, option, _ in live:
        if operator == "AND" and not set(option_ids) <= held[row.member_id]:
            continue
        if operator == "OR" and option.id not in option_ids:
            continue
        if operator == "NONE" and option.id in option_ids:
            continue
        if _in_teams(world, member.user_id, team_ids):
            found.setdefault(row.member_id, member.user_id)
    return list(found.values())
