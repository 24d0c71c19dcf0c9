"""Managed Orgs: /v2/organizations/{orgId}/organizations (OrganizationsOrganizationsController). The
rules are in domain/managed_orgs.py; the guards (organization, ORG_ADMIN, platform plan SCALE, Admin
API) run before the handlers."""

from __future__ import annotations

from typing import Any

from emulator.api import params
from emulator.api.caller import acting_user
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.attributes import org_id
from emulator.api.platform.api_keys import BOTH_EXPIRY_OPTIONS
from emulator.api.registry import handles
from emulator.domain import api_keys, managed_orgs
from emulator.domain.booking_list import pagination
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Team


def managed_output(team: Team) -> dict[str, Any]:
    """ManagedOrganizationOutput: id, name, slug and metadata (left out while the column is null)."""
    out: dict[str, Any] = {"id": team.id, "name": team.name, "slug": team.slug}
    if team.metadata is not None:
        out["metadata"] = team.metadata
    return out


def _managed(ctx: RequestContext) -> Team:
    return managed_orgs.managed(ctx.runtime.world, org_id(ctx), event_type_id(ctx, "managedOrganizationId"))


def _whole(value: Any, default: int) -> int:
    try:
        return max(0, int(value)) if value is not None else default
    except (TypeError, ValueError):
        return default


@handles("OrganizationsOrganizationsController_createOrganization")
def create_managed(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    try:
        team, key = managed_orgs.create(world, org_id(ctx), user.id, body)
    except api_keys.BothExpiryOptions:
        raise ApiError(400, BOTH_EXPIRY_OPTIONS) from None
    return Reply(201, {"status": "success", "data": {**managed_output(team), "apiKey": key}})


@handles("OrganizationsOrganizationsController_getOrganizations")
def list_managed(ctx: RequestContext) -> Reply:
    skip, take = _whole(params.query(ctx, "skip"), 0), _whole(params.query(ctx, "take"), 250)
    found = managed_orgs.listed(
        ctx.runtime.world,
        org_id(ctx),
        params.query(ctx, "slug"),
        params.query(ctx, "metadataKey"),
        params.query(ctx, "metadataValue"),
    )
    page = found[skip : skip + take]
    body = {
        "status": "success",
        "data": [managed_output(t) for t in page],
        "pagination": pagination(skip, take, len(found)),
    }
    return Reply(200, body)


@handles("OrganizationsOrganizationsController_getOrganization")
def get_managed(ctx: RequestContext) -> Reply:
    return Reply(200, {"status": "success", "data": managed_output(_managed(ctx))})


@handles("OrganizationsOrganizationsController_updateOrganization")
def update_managed(ctx: RequestContext) -> Reply:
    team = managed_orgs.update(ctx.runtime.world, _managed(ctx), ctx.body or {})
    return Reply(200, {"status": "success", "data": managed_output(team)})


@handles("OrganizationsOrganizationsController_deleteOrganization")
def delete_managed(ctx: RequestContext) -> Reply:
    team = managed_orgs.delete(ctx.runtime.world, _managed(ctx))
    return Reply(200, {"status": "success", "data": managed_output(team)})
