"""Where the project's own data lives: openapi/ (lock file, overlays, legacy description) and
fixtures/ (the default world and examples).

In a source checkout (or an editable install) these are the top-level folders; an installed wheel
carries the same files as the ``calcom_emulator_openapi`` and ``calcom_emulator_fixtures`` packages.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


def _data_dir(folder: str, package: str, marker: str) -> Path:
    checkout = Path(__file__).resolve().parents[2] / folder
    if (checkout / marker).is_file():
        return checkout
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise FileNotFoundError(f"calcom-emulator is installed without its {folder}/ data ({marker})")


@cache
def openapi_dir() -> Path:
    return _data_dir("openapi", "calcom_emulator_openapi", "specs.lock.json")


@cache
def fixtures_dir() -> Path:
    return _data_dir("fixtures", "calcom_emulator_fixtures", "default.yaml")
