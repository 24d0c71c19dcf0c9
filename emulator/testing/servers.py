"""Emulator instances for a test session: a server on a free local port in a background thread, or
the app called in-process; one per distinct settings, started on first use and kept until the end."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.testing.channel import AsgiChannel, AsgiRunner, HttpChannel
from emulator.testing.handle import Calcom

TRANSPORTS = ("socket", "asgi")
IN_PROCESS_URL = "http://emulator.invalid"  # never resolves: code that opens its own socket fails fast


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Instance:
    handle: Calcom
    stop: Any  # () -> None


def start_server(runtime: Runtime) -> Instance:
    import uvicorn

    from emulator.app import create_app

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
    url = f"http://127.0.0.1:{port}"

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=5)

    return Instance(Calcom(HttpChannel(url, admin_token=runtime.settings.admin_token), url, runtime), stop)


def start_in_process(runtime: Runtime) -> Instance:
    from emulator.app import create_app

    runner = AsgiRunner(create_app(runtime=runtime))
    channel = AsgiChannel(runner, admin_token=runtime.settings.admin_token)
    return Instance(Calcom(channel, IN_PROCESS_URL, runtime, runner), runner.close)


@dataclass
class Pool:
    """The session's instances by (settings, transport)."""

    instances: dict[tuple[Settings, str], Instance] = field(default_factory=dict)

    def get(self, settings: Settings, transport: str) -> Calcom:
        if transport not in TRANSPORTS:
            raise ValueError(f"calcom transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}")
        key = (settings, transport)
        if key not in self.instances:
            runtime = Runtime.build(settings)
            self.instances[key] = start_server(runtime) if transport == "socket" else start_in_process(runtime)
        return self.instances[key].handle

    def close(self) -> None:
        for instance in self.instances.values():
            instance.stop()
        self.instances.clear()
