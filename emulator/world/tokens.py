"""Minting managed users' access and refresh tokens: JWT-shaped strings in Cal.com's claims.

The claims follow apps/api/v2/src/modules/tokens/tokens.repository.ts: clientId, ownerId,
expiresAt (epoch ms), a random jti, type (access_token / refresh_token) and iat. Everything random
comes from the world's seeded source, so the same world issues the same tokens.
"""

from __future__ import annotations

from datetime import datetime

from emulator.world import ids
from emulator.world.models import Token
from emulator.world.store import World


def mint(world: World, client_id: str, user_id: int, kind: str, expires_at: datetime, now: datetime) -> Token:
    """Create and store a token of `kind` ("access" | "refresh")."""
    claims = {
        "clientId": client_id,
        "ownerId": user_id,
        "expiresAt": int(expires_at.timestamp() * 1000),
        "jti": ids.uuid4(world.rng),
        "type": f"{kind}_token",
        "iat": int(now.timestamp()),
    }
    token = Token(
        id=world.next_id("tokens"),
        kind=kind,
        secret=ids.jwt(claims),
        client_id=client_id,
        user_id=user_id,
        expires_at=expires_at,
    )
    return world.insert("tokens", token)
