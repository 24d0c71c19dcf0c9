"""A handler's own body checks, run beside the spec's when the spec already refuses the body.

A v2 controller validates its body in one class-validator pass: every property's constraints are
checked and every failure is in the one 400. The emulator checks types with the spec first and runs
the rest (ISO dates, e-mails, time zones, unknown keys) in the handler, so a body with a type error
and a bad date would learn about the date only on the next try. An operation whose handler has such
checks registers them here (``@pipe``); when the spec refuses a body, the validation stage runs them
too and adds what they find about the properties the spec did not already name.

A check gets a body the spec refused, so it may meet any type where it expects one: a check that
cannot run on what it got contributes nothing rather than failing the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PipeProblem:
    """One top-level property's failures, in the server's words (``<name> property is wrong,...``)."""

    name: str
    text: str

    def as_problem(self) -> dict[str, Any]:
        return {"location": f"body.{self.name}", "message": self.text, "expected": None, "received": None}


PipeCheck = Callable[[dict[str, Any]], list[PipeProblem]]

PIPES: dict[str, PipeCheck] = {}


def pipe(*operation_ids: str) -> Callable[[PipeCheck], PipeCheck]:
    def register(fn: PipeCheck) -> PipeCheck:
        for operation_id in operation_ids:
            if operation_id in PIPES:
                raise RuntimeError(f"two pipes for {operation_id}")
            PIPES[operation_id] = fn
        return fn

    return register


def top_name(location: str) -> str:
    """``body.attendee.email`` -> ``attendee``; a non-body location has none."""
    if not location.startswith("body."):
        return ""
    rest = location[len("body.") :]
    return rest.split(".")[0].split("[")[0]


def more_problems(operation_id: str, body: Any, schema_problems: list[dict[str, Any]]) -> list[PipeProblem]:
    """What the operation's own checks find in a body the spec refused, about the properties the
    spec's problems do not name."""
    check = PIPES.get(operation_id)
    if check is None or not isinstance(body, dict):
        return []
    named = {top_name(str(p.get("location") or "")) for p in schema_problems}
    try:
        found = check(body)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError):
        return []  # a check meeting a type the spec already refused: nothing more to say
    return [p for p in found if p.name not in named]
