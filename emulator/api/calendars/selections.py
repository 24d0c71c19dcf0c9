"""Which calendars count: v2 selected calendars (SelectedCalendarsController) and the destination
calendar (DestinationCalendarsController).

Read from apps/api/v2/src/modules/selected-calendars/services/selected-calendars.service.ts, its
repository, and modules/destination-calendars/services/destination-calendars.service.ts:

- Add: the credential must be the caller's (404 ``Calendar credentials not found``); the user-level
  row is upserted. With ``delegationCredentialId`` the caller must belong to the organization that
  owns that delegation credential instead.
- Delete: the same check, then the user-level row of that integration and external id, or 404
  ``No SelectedCalendar found.``.
- Destination: the calendar must be among the caller's connected calendars and writable (404
  ``Could not find calendar <externalId>``); the user's destination row is written.
"""

from __future__ import annotations

from typing import Any

from emulator.api import params
from emulator.api.calendars.calendars import ok
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import calendar_connect, calendars
from emulator.domain.errors import DomainError
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import DestinationCalendar, SelectedCalendar, User
from emulator.world.records_calendars import Credential, DelegationCredential
from emulator.world.store import World

NO_SELECTED = "No SelectedCalendar found."


def selected_output(row: SelectedCalendar) -> dict[str, Any]:
    return {
        "userId": row.user_id,
        "integration": row.integration,
        "externalId": row.external_id,
        "credentialId": row.credential_id,
    }


def _delegation_member(world: World, user: User, delegation_id: str) -> DelegationCredential:
    found: DelegationCredential | None = world.find("delegation_credentials", delegation_id)
    if found is None:
        raise DomainError(404, "DelegationCredential with provided delegationCredentialId not found")
    member = any(
        m.team_id == found.organization_id and m.user_id == user.id and m.accepted
        for m in world.tables["memberships"].values()
    )
    if not member:
        raise DomainError(404, "User is not a member of the organization that owns the Delegation credential")
    return found


def _numeric(value: Any) -> int:
    """Number(credentialId): text that is no number finds no credential."""
    try:
        return int(str(value))
    except ValueError:
        return -1


@handles("SelectedCalendarsController_addSelectedCalendar")
def add_selected(ctx: RequestContext) -> Reply:
    user, world, body = acting_user(ctx), ctx.runtime.world, ctx.body or {}
    integration, external_id = str(body.get("integration")), str(body.get("externalId"))
    delegation_id = body.get("delegationCredentialId")
    if delegation_id:
        _delegation_member(world, user, str(delegation_id))
        credential_id = _numeric(body.get("credentialId"))
        row_id = f"{user.id}_{integration}_{external_id}_{delegation_id}"
        row = SelectedCalendar(row_id, user.id, integration, external_id, credential_id, None, str(delegation_id))
        if world.find("selected_calendars", row_id) is None:
            world.insert("selected_calendars", row)
        else:
            row = world.update("selected_calendars", row_id, credential_id=credential_id)
        return ok(201, selected_output(row))
    credential: Credential = calendars.own_credential(world, _numeric(body.get("credentialId")), user.id)
    selected = calendar_connect.select(world, user.id, credential, external_id, integration=integration)
    return ok(201, selected_output(selected))


@handles("SelectedCalendarsController_deleteSelectedCalendar")
def delete_selected(ctx: RequestContext) -> Reply:
    user, world = acting_user(ctx), ctx.runtime.world
    integration, external_id = str(params.query(ctx, "integration")), str(params.query(ctx, "externalId"))
    delegation_id = params.query(ctx, "delegationCredentialId")
    if delegation_id:
        _delegation_member(world, user, str(delegation_id))
    else:
        calendars.own_credential(world, _numeric(params.query(ctx, "credentialId")), user.id)
    found: list[SelectedCalendar] = world.where(
        "selected_calendars",
        lambda s: (
            s.user_id == user.id
            and s.event_type_id is None
            and s.integration == integration
            and s.external_id == external_id
            and s.delegation_credential_id == (str(delegation_id) if delegation_id else None)
        ),
    )
    if not found:
        raise DomainError(404, NO_SELECTED)
    if len(found) > 1:
        raise DomainError(400, "Multiple SelecteCalendars found. Skipping deletion")
    world.delete("selected_calendars", found[0].id)
    return ok(200, selected_output(found[0]))


@handles("DestinationCalendarsController_updateDestinationCalendars")
def update_destination(ctx: RequestContext) -> Reply:
    user, world, body = acting_user(ctx), ctx.runtime.world, ctx.body or {}
    integration, external_id = str(body.get("integration")), str(body.get("externalId"))
    listed = calendars.connected_calendars(world, user)["connectedCalendars"]
    every = [c for conn in listed for c in conn.get("calendars", [])]
    match = next(
        (c for c in every if c["externalId"] == external_id and c["integration"] == integration and not c["readOnly"]),
        None,
    )
    if match is None:
        raise DomainError(404, f"Could not find calendar {external_id}")
    credential_id = match["credentialId"]
    primary_email = next((c["email"] for c in every if c["primary"] and c["credentialId"] == credential_id), None)
    current = calendars.user_destination(world, user.id)
    changes = {
        "integration": integration,
        "external_id": external_id,
        "credential_id": credential_id,
        "primary_email": primary_email,
    }
    if current is None:
        row = DestinationCalendar(world.next_id("destination_calendars"), user_id=user.id, **changes)
        world.insert("destination_calendars", row)
    else:
        row = world.update("destination_calendars", current.id, **changes)
    data = {"userId": user.id, "integration": row.integration, "externalId": row.external_id}
    return ok(200, {**data, "credentialId": row.credential_id})
