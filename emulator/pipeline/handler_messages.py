"""The words of a server's own checks for a request the spec refuses.

The spec is not what the servers validate with: v1 handlers run their own zod schemas and early
checks, v2 controllers class-validator pipes. Where their message for a bad field is known, an
operation names it in the ``x-emulator-messages`` extension (set by the overlays), and the 400 of the
validation stage carries that message; the problems the spec found stay in the body beside it
(``errors`` in v1, ``error.details.errors`` in v2).

The extension is a list of checks in the order the server runs them. A check has ``rules`` and an
optional ``join``. Each rule names where (``at``: a problem location such as ``body.eventTypeId``,
``*`` standing for one name or index; it also covers everything below it), optionally ``when``
(``missing`` or ``invalid``; any by default) and the ``message``, in which ``{type}`` is the JavaScript
type name of the value sent (zod's "received"). The first check with a rule that matches a problem
answers: without ``join`` with its first matching rule (a handler that stops at its first failed
check), with ``join`` with every matching rule, in rule order, joined (a pipe or schema that reports
all its issues at once). No matching check: the generic message.

Only the fast validator's problems name their locations; under the reference validator the generic
message stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from emulator.pipeline.errors import ApiError
from emulator.pipeline.pipes import PipeProblem
from emulator.specs.operations import Operation

KEY = "x-emulator-messages"
_REQUIRED = "a value (required)"  # what schemas.Problem says is expected of a missing property


def js_type(value: Any) -> str:
    """The type name zod reports as "received"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _pattern(at: str) -> re.Pattern[str]:
    body = re.escape(at).replace(r"\*", r"[^.\[\]]+")
    return re.compile(rf"^{body}(?:$|[.\[])")


def _matches(rule: dict[str, Any], problem: dict[str, Any]) -> bool:
    if not _pattern(str(rule["at"])).match(str(problem.get("location") or "")):
        return False
    when = str(rule.get("when", "any"))
    missing = problem.get("expected") == _REQUIRED
    return when == "any" or (when == "missing") == missing


def handler_message(op: Operation, problems: list[dict[str, Any]]) -> str | None:
    """The server's own message for these problems, when the operation's checks know one."""
    for check in op.extensions.get(KEY) or []:
        said: list[str] = []
        for rule in check["rules"]:
            for problem in problems:
                if _matches(rule, problem):
                    text = str(rule["message"]).replace("{type}", js_type(problem.get("received")))
                    if text not in said:
                        said.append(text)
        if said:
            join = check.get("join")
            return said[0] if join is None else str(join).join(said)
    return None


def refusal(op: Operation, problems: list[dict[str, Any]], more: Sequence[PipeProblem] = ()) -> ApiError | None:
    """The 400 in the server's words (None when they are not known). In v2 the details are those of
    the BadRequestException the pipe throws, with the problems added. ``more`` is what the handler's
    own checks found about other properties (pipeline/pipes.py): the one pass of the server reports
    those in the same answer, after the spec's."""
    message = handler_message(op, problems)
    if message is None:
        return None
    if more:
        message = ", ".join([message, *(p.text for p in more)])
        problems = [*problems, *(p.as_problem() for p in more)]
    details = None
    if op.api == "v2":
        details = {"message": message, "error": "Bad Request", "statusCode": 400, "errors": problems}
    return ApiError(400, message, details=details, problems=problems)
