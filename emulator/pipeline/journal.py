"""The journal: every call to /v1 and /v2 with its headers and bodies, for /_emulator/requests and assertions.

Recording sits on the request path, so an entry keeps what it is handed as it is (the header dicts,
the body bytes cut to the body limit, the clock's datetime) and turns it into text only when read.
The journal holds at most `capacity` entries; the oldest go first. Clearing it (every reset) only sets
the entries aside: freeing a full journal's bodies takes longer than the rest of a reset, so they are
freed a few at a time by the calls recorded afterwards.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from emulator.pipeline.auth_types import Credential
from emulator.pipeline.fault_rules import PathPattern
from emulator.world.clock import iso_ms


@dataclass(slots=True)  # not frozen: a frozen init costs twice as much on the request path; never changed
class Entry:
    seq: int
    at: datetime  # emulator clock
    method: str
    path: str  # without the query string
    query: str
    operation_id: str | None
    status: int  # 0: the connection was dropped (a fault rule)
    duration_ms: float
    credential: str | None  # "apiKey:alice", "accessToken:...", as fault rules name it
    problems: list[dict[str, Any]]
    request_headers: dict[str, str]
    request_body: bytes  # at most the journal's body limit
    request_size: int  # the whole body's length
    response_headers: dict[str, str]
    response_type: str  # content type ("" without a body)
    response_body: bytes
    response_size: int

    @property
    def url(self) -> str:
        return self.path + (f"?{self.query}" if self.query else "")

    def request_text(self) -> str | None:
        return _text(self.request_body, self.request_size)

    def response_text(self) -> str | None:
        return _text(self.response_body, self.response_size)

    def request_json(self) -> Any:
        """The request body as JSON; None when it is empty, cut short or not JSON."""
        return _json(self.request_body, self.request_size)

    def response_json(self) -> Any:
        return _json(self.response_body, self.response_size)

    def all_response_headers(self) -> dict[str, str]:
        headers = {"content-type": self.response_type} if self.response_type else {}
        headers.update(self.response_headers)
        return headers

    def as_dict(self) -> dict[str, Any]:
        """The admin API's form (docs/admin-api.md)."""
        return {
            "seq": self.seq,
            "at": iso_ms(self.at),
            "method": self.method,
            "path": self.url,
            "operationId": self.operation_id,
            "status": self.status,
            "durationMs": self.duration_ms,
            "credential": self.credential,
            "problems": self.problems,
            "requestHeaders": dict(self.request_headers),
            "requestBody": self.request_text(),
            "requestJson": self.request_json(),
            "requestBodySize": self.request_size,
            "requestBodyTruncated": len(self.request_body) < self.request_size,
            "responseHeaders": self.all_response_headers(),
            "responseBody": self.response_text(),
            "responseJson": self.response_json(),
            "responseBodySize": self.response_size,
            "responseBodyTruncated": len(self.response_body) < self.response_size,
        }


def _text(kept: bytes, size: int) -> str | None:
    return kept.decode("utf-8", "replace") if size else None


def _json(kept: bytes, size: int) -> Any:
    if not size or len(kept) < size:
        return None
    try:
        return json.loads(kept)
    except ValueError:
        return None


@dataclass(frozen=True)
class Filter:
    """Which entries to read; every given condition must hold. Times are on the emulator clock, both ends
    included. `status` is a code (404) or a class ("4xx"); `path` a fault-rule glob ("/v2/bookings/*")."""

    operation_id: str | None = None
    status: int | str | None = None
    credential: str | None = None
    method: str | None = None
    path: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def test(self) -> Callable[[Entry], bool]:
        """A predicate over entries; ValueError for a status or path that cannot match anything."""
        status_class: int | None = None
        if isinstance(self.status, str):
            text = self.status.strip().lower()
            if len(text) == 3 and text[0] in "12345" and text[1:] == "xx":
                status_class = int(text[0])
            elif text.isdigit():
                return replace(self, status=int(text)).test()
            else:
                raise ValueError(f"status must be an HTTP status code or a class such as 4xx, not {self.status!r}")
        status = self.status
        pattern = PathPattern.parse(self.path) if self.path is not None else None
        method = self.method.upper() if self.method else None

        def matches(e: Entry) -> bool:
            return (
                (self.operation_id is None or e.operation_id == self.operation_id)
                and (self.status is None or (e.status // 100 == status_class if status_class else e.status == status))
                and (self.credential is None or e.credential == self.credential)
                and (method is None or e.method == method)
                and (pattern is None or pattern.matches(e.path))
                and (self.since is None or e.at >= self.since)
                and (self.until is None or e.at <= self.until)
            )

        return matches


RELEASED_PER_RECORD = 16  # set-aside entries freed by each new one: a reset's worth within a few dozen calls


# What the request path hands the journal, kept as it comes (a tuple costs a fraction of an Entry):
# Entry's fields in order, but for the duration (seconds) and the credential (the object, not its label).
Row = tuple[Any, ...]


def _entry(row: Row) -> Entry:
    (seq, at, method, path, query, operation_id, status, seconds, credential, *rest) = row
    label = credential.label if credential is not None else None
    return Entry(seq, at, method, path, query, operation_id, status, round(seconds * 1000, 3), label, *rest)


class Journal:
    def __init__(self, capacity: int = 1000, body_limit: int = 65536) -> None:
        self.capacity = capacity
        self.body_limit = body_limit
        self._entries: deque[Row] = deque(maxlen=capacity)
        self._seq = 0
        self._set_aside: list[deque[Row]] = []  # cleared entries not yet freed

    def record(
        self,
        at: datetime,
        method: str,
        path: str,
        query: str,
        operation_id: str | None,
        status: int,
        seconds: float,
        credential: Credential | None,
        problems: list[dict[str, Any]],
        request_headers: dict[str, str],
        request_body: bytes,
        response_headers: dict[str, str],
        response_type: str,
        response_body: bytes,
        /,
    ) -> None:
        """Keep one call (positional arguments: this runs on every request). Entries are made from
        what is kept here only when the journal is read."""
        self._seq += 1
        limit = self.body_limit
        self._entries.append(
            (
                self._seq,
                at,
                method,
                path,
                query,
                operation_id,
                status,
                seconds,
                credential,
                problems,
                request_headers,
                request_body if len(request_body) <= limit else request_body[:limit],
                len(request_body),
                response_headers,
                response_type,
                response_body if len(response_body) <= limit else response_body[:limit],
                len(response_body),
            )
        )
        if self._set_aside:
            self._release()

    def _release(self) -> None:
        oldest = self._set_aside[0]
        for _ in range(min(RELEASED_PER_RECORD, len(oldest))):
            oldest.popleft()
        if not oldest:
            del self._set_aside[0]

    def entries(
        self, operation_id: str | None = None, status: int | str | None = None, **conditions: Any
    ) -> list[Entry]:
        """Newest first. Conditions as Filter's fields (credential, method, path, since, until)."""
        matches = Filter(operation_id=operation_id, status=status, **conditions).test()
        return [e for e in map(_entry, reversed(self._entries)) if matches(e)]

    def __len__(self) -> int:
        return len(self._entries)

    def newest(self) -> Entry | None:
        """The latest entry kept, read without copying the journal (the dashboard polls it)."""
        return _entry(self._entries[-1]) if self._entries else None

    def clear(self) -> None:
        if self._entries:
            self._set_aside.append(self._entries)
            self._entries = deque(maxlen=self.capacity)
        self._seq = 0
