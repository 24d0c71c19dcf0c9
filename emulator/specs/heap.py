"""What start-up builds lives as long as the process: hand it to the collector as old at once.

Importing the emulator and building a runtime makes a few hundred thousand objects (modules,
classes, functions, the loaded specs, the guard tables) that are kept until the process ends.
Python's cyclic collector, left on meanwhile, walks them again and again as they pile up in its
young generations and finds nothing to free: about a tenth of start-up's CPU time. ``building()``
turns it off while they are made, then moves everything to the oldest generation in one step
(``gc.freeze`` followed by ``gc.unfreeze``). The next full collection, whenever it comes, still
looks at every object, so nothing is kept from being freed; it just is not looked at while the
start-up is under way. CALCOM_EMULATOR_EAGER leaves the collector alone, as start-up was before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from emulator.specs import cache


@contextmanager
def building() -> Iterator[None]:
    if cache.eager():
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()
