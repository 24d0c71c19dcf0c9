"""Platform OAuth clients of an organization (modules/oauth-clients/services/oauth-clients/*).

Permissions travel as names and are stored as one bit mask (``*`` is every bit). A new client gets
a random secret. Deleting a client takes its access and refresh tokens and its webhooks with it
(cascading foreign keys); its managed users stay, but no longer belong to it (the join rows go).
"""

from __future__ import annotations

from typing import Any

from emulator.domain.access import PERMISSION_BITS
from emulator.world import ids
from emulator.world.models import OAuthClient
from emulator.world.store import World

# Create/UpdateOAuthClientInput field -> OAuthClient attribute (permissions are handled apart).
CLIENT_FIELDS = {
    "name": "name",
    "logo": "logo",
    "redirectUris": "redirect_uris",
    "bookingRedirectUri": "booking_redirect_uri",
    "bookingCancelRedirectUri": "booking_cancel_redirect_uri",
    "bookingRescheduleRedirectUri": "booking_reschedule_redirect_uri",
    "areEmailsEnabled": "are_emails_enabled",
    "areDefaultEventTypesEnabled": "are_default_event_types_enabled",
    "areCalendarEventsEnabled": "are_calendar_events_enabled",
}


def permission_mask(names: list[str]) -> int:
    """Permission names as the stored bit mask; ``*`` grants all of them."""
    bits = PERMISSION_BITS.values() if "*" in names else (PERMISSION_BITS[name] for name in names)
    mask = 0
    for bit in bits:
        mask |= bit
    return mask


def permission_names(mask: int) -> list[str]:
    return [name for name, bit in PERMISSION_BITS.items() if mask & bit == bit]


def _changes(body: dict[str, Any]) -> dict[str, Any]:
    changes = {attr: body[key] for key, attr in CLIENT_FIELDS.items() if key in body}
    if "redirect_uris" in changes:
        changes["redirect_uris"] = tuple(changes["redirect_uris"])
    return changes


def of_organization(world: World, organization_id: int) -> list[OAuthClient]:
    clients: list[OAuthClient] = world.where("oauth_clients", lambda c: c.organization_id == organization_id)
    return clients


def create(world: World, organization_id: int, body: dict[str, Any]) -> OAuthClient:
    # The input class defaults areDefaultEventTypesEnabled to false; the other flags keep the column defaults.
    fields = {"are_default_event_types_enabled": False, **_changes(body)}
    client = OAuthClient(
        id=ids.cuid(world.rng),
        secret=ids.secret(world.rng),
        organization_id=organization_id,
        permissions=permission_mask(body["permissions"]),
        created_at=world.clock.now(),
        **fields,
    )
    created: OAuthClient = world.insert("oauth_clients", client)
    return created


def update(world: World, client: OAuthClient, body: dict[str, Any]) -> OAuthClient:
    changes = _changes(body)
    if not changes:
        return client
    updated: OAuthClient = world.update("oauth_clients", client.id, **changes)
    return updated


def delete(world: World, client: OAuthClient) -> None:
    for token in world.where("tokens", lambda t: t.client_id == client.id):
        world.delete("tokens", token.id)
    for webhook in world.where("webhooks", lambda w: w.platform_client_id == client.id):
        world.delete("webhooks", webhook.id)
    for user in world.where("users", lambda u: u.platform_client_id == client.id):
        world.update("users", user.id, platform_client_id=None)
    world.delete("oauth_clients", client.id)
