"""Spec drift: what changes between the pinned OpenAPI document and another version of it, so moving
the pin is a reviewed step (``calcom-emulator specs diff``; docs/coverage.md).

Operations are matched by method and path. For an operation in both, the comparison covers its
operationId, its parameters (added, removed, required or type changed), its JSON request body and its
responses (statuses added or removed, and for each status the body's fields). A schema is compared
as the set of its field paths (``data.attendees[].email``), each with its type, whether it is
required and its enum; ``$ref``s are followed (a cycle stops at the second visit), ``allOf`` merges
and the variants of ``oneOf``/``anyOf`` add their fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
MAX_DEPTH = 12  # field paths deeper than this are not followed


@dataclass(frozen=True)
class FieldInfo:
    types: tuple[str, ...]
    required: bool
    enum: tuple[str, ...] | None

    def describe(self) -> str:
        text = "|".join(self.types) or "any"
        if self.enum is not None:
            text += f" enum[{', '.join(self.enum)}]"
        return text + (", required" if self.required else "")


@dataclass
class Change:
    kind: str  # operationId | parameter | requestBody | response
    change: str  # added | removed | changed
    where: str  # "query.take", "201 data.uid", "body attendees[].email"
    before: str | None = None
    after: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "change": self.change,
            "where": self.where,
            "before": self.before,
            "after": self.after,
        }

    def line(self) -> str:
        what = {"added": f"added ({self.after})", "removed": f"removed (was {self.before})"}.get(
            self.change, f"{self.before} -> {self.after}"
        )
        return f"{self.kind} {self.where}: {what}"


@dataclass
class OperationDiff:
    method: str
    path: str
    operation_id: str
    changes: list[Change] = field(default_factory=list)


class Flattener:
    """A document's schemas as field paths."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def ref(self, pointer: str) -> Any:
        node: Any = self.document
        for part in pointer.removeprefix("#/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                return {}
            node = node[part]
        return node

    def fields(self, schema: Any) -> dict[str, FieldInfo]:
        out: dict[str, FieldInfo] = {}
        self._walk(schema, "", True, out, (), 0)
        return out

    def _walk(
        self, schema: Any, path: str, required: bool, out: dict[str, FieldInfo], seen: tuple[str, ...], depth: int
    ) -> None:
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return
        if "$ref" in schema:
            pointer = str(schema["$ref"])
            target = self.ref(pointer)
            if pointer in seen:  # a schema inside itself: the field is there, its fields were listed above
                if path and isinstance(target, dict):
                    out.setdefault(path, FieldInfo(_types(target), required, None))
                return
            self._walk(target, path, required, out, (*seen, pointer), depth)
            return
        for part in schema.get("allOf", []):
            self._walk(part, path, required, out, seen, depth)
        for variant in [*schema.get("oneOf", []), *schema.get("anyOf", [])]:
            self._walk(variant, path, False, out, seen, depth)
        types = _types(schema)
        if path and (types or "enum" in schema):
            held = out.get(path)
            enum = tuple(sorted(map(str, schema["enum"]))) if isinstance(schema.get("enum"), list) else None
            if held is not None:
                types = tuple(sorted(set(held.types) | set(types)))
                required = held.required or required
                enum = held.enum if enum is None else enum
            out[path] = FieldInfo(types, required, enum)
        needed = set(schema.get("required") or ())
        for name, sub in (schema.get("properties") or {}).items():
            child = f"{path}.{name}" if path else str(name)
            self._walk(sub, child, name in needed, out, seen, depth + 1)
        if "items" in schema:
            self._walk(schema["items"], f"{path}[]", True, out, seen, depth + 1)


def _types(schema: dict[str, Any]) -> tuple[str, ...]:
    declared = schema.get("type")
    types = set(declared if isinstance(declared, list) else [declared] if declared else [])
    if schema.get("nullable"):
        types.add("null")
    if not types and "properties" in schema:
        types.add("object")
    return tuple(sorted(types))


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                found[(method.upper(), path)] = {
                    **op,
                    "parameters": [*item.get("parameters", []), *op.get("parameters", [])],
                }
    return found


def _json_schema(content: Any) -> Any:
    if not isinstance(content, dict):
        return None
    for media, entry in content.items():
        if "json" in media and isinstance(entry, dict):
            return entry.get("schema")
    return None


def _compare_fields(
    kind: str, prefix: str, old: dict[str, FieldInfo], new: dict[str, FieldInfo], changes: list[Change]
) -> None:
    for name in sorted(set(old) | set(new)):
        where = f"{prefix} {name}".strip()
        before, after = old.get(name), new.get(name)
        if before is None and after is not None:
            changes.append(Change(kind, "added", where, None, after.describe()))
        elif after is None and before is not None:
            changes.append(Change(kind, "removed", where, before.describe(), None))
        elif before is not None and after is not None and before != after:
            changes.append(Change(kind, "changed", where, before.describe(), after.describe()))


def _parameters(flat: Flattener, op: dict[str, Any]) -> dict[str, FieldInfo]:
    found: dict[str, FieldInfo] = {}
    for raw in op.get("parameters", []):
        param = flat.ref(raw["$ref"]) if isinstance(raw, dict) and "$ref" in raw else raw
        if not isinstance(param, dict) or "name" not in param:
            continue
        schema = param.get("schema") or {}
        info = flat.fields({"type": "object", "properties": {"_": schema}}).get("_", FieldInfo((), False, None))
        found[f"{param.get('in')}.{param['name']}"] = FieldInfo(info.types, bool(param.get("required")), info.enum)
    return found


def compare_operation(
    old_flat: Flattener, new_flat: Flattener, key: tuple[str, str], old: dict[str, Any], new: dict[str, Any]
) -> OperationDiff:
    diff = OperationDiff(key[0], key[1], str(new.get("operationId") or old.get("operationId") or ""))
    changes = diff.changes
    if old.get("operationId") != new.get("operationId"):
        changes.append(Change("operationId", "changed", "", old.get("operationId"), new.get("operationId")))
    _compare_fields("parameter", "", _parameters(old_flat, old), _parameters(new_flat, new), changes)
    old_body = old_flat.fields(_json_schema((old.get("requestBody") or {}).get("content")))
    new_body = new_flat.fields(_json_schema((new.get("requestBody") or {}).get("content")))
    _compare_fields("requestBody", "", old_body, new_body, changes)
    old_responses, new_responses = old.get("responses") or {}, new.get("responses") or {}
    for status in sorted(set(old_responses) | set(new_responses)):
        if status not in new_responses:
            changes.append(Change("response", "removed", str(status), "documented", None))
            continue
        if status not in old_responses:
            changes.append(Change("response", "added", str(status), None, "documented"))
            continue
        before = old_flat.fields(_json_schema((old_responses[status] or {}).get("content")))
        after = new_flat.fields(_json_schema((new_responses[status] or {}).get("content")))
        _compare_fields("response", str(status), before, after, changes)
    return diff


def diff_documents(pinned: dict[str, Any], other: dict[str, Any], served: set[str]) -> dict[str, Any]:
    """Added, removed and changed operations; each marked ``served`` when the emulator has a handler
    for its operationId (for a changed one, under either name)."""
    old_ops, new_ops = operations(pinned), operations(other)
    old_flat, new_flat = Flattener(pinned), Flattener(other)

    def entry(key: tuple[str, str], op: dict[str, Any]) -> dict[str, Any]:
        op_id = str(op.get("operationId") or "")
        return {"method": key[0], "path": key[1], "operationId": op_id, "served": op_id in served}

    added = [entry(k, new_ops[k]) for k in sorted(set(new_ops) - set(old_ops), key=_order)]
    removed = [entry(k, old_ops[k]) for k in sorted(set(old_ops) - set(new_ops), key=_order)]
    changed: list[dict[str, Any]] = []
    for key in sorted(set(old_ops) & set(new_ops), key=_order):
        result = compare_operation(old_flat, new_flat, key, old_ops[key], new_ops[key])
        if result.changes:
            names = {old_ops[key].get("operationId"), new_ops[key].get("operationId")}
            changed.append(
                {
                    **entry(key, new_ops[key]),
                    "served": bool(names & served),
                    "changes": [c.as_dict() for c in result.changes],
                }
            )
    return {
        "added": added,
        "removed": removed,
        "changed": changed,
        "totals": {
            "pinned": len(old_ops),
            "other": len(new_ops),
            "added": len(added),
            "removed": len(removed),
            "changed": len(changed),
            "servedAffected": sum(1 for e in [*removed, *changed] if e["served"]),
        },
    }


def _order(key: tuple[str, str]) -> tuple[str, str]:
    return (key[1], key[0])


def text_lines(report: dict[str, Any]) -> list[str]:
    """The report for a terminal: one line per operation, one indented line per change."""

    def mark(e: dict[str, Any]) -> str:
        return "  [served]" if e["served"] else ""

    t = report["totals"]
    lines = [
        f"{t['pinned']} operations pinned, {t['other']} in the other spec: {t['added']} added, "
        f"{t['removed']} removed, {t['changed']} changed ({t['servedAffected']} of the removed and changed "
        "ones are served by the emulator)"
    ]
    for title, sign, entries in (("added", "+", report["added"]), ("removed", "-", report["removed"])):
        if entries:
            lines.append(f"{title} operations:")
            lines += [f"  {sign} {e['method']:6} {e['path']}  {e['operationId']}{mark(e)}" for e in entries]
    if report["changed"]:
        lines.append("changed operations:")
        for e in report["changed"]:
            lines.append(f"  ~ {e['method']:6} {e['path']}  {e['operationId']}{mark(e)}")
            lines += [f"      {Change(**c).line()}" for c in e["changes"]]
    return lines
