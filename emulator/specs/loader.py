"""Load the pinned specs and our legacy description, apply overlays, and index the operations.

The overlaid documents and their schemas converted for validation are kept in the disk cache
(specs/cache.py), named by the pins, the sha256 of every own document and overlay file, and the
source of the code that makes them; only the operation index is built on every start.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emulator.specs import cache, lock
from emulator.specs.convert import Converter, Direction, registry_uri
from emulator.specs.operations import Operation, build_operations
from emulator.specs.overlay import Action, apply_overlays, load_overlay
from emulator.specs.resources import openapi_dir
from emulator.specs.yamlio import read_yaml

# How each document is served: the API (URL prefix and error shape) and the prefix its paths need.
DOCUMENTS = {"v1": ("v1", "/v1"), "v2": ("v2", ""), "legacy": ("v2", ""), "atoms": ("v2", "")}
LEGACY_FILE = "legacy/2024-04-15.yaml"
# Our description of the provider and atoms controllers, which Cal.com leaves out of its spec.
ATOMS_FILE = "atoms/atoms.yaml"
# Our own documents, loaded when present: name -> file under openapi/.
OWN_DOCUMENTS = {"legacy": LEGACY_FILE, "atoms": ATOMS_FILE}
DIRECTIONS: tuple[Direction, ...] = ("request", "response")
CACHE_KIND = "specs"
# The modules whose code decides what a cached entry holds.
CACHED_CODE = ("loader.py", "overlay.py", "jsonpath.py", "yamlio.py", "convert.py", "cache.py")


@dataclass
class SpecSet:
    documents: dict[str, dict[str, Any]]  # name -> overlaid OpenAPI document
    operations: list[Operation]
    hashes: dict[str, str]  # name -> sha256 of the file it came from
    sources: dict[str, Path]
    unmatched: list[Action] = field(default_factory=list)
    # registry URI (convert.registry_uri) -> every component schema of a document converted for one
    # direction, as {"definitions": {...}}: what the validators' registry holds.
    definitions: dict[str, Any] = field(default_factory=dict)

    def by_id(self) -> dict[str, Operation]:
        return {op.operation_id: op for op in self.operations}


def convert_components(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every document's component schemas converted per direction, by registry URI."""
    out: dict[str, Any] = {}
    for name, document in documents.items():
        components = document.get("components", {}).get("schemas", {})
        for direction in DIRECTIONS:
            out[registry_uri(name, direction)] = Converter(name, direction).definitions(components)
    return out


def _overlaid(
    sources: dict[str, Path], own: dict[str, Path], overlay_files: list[Path]
) -> tuple[dict[str, dict[str, Any]], list[Action], dict[str, Any]]:
    """The documents read and overlaid, the actions that matched nothing, the converted schemas."""
    documents: dict[str, dict[str, Any]] = {key: json.loads(path.read_bytes()) for key, path in sources.items()}
    for name, path in own.items():
        documents[name] = read_yaml(path)
    overlays = [load_overlay(path) for path in overlay_files]
    unmatched: list[Action] = []
    for name, document in documents.items():
        unmatched += apply_overlays(document, name, overlays)
    return documents, unmatched, convert_components(documents)


def _action_row(action: Action) -> tuple[Any, ...]:
    return (action.file, action.index, action.target, action.description, action.update, action.remove)


def _from_cache(entry: Any) -> tuple[dict[str, dict[str, Any]], list[Action], dict[str, Any]] | None:
    """An entry's parts, or None when it does not have the shape this code writes."""
    if not isinstance(entry, dict) or set(entry) != {"documents", "unmatched", "definitions"}:
        return None
    try:
        unmatched = [Action(*row) for row in entry["unmatched"]]
    except TypeError:
        return None
    return entry["documents"], unmatched, entry["definitions"]


def load_specs(specs_dir: str | os.PathLike[str] | None = None) -> SpecSet:
    pins = lock.load_pins()
    sources: dict[str, Path] = {key: lock.locate(pin, specs_dir) for key, pin in pins.items()}
    hashes = {key: pin.sha256 for key, pin in pins.items()}
    own = {name: openapi_dir() / file for name, file in OWN_DOCUMENTS.items() if (openapi_dir() / file).is_file()}
    for name, path in own.items():
        hashes[name] = lock.sha256_of(path)
    overlay_files = sorted((openapi_dir() / "overlays").glob("*.yaml"))
    parts = [f"{name}={digest}" for name, digest in hashes.items()]
    parts += [f"overlay {path.name}={hashlib.sha256(path.read_bytes()).hexdigest()}" for path in overlay_files]
    name = cache.key(CACHE_KIND, parts, cache.code_hash(*CACHED_CODE))
    found = _from_cache(cache.load(CACHE_KIND, name))
    if found is None:
        found = _overlaid(sources, own, overlay_files)
        documents, unmatched, definitions = found
        rows = [_action_row(a) for a in unmatched]
        cache.store(CACHE_KIND, name, {"documents": documents, "unmatched": rows, "definitions": definitions})
    documents, unmatched, definitions = found
    operations: list[Operation] = []
    for doc_name, document in documents.items():
        api, prefix = DOCUMENTS[doc_name]
        operations += build_operations(document, api, doc_name, prefix)
    return SpecSet(documents, operations, hashes, {**sources, **own}, unmatched, definitions)
