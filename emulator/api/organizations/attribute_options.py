"""An organization attribute's options and who has them: /v2/organizations/{orgId}/attributes/{attributeId}/
options, .../options/assigned, /attributes/slugs/{attributeSlug}/options/assigned and
/attributes/options/{userId} (OrganizationsAttributesOptionsController).

The guard stage has run IsOrgGuard, RolesGuard (ORG_MEMBER to read and to unassign, ORG_ADMIN for the
rest) and the plan guards; the rules are in domain/attributes.py. Option rows and assignment rows come
back whole, as Prisma returns them; the assigned options only with the fields AssignedOptionOutput
exposes. ``assignedOptionIds`` and ``teamIds`` come comma separated, and repeats are read too.
"""

from __future__ import annotations

from typing import Any

from emulator.api import params
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.attributes import assignment_output, option_output, org_id
from emulator.api.organizations.teams import ok
from emulator.api.platform.user_inputs import pipe_errors, validation_error
from emulator.api.registry import handles
from emulator.domain import attributes as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import User
from emulator.world.records_attributes import AttributeOption


def listed(ctx: RequestContext, name: str) -> list[Any] | None:
    """A comma-separated list parameter, however it arrived (typed by validation or raw text)."""
    value = params.query(ctx, name)
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    out: list[Any] = []
    for item in items:
        out.extend(part for part in item.split(",") if part) if isinstance(item, str) else out.append(item)
    return out


def team_ids(ctx: RequestContext) -> list[int] | None:
    found = listed(ctx, "teamIds")
    if found is None:
        return None
    return [int(v) for v in found if isinstance(v, int | float) or (isinstance(v, str) and v.isdigit())]


def _whole(ctx: RequestContext, name: str, default: int) -> int:
    """``value && parseInt(value)``: a leading whole number; 0, absent or unreadable is the default."""
    value = params.query(ctx, name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) or default
    digits = str(value or "").strip()
    number = ""
    for char in digits:
        if not char.isdigit():
            break
        number += char
    return (int(number) or default) if number else default


def _assigned_output(option: AttributeOption, user_ids: list[int]) -> dict[str, Any]:
    return {
        "id": option.id,
        "attributeId": option.attribute_id,
        "value": option.value,
        "slug": option.slug,
        "assignedUserIds": user_ids,
    }


@handles("OrganizationsAttributesOptionsController_getOrganizationAttributeOptions")
def list_options(ctx: RequestContext) -> Reply:
    found = rules.options_of(ctx.runtime.world, ctx.path_params["attributeId"])
    return ok(200, [option_output(o) for o in found])


@handles("OrganizationsAttributesOptionsController_createOrganizationAttributeOption")
def create_option(ctx: RequestContext) -> Reply:
    body = ctx.body
    option = rules.add_option(ctx.runtime.world, ctx.path_params["attributeId"], body["value"], body["slug"])
    return ok(201, option_output(option))


@handles("OrganizationsAttributesOptionsController_updateOrganizationAttributeOption")
def update_option(ctx: RequestContext) -> Reply:
    changes = {k: v for k, v in (ctx.body or {}).items() if k in ("value", "slug")}
    path = ctx.path_params
    option = rules.update_option(ctx.runtime.world, path["attributeId"], path["optionId"], changes)
    return ok(200, option_output(option))


@handles("OrganizationsAttributesOptionsController_deleteOrganizationAttributeOption")
def delete_option(ctx: RequestContext) -> Reply:
    path = ctx.path_params
    option = rules.delete_option(ctx.runtime.world, path["attributeId"], path["optionId"])
    return ok(200, option_output(option))


def _assigned(ctx: RequestContext, by_slug: bool) -> Reply:
    world, org = ctx.runtime.world, org_id(ctx)
    if by_slug:
        attribute = rules.by_slug(world, org, ctx.path_params["attributeSlug"])
    else:
        attribute = rules.in_org(world, org, ctx.path_params["attributeId"])
    found = rules.assigned_options(
        world,
        attribute,
        assigned_option_ids=listed(ctx, "assignedOptionIds"),
        team_ids=team_ids(ctx),
        skip=_whole(ctx, "skip", 0),
        take=_whole(ctx, "take", 250),
    )
    return ok(200, [_assigned_output(option, users) for option, users in found])


@handles("OrganizationsAttributesOptionsController_getOrganizationAttributeAssignedOptions")
def assigned_by_id(ctx: RequestContext) -> Reply:
    return _assigned(ctx, by_slug=False)


@handles("OrganizationsAttributesOptionsController_getOrganizationAttributeAssignedOptionsBySlug")
def assigned_by_slug(ctx: RequestContext) -> Reply:
    return _assigned(ctx, by_slug=True)


@handles("OrganizationsAttributesOptionsController_getOrganizationAttributeOptionsForUser")
def options_for_user(ctx: RequestContext) -> Reply:
    found = rules.options_for_user(ctx.runtime.world, org_id(ctx), event_type_id(ctx, "userId"))
    return ok(200, [option_output(o) for o in found])


@handles("OrganizationsAttributesOptionsController_assignOrganizationAttributeOptionToUser")
def assign(ctx: RequestContext) -> Reply:
    body = ctx.body
    # @IsNotEmpty on each; the optional two may be left out (or null) but not sent empty.
    errors = [
        validation_error(name, body.get(name), "isNotEmpty", f"{name} should not be empty")
        for name in ("value", "attributeOptionId", "attributeId")
        if body.get(name) == "" or (name == "attributeId" and body.get(name) is None)
    ]
    if errors:
        raise pipe_errors(errors)
    row = rules.assign(ctx.runtime.world, org_id(ctx), event_type_id(ctx, "userId"), body)
    return ok(201, assignment_output(row))


@handles("OrganizationsAttributesOptionsController_unassignOrganizationAttributeOptionFromUser")
def unassign(ctx: RequestContext) -> Reply:
    path = ctx.path_params
    row = rules.unassign(ctx.runtime.world, org_id(ctx), event_type_id(ctx, "userId"), path["attributeOptionId"])
    return ok(200, assignment_output(row))


def filter_org_users(ctx: RequestContext, org: int, users: list[User]) -> list[User]:
    """The organization users' ``assignedOptionIds``/``attributeQueryOperator``/``teamIds`` filters
    (OrganizationsUsersRepository): with option ids, the members the operator picks (AND by default), in
    the order of their first counted assignment; else ``teamIds`` keeps members of any of those teams."""
    world, teams_wanted = ctx.runtime.world, team_ids(ctx)
    option_ids = listed(ctx, "assignedOptionIds")
    if option_ids:
        operator = params.query(ctx, "attributeQueryOperator")
        operator = operator if operator in rules.OPERATORS else "AND"
        picked = rules.users_with_options(world, org, option_ids, operator, teams_wanted)
        by_id = {u.id: u for u in world.all("users")}
        return [by_id[uid] for uid in picked if uid in by_id]
    if teams_wanted is None:
        return users
    members = {m.user_id for m in world.all("memberships") if m.team_id in teams_wanted}
    return [u for u in users if u.id in members]
