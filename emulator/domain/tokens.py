"""Managed users' tokens: lifetimes, issuing, refreshing and forced refresh.

As in apps/api/v2/src/modules/tokens/tokens.repository.ts and oauth-flow.service.ts: an access token
lives until the start of the minute 60 minutes from now, a refresh token until the start of the day
a year from now. Refreshing deletes the refresh token used and every access token of the client that
has already expired (a still-valid access token keeps working until it expires); forcing a refresh deletes every
token of that user for that client.

The tokens' claims differ by path, as the repository signs them: issued at creation and by a forced
refresh they carry type, clientId, ownerId, expiresAt, jti and iat; a refresh adds userId.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from emulator.world import fixture_times as times
from emulator.world import tokens
from emulator.world.models import Token
from emulator.world.store import World

ACCESS_LIFETIME = timedelta(minutes=60)


@dataclass(frozen=True)
class TokenPair:
    access: Token
    refresh: Token

    def keys(self) -> dict[str, object]:
        """The KeysDto fields: both tokens and their expiries in epoch milliseconds."""
        return {
            "accessToken": self.access.secret,
            "refreshToken": self.refresh.secret,
            "accessTokenExpiresAt": int(self.access.expires_at.timestamp() * 1000),
            "refreshTokenExpiresAt": int(self.refresh.expires_at.timestamp() * 1000),
        }


def access_expiry(now: datetime) -> datetime:
    return times.start_of_minute(now + ACCESS_LIFETIME)


def refresh_expiry(now: datetime) -> datetime:
    return times.start_of_day(times.add_year(now))


def issue(world: World, client_id: str, user_id: int, *, with_user_id: bool = False) -> TokenPair:
    now = world.clock.now()
    access = tokens.mint(world, client_id, user_id, "access", access_expiry(now), now, with_user_id=with_user_id)
    refresh = tokens.mint(world, client_id, user_id, "refresh", refresh_expiry(now), now, with_user_id=with_user_id)
    return TokenPair(access, refresh)


class InvalidRefresh(Exception):
    """The refresh token is unknown, expired, or was issued by another client."""


def refresh(world: World, client_id: str, refresh_secret: str) -> TokenPair:
    now = world.clock.now()
    used = next(
        (t for t in world.all("tokens") if t.kind == "refresh" and t.secret == refresh_secret),
        None,
    )
    if used is None or used.client_id != client_id or now > used.expires_at:
        raise InvalidRefresh(refresh_secret)
    world.delete("tokens", used.id)
    # The repository's deleteMany is scoped to the client only: every user's expired access tokens go.
    for token in world.all("tokens"):
        if token.kind == "access" and token.client_id == client_id and now >= token.expires_at:
            world.delete("tokens", token.id)
    return issue(world, client_id, used.user_id, with_user_id=True)


def force_refresh(world: World, client_id: str, user_id: int) -> TokenPair:
    revoke_all(world, client_id, user_id)
    return issue(world, client_id, user_id)


def revoke_all(world: World, client_id: str, user_id: int) -> None:
    for token in world.all("tokens"):
        if token.user_id == user_id and token.client_id == client_id:
            world.delete("tokens", token.id)
