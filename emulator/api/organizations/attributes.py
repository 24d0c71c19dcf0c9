"""An organization's attributes: /v2/organizations/{orgId}/attributes (OrganizationsAttributesController),
and the attribute rows every attribute operation and the organization memberships show.

The guard stage has run IsOrgGuard, RolesGuard (ORG_MEMBER to read, ORG_ADMIN to write) and the plan
guards (access.yaml); the rules are in domain/attributes.py. The controller returns Prisma's rows as they
are, so every column of the row is in the answer. Inputs beyond the spec: class-validator's
``@IsNotEmpty`` on the create input's name, slug and type.
"""

from __future__ import annotations

from typing import Any

from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.teams import ok, page
from emulator.api.platform.user_inputs import pipe_errors, validation_error
from emulator.api.registry import handles
from emulator.domain import attributes as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.clock import iso_ms
from emulator.world.models import Membership
from emulator.world.records_attributes import Attribute, AttributeOption, AttributeToUser
from emulator.world.store import World

# Input key -> Attribute field, for what CreateOrganizationAttributeInput/UpdateOrganizationAttributeInput write.
ATTRIBUTE_FIELDS = {"name": "name", "slug": "slug", "type": "type", "enabled": "enabled"}
# How the membership output names each type (OrganizationsMembershipOutputService).
MEMBERSHIP_TYPES = {"TEXT": "text", "NUMBER": "number", "SINGLE_SELECT": "singleSelect", "MULTI_SELECT": "multiSelect"}


def org_id(ctx: RequestContext) -> int:
    return event_type_id(ctx, "orgId")


def attribute_output(attribute: Attribute) -> dict[str, Any]:
    """The Attribute row."""
    return {
        "id": attribute.id,
        "teamId": attribute.team_id,
        "type": attribute.type,
        "name": attribute.name,
        "slug": attribute.slug,
        "enabled": attribute.enabled,
        "usersCanEditRelation": attribute.users_can_edit_relation,
        "createdAt": iso_ms(attribute.created_at) if attribute.created_at else None,
        "updatedAt": iso_ms(attribute.updated_at) if attribute.updated_at else None,
        "isWeightsEnabled": attribute.is_weights_enabled,
        "isLocked": attribute.is_locked,
    }


def option_output(option: AttributeOption) -> dict[str, Any]:
    """The AttributeOption row."""
    return {
        "id": option.id,
        "attributeId": option.attribute_id,
        "value": option.value,
        "slug": option.slug,
        "isGroup": option.is_group,
        "contains": list(option.contains),
    }


def assignment_output(row: AttributeToUser) -> dict[str, Any]:
    """The AttributeToUser row."""
    return {
        "id": row.id,
        "memberId": row.member_id,
        "attributeOptionId": row.attribute_option_id,
        "weight": row.weight,
        "createdAt": iso_ms(row.created_at) if row.created_at else None,
        "createdById": row.created_by_id,
        "createdByDSyncId": None,
        "updatedAt": iso_ms(row.updated_at) if row.updated_at else None,
        "updatedById": None,
        "updatedByDSyncId": None,
    }


def membership_attributes(world: World, member: Membership) -> list[dict[str, Any]]:
    """OrganizationMembershipOutput.attributes: the member's options grouped by attribute; a text or
    select attribute shows its first option, a number its value as a number."""
    out: list[dict[str, Any]] = []
    for group in rules.of_membership(world, member):
        attribute, first = group.attribute, group.options[0]
        row: dict[str, Any] = {"id": attribute.id, "name": attribute.name, "type": MEMBERSHIP_TYPES[attribute.type]}
        if attribute.type == "MULTI_SELECT":
            row["options"] = [{"optionId": o.id, "option": o.value} for o in group.options]
        elif attribute.type == "NUMBER":
            row.update(optionId=first.id, option=_number(first.value))
        else:
            row.update(optionId=first.id, option=first.value)
        out.append(row)
    return out


def _number(text: str) -> float | int | None:
    """JavaScript's unary plus on the stored text (NaN, which JSON cannot carry, goes out as null)."""
    stripped = text.strip()
    if stripped == "":
        return 0
    try:
        value = float(stripped)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _writes(body: dict[str, Any]) -> dict[str, Any]:
    return {attr: body[key] for key, attr in ATTRIBUTE_FIELDS.items() if key in body}


def _check_not_empty(body: dict[str, Any], names: tuple[str, ...]) -> None:
    errors = [
        validation_error(name, body.get(name), "isNotEmpty", f"{name} should not be empty")
        for name in names
        if body.get(name) in ("", None)
    ]
    if errors:
        raise pipe_errors(errors)


@handles("OrganizationsAttributesController_getOrganizationAttributes")
def list_attributes(ctx: RequestContext) -> Reply:
    found = rules.of_org(ctx.runtime.world, org_id(ctx))
    return ok(200, [attribute_output(a) for a in page(ctx, found)])


@handles("OrganizationsAttributesController_getOrganizationAttribute")
def get_attribute(ctx: RequestContext) -> Reply:
    found = rules.in_org(ctx.runtime.world, org_id(ctx), ctx.path_params["attributeId"])
    return ok(200, attribute_output(found) if found is not None else None)


@handles("OrganizationsAttributesController_createOrganizationAttribute")
def create_attribute(ctx: RequestContext) -> Reply:
    body = ctx.body
    _check_not_empty(body, ("name", "slug", "type"))
    options = [{"value": o["value"], "slug": o["slug"]} for o in body.get("options") or []]
    created = rules.create(ctx.runtime.world, org_id(ctx), _writes(body), options)
    return ok(201, attribute_output(created))


@handles("OrganizationsAttributesController_updateOrganizationAttribute")
def update_attribute(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    updated = rules.update(world, org_id(ctx), ctx.path_params["attributeId"], _writes(ctx.body or {}))
    return ok(200, attribute_output(updated))


@handles("OrganizationsAttributesController_deleteOrganizationAttribute")
def delete_attribute(ctx: RequestContext) -> Reply:
    deleted = rules.delete(ctx.runtime.world, org_id(ctx), ctx.path_params["attributeId"])
    return ok(200, attribute_output(deleted))
