"""/v2/oauth-clients (OAuthClientsController): an organization's platform OAuth clients.

The guard stage has already checked the caller's organization role and, for ``{clientId}`` routes,
that the client exists and belongs to the caller's organization (OAuthClientGuard).
"""

from __future__ import annotations

from typing import Any

from emulator.api.registry import handles
from emulator.domain import oauth_clients
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.pipeline.guards import caller_org_id
from emulator.world.clock import iso_ms
from emulator.world.models import OAuthClient, Team

NOT_SUBSCRIBED = "Team is not subscribed to platform plan, cannot create an OAuth Client."


def client_output(client: OAuthClient) -> dict[str, Any]:
    """PlatformOAuthClientDto (oauth-clients-output.service.ts): unset redirect URIs are left out."""
    out: dict[str, Any] = {
        "id": client.id,
        "name": client.name,
        "secret": client.secret,
        "permissions": oauth_clients.permission_names(client.permissions),
        "logo": client.logo,
        "redirectUris": list(client.redirect_uris),
        "organizationId": client.organization_id,
        "createdAt": iso_ms(client.created_at) if client.created_at else "1970-01-01T00:00:00.000Z",
        "areEmailsEnabled": client.are_emails_enabled,
        "areDefaultEventTypesEnabled": client.are_default_event_types_enabled,
        "areCalendarEventsEnabled": client.are_calendar_events_enabled,
    }
    optional = {
        "bookingRedirectUri": client.booking_redirect_uri,
        "bookingCancelRedirectUri": client.booking_cancel_redirect_uri,
        "bookingRescheduleRedirectUri": client.booking_reschedule_redirect_uri,
    }
    out.update({key: value for key, value in optional.items() if value is not None})
    return out


def the_client(ctx: RequestContext) -> OAuthClient:
    client_id = ctx.path_params["clientId"]
    client: OAuthClient | None = ctx.runtime.world.find("oauth_clients", client_id)
    if client is None:
        raise ApiError(404, f"OAuth client with ID {client_id} not found")
    return client


def the_org_id(ctx: RequestContext) -> int:
    org_id = caller_org_id(ctx)
    if org_id is None:  # the roles guard refuses callers without an organization first
        raise ApiError(403, "OrganizationRolesGuard - No organization associated with the user.")
    return org_id


@handles("OAuthClientsController_createOAuthClient")
def create_client(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    org_id = the_org_id(ctx)
    org: Team | None = world.find("teams", org_id)
    if org is None or org.platform_plan is None:  # no platform billing subscription
        raise ApiError(400, NOT_SUBSCRIBED)
    client = oauth_clients.create(world, org_id, ctx.body)
    return Reply(201, {"status": "success", "data": {"clientId": client.id, "clientSecret": client.secret}})


@handles("OAuthClientsController_getOAuthClients")
def list_clients(ctx: RequestContext) -> Reply:
    clients = oauth_clients.of_organization(ctx.runtime.world, the_org_id(ctx))
    return Reply(200, {"status": "success", "data": [client_output(c) for c in clients]})


@handles("OAuthClientsController_getOAuthClientById")
def get_client(ctx: RequestContext) -> Reply:
    return Reply(200, {"status": "success", "data": client_output(the_client(ctx))})


@handles("OAuthClientsController_updateOAuthClient")
def update_client(ctx: RequestContext) -> Reply:
    client = oauth_clients.update(ctx.runtime.world, the_client(ctx), ctx.body or {})
    return Reply(200, {"status": "success", "data": client_output(client)})


@handles("OAuthClientsController_deleteOAuthClient")
def delete_client(ctx: RequestContext) -> Reply:
    client = the_client(ctx)
    oauth_clients.delete(ctx.runtime.world, client)
    return Reply(200, {"status": "success", "data": client_output(client)})
