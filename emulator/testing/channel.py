"""How the handle reaches an emulator: HTTP over a local socket, or the ASGI app called in-process.

Both speak plain bytes and need nothing beyond the standard library, so the pytest handle works in
an environment where only the package is installed (httpx is needed only for ``calcom.client()``).
The in-process runner drives the app on a private event loop in the calling thread: no socket, no
server thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

Headers = list[tuple[bytes, bytes]]


class AdminError(RuntimeError):
    """The admin API refused a call; the message carries its answer."""

    def __init__(self, method: str, path: str, status: int, body: Any) -> None:
        detail = body.get("error", body) if isinstance(body, dict) else body
        problems = body.get("errors") if isinstance(body, dict) else None
        if isinstance(problems, list):  # fixture problems: one line each, with where they are
            detail = f"{detail}" + "".join(f"\n  line {p.get('line')}: {p.get('message')}" for p in problems)
        super().__init__(f"{method} {path} answered {status}: {detail}")
        self.status = status
        self.body = body


class ConnectionDropped(ConnectionError):
    """The app started an answer and aborted it (a fault rule with drop: true)."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class Channel(Protocol):
    def send(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Answer: ...

    def within(self, prefix: str) -> Channel:
        """The same emulator with every target under ``prefix`` (a world's ``/_worlds/<name>``)."""
        ...


def call(
    channel: Channel,
    method: str,
    path: str,
    *,
    params: Mapping[str, object | None] | None = None,
    json_body: Any = None,
    text: str | None = None,
    expect: tuple[int, ...] = (200, 201),
) -> Any:
    """One admin call: the decoded JSON answer, or AdminError naming what the emulator said."""
    query = {k: str(v) for k, v in (params or {}).items() if v is not None}
    target = path + ("?" + urlencode(query) if query else "")
    headers: dict[str, str] = {}
    body = b""
    if json_body is not None:
        body, headers["content-type"] = json.dumps(json_body).encode(), "application/json"
    elif text is not None:
        body, headers["content-type"] = text.encode(), "application/yaml"
    answer = channel.send(method, target, headers, body)
    decoded = answer.json()
    if answer.status not in expect:
        raise AdminError(method, target, answer.status, decoded)
    return decoded


class HttpChannel:
    """The emulator behind a socket (a server thread of this process, or anywhere else)."""

    def __init__(self, url: str, admin_token: str | None = None, prefix: str = "") -> None:
        self.url = url.rstrip("/")
        self.admin_token = admin_token  # sent with admin calls when the emulator requires one
        self.prefix = prefix
        # A local emulator is never reached through the environment's HTTP proxy.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def within(self, prefix: str) -> HttpChannel:
        return HttpChannel(self.url, self.admin_token, prefix)

    def send(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Answer:
        headers = dict(headers)
        if self.admin_token and target.startswith("/_emulator") and "authorization" not in map(str.lower, headers):
            headers["Authorization"] = f"Bearer {self.admin_token}"
        url = self.url + self.prefix + target
        request = urllib.request.Request(url, data=body or None, headers=headers, method=method)
        try:
            with self._opener.open(request, timeout=30) as response:
                return Answer(int(response.status), dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as error:  # a 4xx/5xx is still an answer
            return Answer(int(error.code), dict(error.headers.items()), error.read())


class AsgiRunner:
    """Calls an ASGI app for one request at a time on its own event loop, in the caller's thread."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._loop = asyncio.new_event_loop()

    def run(self, method: str, target: str, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
        coroutine = self._exchange(method, target, headers, body)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._loop.run_until_complete(coroutine)
        # Called from inside a running loop (an async test): that loop cannot be re-entered, so this
        # one call runs on a loop of its own in a helper thread. Async code should use async_client().
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    async def _exchange(self, method: str, target: str, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
        parts = urlsplit(target)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method.upper(),
            "scheme": "http",
            "path": parts.path or "/",
            "raw_path": (parts.path or "/").encode(),
            "query_string": parts.query.encode("latin-1"),
            "root_path": "",
            "headers": [(b"host", b"emulator.invalid"), *headers],
            "client": ("127.0.0.1", 50000),
            "server": ("emulator.invalid", 80),
        }
        pending = [{"type": "http.request", "body": body, "more_body": False}]
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            return pending.pop() if pending else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            if started:  # the answer had begun: the client sees the connection close mid-answer
                raise ConnectionDropped(str(exc)) from exc
            return 500, [(b"content-type", b"text/plain")], b"Internal Server Error"
        return int(started["status"]), list(started.get("headers", [])), b"".join(chunks)

    def close(self) -> None:
        self._loop.close()


class AsgiChannel:
    def __init__(self, runner: AsgiRunner, admin_token: str | None = None, prefix: str = "") -> None:
        self.runner = runner
        self.admin_token = admin_token
        self.prefix = prefix

    def within(self, prefix: str) -> AsgiChannel:
        return AsgiChannel(self.runner, self.admin_token, prefix)

    def send(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Answer:
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        if self.admin_token and target.startswith("/_emulator") and not any(k == b"authorization" for k, _ in raw):
            raw.append((b"authorization", f"Bearer {self.admin_token}".encode("latin-1")))
        if body:
            raw.append((b"content-length", str(len(body)).encode()))
        status, answer_headers, content = self.runner.run(method, self.prefix + target, raw, body)
        return Answer(status, {k.decode("latin-1"): v.decode("latin-1") for k, v in answer_headers}, content)
