"""Platform managed users: created, listed, changed and removed by their OAuth client.

Rules from apps/api/v2/src/modules/oauth-clients/services/oauth-clients-users.service.ts: the
stored e-mail carries the client id (``local+<clientId>@domain``); an e-mail already taken is a 409
naming the existing user; the user joins the client's organization; a time zone gives them a
default schedule (Monday to Friday, 09:00 to 17:00); a client with default event types enabled
gives them four (30 and 60 minutes, each also as a video meeting); and tokens are issued at once.
"""

from __future__ import annotations

from typing import Any

from emulator.domain import profiles, schedules, tokens
from emulator.domain.tokens import TokenPair
from emulator.world.models import EventType, Membership, OAuthClient, User
from emulator.world.platform_names import client_email, managed_username
from emulator.world.store import World

DEFAULT_EVENT_TYPES = (
    ("thirty-minutes", "30 Minutes", 30, ()),
    ("sixty-minutes", "60 Minutes", 60, ()),
    ("thirty-minutes-video", "30 Minutes", 30, ({"type": "integrations:daily"},)),
    ("sixty-minutes-video", "60 Minutes", 60, ({"type": "integrations:daily"},)),
)


class EmailTaken(Exception):
    def __init__(self, user: User) -> None:
        super().__init__(user.email)
        self.user = user


def find_by_email(world: World, email: str) -> User | None:
    for user in world.all("users"):
        if user.email.lower() == email.lower():
            found: User = user
            return found
    return None


def managed_users(world: World, client_id: str) -> list[User]:
    users: list[User] = sorted(world.where("users", lambda u: u.platform_client_id == client_id), key=lambda u: u.id)
    return users


def default_event_types(world: World, user: User) -> None:
    for position, (slug, title, length, locations) in enumerate(DEFAULT_EVENT_TYPES):
        world.insert(
            "event_types",
            EventType(
                id=world.next_id("event_types"),
                title=title,
                slug=slug,
                length=length,
                owner_id=user.id,
                position=position,
                locations=locations,
            ),
        )


def create(world: World, client: OAuthClient, body: dict[str, Any]) -> tuple[User, TokenPair]:
    email = client_email(client.id, body["email"])
    existing = find_by_email(world, email)
    if existing is not None:
        raise EmailTaken(existing)
    user = world.insert(
        "users",
        User(
            id=world.next_id("users"),
            username=managed_username(email),
            email=email,
            name=body["name"],
            time_zone=body.get("timeZone") or "Europe/London",
            locale=body.get("locale") or "en",
            week_start=body.get("weekStart") or "Sunday",
            time_format=body.get("timeFormat") or 12,
            bio=body.get("bio"),
            avatar_url=body.get("avatarUrl"),
            metadata=body.get("metadata") or {},
            organization_id=client.organization_id,
            platform_client_id=client.id,
            created_date=world.clock.now(),
        ),
    )
    world.insert(
        "memberships",
        Membership(id=world.next_id("memberships"), team_id=client.organization_id, user_id=user.id, role="MEMBER"),
    )
    pair = tokens.issue(world, client.id, user.id)
    if client.are_default_event_types_enabled:
        default_event_types(world, user)
    if body.get("timeZone"):
        schedules.create(world, user.id, "Default schedule", body["timeZone"], make_default=True)
    return world.get("users", user.id), pair


def update(world: World, client: OAuthClient, user: User, body: dict[str, Any]) -> User:
    if "email" not in body:
        return profiles.update_profile(world, user, body)
    email = client_email(client.id, body["email"])
    return profiles.update_profile(world, user, body, email=email, username=managed_username(email))


def delete(world: World, client: OAuthClient, user: User) -> None:
    tokens.revoke_all(world, client.id, user.id)
    for membership in world.where("memberships", lambda m: m.user_id == user.id):
        world.delete("memberships", membership.id)
    world.delete("users", user.id)
