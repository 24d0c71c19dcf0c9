"""Replay a recording against an emulator and report how its answers drift from the recorded ones
(``calcom-emulator replay``; docs/coverage.md).

Each recorded request is sent again, in order, with what the recording could not keep put back:

- a redacted secret whose fingerprint the target knows (one of its fixture credentials, or a token
  an earlier replayed answer gave where the recorded answer had that fingerprint) becomes that value;
  an unknown credential in ``Authorization`` or ``?apiKey=`` becomes the ``fallback`` credential,
  when one is given;
- an id the target answered differently from the recording (a booking uid, a webhook id, under keys
  named ``id``, ``uid``, ``...Id``, ``...Uid``) is rewritten, by value, in later paths, queries
  and bodies.

Then the answer is compared with the recorded one: the status, v2's error code and, when the
statuses agree, the body's shape (drift/shapes.py). Differences are grouped by operation.
"""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from emulator.drift import redact, shapes
from emulator.drift.recording import TRANSPORT_HEADERS, Exchange, decode_body
from emulator.testing.channel import Answer, Channel

ID_KEY = re.compile(r"^(id|uid|\w*(Id|Uid|Ids|Uids))$")
AUTH_PLACES = ("authorization", "apiKey")  # where the fallback credential stands in for an unknown one


