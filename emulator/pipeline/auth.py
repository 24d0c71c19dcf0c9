"""The auth stage: who is calling (v1 apiKey query parameter; v2 bearer API key, OAuth client
headers, managed-user access token). It runs before validation, as on the real server, so a request
without credentials gets the auth answer rather than a 400 about a missing parameter.

Credentials are not checked yet: every request proceeds anonymously (``ctx.credential`` is None).
"""

from __future__ import annotations

from dataclasses import dataclass

from emulator.pipeline.context import RequestContext
from emulator.world.models import ApiKey, OAuthClient, Token, User


@dataclass(frozen=True)
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


def authenticate(ctx: RequestContext) -> None:
    ctx.credential = None
