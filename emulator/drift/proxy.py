"""The recording proxy (``calcom-emulator proxy --target URL``; docs/coverage.md): an ASGI app that
forwards every request to another Cal.com API server (the real one, or another emulator), answers with
what that server answered, and records each call under /v1 and /v2 with the problems the emulator's
contract finds in the request and in the answer. Other paths (an emulator's /_emulator admin API)
are forwarded and not recorded.

The proxy never refuses a request for being off-contract: it reports, and the target decides. When
the target cannot be reached the caller gets a 502 naming it, and the recording says so.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx

from emulator.drift import contract, redact
from emulator.drift.recording import TRANSPORT_HEADERS, Exchange, Writer, decode_body, recorded_headers
from emulator.pipeline.asgi import read_body
from emulator.runtime import Runtime

BODY_LIMIT = 10 * 1024 * 1024  # bytes of a request the proxy reads and forwards; a longer one is a 413


def wall_clock() -> str:
    """When a call was made, by the machine's clock: the target's clock is not ours to read."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class RecordingProxy:
    def __init__(self, target: str, writer: Writer, runtime: Runtime, client: httpx.AsyncClient) -> None:
        self.target = target.rstrip("/")
        self.writer = writer
        self.runtime = runtime
        self.client = client

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body, too_long = await read_body(receive, BODY_LIMIT)
        if too_long:
            await _answer(
                send, 413, {"error": f"calcom-emulator proxy: request bodies are limited to {BODY_LIMIT} bytes"}
            )
            return
        started = time.perf_counter()
        at = wall_clock()
        method, path = scope["method"], scope["path"]
        query_string = scope["query_string"].decode("latin-1")
        raw_headers: list[tuple[bytes, bytes]] = list(scope["headers"])
        sent = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw_headers]
        forwarded = [(k, v) for k, v in sent if k.lower() not in TRANSPORT_HEADERS]
        url = self.target + path + (f"?{query_string}" if query_string else "")
        status, answer_headers, content, failure = 0, {}, b"", None
        try:
            response = await self.client.request(method, url, headers=forwarded, content=body)
            status, content = response.status_code, response.content
            answer_headers = {k.lower(): v for k, v in response.headers.items() if k.lower() not in TRANSPORT_HEADERS}
        except httpx.HTTPError as exc:
            failure = f"{type(exc).__name__}: {exc}"
        duration = round((time.perf_counter() - started) * 1000, 3)
        content_type = answer_headers.get("content-type", "")
        verdict = contract.check(
            self.runtime,
            method,
            path,
            query_string,
            raw_headers,
            body,
            None if failure else (status, content, content_type),
        )
        if verdict.api is not None:
            self._record(scope, at, verdict, body, dict(sent), status, answer_headers, content, failure, duration)
        if failure is not None:
            await _answer(send, 502, {"error": f"calcom-emulator proxy: {self.target} did not answer: {failure}"})
            return
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-length", str(len(content)).encode())]
                + [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer_headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": content})

    def _record(
        self,
        scope: dict[str, Any],
        at: str,
        verdict: contract.Verdict,
        body: bytes,
        sent: dict[str, str],
        status: int,
        answer_headers: dict[str, str],
        content: bytes,
        failure: str | None,
        duration: float,
    ) -> None:
        request_json, request_text = decode_body(body, sent.get("content-type", ""))
        response_json, response_text = decode_body(content, answer_headers.get("content-type", ""))
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        self.writer.exchange(
            Exchange(
                seq=self.writer.next_seq(),
                at=at,
                method=scope["method"],
                path=scope["path"],
                query=redact.query(query),
                request_headers=recorded_headers(sent),
                request_body=redact.body(request_json),
                request_text=request_text,
                status=status,
                response_headers=recorded_headers(answer_headers),
                response_body=redact.body(response_json),
                response_text=response_text,
                api=verdict.api,
                operation_id=verdict.operation_id,
                problems=verdict.problems(),
                upstream_error=failure,
                duration_ms=duration,
            )
        )

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _answer(send: Any, status: int, body: dict[str, Any]) -> None:
    content = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})
