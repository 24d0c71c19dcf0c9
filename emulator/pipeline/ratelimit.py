"""Rate limits as the two servers apply them, in fixed windows on the emulator's clock.

v2 (apps/api/v2/src/lib/throttler-guard.ts) limits in a global guard that runs before any
authentication: it keys on the raw credential (API key, access token, OAuth client id, else the
client address), refuses API keys it does not know, and puts ``X-RateLimit-*-Default`` headers on
every answer. Exceeding the limit blocks the tracker for the block duration. v1
(apps/api/v1/lib/helpers/rateLimitApiKey.ts) limits per user after the API key is checked, with
plain ``X-RateLimit-*`` headers. So the chain has two stages here: ``throttle`` before auth (v2)
and ``rate_limit`` after it (v1).
"""

from __future__ import annotations

import hashlib

from emulator.pipeline.context import RequestContext
from emulator.pipeline.credentials import api_key_of, token_by_secret
from emulator.pipeline.errors import ApiError
from emulator.world import ids

V2_DEFAULTS = {"api_key": 120, "access_token": 500, "oauth_client": 500, "ip": 120}
V1_DEFAULT = 30
API_KEY_TRACKER = "api_key_"
TOO_MANY = "CustomThrottlerGuard - Too many requests. Please try again later."


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _now_ms(ctx: RequestContext) -> float:
    return ctx.now.timestamp() * 1000


def _limit(ctx: RequestContext, default: int) -> int | None:
    """The limit in force: None when limits are off, else the --rate-limit override or the default."""
    settings = ctx.runtime.settings
    if settings.rate_limits == "off":
        return None
    return settings.rate_limit or default


def v2_tracker(ctx: RequestContext) -> tuple[str, str]:
    """(tracker kind, key), first match wins, as the throttler picks them."""
    authorization = ctx.headers.get("authorization", "").replace("Bearer ", "", 1).strip()
    if authorization.startswith(ids.API_KEY_PREFIX):
        # Keyed by the raw key here; the server hashes it, which only changes the key's spelling.
        return "api_key", API_KEY_TRACKER + authorization
    if authorization:
        return "access_token", f"access_token_{_sha(authorization)}"
    client_id = ctx.headers.get("x-cal-client-id")
    if client_id:
        return "oauth_client", f"oauth_client_{_sha(client_id)}"
    address = ctx.headers.get("cf-connecting-ip") or ctx.client_host or "unknown"
    return "ip", f"ip_{_sha(address)}"


def _client_limit(ctx: RequestContext, kind: str) -> int | None:
    """A per-client limit from the fixtures, for the client's own credentials and its users' tokens."""
    world = ctx.runtime.world
    if kind == "oauth_client":
        client = world.find("oauth_clients", ctx.headers.get("x-cal-client-id", ""))
    else:
        secret = ctx.headers.get("authorization", "").replace("Bearer ", "", 1).strip()
        token = token_by_secret(world, secret)
        client = world.find("oauth_clients", token.client_id) if token is not None else None
    limit: int | None = client.rate_limit if client is not None else None
    return limit


def throttle(ctx: RequestContext) -> None:
    """v2's global guard: count the call, refuse unknown API keys, answer 429 when blocked."""
    if ctx.api != "v2":
        return
    kind, key = v2_tracker(ctx)
    default = V2_DEFAULTS[kind]
    if kind == "api_key":
        api_key = api_key_of(ctx, key[len(API_KEY_TRACKER) :])
        if api_key is None:
            raise ApiError(401, "CustomThrottlerGuard - Invalid API Key")
        default = api_key.rate_limit or default
    elif kind in ("access_token", "oauth_client"):
        default = _client_limit(ctx, kind) or default
    limit = _limit(ctx, default)
    if limit is None:
        return
    verdict = ctx.runtime.limiter.hit(key, limit, ctx.now.timestamp() * 1000)
    headers = ctx.response_headers
    headers["X-RateLimit-Limit-Default"] = str(limit)
    headers["X-RateLimit-Remaining-Default"] = str(verdict.remaining)
    headers["X-RateLimit-Reset-Default"] = str(verdict.reset_s)
    if not verdict.allowed:
        raise ApiError(429, TOO_MANY, code="ThrottlerException", details=TOO_MANY)


def rate_limit(ctx: RequestContext) -> None:
    """v1: per user, after the API key is checked."""
    if ctx.api != "v1" or ctx.credential is None or ctx.credential.user is None:
        return
    key = ctx.credential.api_key
    limit = _limit(ctx, (key.rate_limit if key else None) or V1_DEFAULT)
    if limit is None:
        return
    verdict = ctx.runtime.limiter.hit(f"v1_user_{ctx.credential.user.id}", limit, _now_ms(ctx))
    headers = ctx.response_headers
    headers["X-RateLimit-Limit"] = str(verdict.limit)
    headers["X-RateLimit-Remaining"] = str(verdict.remaining)
    headers["X-RateLimit-Reset"] = str(verdict.reset_at_ms)
    if not verdict.allowed:
        raise ApiError(429, "Rate limit exceeded", v1_key="message")
