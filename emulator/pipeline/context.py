"""RequestContext: what the stages know about one request, filled in as it moves down the chain."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from emulator.pipeline.errors import ApiError

if TYPE_CHECKING:
    from emulator.pipeline.auth_types import Credential
    from emulator.pipeline.routing import Candidate
    from emulator.runtime import Runtime
    from emulator.specs.operations import Operation


@dataclass
class Reply:
    """What a handler answers: a status, a JSON body (or None for no body) and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


_NO_BODY = object()


@dataclass
class RequestContext:
    runtime: Runtime
    api: str  # "v1" | "v2"
    method: str
    path: str  # without query string
    query_string: str
    query: list[tuple[str, str]]  # in order, repeats kept
    headers: dict[str, str]  # lower-cased names
    raw_body: bytes
    client_host: str | None = None
    started: float = field(default_factory=time.perf_counter)
    candidates: list[Candidate] = field(default_factory=list)
    operation: Operation | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    version: str | None = None  # the cal-api-version the request is served as (v2)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # validated, typed: {"query": {...}}
    credential: Credential | None = None  # filled by the auth stage; None = anonymous
    api_key_seen: tuple[str, Any] | None = None  # (raw key, ApiKey or None): one lookup per request
    reply: Reply | None = None
    encoded: tuple[bytes, str] | None = None  # the reply's body as sent, and its content type
    response_headers: dict[str, str] = field(default_factory=dict)  # added by stages (rate limits)
    delay_s: float = 0.0  # extra latency before answering (faults)
    drop_connection: bool = False  # close the connection instead of answering (faults)
    _body: Any = _NO_BODY

    @property
    def url(self) -> str:
        """The request URL as the server reports it in error envelopes: path plus query string."""
        return self.path + (f"?{self.query_string}" if self.query_string else "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def query_values(self, name: str) -> list[str]:
        return [v for k, v in self.query if k == name]

    @property
    def body(self) -> Any:
        """The parsed JSON body (None when empty); a body that is not JSON is a 400."""
        if self._body is _NO_BODY:
            if not self.raw_body.strip():
                self._body = None
            else:
                try:
                    self._body = json.loads(self.raw_body)
                except (ValueError, UnicodeDecodeError) as exc:
                    raise ApiError(
                        400,
                        f"The request body is not valid JSON: {exc}",
                        problems=[
                            {
                                "location": "body",
                                "message": f"not valid JSON: {exc}",
                                "expected": "a JSON document",
                                "received": self.raw_body[:200].decode("utf-8", "replace"),
                            }
                        ],
                    ) from exc
        return self._body
