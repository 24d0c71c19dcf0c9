"""Parameter texts for the sample corpus: how a typed value travels in a URL or header, and the
path and query variants of a valid request.

A variant changes one path or query parameter of a valid request: a text its schema rejects
(not a number, out of its enum, a bad format, below its minimum), a text at the edge of a
literal (``+5``, ``1_000``, ``nan``, ``yes``: not literals; ``007``, ``2.5e1``: literals, see
pipeline/coerce.py), a required query parameter left out, an empty one. Whether a text at the
edge is valid is the ``SchemaChecker``'s call on the typed value it stands for.
"""

from __future__ import annotations

import json
import math
from typing import Any

from emulator.specs.operations import Operation
from emulator.specs.sample_check import SchemaChecker
from emulator.specs.sample_mutations import BAD_FORMAT
from emulator.specs.schemas import stage_owned

# Parameter texts at the edge of a literal: (label, text, the typed value, or None where the text
# is not a literal). Scalars are JSON-like literals (pipeline/coerce.py): openapi-core's int(),
# float() and yes/no casting would take every None one here.
_LITERAL_EDGES: dict[Any, tuple[tuple[str, str, Any], ...]] = {
    "integer": (
        ("has leading zeros", "007", 7),
        ("has a plus sign", "+5", None),
        ("has a leading space", " 5", None),
        ("has an underscore", "1_000", None),
        ("is in Arabic-Indic digits", "\u0665", None),
        ("ends in a newline", "5\n", None),
    ),
    "number": (
        ("has an exponent", "2.5e1", 25.0),
        ("is inf", "inf", None),
        ("is nan", "nan", None),
        ("overflows to inf", "1e400", None),
        ("has a plus sign", "+1", None),
        ("has an underscore", "1_0", None),
    ),
    "boolean": (("is 1", "1", None), ("is yes", "yes", None), ("is True", "True", None)),
}

# (case, valid, path parameters, query): a request's parameters with one of them changed.
Variant = tuple[str, bool, dict[str, str], list[tuple[str, str]]]


def param_text(value: Any) -> str:
    """A typed parameter value as it travels in a URL or header."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _bad_texts(schema: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """Raw parameter texts the schema rejects: (label, text, None)."""
    out: list[tuple[str, str, Any]] = []
    kind = schema.get("type")
    if kind in ("integer", "number", "boolean"):
        out.append((f"is not {kind}", "abc", None))
    if kind == "integer":
        out.append(("is a fraction", "1.5", None))
    if "enum" in schema:
        out.append(("is not one of its enum", "not-in-enum", None))
    if schema.get("format") in BAD_FORMAT:
        out.append((f"is not a {schema['format']}", BAD_FORMAT[schema["format"]], None))
    if isinstance(schema.get("minimum"), int | float):
        out.append(("is below its minimum", param_text(math.floor(schema["minimum"]) - 1), None))
    return out


def _literal_edges(schema: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """Texts at the edge of a scalar literal: (label, text, typed value if it is a literal, else None)."""
    return list(_LITERAL_EDGES.get(schema.get("type"), ()))


def param_variants(
    checker: SchemaChecker, op: Operation, path: dict[str, str], query: list[tuple[str, str]]
) -> list[Variant]:
    """Variants of a request's path parameters and query: at most one per kind of change."""
    out: list[Variant] = []
    kinds: set[str] = set()

    def add(kind: str, case: str, valid: bool, new_path: dict[str, str], new_query: list[tuple[str, str]]) -> None:
        if kind not in kinds:
            kinds.add(kind)
            out.append((case, valid, new_path, new_query))

    for p in op.parameters:
        if p.location not in ("path", "query") or stage_owned(p.location, p.name):
            continue
        schema = checker.resolve(p.schema)
        item = checker.resolve(schema.get("items", {})) if p.is_array else schema
        texts = _bad_texts(item) + _literal_edges(item)
        if p.is_array and p.location == "query" and p.explode and item.get("type") in ("integer", "number"):
            texts.append(("is a comma list (the name repeats instead)", "1,2", None))
        for label, text, typed in texts:
            valid = typed is not None and checker.conforms(item, typed, "request")
            if p.location == "path":
                add(f"path {label}", f"path {p.name} {label}", valid, {**path, p.name: text}, query)
            else:
                others = [(k, v) for k, v in query if k != p.name]
                add(f"query {label}", f"query {p.name} {label}", valid, path, [*others, (p.name, text)])
        others = [(k, v) for k, v in query if k != p.name]
        if p.location == "query" and p.required:
            add("missing", f"query {p.name} (required) missing", False, path, others)
        if p.location == "query" and not p.is_array:
            # OpenAPI 3.0: allowEmptyValue defaults to false, so "?name=" is not a value unless it is set.
            add("empty", f"query {p.name} is empty", p.allow_empty, path, [*others, (p.name, "")])
    if op.method == "GET":
        add("unknown", "an undocumented query parameter (ignored)", True, path, [*query, ("notInTheSpec", "1")])
    return out
