"""An organization's delegation credentials (OrganizationsDelegationCredentialController); the guards
(organization, ORG_ADMIN, platform plan, Admin API) ran before, the rules are in
domain/delegation_credentials.py."""

from __future__ import annotations

from emulator.api.calendars.calendars import ok
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.registry import handles
from emulator.domain import delegation_credentials as delegation
from emulator.pipeline.context import Reply, RequestContext


@handles("OrganizationsDelegationCredentialController_createDelegationCredential")
def create(ctx: RequestContext) -> Reply:
    row = delegation.create(ctx.runtime.world, event_type_id(ctx, "orgId"), ctx.body or {})
    return ok(201, delegation.output(row))


@handles("OrganizationsDelegationCredentialController_updateDelegationCredential")
def update(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    row = delegation.update(world, event_type_id(ctx, "orgId"), ctx.path_params["credentialId"], ctx.body or {})
    return ok(200, delegation.output(row))
