"""Fault rules set through the admin API that force an error status, add latency or drop the
connection for matching requests, and the book that holds them (the stage is pipeline/faults.py).

A rule matches by operationId and/or method + path pattern, optionally only for one credential. It
fires for its next N matches (``times``) or always, and, with a ``probability``, only when a draw
from the world's seeded random source says so: the same seed and the same calls give the same
faults. Rules are tried in creation order and the first that fires wins. The stage runs after auth
and rate limits and before validation, so a faulted call never reaches its handler and leaves the
world as it was.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from emulator.pipeline.errors import ApiError, reason_phrase

THROTTLED = "CustomThrottlerGuard - Too many requests. Please try again later."

# v2 messages: what Nest's exceptions say when thrown without one, and the server's own texts.
V2_DEFAULTS: dict[int, tuple[str | None, str]] = {
    400: (None, "Bad Request"),
    401: (None, "Unauthorized"),
    403: (None, "Forbidden"),
    404: (None, "Not Found"),
    409: (None, "Conflict"),
    422: (None, "Unprocessable Entity"),
    429: ("ThrottlerException", THROTTLED),
    500: (None, "Internal server error"),
    503: (None, "Service Unavailable"),
}

# v1 answers (body key, message) as its middleware and helpers write them.
V1_DEFAULTS: dict[int, tuple[str, str]] = {
    401: ("error", "Your API key is not valid."),
    403: ("error", "You are not authorized to perform this request."),
    429: ("message", "Rate limit exceeded"),
    500: ("message", "Something went wrong"),
}


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


@lru_cache(maxsize=256)
def _glob(segment: str) -> re.Pattern[str]:
    return re.compile("[^/]*".join(re.escape(part) for part in segment.split("*")))


def _segment_matches(pattern: str, segment: str, loose: bool) -> bool:
    if _is_param(pattern):  # a template parameter matches a parameter of the operation's template
        return _is_param(segment)
    if loose and _is_param(segment):  # a value or glob can stand for any parameter value
        return True
    return _glob(pattern).fullmatch(segment) is not None


def _segments_match(pattern: tuple[str, ...], target: tuple[str, ...], loose: bool) -> bool:
    if not pattern:
        return not target
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_segments_match(rest, target[i:], loose) for i in range(len(target) + 1))
    return bool(target) and _segment_matches(head, target[0], loose) and _segments_match(rest, target[1:], loose)


def _split(path: str) -> tuple[str, ...]:
    return tuple(s for s in path.split("/") if s)


@dataclass(frozen=True)
class PathPattern:
    """A path glob: ``*`` is one segment (or part of one: ``event-types*``), ``**`` any number of
    segments, ``{name}`` a parameter of the operation's spec template (``/v2/bookings/{bookingUid}``)."""

    text: str
    segments: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> PathPattern:
        if not text.startswith("/"):
            raise ValueError(f"path must start with '/', e.g. '/v2/bookings/*', not {text!r}")
        if "?" in text or "#" in text:
            raise ValueError(f"path is matched without the query string; drop it from {text!r}")
        stripped = text.rstrip("/") or "/"
        if "//" in stripped:
            raise ValueError(f"path {text!r} has an empty segment")
        segments = _split(stripped)
        for segment in segments:
            if ("{" in segment or "}" in segment) and not (
                _is_param(segment) and segment.count("{") == 1 and len(segment) > 2
            ):
                raise ValueError(f"in {text!r}: a template parameter must be a whole segment, like '{{bookingUid}}'")
            if "**" in segment and segment != "**":
                raise ValueError(f"in {text!r}: '**' must be a whole segment")
        return cls(stripped, segments)

    def matches(self, path: str, template: str | None = None) -> bool:
        """Whether a request to `path`, routed to an operation with `template`, matches."""
        if _segments_match(self.segments, _split(path), loose=False):
            return True
        return template is not None and _segments_match(self.segments, _split(template), loose=False)

    def could_match(self, template: str) -> bool:
        """Whether some request to the operation with this template could match."""
        return _segments_match(self.segments, _split(template), loose=True)


@dataclass(frozen=True)
class FaultRule:
    """What to match and what to do. The id is given by FaultBook.add; the counters live beside."""

    id: str = ""
    operation_id: str | None = None
    method: str | None = None  # None: any method
    path: PathPattern | None = None
    credential: str | None = None  # a credential's value (API key, token, client id) or its label
    status: int | None = None
    code: str | None = None  # v2 error.code; default by status
    message: str | None = None  # default by status and API version
    latency_ms: float = 0.0
    drop: bool = False
    times: int | None = None  # fire for the next N matching calls; None: every one
    probability: float | None = None  # fire with this chance per matching call

    def matches(self, method: str, path: str, operation_id: str | None, template: str | None, credential: Any) -> bool:
        if self.operation_id is not None and self.operation_id != operation_id:
            return False
        if self.method is not None and self.method != method:
            return False
        if self.path is not None and not self.path.matches(path, template):
            return False
        # An anonymous call has no credential to compare, so it never matches a rule that names one.
        return self.credential is None or (
            credential is not None and self.credential in (credential.value, credential.label)
        )

    def error(self, api: str) -> ApiError:
        """The error this rule answers with, in the called version's shape."""
        assert self.status is not None
        status = self.status
        if api == "v1":
            key, message = V1_DEFAULTS.get(status, ("message", reason_phrase(status)))
            return ApiError(status, self.message or message, v1_key=key)
        code, message = V2_DEFAULTS.get(status, (None, reason_phrase(status)))
        message = self.message or message
        details = message if (self.code or code) == "ThrottlerException" else None
        return ApiError(status, message, code=self.code or code, details=details)


@dataclass
class FaultEntry:
    """A rule in the book with its counters."""

    rule: FaultRule
    remaining: int | None  # None: unlimited
    hits: int = 0

    @property
    def active(self) -> bool:
        return self.remaining is None or self.remaining > 0


@dataclass
class FaultBook:
    """The rules of one emulator, in creation order. Spent rules stay listed with their hits."""

    entries: list[FaultEntry] = field(default_factory=list)
    next_id: int = 1

    def add(self, rule: FaultRule) -> FaultEntry:
        entry = FaultEntry(replace(rule, id=str(self.next_id)), remaining=rule.times)
        self.next_id += 1
        self.entries.append(entry)
        return entry

    def get(self, rule_id: str) -> FaultEntry | None:
        return next((e for e in self.entries if e.rule.id == rule_id), None)

    def remove(self, rule_id: str) -> FaultEntry | None:
        entry = self.get(rule_id)
        if entry is not None:
            self.entries.remove(entry)
        return entry

    def clear(self) -> int:
        """Drop every rule; ids keep counting so an old id never names a new rule."""
        count = len(self.entries)
        self.entries.clear()
        return count

    def reset(self) -> None:
        """Back to a fresh emulator: no rules, ids from 1."""
        self.entries.clear()
        self.next_id = 1

    def match(
        self,
        *,
        method: str,
        path: str,
        operation_id: str | None,
        template: str | None,
        credential: Any,
        rng: random.Random,
    ) -> FaultEntry | None:
        """The first active rule that matches and fires, with its hit counted; None if none does.

        A rule with a probability draws once per matching call; when the draw says no, later
        rules are tried."""
        for entry in self.entries:
            rule = entry.rule
            if not entry.active or not rule.matches(method, path, operation_id, template, credential):
                continue
            if rule.probability is not None and rng.random() >= rule.probability:
                continue
            entry.hits += 1
            if entry.remaining is not None:
                entry.remaining -= 1
            return entry
        return None