@dataclass
class Substitutions:
    secrets: dict[str, str] = field(default_factory=dict)  # fingerprint -> value
    ids: dict[str, Any] = field(default_factory=dict)  # recorded id as text -> the target's id
    fallback: str | None = None
    unknown: set[str] = field(default_factory=set)  # fingerprints met that nothing could replace

    def know(self, *values: str | None) -> None:
        for value in values:
            if value:
                self.secrets[redact.fingerprint(value)] = value

    def text(self, value: str, place: str = "") -> str:
        def swap(match: re.Match[str]) -> str:
            found = self.secrets.get(match.group(1))
            if found is None and self.fallback is not None and place in AUTH_PLACES:
                return self.fallback
            if found is None:
                self.unknown.add(match.group(1))
                return match.group(0)
            return found

        return redact.PLACEHOLDER.sub(swap, value)

    def path(self, path: str) -> str:
        return "/".join(str(self.ids.get(segment, segment)) for segment in path.split("/"))

    def body(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.body(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.body(v, key) for v in value]
        if isinstance(value, str):
            value = self.text(value)
        if ID_KEY.match(key) and not isinstance(value, bool) and str(value) in self.ids:
            return self.ids[str(value)]
        return value

    def learn(self, recorded: Any, replayed: Any, key: str = "") -> None:
        """What the target answered in place of the recorded tokens and ids."""
        if isinstance(recorded, dict) and isinstance(replayed, dict):
            for k in recorded.keys() & replayed.keys():
                self.learn(recorded[k], replayed[k], str(k))
        elif isinstance(recorded, list) and isinstance(replayed, list):
            for mine, theirs in zip(recorded, replayed, strict=False):
                self.learn(mine, theirs, key)
        elif isinstance(recorded, str) and isinstance(replayed, str) and redact.PLACEHOLDER.fullmatch(recorded):
            self.secrets.setdefault(recorded[10:-1], replayed)
        elif ID_KEY.match(key) and _scalar(recorded) and _scalar(replayed) and recorded != replayed:
            self.ids[str(recorded)] = replayed


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


@dataclass
class Outcome:
    exchange: Exchange
    status: int | None  # None: not replayed
    differences: list[shapes.Difference]
    note: str | None = None


def request_of(exchange: Exchange, subs: Substitutions) -> tuple[str, dict[str, str], bytes]:
    """(target with query, headers, body) for sending the recorded request again."""
    query = [(k, subs.text(v, "apiKey" if k == "apiKey" else "")) for k, v in exchange.query]
    query = [(k, str(subs.ids.get(v, v))) for k, v in query]
    target = subs.path(exchange.path) + (f"?{urlencode(query)}" if query else "")
    headers = {
        k: subs.text(v, k)
        for k, v in exchange.request_headers.items()
        if k not in TRANSPORT_HEADERS and k != "content-type"
    }
    if exchange.request_body is not None:
        body = json.dumps(subs.body(exchange.request_body)).encode()
        headers["content-type"] = exchange.request_headers.get("content-type", "application/json")
    elif exchange.request_text is not None:
        body = subs.text(exchange.request_text).encode()
        headers["content-type"] = exchange.request_headers.get("content-type", "text/plain")
    else:
        body = b""
    return target, headers, body


def send(channel: Channel, method: str, target: str, headers: dict[str, str], body: bytes) -> Answer | None:
    """The target's answer; None when it dropped the connection."""
    try:
        return channel.send(method, target, headers, body)
    except (OSError, http.client.HTTPException):
        return None


def compare(exchange: Exchange, status: int, body: Any, text: str | None) -> list[shapes.Difference]:
    found: list[shapes.Difference] = []
    if status != exchange.status:
        found.append(shapes.Difference("status", "", _status(exchange.status), _status(status)))
    before, after = shapes.error_code(exchange.response_body), shapes.error_code(body)
    if before != after:
        found.append(shapes.Difference("errorCode", "", before or "none", after or "none"))
    if status == exchange.status and status != 0:
        recorded_json = exchange.response_body is not None or exchange.response_text is None
        replayed_json = body is not None or text is None
        if recorded_json and replayed_json:
            found += shapes.compare(shapes.shape_of(exchange.response_body), shapes.shape_of(body))
        elif recorded_json != replayed_json:
            kinds = ("JSON" if recorded_json else "text", "JSON" if replayed_json else "text")
            found.append(shapes.Difference("type", "(body)", *kinds))
    return found


def _status(status: int) -> str:
    return "no answer (connection dropped)" if status == 0 else str(status)


def replay(
    exchanges: list[Exchange],
    channel: Channel,
    subs: Substitutions,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for exchange in exchanges:
        if exchange.upstream_error is not None:
            outcome = Outcome(
                exchange, None, [], f"not replayed: not answered when recorded ({exchange.upstream_error})"
            )
        else:
            target, headers, body = request_of(exchange, subs)
            answer = send(channel, exchange.method, target, headers, body)
            status = answer.status if answer is not None else 0
            content_type = answer.headers.get("content-type", answer.headers.get("Content-Type", "")) if answer else ""
            value, text = decode_body(answer.body, content_type) if answer is not None else (None, None)
            subs.learn(exchange.response_body, value)
            outcome = Outcome(exchange, status, compare(exchange, status, value, text))
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return outcomes


def drift_report(outcomes: list[Outcome], target: str, unknown: set[str]) -> dict[str, Any]:
    """The outcomes grouped by operation, each difference once with the calls that showed it."""
    groups: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        ex = outcome.exchange
        group = groups.setdefault(
            ex.label,
            {"operation": ex.label, "operationId": ex.operation_id, "method": ex.method, "calls": 0, "different": 0,
             "skipped": 0, "differences": {}},
        )  # fmt: skip
        group["calls"] += 1
        if outcome.status is None:
            group["skipped"] += 1
            continue
        if outcome.differences:
            group["different"] += 1
        for d in outcome.differences:
            key = (d.kind, d.where, d.recorded, d.replayed)
            entry = group["differences"].setdefault(
                key, {"kind": d.kind, "where": d.where, "recorded": d.recorded, "replayed": d.replayed, "calls": []}
            )
            entry["calls"].append(ex.seq)
    operations = [{**g, "differences": list(g["differences"].values())} for g in groups.values()]
    replayed = [o for o in outcomes if o.status is not None]
    return {
        "target": target,
        "recorded": len(outcomes),
        "replayed": len(replayed),
        "same": sum(1 for o in replayed if not o.differences),
        "different": sum(1 for o in replayed if o.differences),
        "skipped": len(outcomes) - len(replayed),
        "unknownSecrets": sorted(unknown),
        "operations": operations,
    }


def text_lines(report: dict[str, Any]) -> list[str]:
    lines = [
        f"replayed {report['replayed']} of {report['recorded']} recorded calls against {report['target']}: "
        f"{report['same']} the same, {report['different']} different"
        + (f", {report['skipped']} not replayed" if report["skipped"] else "")
    ]
    if report["unknownSecrets"]:
        lines.append(
            f"  {len(report['unknownSecrets'])} recorded secret(s) the target does not know were sent redacted "
            "(give --credential for the recorded API key or token)"
        )
    for group in report["operations"]:
        if not group["differences"]:
            continue
        lines.append(f"{group['operation']}: {group['different']} of {group['calls']} call(s) differ")
        for d in group["differences"]:
            calls = ", ".join(map(str, d["calls"][:5])) + (" ..." if len(d["calls"]) > 5 else "")
            line = shapes.Difference(d["kind"], d["where"], d["recorded"], d["replayed"]).line()
            lines.append(f"    {line}  (call {calls})")
    return lines
