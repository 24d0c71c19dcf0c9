"""Reading credentials off a request and checking them against the world, as the real servers do.

v2 (apps/api/v2/src/modules/auth/strategies/api-auth/api-auth.strategy.ts): OAuth client headers
win when both are present (the client id may also come from a ``{clientId}`` path parameter);
otherwise a bearer starting with the API-key prefix is an API key and any other bearer an access
token. An OAuth client acts as its organization's platform owner (or admin). v1
(apps/api/v1/lib/helpers/verifyApiKey.ts): the ``apiKey`` query parameter only.
"""

from __future__ import annotations

from datetime import datetime

from emulator.pipeline.auth_types import Credential
from emulator.pipeline.context import RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world import ids
from emulator.world.models import ApiKey, OAuthClient, Token, User
from emulator.world.store import World

X_CAL_CLIENT_ID = "x-cal-client-id"
X_CAL_SECRET_KEY = "x-cal-secret-key"

NO_AUTH_PROVIDED = (
    "No authentication method provided. Either pass an API key as 'Bearer' header or OAuth client credentials "
    "as 'x-cal-secret-key' and 'x-cal-client-id' headers"
)
ONLY_CLIENT_ID = (
    "Only 'x-cal-client-id' header provided. Please also provide 'x-cal-secret-key' header or Auth bearer token "
    "as 'Authentication' header"
)
ONLY_CLIENT_SECRET = (
    "Only 'x-cal-secret-key' header provided. Please also provide 'x-cal-client-id' header or Auth bearer token "
    "as 'Authentication' header"
)
INVALID_ACCESS_TOKEN = "Invalid Access Token."
ACCESS_TOKEN_EXPIRED = "ACCESS_TOKEN_IS_EXPIRED"


def unauthorized(message: str) -> ApiError:
    return ApiError(401, message)


def token_expired() -> ApiError:
    return ApiError(498, ACCESS_TOKEN_EXPIRED, code="TokenExpiredException", details=ACCESS_TOKEN_EXPIRED)


def _hashed_key(key: ApiKey) -> tuple[str]:
    return (key.hashed_key,)


def _secret(token: Token) -> tuple[str]:
    return (token.secret,)


def _secret_and_kind(token: Token) -> tuple[tuple[str, str]]:
    return ((token.secret, token.kind),)


# Keys hashed lately: a client sends the same key on every call, and SHA-256 costs more than the
# lookup. Only key-sized texts are kept, and the memory is emptied when it holds KEYS_HASHED.
KEYS_HASHED = 1024
_hashed: dict[str, str] = {}


def _hash_of(raw: str) -> str:
    hashed = _hashed.get(raw)
    if hashed is None:
        hashed = ids.hash_api_key(raw)
        if len(raw) <= 128:
            if len(_hashed) >= KEYS_HASHED:
                _hashed.clear()
            _hashed[raw] = hashed
    return hashed


def find_api_key(world: World, raw: str) -> ApiKey | None:
    found: ApiKey | None = world.lookup("api_keys", "hashed_key", _hashed_key).first(_hash_of(raw))
    return found


def token_by_secret(world: World, secret: str) -> Token | None:
    """The first token, of any kind, whose secret this is."""
    found: Token | None = world.lookup("tokens", "secret", _secret).first(secret)
    return found


def api_key_of(ctx: RequestContext, raw: str) -> ApiKey | None:
    """The stored key for `raw`, looked up once per request (the throttle and auth both ask)."""
    if ctx.api_key_seen is None or ctx.api_key_seen[0] != raw:
        ctx.api_key_seen = (raw, find_api_key(ctx.runtime.world, raw))
    return ctx.api_key_seen[1]


def api_key_expired(key: ApiKey, now: datetime) -> bool:
    # Compared by calendar day, as the servers do: a key is good through its expiry date.
    return key.expires_at is not None and now.date() > key.expires_at.date()


