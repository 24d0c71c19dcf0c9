"""Webhook deliveries end to end: a webhook made through /v2/webhooks, bookings made and cancelled
through /v2/bookings, and what /_emulator/webhooks/deliveries (or a real receiver) saw."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings

CLOCK = "2026-01-05T09:00:00Z"
ALICE = {"Authorization": "Bearer cal_a11ce000000000000000000000000001"}
V2 = {"cal-api-version": "2024-08-13"}
SLOTS = {"cal-api-version": "2024-09-04"}
SECRET = "test-secret"
EVENT_TYPE = 2  # Alice's 30-minute event type in the default world
ROMAN = {"name": "Mr Proper", "email": "mr@example.com", "timeZone": "Europe/Rome", "language": "it"}


@pytest.fixture(scope="module")
def recording() -> Iterator[TestClient]:
    app = create_app(Settings(clock=CLOCK, webhook_delivery="record"))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def http(recording: TestClient) -> TestClient:
    assert recording.post("/_emulator/reset").status_code == 200
    return recording


def make_webhook(http: TestClient, url: str, triggers: list[str]) -> str:
    body = {"subscriberUrl": url, "triggers": triggers, "active": True, "secret": SECRET}
    response = http.post("/v2/webhooks", headers=ALICE, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["data"]["id"])


def first_slot(http: TestClient, day: str = "2026-01-06") -> str:
    params = {"eventTypeId": EVENT_TYPE, "start": day, "end": day}
    response = http.get("/v2/slots", params=params, headers=SLOTS)
    assert response.status_code == 200, response.text
    return str(response.json()["data"][day][0]["start"])


def book(http: TestClient, start: str) -> Any:
    return http.post("/v2/bookings", headers=V2, json={"start": start, "eventTypeId": EVENT_TYPE, "attendee": ROMAN})


def deliveries(http: TestClient, **query: str) -> list[dict[str, Any]]:
    response = http.get("/_emulator/webhooks/deliveries", params=query)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["deliveries"]
    return found


def signed(delivery: dict[str, Any]) -> bool:
    expected = hmac.new(SECRET.encode(), delivery["body"].encode(), hashlib.sha256).hexdigest()
    return bool(delivery["headers"]["X-Cal-Signature-256"] == expected)


def test_booking_then_cancel_posts_created_then_cancelled(http: TestClient) -> None:
    hook = make_webhook(http, "http://receiver.test/calcom", ["BOOKING_CREATED", "BOOKING_CANCELLED"])
    response = book(http, first_slot(http))
    assert response.status_code == 201, response.text
    uid = response.json()["data"]["uid"]

    [created] = deliveries(http, webhookId=hook)
    assert created["triggerEvent"] == "BOOKING_CREATED" and created["status"] == "recorded"
    assert created["subscriberUrl"] == "http://receiver.test/calcom" and signed(created)
    assert created["headers"]["Content-Type"] == "application/json"
    body = json.loads(created["body"])
    assert body["triggerEvent"] == "BOOKING_CREATED" and body["createdAt"] == "2026-01-05T09:00:00.000Z"
    assert body["payload"]["uid"] == uid and body["payload"]["status"] == "ACCEPTED"
    assert body["payload"]["attendees"][0]["email"] == "mr@example.com"

    cancel = http.post(f"/v2/bookings/{uid}/cancel", headers=V2, json={"cancellationReason": "changed plans"})
    assert cancel.status_code == 200, cancel.text
    mine = deliveries(http, webhookId=hook)
    assert [d["triggerEvent"] for d in mine] == ["BOOKING_CANCELLED", "BOOKING_CREATED"]  # newest first
    assert signed(mine[0])
    assert json.loads(mine[0]["body"])["payload"]["cancellationReason"] == "changed plans"
    assert [d["webhookId"] for d in deliveries(http, trigger="BOOKING_CANCELLED")].count(hook) == 1


def test_a_failed_booking_sends_nothing(http: TestClient) -> None:
    make_webhook(http, "http://receiver.test/calcom", ["BOOKING_CREATED"])
    before = deliveries(http)
    response = book(http, "2026-01-04T10:00:00.000Z")  # in the past
    assert response.status_code >= 400
    assert deliveries(http) == before


def test_reset_and_delete_clear_deliveries(http: TestClient) -> None:
    make_webhook(http, "http://receiver.test/calcom", ["BOOKING_CREATED"])
    assert book(http, first_slot(http)).status_code == 201
    assert deliveries(http)
    assert http.post("/_emulator/reset").status_code == 200
    assert deliveries(http) == []
    make_webhook(http, "http://receiver.test/calcom", ["BOOKING_CREATED"])
    assert book(http, first_slot(http)).status_code == 201
    cleared = http.delete("/_emulator/webhooks/deliveries")
    assert cleared.status_code == 200 and cleared.json()["cleared"] >= 1
    assert deliveries(http) == []


# a real receiver ----------------------------------------------------------------------------------------


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        headers = {name.lower(): value for name, value in self.headers.items()}  # names are case-insensitive
        Receiver.received.append((headers, self.rfile.read(length).decode()))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_send_mode_posts_to_the_subscriber(receiver: str) -> None:
    with TestClient(create_app(Settings(clock=CLOCK, webhook_delivery="send")), raise_server_exceptions=False) as http:
        hook = make_webhook(http, receiver, ["BOOKING_CREATED"])
        assert book(http, first_slot(http)).status_code == 201
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not (
            Receiver.received and deliveries(http, webhookId=hook)[0]["status"] != "pending"
        ):
            time.sleep(0.02)
        [(headers, body)] = Receiver.received
        expected = hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
        assert headers["x-cal-signature-256"] == expected
        assert headers["content-type"] == "application/json"
        assert json.loads(body)["triggerEvent"] == "BOOKING_CREATED"
        [delivery] = deliveries(http, webhookId=hook)
        assert (delivery["status"], delivery["responseStatus"], delivery["error"]) == ("delivered", 200, None)
        assert delivery["body"] == body and delivery["attemptedAt"] == "2026-01-05T09:00:00.000Z"
