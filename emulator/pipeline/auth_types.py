"""Credential: what a request authenticated with, once the auth stage has checked it."""

from __future__ import annotations

from dataclasses import dataclass

from emulator.world.models import ApiKey, OAuthClient, Token, User


@dataclass(slots=True)  # not frozen: made on every request, and a frozen init costs twice as much
class Credential:
    """What a request authenticated with, once the auth stage has checked it."""

    kind: str  # "api_key" | "access_token" | "oauth_client"
    user: User | None  # whom the request acts as (None for an OAuth client acting for itself)
    value: str  # the secret as sent (API key, token, or client id)
    api_key: ApiKey | None = None
    token: Token | None = None
    client: OAuthClient | None = None

    @property
    def label(self) -> str:
        """How the journal and fault rules name the credential: its kind and owner."""
        owner = self.user.key or self.user.email if self.user else (self.client.id if self.client else "?")
        return f"{self.kind}:{owner}"
