"""The recording file: JSON lines, a header line first, then one line per exchange (docs/coverage.md).

An exchange is recorded redacted (drift/redact.py): request headers, query and JSON bodies with their
secrets replaced. A body that is JSON is kept as JSON (``requestBody``/``responseBody``), any other
as text (``requestText``/``responseText``), cut at ``TEXT_LIMIT`` characters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from emulator.drift import redact

FORMAT = 1
KIND = "calcom-emulator recording"
TEXT_LIMIT = 65536  # characters of a body that is not JSON kept in the file
# Hop-by-hop and transport headers: neither recorded nor forwarded.
TRANSPORT_HEADERS = frozenset(
    (
        "host",
        "connection",
        "keep-alive",
        "content-length",
        "transfer-encoding",
        "accept-encoding",
        "content-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
    )
)


class RecordingError(ValueError):
    """A recording file that cannot be read; the message names the line."""


@dataclass
class Exchange:
    seq: int
    at: str
    method: str
    path: str
    query: list[tuple[str, str]]
    request_headers: dict[str, str]
    request_body: Any = None
    request_text: str | None = None
    status: int = 0  # 0: no answer (the target could not be reached, or dropped the connection)
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: Any = None
    response_text: str | None = None
    api: str | None = None
    operation_id: str | None = None
    problems: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    upstream_error: str | None = None
    duration_ms: float = 0.0

    @property
    def label(self) -> str:
        return self.operation_id or f"{self.method} {self.path}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "api": self.api,
            "operationId": self.operation_id,
            "method": self.method,
            "path": self.path,
            "query": [list(pair) for pair in self.query],
            "requestHeaders": self.request_headers,
            "requestBody": self.request_body,
            "requestText": self.request_text,
            "status": self.status,
            "responseHeaders": self.response_headers,
            "responseBody": self.response_body,
            "responseText": self.response_text,
            "problems": self.problems,
            "upstreamError": self.upstream_error,
            "durationMs": self.duration_ms,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Exchange:
        return cls(
            seq=int(raw["seq"]),
            at=str(raw.get("at", "")),
            method=str(raw["method"]).upper(),
            path=str(raw["path"]),
            query=[(str(k), str(v)) for k, v in raw.get("query") or []],
            request_headers={str(k): str(v) for k, v in (raw.get("requestHeaders") or {}).items()},
            request_body=raw.get("requestBody"),
            request_text=raw.get("requestText"),
            status=int(raw.get("status") or 0),
            response_headers={str(k): str(v) for k, v in (raw.get("responseHeaders") or {}).items()},
            response_body=raw.get("responseBody"),
            response_text=raw.get("responseText"),
            api=raw.get("api"),
            operation_id=raw.get("operationId"),
            problems=dict(raw.get("problems") or {}),
            upstream_error=raw.get("upstreamError"),
            duration_ms=float(raw.get("durationMs") or 0.0),
        )


def decode_body(raw: bytes, content_type: str) -> tuple[Any, str | None]:
    """(JSON value, None) for a JSON body, (None, text) for another, (None, None) for none."""
    if not raw:
        return None, None
    if "json" in content_type.lower() or raw.lstrip()[:1] in (b"{", b"["):
        try:
            return json.loads(raw), None
        except ValueError:
            pass
    return None, raw.decode("utf-8", "replace")[:TEXT_LIMIT]


def recorded_headers(found: dict[str, str]) -> dict[str, str]:
    return redact.headers({k.lower(): v for k, v in found.items() if k.lower() not in TRANSPORT_HEADERS})


def header_line(target: str, started_at: str, version: str) -> dict[str, Any]:
    return {"recording": KIND, "format": FORMAT, "target": target, "startedAt": started_at, "emulator": version}


class Writer:
    """Appends lines to an open file, flushing each so a recording survives the proxy being stopped."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.seq = 0

    def header(self, line: dict[str, Any]) -> None:
        self._write(line)

    def exchange(self, exchange: Exchange) -> None:
        self._write(exchange.as_dict())

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def _write(self, line: dict[str, Any]) -> None:
        self.out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.out.flush()


def read(path: str | Path) -> tuple[dict[str, Any], list[Exchange]]:
    """The header and the exchanges of a recording, in order; RecordingError naming the bad line."""
    lines = list(_lines(Path(path)))
    if not lines or lines[0][1].get("recording") != KIND:
        raise RecordingError(f"{path}: not a calcom-emulator recording (its first line must be the header)")
    header = lines[0][1]
    if header.get("format") != FORMAT:
        raise RecordingError(f"{path}: recording format {header.get('format')!r}; this emulator reads {FORMAT}")
    exchanges: list[Exchange] = []
    for number, raw in lines[1:]:
        try:
            exchanges.append(Exchange.from_dict(raw))
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordingError(f"{path}:{number}: not an exchange ({exc})") from None
    return header, exchanges


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RecordingError(f"{path}: {exc.strerror or exc}") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise RecordingError(f"{path}:{number}: not JSON ({exc})") from None
        if not isinstance(value, dict):
            raise RecordingError(f"{path}:{number}: a line must be a JSON object")
        yield number, value
