"""YAML reading with PyYAML's C loader when it is there (ten times faster than the pure one).

The C loader only parses; building the Python objects still runs in Python, which for the guard
tables (domain/access.yaml, over half a megabyte) costs a good part of start-up. So ``load_yaml``
keeps large documents' results in the disk cache (specs/cache.py), keyed by the text's sha256.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from emulator.specs import cache

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML wheels ship the C loader
    from yaml import SafeLoader  # type: ignore[assignment]

# Below this many characters parsing costs less than finding the cached entry.
CACHED_FROM_CHARS = 64 * 1024
KIND = "yaml"


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)


def load_yaml(text: str) -> Any:
    """The document in ``text``; a large one comes from the disk cache when it was parsed before."""
    if len(text) < CACHED_FROM_CHARS or not cache.enabled():
        return parse_yaml(text)
    name = cache.key(
        KIND,
        (hashlib.sha256(text.encode()).hexdigest(), yaml.__version__, SafeLoader.__name__),
        cache.code_hash("yamlio.py", "cache.py"),
    )
    found = cache.load(KIND, name)
    if found is not None:
        return found
    value = parse_yaml(text)
    cache.store(KIND, name, value)
    return value


def read_yaml(path: Path) -> Any:
    """A file parsed as it is: the spec documents and overlays read this way are cached whole, after
    overlaying (specs/loader.py), so their YAML is not cached apart."""
    return parse_yaml(path.read_text())