def find_token(world: World, secret: str, kind: str) -> Token | None:
    found: Token | None = world.lookup("tokens", "secret+kind", _secret_and_kind).first((secret, kind))
    return found


def platform_owner(world: World, client: OAuthClient) -> User | None:
    """The user an OAuth client acts as: its organization's owner, else an admin."""
    members = world.where("memberships", lambda m: m.team_id == client.organization_id and m.accepted)
    for role in ("OWNER", "ADMIN"):
        for membership in sorted(members, key=lambda m: m.id):
            if membership.role == role:
                user: User | None = world.find("users", membership.user_id)
                return user
    return None


def bearer(ctx: RequestContext) -> str | None:
    value = ctx.headers.get("authorization")
    if value is None:
        return None
    return value.replace("Bearer ", "", 1).strip() or None


def v2_credential(ctx: RequestContext) -> Credential | None:
    """The checked v2 credential, None when none was sent; ApiError for a bad one."""
    world = ctx.runtime.world
    client_id = ctx.path_params.get("clientId") or ctx.headers.get(X_CAL_CLIENT_ID)
    secret = ctx.headers.get(X_CAL_SECRET_KEY)
    token = bearer(ctx)
    if client_id and secret:
        client: OAuthClient | None = world.find("oauth_clients", client_id)
        if client is None:
            raise unauthorized(f"ApiAuthStrategy - oAuth client - Client with ID {client_id} not found")
        if client.secret != secret:
            raise unauthorized("ApiAuthStrategy - oAuth client - Invalid client secret")
        owner = platform_owner(world, client)
        if owner is None:
            raise unauthorized("ApiAuthStrategy - oAuth client - No owner ID found for this OAuth client")
        return Credential("oauth_client", owner, client.id, client=client)
    if token:
        if token.startswith(ids.API_KEY_PREFIX):
            key = api_key_of(ctx, token)
            if key is None:
                # The global rate-limit guard runs first and refuses unknown keys itself.
                raise unauthorized("CustomThrottlerGuard - Invalid API Key")
            if api_key_expired(key, ctx.now):
                raise unauthorized("ApiAuthStrategy - api key - Your api key is expired")
            user: User | None = world.find("users", key.user_id)
            if user is None:
                raise unauthorized("ApiAuthStrategy - api key - No user tied to this apiKey")
            return Credential("api_key", user, token, api_key=key)
        access = find_token(world, token, "access")
        if access is None:
            raise unauthorized(INVALID_ACCESS_TOKEN)
        if ctx.now > access.expires_at:
            raise token_expired()
        owner_user: User | None = world.find("users", access.user_id)
        if owner_user is None:
            raise unauthorized("ApiAuthStrategy - access token - User associated with the access token not found.")
        return Credential(
            "access_token", owner_user, token, token=access, client=world.find("oauth_clients", access.client_id)
        )
    if client_id and not secret:
        raise unauthorized(f"ApiAuthStrategy - {ONLY_CLIENT_ID}")
    if secret and not client_id:
        raise unauthorized(f"ApiAuthStrategy - {ONLY_CLIENT_SECRET}")
    return None


def v1_credential(ctx: RequestContext) -> Credential:
    """The checked v1 API key; v1 answers every problem with its own bodies."""
    values = ctx.query_values("apiKey")
    if not values or not values[0]:
        raise ApiError(401, "No apiKey provided", v1_key="message")
    world = ctx.runtime.world
    key = api_key_of(ctx, values[0])
    if key is None:
        raise ApiError(401, "Your API key is not valid.", v1_key="error")
    if api_key_expired(key, ctx.now):
        raise ApiError(401, "This API key is expired.", v1_key="error")
    user: User | None = world.find("users", key.user_id)
    if user is None:
        raise ApiError(404, "No user found for this API key.", v1_key="error")
    if user.locked:
        raise ApiError(403, "You are not authorized to perform this request.", v1_key="error")
    return Credential("api_key", user, values[0], api_key=key)
