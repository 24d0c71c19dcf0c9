"""pytest fixtures for suites that test code talking to Cal.com.

``calcom_emulator`` starts one emulator per test session on a free local port, in a background
thread, and yields a handle with its ``url`` (e.g. ``http://127.0.0.1:54321``), ``v1``/``v2`` base
URLs and the ``runtime``. ``calcom`` is the same server, reset to the loaded fixtures before each
test (world, journal, clock, webhook deliveries), so tests never see each other's writes. Settings come from
CALCOM_EMULATOR_* environment variables (e.g. CALCOM_EMULATOR_FIXTURES=path/to/world.yaml).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from emulator.runtime import Runtime
from emulator.settings import Settings


@dataclass
class RunningEmulator:
    url: str
    runtime: Runtime

    @property
    def v1(self) -> str:
        return self.url + "/v1"

    @property
    def v2(self) -> str:
        return self.url + "/v2"

    def reset(self) -> None:
        self.runtime.reset()

    def requests(self, operation_id: str | None = None) -> list[dict[str, object]]:
        """What the code under test sent, newest first (the journal)."""
        return [e.as_dict() for e in self.runtime.journal.entries(operation_id=operation_id)]

    def deliveries(self, trigger: str | None = None) -> list[dict[str, object]]:
        """The webhook deliveries made (newest first): trigger, URL, headers, body and outcome."""
        return list(self.runtime.deliveries.entries(trigger=trigger))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(settings: Settings) -> tuple[RunningEmulator, object, threading.Thread]:
    import uvicorn

    from emulator.app import create_app

    runtime = Runtime.build(settings)
    port = free_port()
    config = uvicorn.Config(create_app(runtime=runtime), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="calcom-emulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("calcom-emulator did not start within 10 s")
        time.sleep(0.005)
    return RunningEmulator(f"http://127.0.0.1:{port}", runtime), server, thread


@pytest.fixture(scope="session")
def calcom_emulator() -> Iterator[RunningEmulator]:
    running, server, thread = start_server(Settings.from_env())
    yield running
    server.should_exit = True  # type: ignore[attr-defined]
    thread.join(timeout=5)


@pytest.fixture
def calcom(calcom_emulator: RunningEmulator) -> RunningEmulator:
    calcom_emulator.reset()
    return calcom_emulator
