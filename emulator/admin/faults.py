"""/_emulator/faults: add, list and remove fault rules (see docs/faults.md)."""

from __future__ import annotations

import difflib
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.bounds import MAX_LATENCY_MS, MAX_TEXT, MAX_TIMES, BoundError
from emulator.admin.common import admin_error, bound_error, json_body, runtime_of
from emulator.pipeline.fault_rules import FaultEntry, FaultRule, PathPattern
from emulator.runtime import Runtime

KEYS = (
    "operationId",
    "method",
    "path",
    "credential",
    "status",
    "code",
    "message",
    "latencyMs",
    "drop",
    "times",
    "probability",
)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class RuleError(ValueError):
    """A rule the admin API refuses, with the message for the 400."""


def rule_json(entry: FaultEntry) -> dict[str, Any]:
    rule = entry.rule
    return {
        "id": rule.id,
        "operationId": rule.operation_id,
        "method": rule.method,
        "path": rule.path.text if rule.path else None,
        "credential": rule.credential,
        "status": rule.status,
        "code": rule.code,
        "message": rule.message,
        "latencyMs": rule.latency_ms,
        "drop": rule.drop,
        "times": rule.times,
        "probability": rule.probability,
        "hits": entry.hits,
        "remaining": entry.remaining,
        "active": entry.active,
    }


def _text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{key} must be a non-empty string")
    if len(value) > MAX_TEXT:
        raise BoundError(key, f"at most {MAX_TEXT} characters", f"{key} must be at most {MAX_TEXT} characters")
    return value.strip()


def _number(body: dict[str, Any], key: str) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleError(f"{key} must be a number, not {value!r:.80}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise RuleError(f"{key} must be a finite number, not {value!r:.80}")
    return number


def _status(body: dict[str, Any]) -> int | None:
    value = body.get("status")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 400 <= value <= 599:
        raise RuleError(f"status must be an HTTP error status from 400 to 599, not {value!r}")
    return value


def _times(body: dict[str, Any]) -> int | None:
    value = body.get("times")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TIMES:
        raise BoundError(
            "times",
            f"a whole number from 1 to {MAX_TIMES}",
            f"times must be a positive integer up to {MAX_TIMES} (or null for every matching call), not {value!r:.80}",
        )
    return value


def _operation_id(runtime: Runtime, body: dict[str, Any]) -> str | None:
    name = _text(body, "operationId")
    if name is None:
        return None
    known = {op.operation_id for op in runtime.specs.operations}
    if name not in known:
        near = difflib.get_close_matches(name, known, n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise RuleError(f"operationId {name!r} is not an operation of the v1 or v2 spec{hint}")
    return name


def _matching(runtime: Runtime, rule: FaultRule) -> None:
    """A rule whose method/path/operationId can never meet a request is a mistake: say so now."""
    if rule.path is None and rule.method is None:
        return
    for op in runtime.specs.operations:
        if rule.operation_id is not None and op.operation_id != rule.operation_id:
            continue
        if rule.method is not None and op.method != rule.method:
            continue
        if rule.path is None or rule.path.could_match(op.path):
            return
    what = " ".join(filter(None, [rule.method, rule.path.text if rule.path else None]))
    if rule.operation_id is not None:
        raise RuleError(f"{what} never matches {rule.operation_id}, so the rule could never fire")
    raise RuleError(f"{what} matches no operation of the v1 or v2 spec, so the rule could never fire")


def parse_rule(runtime: Runtime, body: dict[str, Any]) -> FaultRule:
    unknown = sorted(set(body) - set(KEYS))
    if unknown:
        raise RuleError(f"unknown key(s) {', '.join(unknown)}; a rule takes {', '.join(KEYS)}")
    operation_id = _operation_id(runtime, body)
    method = _text(body, "method")
    if method is not None:
        method = method.upper()
        if method not in METHODS:
            raise RuleError(f"method must be one of {', '.join(METHODS)}, not {body['method']!r}")
    raw_path = _text(body, "path")
    if operation_id is None and raw_path is None:
        hint = "; for every path use '/**'" if method else ""
        raise RuleError(f"say which calls the rule matches: operationId, or path (with an optional method){hint}")
    try:
        path = PathPattern.parse(raw_path) if raw_path is not None else None
    except ValueError as exc:
        raise RuleError(str(exc)) from exc
    status = _status(body)
    latency = _number(body, "latencyMs")
    if latency is not None and not 0 <= latency <= MAX_LATENCY_MS:
        raise BoundError(
            "latencyMs",
            f"0 to {MAX_LATENCY_MS} milliseconds",
            f"latencyMs must be zero or more milliseconds, at most {MAX_LATENCY_MS}, not {body['latencyMs']!r:.80}",
        )
    drop = body.get("drop", False)
    if not isinstance(drop, bool):
        raise RuleError(f"drop must be true or false, not {drop!r}")
    code, message = _text(body, "code"), _text(body, "message")
    if status is None and (code is not None or message is not None):
        raise RuleError("code and message describe an error: give a status too")
    if drop and status is not None:
        raise RuleError("a dropped connection sends no status: give either drop or status, not both")
    if status is None and not drop and not latency:
        raise RuleError("the rule has no effect: give a status, latencyMs above 0, or drop: true")
    probability = _number(body, "probability")
    if probability is not None and not 0 <= probability <= 1:
        raise RuleError(f"probability must be between 0 and 1, not {body['probability']!r}")
    rule = FaultRule(
        operation_id=operation_id,
        method=method,
        path=path,
        credential=_text(body, "credential"),
        status=status,
        code=code,
        message=message,
        latency_ms=latency or 0.0,
        drop=drop,
        times=_times(body),
        probability=probability,
    )
    _matching(runtime, rule)
    return rule


async def add_fault(request: Request) -> JSONResponse:
    body = await json_body(request)
    if isinstance(body, JSONResponse):
        return body
    runtime = runtime_of(request)
    try:
        rule = parse_rule(runtime, body)
    except BoundError as exc:
        return bound_error(exc)
    except RuleError as exc:
        return admin_error(400, str(exc))
    return JSONResponse(rule_json(runtime.faults.add(rule)), status_code=201)


async def list_faults(request: Request) -> JSONResponse:
    return JSONResponse({"faults": [rule_json(e) for e in runtime_of(request).faults.entries]})


async def clear_faults(request: Request) -> JSONResponse:
    return JSONResponse({"cleared": runtime_of(request).faults.clear()})


async def delete_fault(request: Request) -> JSONResponse:
    faults = runtime_of(request).faults
    rule_id = request.path_params["fault_id"]
    entry = faults.remove(rule_id)
    if entry is None:
        return admin_error(404, f"no fault rule {rule_id!r}", faults=[e.rule.id for e in faults.entries])
    return JSONResponse({"deleted": rule_json(entry)})
