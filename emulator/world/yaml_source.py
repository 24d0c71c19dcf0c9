"""Reading fixture text: YAML (or JSON, which is YAML) into plain values that remember where they were.

PyYAML's ``safe_load`` forgets positions and silently keeps the last of two equal keys, so sources
are *composed* (nodes with marks) and turned into values here, recording the line and column of
every value and every mapping key by its path (``("users", "alice", "email")``). Structural
checks run the JSON Schema in ``fixture_schema.json`` over the values and pin each problem to the
offending node: an unknown key at the key, a wrong type or enum at the value, a missing field at
the key of the record that lacks it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema_rs
import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from emulator.world.yaml_limits import MAX_DEPTH, MAX_SOURCE_BYTES, MAX_VALUES, TooCostly, check_cost

PathKey = str | int
DocPath = tuple[PathKey, ...]
Pos = tuple[int, int]  # 1-based line, column

SCHEMA_FILE = Path(__file__).with_name("fixture_schema.json")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = SafeConstructor()
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class FixtureError:
    """One problem in a fixture source, pinned to a line and column (both 1-based)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class FixtureErrors(Exception):
    """Every problem found in the sources (not just the first); nothing was loaded."""

    def __init__(self, errors: list[FixtureError]) -> None:
        self.errors = errors
        shown = "\n".join(str(e) for e in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s) in the fixtures:\n{shown}{more}")


@dataclass(frozen=True)
class FixtureSource:
    """Fixture text and where it came from: a file path, or "<request>" for a body posted to the admin API."""

    name: str
    text: str


@dataclass
class ParsedSource:
    name: str
    data: dict[str, Any]
    values: dict[DocPath, Pos] = field(default_factory=dict)  # where each value starts
    keys: dict[DocPath, Pos] = field(default_factory=dict)  # where the key of each mapping entry is
    errors: list[FixtureError] = field(default_factory=list)
    broken: set[DocPath] = field(default_factory=set)  # records (section, key) not to build
    ok: bool = True  # False when the text could not be parsed at all

    def pos(self, path: DocPath) -> Pos:
        """Where the value at path is (or, if it is absent, the nearest enclosing value)."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key_pos(self, path: DocPath) -> Pos:
        """Where the key naming the value at path is; the value itself for list items and the root."""
        found = self.keys.get(path)
        return found if found is not None else self.pos(path)

    def error(self, path: DocPath, message: str, *, at_key: bool = False) -> None:
        line, column = self.key_pos(path) if at_key else self.pos(path)
        self.errors.append(FixtureError(self.name, line, column, message))


def _mark(node: Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Converter:
    """Nodes -> plain values, recording positions and reporting duplicate keys."""

    def __init__(self, parsed: ParsedSource) -> None:
        self.parsed = parsed
        self.built = 0
        self.open: set[int] = set()  # ids of the collections being built: an alias to one is a loop

    def value(self, node: Node, path: DocPath) -> Any:
        self.built += 1
        if self.built > MAX_VALUES:
            raise TooCostly(node, f"the fixtures expand to more than {MAX_VALUES:,} values (aliases count each use)")
        self.parsed.values[path] = _mark(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if id(node) in self.open:
            raise TooCostly(node, "an alias refers to the collection that contains it")
        if len(path) > MAX_DEPTH:
            raise TooCostly(node, f"collections nest deeper than {MAX_DEPTH} levels")
        self.open.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self.mapping(node, path)
            return None  # pragma: no cover - compose yields only the three kinds
        finally:
            self.open.discard(id(node))

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        text: str = node.value
        if tag.endswith(":str") or node.style:  # quoted scalars are always strings
            return text
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag.endswith((":int", ":float")):
            if ":" in text:  # YAML 1.1 sexagesimal (17:00 == 1020): a time of day here, keep the text
                return text
            return (
                _CONSTRUCTOR.construct_yaml_int(node)
                if tag.endswith(":int")
                else _CONSTRUCTOR.construct_yaml_float(node)
            )
        return text  # timestamps, dates and anything else stay as written; the loader parses times itself

    def mapping(self, node: MappingNode, path: DocPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                line, column = _mark(key_node)
                self.parsed.errors.append(FixtureError(self.parsed.name, line, column, "a key must be a plain string"))
                continue
            key = str(key_node.value)
            child = (*path, key)
            if key in out:
                first = self.parsed.keys[child]
                line, column = _mark(key_node)
                message = f"duplicate key {key!r} (first defined at line {first[0]})"
                self.parsed.errors.append(FixtureError(self.parsed.name, line, column, message))
                continue
            self.parsed.keys[child] = _mark(key_node)
            out[key] = self.value(value_node, child)
        for merge in merges:
            self.merge(merge, path, out)
        return out

    def merge(self, node: Node, path: DocPath, out: dict[str, Any]) -> None:
        """``<<: *anchor`` (or a list of them): keys not given explicitly come from the anchors, first one first."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                line, column = _mark(source)
                self.parsed.errors.append(FixtureError(self.parsed.name, line, column, "'<<' merges only mappings"))
                continue
            for key_node, value_node in source.value:
                if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE_TAG and key_node.value not in out:
                    child = (*path, str(key_node.value))
                    self.parsed.keys[child] = _mark(key_node)
                    out[str(key_node.value)] = self.value(value_node, child)


