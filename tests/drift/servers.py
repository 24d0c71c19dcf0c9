"""Servers for the drift tests, all on this machine: emulators standing in for the real Cal.com, and the
recording proxy in front of one."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

import emulator
from emulator.drift.proxy import RecordingProxy, wall_clock
from emulator.drift.recording import Writer, header_line
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.testing.handle import Calcom
from emulator.testing.servers import free_port, start_server

CLOCK = "2026-01-05T09:00:00Z"
ALICE_KEY = "cal_a11ce000000000000000000000000001"


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Any ASGI app on a free local port in a thread, for the block."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.005)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@contextmanager
def emulator_server(**settings: Any) -> Iterator[Calcom]:
    """An emulator on a socket, frozen at CLOCK with the default world unless told otherwise."""
    instance = start_server(Runtime.build(Settings(clock=CLOCK, rate_limits="off", **settings)))
    try:
        yield instance.handle
    finally:
        instance.stop()


@contextmanager
def recording_proxy(target: str, record: Path) -> Iterator[str]:
    """The proxy in front of ``target``, recording to ``record``; yields its URL."""
    with record.open("w", encoding="utf-8") as out:
        writer = Writer(out)
        writer.header(header_line(target, wall_clock(), emulator.__version__))
        runtime = Runtime.build(Settings())
        app = RecordingProxy(target, writer, runtime, httpx.AsyncClient(timeout=10, trust_env=False))
        with serving(app) as url:
            yield url


def booking_flow(base: str) -> dict[str, Any]:
    """A client's booking flow: who am I, event types, slots, book, read, cancel, read again; and one
    v1 call with the key in the query. Answers the booking's uid and the statuses met."""
    auth = {"Authorization": f"Bearer {ALICE_KEY}"}
    statuses: list[int] = []
    with httpx.Client(base_url=base, headers=auth, trust_env=False, timeout=10) as http:

        def call(method: str, path: str, version: str | None = None, **kwargs: Any) -> Any:
            headers = {"cal-api-version": version} if version else {}
            answer = http.request(method, path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)
            statuses.append(answer.status_code)
            return answer.json()

        call("GET", "/v2/me")
        event_type = call("GET", "/v2/event-types", "2024-06-14")["data"][0]["id"]
        slots = call(
            "GET",
            "/v2/slots",
            "2024-09-04",
            params={"eventTypeId": event_type, "start": "2026-01-06", "end": "2026-01-07"},
        )
        start = next(iter(slots["data"].values()))[0]["start"]
        attendee = {"name": "Pat Doe", "email": "pat@example.com", "timeZone": "Europe/London"}
        booked = call(
            "POST", "/v2/bookings", "2024-08-13", json={"start": start, "eventTypeId": event_type, "attendee": attendee}
        )
        uid = booked["data"]["uid"]
        call("GET", f"/v2/bookings/{uid}", "2024-08-13")
        call("POST", f"/v2/bookings/{uid}/cancel", "2024-08-13", json={"cancellationReason": "plans changed"})
        call("GET", f"/v2/bookings/{uid}", "2024-08-13")
        call("GET", "/v2/schedules", "2024-06-11")
        call("GET", "/v1/me", params={"apiKey": ALICE_KEY}, headers={"Authorization": ""})
    return {"uid": uid, "statuses": statuses}
