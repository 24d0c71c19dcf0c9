"""Fixtures of the example suite: a booking client on the emulator, and a webhook receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from acme_booking import BookingClient

ALICE_30MIN = 2  # Alice's 30-minute event type in the emulator's default world


@pytest.fixture
def waits() -> list[float]:
    """The back-offs the client asked for, instead of sleeping them."""
    return []


@pytest.fixture
def booking(calcom: Any, waits: list[float]) -> BookingClient:
    """The code under test, pointed at the emulator with Alice's API key."""
    return BookingClient(calcom.v2, api_key=calcom.api_key("alice"), sleep=waits.append)


class Receiver:
    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.arrived = threading.Event()
        received, arrived = self.received, self.arrived

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers.items()), body))
                arrived.set()
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/calcom"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, timeout: float = 5) -> tuple[dict[str, str], dict[str, Any], bytes]:
        assert self.arrived.wait(timeout), "no webhook arrived"
        headers, body = self.received[0]
        return headers, json.loads(body), body


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
