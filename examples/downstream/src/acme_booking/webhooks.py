"""Checking that a webhook came from Cal.com: X-Cal-Signature-256 is the hex HMAC-SHA256 of the raw body."""

from __future__ import annotations

import hashlib
import hmac


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)
