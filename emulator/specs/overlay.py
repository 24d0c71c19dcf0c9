"""Apply our overlay files to the upstream specs at load time.

An overlay file follows the shape of the OpenAPI Overlay 1.0 format: a list of ``actions``, each with
a JSONPath ``target``, a one-line ``description`` saying why the change exists, and either an
``update`` (objects are merged recursively, other values replace; on an array target the update is
appended) or ``remove: true``. A file names the documents it applies to (``documents: [v2]``).
Every action must select at least one node: an action that matches nothing means upstream changed
and the correction needs another look, so loading reports it and a test fails on it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emulator.specs import jsonpath
from emulator.specs.yamlio import read_yaml


class OverlayError(Exception):
    pass


@dataclass(frozen=True)
class Action:
    file: str
    index: int
    target: str
    description: str
    update: Any = None
    remove: bool = False


@dataclass
class Overlay:
    path: Path
    documents: tuple[str, ...]
    actions: list[Action] = field(default_factory=list)


def load_overlay(path: Path) -> Overlay:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "actions" not in raw or "documents" not in raw:
        raise OverlayError(f"{path}: an overlay needs `documents` and `actions`")
    overlay = Overlay(path=path, documents=tuple(raw["documents"]))
    for index, entry in enumerate(raw["actions"]):
        if not entry.get("description"):
            raise OverlayError(f"{path}: action {index} ({entry.get('target')}) has no description (reason)")
        if ("update" in entry) == bool(entry.get("remove")):
            raise OverlayError(f"{path}: action {index} needs exactly one of `update` or `remove: true`")
        jsonpath.parse(entry["target"])  # fail early on a malformed target
        overlay.actions.append(
            Action(
                file=path.name,
                index=index,
                target=entry["target"],
                description=entry["description"],
                update=entry.get("update"),
                remove=bool(entry.get("remove")),
            )
        )
    return overlay


def load_overlays(folder: Path) -> list[Overlay]:
    return [load_overlay(p) for p in sorted(folder.glob("*.yaml"))]


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def apply_action(document: Any, action: Action) -> int:
    """Apply one action in place; returns how many nodes it touched."""
    matches = jsonpath.find(document, action.target)
    if action.remove:
        # Remove from the end so that list indices stay valid.
        for parent, key in sorted(matches, key=lambda m: m[1] if isinstance(m[1], int) else 0, reverse=True):
            del parent[key]
        return len(matches)
    for parent, key in matches:
        node = key if parent is None else parent[key]
        if isinstance(node, list):
            node.extend(copy.deepcopy(action.update if isinstance(action.update, list) else [action.update]))
        elif isinstance(node, dict) and isinstance(action.update, dict):
            _merge(node, action.update)
        elif parent is not None:
            parent[key] = copy.deepcopy(action.update)
        else:
            raise OverlayError(f"{action.file}: cannot replace the document root")
    return len(matches)


def apply_overlays(document: Any, name: str, overlays: list[Overlay]) -> list[Action]:
    """Apply every action meant for `name`; returns the actions that matched nothing."""
    unmatched: list[Action] = []
    for overlay in overlays:
        if name not in overlay.documents:
            continue
        for action in overlay.actions:
            if apply_action(document, action) == 0:
                unmatched.append(action)
    return unmatched