def parse_source(source: FixtureSource) -> ParsedSource:
    parsed = ParsedSource(source.name, {})
    if len(source.text) > MAX_SOURCE_BYTES:
        message = f"the fixtures are {len(source.text):,} characters; at most {MAX_SOURCE_BYTES:,} are read"
        parsed.errors.append(FixtureError(source.name, 1, 1, message))
        parsed.ok = False
        return parsed
    try:
        root = yaml.compose(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        parsed.errors.append(FixtureError(source.name, line, column, f"not valid YAML or JSON: {problem}"))
        parsed.ok = False
        return parsed
    except yaml.YAMLError as exc:
        parsed.errors.append(FixtureError(source.name, 1, 1, f"not valid YAML or JSON: {exc}"))
        parsed.ok = False
        return parsed
    except RecursionError:
        parsed.errors.append(FixtureError(source.name, 1, 1, f"collections nest deeper than {MAX_DEPTH} levels"))
        parsed.ok = False
        return parsed
    if root is None:  # an empty document is an empty world
        parsed.values[()] = (1, 1)
        return parsed
    try:
        check_cost(root)
        data = _Converter(parsed).value(root, ())
    except TooCostly as exc:
        line, column = _mark(exc.node)
        parsed.errors.append(FixtureError(source.name, line, column, exc.message))
        parsed.values.clear()
        parsed.ok = False
        return parsed
    if not isinstance(data, dict):
        parsed.error((), f"the fixtures must be a mapping of sections (users, teams, ...), not {_json_type(data)}")
        parsed.ok = False
        return parsed
    parsed.data = data
    return parsed


# Structural validation ---------------------------------------------------------------------------

RECORD_SECTIONS: tuple[str, ...] = ("users", "teams", "oauthClients", "schedules", "eventTypes", "bookings")
RECORD_SECTIONS += ("webhooks", "outOfOffice", "calendars", "routingForms")


@cache
def fixture_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text())
    return schema


@cache
def _validator() -> Any:
    return jsonschema_rs.Draft202012Validator(fixture_schema())


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value)


def _subschema(schema_path: list[PathKey]) -> dict[str, Any]:
    node: Any = fixture_schema()
    for part in schema_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return node if isinstance(node, dict) else {}


def _branch_errors(kind: Any) -> list[Any]:
    """For anyOf/oneOf: the errors of the branch that best fits the value (the one that got its type right)."""
    branches: list[list[Any]] = [list(b) for b in (getattr(kind, "context", None) or [])]
    if not branches:
        return []

    def badness(errors: list[Any]) -> tuple[int, int]:
        shallow_type = any(
            e.kind.name == "type" and len(e.instance_path) <= min(len(x.instance_path) for x in errors) for e in errors
        )
        return (1 if shallow_type else 0, len(errors))

    return min(branches, key=badness)


class _Problem(NamedTuple):
    path: DocPath
    message: str
    kind: str  # "unknown" (a key), "missing" (a required field), "value" (wrong type, enum, form...)


def _describe(error: Any) -> list[_Problem]:
    """One jsonschema error -> problems, each pinned to a path."""
    kind = error.kind
    name = kind.name
    path: DocPath = tuple(error.instance_path)
    if name in ("additionalProperties", "unevaluatedProperties"):
        known = sorted(_subschema(list(error.schema_path)[:-1]).get("properties", {}))
        out = []
        for key in kind.unexpected:
            hint = difflib.get_close_matches(str(key), known, n=1)
            suggestion = (
                f" (did you mean {hint[0]!r}?)" if hint else f"; known keys: {', '.join(known)}" if known else ""
            )
            out.append(_Problem((*path, str(key)), f"unknown key {str(key)!r}{suggestion}", "unknown"))
        return out
    if name == "required":
        return [_Problem(path, f"missing required field {kind.property!r}", "missing")]
    if name == "type":
        wanted = " or ".join("a mapping" if t == "object" else "a list" if t == "array" else t for t in kind.types)
        return [_Problem(path, f"expected {wanted}, got {_json_type(error.instance)} {_show(error.instance)}", "value")]
    if name == "enum":
        options = ", ".join(str(o) for o in kind.options)
        return [_Problem(path, f"{_show(error.instance)} is not one of: {options}", "value")]
    if name in ("anyOf", "oneOf"):
        chosen = _branch_errors(kind)
        if chosen:
            return [problem for sub in chosen for problem in _describe(sub)]
    if name == "pattern":
        return [_Problem(path, f"{_show(error.instance)} does not have the expected form ({kind.pattern})", "value")]
    return [_Problem(path, error.message, "value")]


def check_structure(parsed: ParsedSource) -> None:
    """Run the JSON Schema, record every problem, then make the data safe to build from.

    Unknown keys are only reported (the builder reads the keys it knows). A bad value deeper than
    a record's own fields is dropped from its mapping, so the rest of the record is still built
    and checked; a record that is itself wrong (not a mapping, a required field missing) is
    marked broken and not built, and references to it are not reported again.
    """
    problems = [p for error in _validator().iter_errors(parsed.data) for p in _describe(error)]
    drop: set[DocPath] = set()
    for problem in problems:
        path = problem.path
        parsed.error(path, problem.message, at_key=problem.kind != "value")
        if problem.kind == "unknown" or not path:
            continue
        if path[0] == "generate":
            parsed.broken.add(("generate",))
        elif path[0] in RECORD_SECTIONS:
            cut = max((i for i in range(3, len(path) + 1) if isinstance(path[i - 1], str)), default=0)
            if cut and not (problem.kind == "missing" and cut == len(path)):
                drop.add(path[:cut])
            else:
                parsed.broken.add(path[:2])
    for path in sorted(drop, key=len, reverse=True):
        container: Any = parsed.data
        for part in path[:-1]:
            try:
                container = container[part]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(container, dict):
                container.pop(path[-1], None)
