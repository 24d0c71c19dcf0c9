"""httpx clients for the handle: authenticated, pointed at the emulator, over a socket or in-process.

Only this module imports httpx, and the handle imports it only when a test asks for a client, so the
rest of the handle works where httpx is not installed (``Calcom.client`` turns the ImportError into
the fix).
"""

from __future__ import annotations

from typing import Any

import httpx

from emulator.testing.channel import AsgiRunner, ConnectionDropped


class InProcessTransport(httpx.BaseTransport):
    """A synchronous httpx transport that hands each request to the ASGI app in this thread."""

    def __init__(self, runner: AsgiRunner) -> None:
        self.runner = runner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        target = request.url.raw_path.decode("ascii")
        headers = [(k.lower(), v) for k, v in request.headers.raw]
        try:
            status, answer_headers, content = self.runner.run(request.method, target, headers, request.read())
        except ConnectionDropped as exc:
            # What httpx raises when a real server drops the connection mid-answer.
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a complete response", request=request
            ) from exc
        return httpx.Response(status, headers=answer_headers, content=content, request=request)


def build_client(
    base_url: str,
    *,
    runner: AsgiRunner | None,
    headers: dict[str, str],
    params: dict[str, str],
    options: dict[str, Any],
) -> httpx.Client:
    transport = InProcessTransport(runner) if runner is not None else None
    # trust_env off: an HTTP proxy from the environment must not carry calls to a local emulator.
    defaults: dict[str, Any] = {"timeout": 30, "trust_env": False}
    return httpx.Client(
        base_url=base_url, headers=headers, params=params, transport=transport, **{**defaults, **options}
    )


def build_async_client(
    base_url: str,
    *,
    app: Any | None,
    headers: dict[str, str],
    params: dict[str, str],
    options: dict[str, Any],
) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app) if app is not None else None
    defaults: dict[str, Any] = {"timeout": 30, "trust_env": False}
    return httpx.AsyncClient(
        base_url=base_url, headers=headers, params=params, transport=transport, **{**defaults, **options}
    )
