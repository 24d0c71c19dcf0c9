"""v2 webhooks in every scope Cal.com serves them, on the shared core in core.py: each scope declared once, as data.

- /v2/webhooks (WebhooksController): the caller's own; another user's is a 403 from IsUserWebhookGuard.
- /v2/event-types/{eventTypeId}/webhooks (EventTypeWebhooksController): the event type must be the
  caller's, and the webhook that event type's (IsUserEventTypeWebhookGuard).
- /v2/oauth-clients/{clientId}/webhooks (OAuthClientWebhooksController): the client's organization is
  checked by the guard stage (OAuthClientGuard); the webhook must be the client's (IsOAuthClientWebhookGuard).
- /v2/organizations/{orgId}/webhooks (OrganizationsWebhooksController): stored with team_id = orgId;
  the guard stage checks the org and roles, IsWebhookInOrg the webhook.

Everywhere: ids are UUID strings, one subscriber URL per owner (409), an unknown id is a 404
(``Webhook (<id>) not found``) unless the scope's guard says otherwise, create answers 201.
"""

from __future__ import annotations

from emulator.api.caller import acting_user
from emulator.api.webhooks.core import Controller, Owner, Scope, find_webhook, serve
from emulator.pipeline.context import RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, OAuthClient, Team, Webhook


def _int(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() else None


# --- the caller's own ---------------------------------------------------------------------------
def _user_owner(ctx: RequestContext) -> Owner:
    return acting_user(ctx).id


def _user_guard(ctx: RequestContext, owner: Owner, webhook_id: str) -> Webhook:
    user = acting_user(ctx)
    webhook = find_webhook(ctx, webhook_id)
    if webhook.user_id != owner and user.role != "ADMIN":
        raise ApiError(
            403, f"IsUserWebhookGuard - user with id=({user.id}) is not the owner of webhook with id=({webhook_id})"
        )
    return webhook


USER = Scope(
    name="user",
    field="user_id",
    output_key="userId",
    conflict="Webhook with this subscriber url already exists for this user",
    owner=_user_owner,
    guard=_user_guard,
    controller=Controller(
        create="WebhooksController_createWebhook",
        list="WebhooksController_getWebhooks",
        get="WebhooksController_getWebhook",
        update="WebhooksController_updateWebhook",
        delete="WebhooksController_deleteWebhook",
    ),
)


# --- an event type of the caller's ---------------------------------------------------------------
_ET_GUARD = "IsUserEventTypeWebhookGuard"


def _event_type_owner(ctx: RequestContext) -> Owner:
    user = acting_user(ctx)
    raw = ctx.path_params["eventTypeId"]
    number = _int(raw)
    event_type: EventType | None = ctx.runtime.world.find("event_types", number) if number is not None else None
    if event_type is None:
        raise ApiError(404, f"{_ET_GUARD} - Event type ({raw}) not found")
    if event_type.owner_id != user.id:
        raise ApiError(403, f"{_ET_GUARD} - User ({user.id}) is not the owner of event type ({raw})")
    return event_type.id


def _event_type_guard(ctx: RequestContext, owner: Owner, webhook_id: str) -> Webhook:
    webhook = find_webhook(ctx, webhook_id)
    if webhook.event_type_id is None:
        raise ApiError(400, f"{_ET_GUARD} - Webhook ({webhook_id}) is not associated with an event type")
    if webhook.event_type_id != owner:
        event_type_id = ctx.path_params["eventTypeId"]
        raise ApiError(403, f"{_ET_GUARD} - Webhook ({webhook_id}) is not associated with event type ({event_type_id})")
    return webhook


EVENT_TYPE = Scope(
    name="event_type",
    field="event_type_id",
    output_key="eventTypeId",
    conflict="Webhook with this subscriber url already exists for this event type",
    owner=_event_type_owner,
    guard=_event_type_guard,
    controller=Controller(
        create="EventTypeWebhooksController_createEventTypeWebhook",
        list="EventTypeWebhooksController_getEventTypeWebhooks",
        get="EventTypeWebhooksController_getEventTypeWebhook",
        update="EventTypeWebhooksController_updateEventTypeWebhook",
        delete="EventTypeWebhooksController_deleteEventTypeWebhook",
        delete_all="EventTypeWebhooksController_deleteAllEventTypeWebhooks",
    ),
)


# --- a platform OAuth client ---------------------------------------------------------------------
def _client_owner(ctx: RequestContext) -> Owner:
    # OAuthClientGuard (guard stage) has already found the client and checked its organization.
    return ctx.path_params["clientId"]


def _client_guard(ctx: RequestContext, owner: Owner, webhook_id: str) -> Webhook:
    client: OAuthClient | None = ctx.runtime.world.find("oauth_clients", owner)
    if client is None:
        raise ApiError(404, f"IsOAuthClientWebhookGuard - OAuthClient ({owner}) not found")
    webhook = find_webhook(ctx, webhook_id)
    if webhook.platform_client_id != owner:
        raise ApiError(403, "IsOAuthClientWebhookGuard - Webhook does not belong to this oAuthClient")
    return webhook


OAUTH_CLIENT = Scope(
    name="oauth_client",
    field="platform_client_id",
    output_key="oAuthClientId",
    conflict="Webhook with this subscriber url already exists for this oAuth client",
    owner=_client_owner,
    guard=_client_guard,
    controller=Controller(
        create="OAuthClientWebhooksController_createOAuthClientWebhook",
        list="OAuthClientWebhooksController_getOAuthClientWebhooks",
        get="OAuthClientWebhooksController_getOAuthClientWebhook",
        update="OAuthClientWebhooksController_updateOAuthClientWebhook",
        delete="OAuthClientWebhooksController_deleteOAuthClientWebhook",
        delete_all="OAuthClientWebhooksController_deleteAllOAuthClientWebhooks",
    ),
)


# --- an organization -----------------------------------------------------------------------------
def _org_owner(ctx: RequestContext) -> Owner:
    # IsOrgGuard and RolesGuard (guard stage) have already checked the organization and the caller.
    number = _int(ctx.path_params["orgId"])
    if number is None:  # unreachable behind IsOrgGuard; kept so the owner is always a number
        raise ApiError(403, f"IsOrgGuard - Organization with id={ctx.path_params['orgId']} not found")
    return number


def _org_guard(ctx: RequestContext, owner: Owner, webhook_id: str) -> Webhook:
    org: Team | None = ctx.runtime.world.find("teams", owner)
    webhook: Webhook | None = ctx.runtime.world.find("webhooks", webhook_id)
    if org is None or not org.is_organization or webhook is None or webhook.team_id != owner:
        raise ApiError(
            403,
            f"IsWebhookInOrg - webhook with id={webhook_id} is not part of the organization with id={owner}.",
        )
    return webhook


ORGANIZATION = Scope(
    name="organization",
    field="team_id",
    output_key="teamId",
    conflict="Webhook with this subscriber url already exists for this user",
    owner=_org_owner,
    guard=_org_guard,
    controller=Controller(
        create="OrganizationsWebhooksController_createOrganizationWebhook",
        list="OrganizationsWebhooksController_getAllOrganizationWebhooks",
        get="OrganizationsWebhooksController_getOrganizationWebhook",
        update="OrganizationsWebhooksController_updateOrgWebhook",
        delete="OrganizationsWebhooksController_deleteWebhook",
    ),
)


serve(USER, EVENT_TYPE, OAUTH_CLIENT, ORGANIZATION)
