"""Emulator instances for a test session: a server on a free local port in a background thread, or
the app called in-process; one per distinct settings, started on first use and kept until the end."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from emulator.settings import Settings
from emulator.specs import heap
from emulator.testing.channel import AdminError, AsgiChannel, AsgiRunner, HttpChannel
from emulator.testing.handle import Calcom

if TYPE_CHECKING:
    from emulator.runtime import Runtime

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
    app = create_app(runtime=runtime)
    # ws="none": the API has no websockets, and uvicorn's default would import a websocket library.
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
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

    channel = HttpChannel(url, admin_token=runtime.settings.admin_token)
    return Instance(Calcom(channel, url, runtime, worlds=app.worlds), stop)


def start_in_process(runtime: Runtime) -> Instance:
    from emulator.app import create_app

    app = create_app(runtime=runtime)
    runner = AsgiRunner(app)
    channel = AsgiChannel(runner, admin_token=runtime.settings.admin_token)
    return Instance(Calcom(channel, IN_PROCESS_URL, runtime, runner, worlds=app.worlds), runner.close)


@dataclass
class Pool:
    """The session's instances by (settings, transport), the emulators it uses but did not start (by
    URL), and the world handles it keeps for the session (by URL)."""

    instances: dict[tuple[Settings, str], Instance] = field(default_factory=dict)
    remotes: dict[str, Calcom] = field(default_factory=dict)
    kept: dict[str, Calcom] = field(default_factory=dict)

    def remote(self, url: str, admin_token: str | None) -> Calcom:
        """An emulator already running at url (a CI service, the xdist controller's): checked once."""
        if url not in self.remotes:
            handle = Calcom(HttpChannel(url, admin_token=admin_token), url, None)
            try:
                handle.health()
            except OSError as exc:
                raise RuntimeError(
                    f"no calcom emulator answers at {url} (calcom_url, CALCOM_EMULATOR_URL): {exc}"
                ) from None
            self.remotes[url] = handle
        return self.remotes[url]

    def keep(self, handle: Calcom) -> Calcom:
        """The handle kept for its URL (a world's handle for the session); dropped on close where the
        emulator outlives the session."""
        return self.kept.setdefault(handle.url, handle)

    def get(self, settings: Settings, transport: str) -> Calcom:
        if transport not in TRANSPORTS:
            raise ValueError(f"calcom transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}")
        key = (settings, transport)
        if key not in self.instances:
            # The emulator's imports wait for the first instance; what an instance is made of stays for
            # the session, so the collector is spared it while it is built (specs/heap.py).
            with heap.building():
                from emulator.runtime import Runtime

                runtime = Runtime.build(settings)
                self.instances[key] = start_server(runtime) if transport == "socket" else start_in_process(runtime)
        return self.instances[key].handle

    def close(self) -> None:
        for handle in self.kept.values():
            # A world on an emulator this session did not start is dropped; gone already, or the
            # emulator stopped first, there is nothing to free.
            if handle.runtime is None and handle.world_name is not None:
                with contextlib.suppress(OSError, AdminError):
                    handle.drop_world()
        self.kept.clear()
        for instance in self.instances.values():
            instance.stop()
        self.instances.clear()
