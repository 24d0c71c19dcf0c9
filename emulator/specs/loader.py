"""Load the pinned specs and our legacy description, apply overlays, and index the operations."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emulator.specs import lock
from emulator.specs.operations import Operation, build_operations
from emulator.specs.overlay import Action, apply_overlays, load_overlays
from emulator.specs.resources import openapi_dir
from emulator.specs.yamlio import read_yaml

# How each document is served: the API (URL prefix and error shape) and the prefix its paths need.
DOCUMENTS = {"v1": ("v1", "/v1"), "v2": ("v2", ""), "legacy": ("v2", ""), "atoms": ("v2", "")}
LEGACY_FILE = "legacy/2024-04-15.yaml"
# Our description of the provider and atoms controllers, which Cal.com leaves out of its spec.
ATOMS_FILE = "atoms/atoms.yaml"
# Our own documents, loaded when present: name -> file under openapi/.
OWN_DOCUMENTS = {"legacy": LEGACY_FILE, "atoms": ATOMS_FILE}


@dataclass
class SpecSet:
    documents: dict[str, dict[str, Any]]  # name -> overlaid OpenAPI document
    operations: list[Operation]
    hashes: dict[str, str]  # name -> sha256 of the file it came from
    sources: dict[str, Path]
    unmatched: list[Action] = field(default_factory=list)

    def by_id(self) -> dict[str, Operation]:
        return {op.operation_id: op for op in self.operations}


def load_specs(specs_dir: str | os.PathLike[str] | None = None) -> SpecSet:
    pins = lock.load_pins()
    sources: dict[str, Path] = {key: lock.locate(pin, specs_dir) for key, pin in pins.items()}
    documents: dict[str, dict[str, Any]] = {key: json.loads(path.read_bytes()) for key, path in sources.items()}
    hashes = {key: pin.sha256 for key, pin in pins.items()}
    for name, file in OWN_DOCUMENTS.items():
        own = openapi_dir() / file
        if own.is_file():
            documents[name] = read_yaml(own)
            sources[name] = own
            hashes[name] = lock.sha256_of(own)
    overlays = load_overlays(openapi_dir() / "overlays")
    unmatched: list[Action] = []
    operations: list[Operation] = []
    for name, document in documents.items():
        unmatched += apply_overlays(document, name, overlays)
        api, prefix = DOCUMENTS[name]
        operations += build_operations(document, api, name, prefix)
    return SpecSet(documents, operations, hashes, sources, unmatched)
