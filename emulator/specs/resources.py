"""Where the project's own OpenAPI material lives: the lock file, overlays and legacy description.

In a source checkout (or an editable install) that is the top-level ``openapi/`` folder; an installed
wheel carries the same files as the ``calcom_emulator_openapi`` package.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def openapi_dir() -> Path:
    checkout = Path(__file__).resolve().parents[2] / "openapi"
    if (checkout / "specs.lock.json").is_file():
        return checkout
    spec = importlib.util.find_spec("calcom_emulator_openapi")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise FileNotFoundError("calcom-emulator is installed without its openapi/ data (specs.lock.json)")
