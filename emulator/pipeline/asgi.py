"""The API's ASGI entry: every request under /v1 and /v2 comes here straight from the server.

It reads the ASGI scope and body itself and writes the answer itself: Starlette's request, URL,
headers and response objects cost more than the whole auth stage and add nothing here. The admin
routes stay ordinary Starlette routes (emulator/app.py dispatches).
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from emulator.pipeline import cors
from emulator.pipeline.chain import answer, journal
from emulator.pipeline.context import Host, RequestContext

Scope = dict[str, Any]


class ConnectionDropped(Exception):
    """Raised after the response has started, so the server closes the connection mid-answer."""


# What each server's body parser reads at most (docs/limits.md): v2's body-parser json() default of
# 100 kB (apps/api/v2/src/middleware/body/json.body.middleware.ts), v1's Next.js API routes 1 MB.
BODY_LIMITS = {"v1": 1024 * 1024, "v2": 100 * 1024}


async def read_body(receive: Any, limit: int, first: dict[str, Any] | None = None) -> tuple[bytes, bool]:
    """The request body, and whether it was longer than limit (then only its start is kept);
    ``first`` is the first message when the caller has already received it."""
    if first is None:
        first = await receive()
    chunks: list[bytes] = []
    size = 0
    message = first
    while True:
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
        if not message.get("more_body"):
            break
        message = await receive()
    return b"".join(chunks), size > limit


def context(runtime: Host, scope: Scope, body: bytes, headers: dict[str, str] | None = None) -> RequestContext:
    path: str = scope["path"]
    query_string = scope["query_string"].decode("latin-1")
    client = scope.get("client")
    api = "v1" if path.startswith("/v1") else "v2"
    query = parse_qsl(query_string, keep_blank_values=True) if query_string else []
    bracketed: frozenset[str] = frozenset()
    if api == "v2" and ("[" in query_string or "%5b" in query_string.lower()):
        bracketed = frozenset(k[:-2] for k, _ in query if k.endswith("[]") and len(k) > 2)
    method = scope["method"]
    if method == "HEAD" and api == "v2":
        method = "GET"  # Express answers HEAD as the GET route, without the body (serve_api drops it)
    return RequestContext(
        runtime=runtime,
        api=api,
        method=method,
        path=path.rstrip("/") or "/",
        query_string=query_string,
        query=query,
        headers=node_headers(scope["headers"]) if headers is None else headers,
        raw_body=body,
        client_host=client[0] if client else None,
        bracketed=bracketed,
    )


# Node keeps the first of these when a request repeats them and joins repeats of any other header
# with ", " (http.IncomingMessage.headers); both servers run on Node.
FIRST_ONLY = frozenset(
    ("age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host", "if-modified-since",
     "if-unmodified-since", "last-modified", "location", "max-forwards", "proxy-authorization", "referer",
     "retry-after", "server", "user-agent")
)  # fmt: skip


def node_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Request headers by lower-cased name, repeats resolved as Node resolves them."""
    headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in raw}
    if len(headers) == len(raw):  # no name came twice (nearly every request): nothing to resolve
        return headers
    headers = {}
    for key, value in raw:
        name, text = key.decode("latin-1").lower(), value.decode("latin-1")
        if name not in headers:
            headers[name] = text
        elif name not in FIRST_ONLY:
            headers[name] += ("; " if name == "cookie" else ", ") + text
    return headers


async def serve_api(
    runtime: Host, scope: Scope, receive: Any, send: Any, headers: dict[str, str] | None = None
) -> None:
    """Answer one API call; ``headers`` are the request's, when the caller has read them already."""
    if headers is None:
        headers = node_headers(scope["headers"])
    limit = BODY_LIMITS["v1" if scope["path"].startswith("/v1") else "v2"]
    body, oversized = b"", False
    # A GET or HEAD that announces no body (no Content-Length, no Transfer-Encoding: HTTP/1.1 then
    # sends none) is answered without waiting on the server for it; anything else reads its body.
    if scope["method"] not in ("GET", "HEAD") or "content-length" in headers or "transfer-encoding" in headers:
        message = await receive()
        if message["type"] == "http.request" and not message.get("more_body"):  # the body in one piece
            body = message.get("body", b"")
            oversized = len(body) > limit
            if oversized:
                body = b""
        else:
            body, oversized = await read_body(receive, limit, message)
    ctx = context(runtime, scope, body, headers)
    ctx.oversized = oversized
    status, headers, body, content_type, problems = answer(ctx)
    if ctx.delay_s > 0:
        await asyncio.sleep(ctx.delay_s)
    journal(ctx, status, problems, headers, b"" if scope["method"] == "HEAD" else body, content_type)
    if ctx.drop_connection:
        # Start an answer that promises a body, then abort: the client sees the connection drop.
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1024")]})
        raise ConnectionDropped("connection dropped by a fault rule")
    raw_headers = [(b"content-length", str(len(body)).encode())]
    if content_type:
        raw_headers.append(
            JSON_TYPE if content_type == "application/json" else (b"content-type", content_type.encode())
        )
    raw_headers += [(header_name(k), v.encode("latin-1")) for k, v in headers.items()]
    if ctx.api == "v2":
        raw_headers.append(cors.ALLOW_ORIGIN)
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


JSON_TYPE = (b"content-type", b"application/json")


@lru_cache(maxsize=512)
def header_name(name: str) -> bytes:
    """A response header's name as sent: lower case, as bytes. The stages and handlers use a few dozen
    names, each spelled once here (at most 512 kept); a name outside Latin-1 fails as it always did."""
    return name.lower().encode("latin-1")
