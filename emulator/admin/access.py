"""The optional admin token: with one set, /_emulator/* answers only callers that present it.

The admin API hands out every API key and OAuth secret of the world (GET /_emulator/credentials) and
can rewrite the world, so an emulator reachable from a network should not answer it to anyone. The
token goes in ``Authorization: Bearer <token>`` (or ``x-calcom-emulator-admin-token: <token>`` where
the Authorization header is taken).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from typing import Any

from starlette.responses import JSONResponse

from emulator.admin.ui import shell as ui_shell

HEADER = b"x-calcom-emulator-admin-token"
# Open without the token: the liveness probe, and the consent screen a browser is redirected to
# during a calendar connect (it shows no secret; its code is worth nothing without API credentials).
# The dashboard's page shells and static files are open too (ui/shell.py): they hold no data, and the
# page's script sends the token with every call that reads or changes the world.
OPEN_PATHS = ("/_emulator/health", "/_emulator/providers/consent")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


def presented(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            return bytes(value[7:]).decode("latin-1").strip()
        if name == HEADER:
            return bytes(value).decode("latin-1").strip()
    return None


def refusal(scope: dict[str, Any], token: str | None) -> JSONResponse | None:
    """The 401 for an admin call without the right token, or None to let it through."""
    path = scope["path"]
    if not token or path in OPEN_PATHS or ui_shell.is_open(path) or not path.startswith("/_emulator"):
        return None
    given = presented(scope)
    if given is not None and hmac.compare_digest(given.encode(), token.encode()):
        return None
    return JSONResponse(
        {
            "error": "the admin API needs the emulator's admin token: Authorization: Bearer <token>",
            "hint": "the token is CALCOM_EMULATOR_ADMIN_TOKEN (--admin-token), or the one `serve` printed",
        },
        status_code=401,
        headers={"www-authenticate": 'Bearer realm="calcom-emulator admin"'},
    )
