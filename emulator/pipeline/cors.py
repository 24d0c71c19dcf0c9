"""Cross-origin answers, as the v2 server gives them, so browser apps (Cal.com's own @calcom/atoms among
them) can call the emulator from another origin.

The v2 server enables CORS for every origin (apps/api/v2/src/app.ts, ``enableCors`` with ``origin: "*"``).
Express's cors middleware runs before routing, guards and the throttler: any OPTIONS request, to any
path, is a preflight answered 204 with the allowed methods and headers, and every other answer carries
``Access-Control-Allow-Origin: *``. The v1 server sets no CORS headers on its API routes (only on /docs,
apps/api/v1/next.config.js), so v1 answers have none here either: a browser app calling v1 fails the same
way against the real server. The admin API allows every origin too, so a dashboard on another port works.
"""

from __future__ import annotations

from typing import Any

ALLOW_ORIGIN = (b"access-control-allow-origin", b"*")
V2_METHODS = "GET,PATCH,DELETE,HEAD,POST,PUT,OPTIONS"
# X_CAL_CLIENT_ID, X_CAL_SECRET_KEY, X_CAL_PLATFORM_EMBED, CAL_API_VERSION_HEADER, then the plain ones.
V2_HEADERS = (
    "x-cal-client-id,x-cal-secret-key,x-cal-platform-embed,cal-api-version,Accept,Authorization,Content-Type,Origin"
)
MAX_AGE = "86400"


def preflight_headers(requested: str | None, *, admin: bool) -> list[tuple[bytes, bytes]]:
    """The headers of a 204 preflight answer. The admin API echoes the headers the browser asks for,
    so any admin header works; v2 names its fixed list, as the server does."""
    allowed = (requested or "") if admin else V2_HEADERS
    headers = [ALLOW_ORIGIN, (b"access-control-allow-methods", V2_METHODS.encode())]
    if allowed:
        headers.append((b"access-control-allow-headers", allowed.encode("latin-1")))
    headers += [(b"access-control-max-age", MAX_AGE.encode()), (b"content-length", b"0")]
    return headers


def requested_headers(scope: dict[str, Any]) -> str | None:
    for name, value in scope["headers"]:
        if name.lower() == b"access-control-request-headers":
            decoded: str = value.decode("latin-1")
            return decoded
    return None


async def answer_preflight(scope: dict[str, Any], send: Any, *, admin: bool) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 204,
            "headers": preflight_headers(requested_headers(scope), admin=admin),
        }
    )
    await send({"type": "http.response.body", "body": b""})


def allowing_origin(send: Any) -> Any:
    """A send that adds Access-Control-Allow-Origin to the answer's start."""

    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), ALLOW_ORIGIN]}
        await send(message)

    return wrapped
