"""Reading a JSON request body, bounded: what no request may use to reach a server error.

A body that is not JSON, nests deeper than MAX_DEPTH, or holds a lone UTF-16 surrogate (``"\\ud800"``,
which JSON allows but no UTF-8 text can carry) is a 400 in the called API's shape, listed as a body
problem like any other. The limits are documented in docs/limits.md.
"""

from __future__ import annotations

from typing import Any

from emulator import wire
from emulator.pipeline.errors import ApiError

MAX_DEPTH = 64  # arrays and objects inside each other; Cal.com's deepest bodies nest about 6 levels


def _refused(message: str, expected: str, raw: bytes) -> ApiError:
    return ApiError(
        400,
        f"The request body cannot be read: {message}",
        problems=[
            {
                "location": "body",
                "message": message,
                "expected": expected,
                "received": raw[:200].decode("utf-8", "replace"),
            }
        ],
    )


def _too_deep(value: Any) -> bool:
    """True when containers nest past MAX_DEPTH (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(node, dict):
            stack += [(child, depth + 1) for child in node.values() if isinstance(child, dict | list)]
        elif isinstance(node, list):
            stack += [(child, depth + 1) for child in node if isinstance(child, dict | list)]
    return False


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(node, dict):
            stack += list(node.keys()) + list(node.values())
        elif isinstance(node, list):
            stack += node
    return False


def parse(raw: bytes) -> Any:
    """The parsed body, or the 400 that says what is wrong with it."""
    try:
        value = wire.loads(raw)
    except RecursionError as exc:
        raise _refused(f"nested deeper than {MAX_DEPTH} levels", f"at most {MAX_DEPTH} levels", raw) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise _refused(f"not valid JSON: {exc}", "a JSON document", raw) from exc
    # Counting brackets is cheap and bounds the walk to bodies that could be too deep.
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and _too_deep(value):
        raise _refused(f"nested deeper than {MAX_DEPTH} levels", f"at most {MAX_DEPTH} levels", raw)
    if (b"\\ud" in raw or b"\\uD" in raw) and _has_lone_surrogate(value):
        raise _refused("a string holds a lone UTF-16 surrogate", "text that UTF-8 can carry", raw)
    return value
