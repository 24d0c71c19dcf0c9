"""Attribute routing queries: the react-awesome-query-builder trees Cal.com keeps for "assign hosts by
attributes" (packages/lib/raqb, findTeamMembersMatchingAttributeLogic), evaluated against what each
team member holds.

A tree is a group (``type: group``, ``properties.conjunction`` AND or OR, optional ``not``) whose
``children1`` are rules or nested groups. A rule names an attribute of the organization
(``properties.field``), an ``operator`` and a ``value`` list: option ids for select attributes (the
shared code reads them as the options' labels, lower-cased), text or numbers otherwise. Rules the
query builder's checkTree would drop (an unknown attribute or operator, no value where one is needed)
are dropped here too; a tree left with no rule has no logic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JSON = dict[str, Any]
Values = list[str]  # a member's values of one attribute, lower-cased


def _text(value: Any) -> str:
    return str(value).strip().lower()


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _compare(held: Values, wanted: Values, test: Callable[[float, float], bool]) -> bool:
    mine, theirs = (_number(held[0]) if held else None), (_number(wanted[0]) if wanted else None)
    return mine is not None and theirs is not None and test(mine, theirs)


def _between(held: Values, wanted: Values) -> bool:
    mine = _number(held[0]) if held else None
    bounds = [_number(w) for w in wanted[:2]]
    if mine is None or len(bounds) < 2 or bounds[0] is None or bounds[1] is None:
        return False
    return bounds[0] <= mine <= bounds[1]


# operator -> test over (the member's values, the rule's values)
OPERATORS: dict[str, Callable[[Values, Values], bool]] = {
    "select_equals": lambda held, wanted: bool(held) and held[0] == wanted[0],
    "select_not_equals": lambda held, wanted: not held or held[0] != wanted[0],
    "select_any_in": lambda held, wanted: bool(held) and held[0] in wanted,
    "select_not_any_in": lambda held, wanted: not held or held[0] not in wanted,
    "multiselect_some_in": lambda held, wanted: any(v in wanted for v in held),
    "multiselect_all_in": lambda held, wanted: bool(held) and all(v in wanted for v in held),
    "multiselect_not_some_in": lambda held, wanted: not any(v in wanted for v in held),
    "multiselect_equals": lambda held, wanted: bool(held) and set(held) == set(wanted),
    "multiselect_not_equals": lambda held, wanted: set(held) != set(wanted),
    "equal": lambda held, wanted: bool(held) and held[0] == wanted[0],
    "not_equal": lambda held, wanted: not held or held[0] != wanted[0],
    "like": lambda held, wanted: bool(held) and wanted[0] in held[0],
    "not_like": lambda held, wanted: not held or wanted[0] not in held[0],
    "starts_with": lambda held, wanted: bool(held) and held[0].startswith(wanted[0]),
    "ends_with": lambda held, wanted: bool(held) and held[0].endswith(wanted[0]),
    "less": lambda held, wanted: _compare(held, wanted, lambda a, b: a < b),
    "less_or_equal": lambda held, wanted: _compare(held, wanted, lambda a, b: a <= b),
    "greater": lambda held, wanted: _compare(held, wanted, lambda a, b: a > b),
    "greater_or_equal": lambda held, wanted: _compare(held, wanted, lambda a, b: a >= b),
    "between": _between,
    "is_empty": lambda held, wanted: not held,
    "is_not_empty": lambda held, wanted: bool(held),
}
NO_VALUE = ("is_empty", "is_not_empty")


def is_empty(tree: Any) -> bool:
    """isQueryValueEmpty: no tree, or a group without children."""
    return not isinstance(tree, dict) or not tree.get("children1")


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [item for part in value for item in _flatten(part)]
    return [] if value is None else [value]


class Logic:
    """A checked tree, ready to test members against."""

    def __init__(self, tree: JSON, labels: dict[str, dict[str, str]]) -> None:
        # labels: attribute id -> {option id: lower-cased label}
        self.labels = labels
        self.root = self._group(tree)

    def _rule(self, properties: Any) -> tuple[str, str, Values] | None:
        if not isinstance(properties, dict):
            return None
        field, operator = properties.get("field"), properties.get("operator")
        if not isinstance(field, str) or not isinstance(operator, str):
            return None
        if field not in self.labels or operator not in OPERATORS:
            return None
        options = self.labels[field]
        values = [v for v in _flatten(properties.get("value")) if isinstance(v, str | int | float)]
        wanted = [_text(options.get(str(v), v)) for v in values]
        if not wanted and operator not in NO_VALUE:
            return None
        return str(field), str(operator), wanted

    def _group(self, node: Any) -> JSON | None:
        if not isinstance(node, dict):
            return None
        parts: list[Any] = []
        children = node.get("children1")
        listed = (
            list(children.values()) if isinstance(children, dict) else children if isinstance(children, list) else []
        )
        for child in listed:
            if not isinstance(child, dict):
                continue
            part = self._rule(child.get("properties")) if child.get("type") == "rule" else self._group(child)
            if part is not None:
                parts.append(part)
        if not parts:
            return None
        properties = node.get("properties") if isinstance(node.get("properties"), dict) else {}
        conjunction = str((properties or {}).get("conjunction") or "AND").upper()
        return {"or": conjunction == "OR", "not": bool((properties or {}).get("not")), "parts": parts}

    @property
    def empty(self) -> bool:
        return self.root is None

    def matches(self, held: dict[str, Values]) -> bool:
        return self.root is not None and self._test(self.root, held)

    def _test(self, group: JSON, held: dict[str, Values]) -> bool:
        results = (
            self._test(part, held) if isinstance(part, dict) else OPERATORS[part[1]](held.get(part[0], []), part[2])
            for part in group["parts"]
        )
        outcome = any(results) if group["or"] else all(results)
        return not outcome if group["not"] else outcome
