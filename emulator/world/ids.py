"""Identifiers in Cal.com's formats, drawn from the world's seeded random source.

Integer ids come from per-table counters (World.next_id); everything here is a string id whose
value depends only on the random source, so the same seed gives the same ids.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import uuid
from typing import Any

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
API_KEY_PREFIX = "cal_"
# The fixed key the emulator signs its access/refresh tokens with (HMAC-SHA256). Not a secret.
TOKEN_SIGNING_KEY = b"calcom-emulator-token-signing-key"


def uuid4(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def short_uid(rng: random.Random) -> str:
    """A booking uid: a UUID in base58, about 22 characters, like Cal.com's short-uuid."""
    number = rng.getrandbits(128)
    out = ""
    while number:
        number, digit = divmod(number, 58)
        out = _BASE58[digit] + out
    return out.rjust(22, _BASE58[0])


def cuid(rng: random.Random) -> str:
    """A cuid-shaped id (OAuth client ids, API key record ids): 'c' and 24 base-36 characters."""
    return "c" + "".join(rng.choice(_BASE36) for _ in range(24))


def api_key(rng: random.Random, prefix: str = API_KEY_PREFIX) -> str:
    """An API key: the prefix and 32 hex characters."""
    return prefix + f"{rng.getrandbits(128):032x}"


def hash_api_key(key: str, prefix: str = API_KEY_PREFIX) -> str:
    """What the server stores and compares: SHA-256 of the key without its prefix."""
    bare = key[len(prefix) :] if key.startswith(prefix) else key
    return hashlib.sha256(bare.encode()).hexdigest()


def secret(rng: random.Random, length: int = 64) -> str:
    return f"{rng.getrandbits(length * 4):0{length}x}"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(claims: dict[str, Any], key: bytes = TOKEN_SIGNING_KEY) -> str:
    """A JWT (HS256) over the claims: base64url header.payload.signature, as Cal.com's tokens look."""
    header = _b64url(b'{"alg":"HS256","typ":"JWT"}')
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64url(signature)}"
