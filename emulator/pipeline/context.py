"""RequestContext: what the stages know about one request, filled in as it moves down the chain, and
Host: what they may use of the emulator instance that serves it.

The runtime (emulator/runtime.py) is one such host. The request path knows it only through the
protocol, so the pipeline and the handlers never import the layer that assembles them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from emulator.pipeline import json_body
from emulator.pipeline.auth_types import Credential
from emulator.pipeline.coverage_counter import CoverageCounter
from emulator.pipeline.fault_rules import FaultBook
from emulator.pipeline.journal import Journal
from emulator.pipeline.limiter import RateLimiter
from emulator.pipeline.routing import Candidate, Router
from emulator.pipeline.webhook_outbox import Outbox
from emulator.settings import Settings
from emulator.specs.operations import Operation
from emulator.world.clock import Clock
from emulator.world.store import World

Problems = list[dict[str, Any]]


@dataclass
class Reply:
    """What a handler answers: a status, a JSON body (or None for no body) and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


_NO_BODY = object()


class Validator(Protocol):
    """Checks a request and a response against the spec; both answer problems and never raise."""

    name: str

    def request_problems(self, ctx: RequestContext) -> Problems: ...

    def response_problems(self, op: Operation, status: int, body: bytes, content_type: str) -> Problems: ...


class Host(Protocol):
    """The parts of one emulator instance that the stages and handlers use."""

    settings: Settings
    router: Router
    validator: Validator
    clock: Clock
    world: World
    journal: Journal
    handlers: dict[str, Handler]
    limiter: RateLimiter
    faults: FaultBook
    deliveries: Outbox
    client_coverage: CoverageCounter


@dataclass(slots=True)
class RequestContext:
    runtime: Host
    api: str  # "v1" | "v2"
    method: str
    path: str  # without query string
    query_string: str
    query: list[tuple[str, str]]  # in order, repeats kept
    headers: dict[str, str]  # lower-cased names
    raw_body: bytes
    client_host: str | None = None
    oversized: bool = False  # the body was longer than the server's parser reads (pipeline/asgi.py)
    # v2 reads its query with Express's parser, for which ``status[]=a&status[]=b`` (as axios sends
    # arrays) is the array ``status``, as ``status=a&status=b`` is: the names sent with brackets.
    bracketed: frozenset[str] = frozenset()
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
    _now: datetime | None = None

    @property
    def now(self) -> datetime:
        """The emulator clock's time when the request arrived, read once: the rate limits, the key's
        expiry and the journal see the same instant (handlers read the clock themselves)."""
        if self._now is None:
            self._now = self.runtime.world.clock.now()
        return self._now

    @property
    def url(self) -> str:
        """The request URL as the server reports it in error envelopes: path plus query string."""
        return self.path + (f"?{self.query_string}" if self.query_string else "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def query_values(self, name: str) -> list[str]:
        """Every value sent for a name, in order; on v2 ``name[]=`` values count too."""
        if name in self.bracketed:
            alias = name + "[]"
            return [v for k, v in self.query if k in (name, alias)]
        return [v for k, v in self.query if k == name]

    @property
    def body(self) -> Any:
        """The parsed JSON body (None when empty); a body that is not JSON, or not JSON within the limits
        of pipeline/json_body.py, is a 400."""
        if self._body is _NO_BODY:
            if not self.raw_body.strip():
                self._body = None
            else:
                self._body = json_body.parse(self.raw_body)
        return self._body


# A handler takes the request's context and answers a Reply (or raises ApiError); bound by operationId.
Handler = Callable[[RequestContext], Reply]
