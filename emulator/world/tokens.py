"""Minting managed users' access and refresh tokens: JWT-shaped strings in Cal.com's claims.

The claims follow apps/api/v2/src/modules/tokens/tokens.repository.ts and jwt.service.ts, in their
order: type (access_token / refresh_token), clientId, ownerId, expiresAt (epoch ms), on a refresh
also userId (kept there for clients of the older payload), a random jti, and iat (epoch seconds).
Everything random comes from the world's seeded source, so the same world issues the same tokens.
"""

from __future__ import annotations

from datetime import datetime

from emulator.world import ids
from emulator.world.models import Token
from emulator.world.store import World


def mint(
    world: World,
    client_id: str,
    user_id: int,
    kind: str,
    expires_at: datetime,
    now: datetime,
    *,
    with_user_id: bool = False,
) -> Token:
    """Create and store a token of `kind` ("access" | "refresh"); `with_user_id` adds the userId claim
    that refreshOAuthTokens signs and createOAuthTokens / forceRefreshOAuthTokens do not."""
    claims: dict[str, object] = {
        "type": f"{kind}_token",
        "clientId": client_id,
        "ownerId": user_id,
        "expiresAt": int(expires_at.timestamp() * 1000),
    }
    if with_user_id:
        claims["userId"] = user_id
    claims["jti"] = ids.uuid4(world.rng)
    claims["iat"] = int(now.timestamp())
    token = Token(
        id=world.next_id("tokens"),
        kind=kind,
        secret=ids.jwt(claims),
        client_id=client_id,
        user_id=user_id,
        expires_at=expires_at,
    )
    return world.insert("tokens", token)
