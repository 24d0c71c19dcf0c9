"""Imports every handler module under emulator/api/v1 and emulator/api/v2, so that their @handles
registrations run. A new module needs no entry here."""

from __future__ import annotations

import importlib
import pkgutil

from emulator.api import v1, v2

for package in (v1, v2):
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
