"""The fuzz stage's emulator, on a free local port so that a hang is a client timeout, and its totals
printed at the end of the run (visible under -q)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.testing.servers import start_server
from tests.fuzz.harness import CLOCK, TOTALS, Fuzz


@pytest.fixture(scope="session")
def fuzz() -> Iterator[Fuzz]:
    runtime = Runtime.build(Settings(rate_limits="off", clock=CLOCK))
    instance = start_server(runtime)
    try:
        yield Fuzz(instance.handle.url, set(runtime.handlers))
    finally:
        instance.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TOTALS.requests:
        for line in TOTALS.lines():
            terminalreporter.write_line(line)
