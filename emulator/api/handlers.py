"""Imports every handler module in the rooms under emulator/api (bookings/, event_types/, ...), so that
their @handles registrations run. A new module or room needs no entry here."""

from __future__ import annotations

import importlib
import pkgutil

import emulator.api

for module in pkgutil.walk_packages(emulator.api.__path__, prefix="emulator.api."):
    importlib.import_module(module.name)
