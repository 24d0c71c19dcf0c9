"""Route rules as Cal.com evaluates them.

A route's ``queryValue`` (and ``attributesQueryValue``) is a react-awesome-query-builder tree: groups
with a ``conjunction`` (AND, OR) and ``not``, holding rules ``{field, operator, value: [...]}``. Cal.com
checks the tree against a config (which fields exist, which operators each type takes), formats it to
jsonLogic and applies it with its own overrides: ``==``, ``!=`` and ``in`` lower-case their strings
first (packages/app-store/routing-forms/lib/jsonLogic.ts, evaluateRaqbLogic.ts,
components/react-awesome-query-builder/config/BasicConfig.ts). Evaluated here directly, rule by rule,
with JavaScript's comparisons:

- A rule whose field is unknown, whose operator its field's type does not take, or whose value is
  incomplete is left out, as the query builder's check drops it. A group left with no rule yields no
  logic, and a tree without logic counts as a match (``LOGIC_NOT_FOUND_SO_MATCHED``).
- ``all`` over an empty list is false, ``some`` over something that is not a list is false.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

# Field type -> the query builder's widget type (config.ts: phone and email are text widgets).
KIND_OF_FIELD = {
    "text": "text",
    "textarea": "text",
    "email": "text",
    "phone": "text",
    "number": "number",
    "select": "select",
    "radio": "select",
    "multiselect": "multiselect",
    "checkbox": "multiselect",
}
# Attribute type -> widget type (getQueryBuilderConfig.ts attributeTypesMap).
KIND_OF_ATTRIBUTE = {"TEXT": "text", "NUMBER": "number", "SINGLE_SELECT": "select", "MULTI_SELECT": "multiselect"}
# The operators each widget type takes that BasicConfig defines (is_null, ends_with, proximity are not).
OPERATORS = {
    "text": ("equal", "not_equal", "like", "not_like", "starts_with", "is_empty", "is_not_empty"),
    "number": ("equal", "not_equal", "less", "less_or_equal", "greater", "greater_or_equal", "between", "not_between"),
    "select": ("select_equals", "select_not_equals", "select_any_in", "select_not_any_in"),
    "multiselect": ("multiselect_equals", "multiselect_not_equals"),
}
# Attribute rules may also ask "any in" of a multi-select (config.ts, ConfigFor.Attributes).
ATTRIBUTE_EXTRA = ("multiselect_some_in", "multiselect_not_some_in")
CARDINALITY = {"is_empty": 0, "is_not_empty": 0, "between": 2, "not_between": 2}
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|infinity)\s*", re.IGNORECASE)


# JavaScript's values and comparisons ------------------------------------------------------------


def normalize(value: Any) -> Any:
    """The overrides lower-case strings, and the strings inside a list."""
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, list):
        return [item.lower() if isinstance(item, str) else item for item in value]
    return value


def js_string(value: Any) -> str:
    """String(value): how a list joins, how numbers print."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, list):
        return ",".join("" if item is None else js_string(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def js_number(value: Any) -> float:
    """Number(value)."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list | dict):
        return js_number(js_string(value)) if isinstance(value, list) else math.nan
    text = str(value)
    if text.strip() == "":
        return 0.0
    if _NUMBER.fullmatch(text) is None:
        return math.nan
    return float(text.strip().lower().replace("infinity", "inf"))


def _primitive(value: Any) -> Any:
    return js_string(value) if isinstance(value, list | dict) else value


def loose_equal(a: Any, b: Any) -> bool:
    """JavaScript's ``==`` for the JSON values answers and rules hold."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, list | dict) and isinstance(b, list | dict):
        return a is b
    a, b = _primitive(a), _primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return js_number(a) == js_number(b)


def strict_equal(a: Any, b: Any) -> bool:
    """``===``, which Array.prototype.indexOf uses."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return type(a) is type(b) and a == b


def _compare(a: Any, b: Any, op: str) -> bool:
    a, b = _primitive(a), _primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        left, right = a, b
        return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]
    x, y = js_number(a), js_number(b)
    if math.isnan(x) or math.isnan(y):
        return False
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def truthy(value: Any) -> bool:
    """jsonLogic's truthiness: an empty list is false, otherwise JavaScript's."""
    if isinstance(value, list):
        return len(value) > 0
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(value) or isinstance(value, dict)


def contains(needle: Any, haystack: Any) -> bool:
    """The ``in`` override: a substring of a string, a member (===) of a list; false for anything else."""
    first, second = normalize(needle), normalize(haystack)
    if not truthy(second) and not isinstance(second, list):
        return False
    if isinstance(second, str):
        return js_string(first) in second if not isinstance(first, str) else first in second
    if isinstance(second, list):
        return any(strict_equal(first, item) for item in second)
    return False


def _parse_int(value: Any) -> float:
    """parseInt(value, 10) as the between operators apply it."""
    match = re.match(r"\s*([+-]?\d+)", js_string(value))
    return float(match.group(1)) if match else math.nan


# rules ------------------------------------------------------------------------------------------


def _rule(operator: str, actual: Any, values: list[Any]) -> bool:
    first = values[0] if values else None
    if operator in ("equal", "select_equals"):
        return loose_equal(normalize(actual), normalize(first))
    if operator in ("not_equal", "select_not_equals"):
        return not loose_equal(normalize(actual), normalize(first))
    if operator == "like":
        return contains(first, actual)
    if operator == "not_like":
        return not contains(first, actual)
    if operator == "starts_with":
        return isinstance(actual, str) and actual.lower().startswith(js_string(first).lower())
    if operator in ("less", "less_or_equal", "greater", "greater_or_equal"):
        op = {"less": "<", "less_or_equal": "<=", "greater": ">", "greater_or_equal": ">="}[operator]
        return _compare(actual, first, op)
    if operator in ("between", "not_between"):
        low, high = _parse_int(values[0]), _parse_int(values[1])
        inside = _compare(actual, low, ">=") and _compare(actual, high, "<=")
        outside = _compare(actual, low, "<") or _compare(actual, high, ">")
        return inside if operator == "between" else outside
    if operator == "is_empty":
        return not truthy(actual)
    if operator == "is_not_empty":
        return truthy(actual)
    if operator == "select_any_in":
        return contains(actual, first)
    if operator == "select_not_any_in":
        return not contains(actual, first)
    if operator in ("multiselect_equals", "multiselect_not_equals"):
        every = isinstance(actual, list) and len(actual) > 0 and all(contains(item, first) for item in actual)
        return every if operator == "multiselect_equals" else not every
    if operator in ("multiselect_some_in", "multiselect_not_some_in"):
        some = isinstance(actual, list) and any(contains(item, first) for item in actual)
        return some if operator == "multiselect_some_in" else not some
    return False


def _complete(operator: str, values: Any) -> bool:
    wanted = CARDINALITY.get(operator, 1)
    if wanted == 0:
        return True
    if not isinstance(values, list) or len(values) < wanted:
        return False
    return all(v is not None and v != "" and v != [] for v in values[:wanted])


def _children(node: dict[str, Any]) -> Iterator[Any]:
    children = node.get("children1")
    if isinstance(children, dict):
        yield from children.values()
    elif isinstance(children, list):
        yield from children


Check = Callable[[dict[str, Any]], bool | None]


def _group(node: dict[str, Any], rule: Check) -> bool | None:
    results = []
    for child in _children(node):
        if not isinstance(child, dict):
            continue
        found = _group(child, rule) if child.get("type") in ("group", "rule_group") else rule(child)
        if found is not None:
            results.append(found)
    if not results:
        return None
    raw = node.get("properties")
    props: dict[str, Any] = raw if isinstance(raw, dict) else {}
    either = str(props.get("conjunction") or "AND").upper() == "OR"
    outcome = any(results) if either else all(results)
    return not outcome if props.get("not") is True else outcome


def evaluate(tree: Any, kinds: dict[str, str], data: dict[str, Any], *, attributes: bool = False) -> bool | None:
    """Whether ``data`` (field or attribute id -> value) satisfies the tree; None when the tree holds
    no rule that counts (Cal.com then has no logic to apply)."""
    if not isinstance(tree, dict) or tree.get("type") not in ("group", "rule_group", None):
        return None

    def rule(node: dict[str, Any]) -> bool | None:
        props = node.get("properties")
        if node.get("type") != "rule" or not isinstance(props, dict):
            return None
        field, operator, values = props.get("field"), props.get("operator"), props.get("value")
        if not isinstance(field, str) or not isinstance(operator, str) or field not in kinds:
            return None
        kind = kinds[field]
        allowed = OPERATORS[kind] + (ATTRIBUTE_EXTRA if attributes and kind == "multiselect" else ())
        if operator not in allowed or not _complete(operator, values):
            return None
        return _rule(operator, data.get(field), values if isinstance(values, list) else [])

    return _group(tree, rule)


def has_rules(tree: Any) -> bool:
    """Whether a tree holds any rule at all (the fallback route must not)."""
    if not isinstance(tree, dict):
        return False
    return any(
        isinstance(child, dict) and (child.get("type") == "rule" or has_rules(child)) for child in _children(tree)
    )


def field_ids(tree: Any) -> set[str]:
    """Every ``properties.field`` a tree names (handleResponse's extractFieldIdsFromQuery)."""
    found: set[str] = set()
    if isinstance(tree, dict):
        props = tree.get("properties")
        if isinstance(props, dict) and isinstance(props.get("field"), str):
            found.add(props["field"])
        for value in tree.values():
            found |= field_ids(value)
    elif isinstance(tree, list):
        for item in tree:
            found |= field_ids(item)
    return found
