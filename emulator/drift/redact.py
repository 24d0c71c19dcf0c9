"""Secrets out of recorded exchanges: credentials in headers and the query, tokens and secrets in bodies.

A secret becomes ``[redacted:<fingerprint>]``, the fingerprint being the first 12 hex digits of its
SHA-256. The same secret always gets the same fingerprint, so a replay can tell which recorded calls
used one credential, and can put back a credential it knows (an emulator's fixture key, a token it
was answered) wherever that credential's fingerprint stands. Secrets worth keeping out of a file are
long and random, so 48 bits of their hash tell nothing about them.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

PLACEHOLDER = re.compile(r"\[redacted:([0-9a-f]{12})\]")
SECRET_HEADERS = frozenset(
    (
        "authorization",
        "proxy-authorization",
        "x-cal-secret-key",
        "cookie",
        "set-cookie",
        "calcom-credential-sync-secret",
    )
)
# Query parameters and body keys whose values are secrets (v1's ?apiKey=, accessToken, clientSecret...).
SECRET_NAME = re.compile(r"(?i)(token|secret|password|apikey|api_key)$")
# Values that are credentials wherever they stand: Cal.com API keys and JWTs (managed users' tokens).
SECRET_VALUE = re.compile(r"^(cal_(live_|test_)?[0-9a-f]{16,}|eyJ[\w-]+\.[\w-]+\.[\w-]*)$")
SCHEMES = ("Bearer ", "Basic ")


def fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def placeholder(secret: str) -> str:
    return f"[redacted:{fingerprint(secret)}]"


def header_value(name: str, value: str) -> str:
    """A header as recorded: a secret header's value replaced, keeping an auth scheme readable."""
    if name.lower() not in SECRET_HEADERS or not value.strip():
        return value
    for scheme in SCHEMES:
        if value.startswith(scheme) and value[len(scheme) :].strip():
            return scheme + placeholder(value[len(scheme) :].strip())
    return placeholder(value)


def headers(found: dict[str, str]) -> dict[str, str]:
    return {name: header_value(name, value) for name, value in found.items()}


def query(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, placeholder(v) if v and (SECRET_NAME.search(k) or SECRET_VALUE.match(v)) else v) for k, v in pairs]


def body(value: Any, key: str = "") -> Any:
    """A JSON value with every secret replaced: values under secret-named keys and values that look
    like credentials, at any depth."""
    if isinstance(value, dict):
        return {k: body(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [body(v, key) for v in value]
    if isinstance(value, str) and value and (SECRET_NAME.search(key) or SECRET_VALUE.match(value)):
        return placeholder(value)
    return value


def fingerprints_in(value: Any) -> set[str]:
    """Every fingerprint a recorded value holds (for finding which recorded credentials are unknown)."""
    if isinstance(value, dict):
        return set().union(*(fingerprints_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(fingerprints_in(v) for v in value)) if value else set()
    if isinstance(value, str):
        return set(PLACEHOLDER.findall(value))
    return set()
