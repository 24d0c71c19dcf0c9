"""The small part of JSONPath (RFC 9535) that overlay targets need.

Supported: ``$``, ``.name``, ``['name']`` / ``["name"]``, ``.*`` / ``[*]``, and filters
``[?@.key == literal]`` joined with ``&&`` (``@.a.b`` reaches into nested objects; literals: quoted
strings, numbers, true, false, null; ``@.key`` alone tests that the key exists). A match is a
(parent, key) pair so that the overlay engine can replace or remove the node in place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Node = Any
Location = tuple[Any, Any]  # (parent container, key or index); parent is None for the root


class JsonPathError(ValueError):
    pass


@dataclass(frozen=True)
class _Step:
    kind: str  # "name" | "wildcard" | "filter"
    name: str = ""
    test: Callable[[Node], bool] | None = None


_NAME = re.compile(r"\.([A-Za-z0-9_$\-]+)")
_BRACKET = re.compile(r"""\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\*)|(-?\d+))\s*\]""")
_FILTER = re.compile(r"\[\?\(?(.*?)\)?\]")
_CONDITION = re.compile(r"""^\s*@\.([A-Za-z0-9_$\-]+(?:\.[A-Za-z0-9_$\-]+)*)\s*(?:==\s*(.+?))?\s*$""")


def _literal(text: str) -> Any:
    text = text.strip()
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1]
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonPathError(f"bad literal {text!r} in filter") from exc


def _compile_filter(expression: str) -> Callable[[Node], bool]:
    checks: list[tuple[str, bool, Any]] = []
    for part in expression.split("&&"):
        m = _CONDITION.match(part)
        if not m:
            raise JsonPathError(f"unsupported filter condition {part!r}")
        key, literal = m.group(1), m.group(2)
        checks.append((key, literal is not None, _literal(literal) if literal is not None else None))

    missing = object()

    def lookup(node: Node, dotted: str) -> Any:
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return missing
            node = node[part]
        return node

    def test(node: Node) -> bool:
        for key, compare, value in checks:
            found = lookup(node, key)
            if found is missing:
                return False
            # JSON equality: True must not equal 1, so compare types as well as values.
            if compare and (found != value or type(found) is not type(value)):
                return False
        return True

    return test


def parse(path: str) -> list[_Step]:
    if not path.startswith("$"):
        raise JsonPathError(f"a target must start with '$': {path!r}")
    steps: list[_Step] = []
    pos = 1
    while pos < len(path):
        rest = path[pos:]
        if rest.startswith(".*"):
            steps.append(_Step("wildcard"))
            pos += 2
            continue
        if m := _NAME.match(rest):
            steps.append(_Step("name", name=m.group(1)))
        elif m := _BRACKET.match(rest):
            single, double, star, index = m.groups()
            if star:
                steps.append(_Step("wildcard"))
            elif index is not None:
                steps.append(_Step("name", name=index))
            else:
                raw = single if single is not None else double
                steps.append(_Step("name", name=re.sub(r"\\(.)", r"\1", raw or "")))
        elif rest.startswith("[?") and (m := _FILTER.match(rest)):
            steps.append(_Step("filter", test=_compile_filter(m.group(1))))
        else:
            raise JsonPathError(f"cannot parse {path!r} at {rest!r}")
        pos += m.end()
    return steps


def _children(node: Node) -> Iterator[tuple[Any, Node]]:
    if isinstance(node, dict):
        yield from node.items()
    elif isinstance(node, list):
        yield from enumerate(node)


def find(document: Node, path: str) -> list[Location]:
    """Every (parent, key) the path selects, in document order."""
    current: list[Location] = [(None, document)]
    # The root is represented as (None, document) with the node itself in the key slot.
    for step in parse(path):
        following: list[Location] = []
        for parent, key in current:
            node = key if parent is None else parent[key]
            if step.kind == "name":
                if isinstance(node, dict) and step.name in node:
                    following.append((node, step.name))
                elif isinstance(node, list) and step.name.lstrip("-").isdigit():
                    index = int(step.name)
                    if -len(node) <= index < len(node):
                        following.append((node, index % len(node)))
            else:
                for child_key, child in _children(node):
                    if step.kind == "wildcard" or (step.test is not None and step.test(child)):
                        following.append((node, child_key))
        current = following
    return current
