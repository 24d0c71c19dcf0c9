"""API keys: refreshing one (apps/api/v2/src/modules/api-keys/services/api-keys.service.ts).

A refresh makes a new key for the same user, keeping the old key's note and team, and deletes the
old one, so it stops working at once. The new key lasts ``apiKeyDaysValid`` days (30 when not
given) from now, or never expires with ``apiKeyNeverExpires``; asking for both is refused.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from emulator.world import ids
from emulator.world.models import ApiKey
from emulator.world.store import World

DEFAULT_DAYS_VALID = 30


class BothExpiryOptions(Exception):
    """apiKeyDaysValid and apiKeyNeverExpires were both given (and truthy)."""


def create(world: World, user_id: int, body: dict[str, Any], *, note: str | None, team_id: int | None) -> str:
    """A new key for the user, lasting ``apiKeyDaysValid`` days or forever; the key's full text."""
    days, never = body.get("apiKeyDaysValid"), body.get("apiKeyNeverExpires")
    if days and never:
        raise BothExpiryOptions()
    now = world.clock.now()
    raw = ids.api_key(world.rng)
    world.insert(
        "api_keys",
        ApiKey(
            id=ids.cuid(world.rng),
            user_id=user_id,
            key=raw,
            hashed_key=ids.hash_api_key(raw),
            note=note,
            expires_at=None if never else now + timedelta(days=int(days or DEFAULT_DAYS_VALID)),
            created_at=now,
            team_id=team_id,
        ),
    )
    return raw


def refresh(world: World, old: ApiKey, body: dict[str, Any]) -> str:
    """Replace ``old`` with a new key for its user; the new key's full text."""
    raw = create(world, old.user_id, body, note=old.note, team_id=old.team_id)
    world.delete("api_keys", old.id)
    return raw
