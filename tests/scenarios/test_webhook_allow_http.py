"""The webhook target allow list (--webhook-allow): webhooks to any URL are still created, as the API
says, but a delivery to a host outside the list is kept as refused, with the reason, and never sent."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.cli import main
from emulator.pipeline.webhook_targets import TargetPolicy
from emulator.settings import Settings, SettingsError

CLOCK = "2026-01-05T09:00:00Z"
ALICE = {"Authorization": "Bearer cal_a11ce000000000000000000000000001"}
V2 = {"cal-api-version": "2024-08-13"}
SLOTS = {"cal-api-version": "2024-09-04"}
EVENT_TYPE = 2  # Alice's 30-minute event type in the default world
ATTENDEE = {"name": "Mr Proper", "email": "mr@example.com", "timeZone": "Europe/Rome"}


def make_webhook(http: TestClient, url: str) -> str:
    body = {"subscriberUrl": url, "triggers": ["BOOKING_CREATED"], "active": True}
    response = http.post("/v2/webhooks", headers=ALICE, json=body)
    assert response.status_code == 201, response.text  # creation never looks at the allow list
    return str(response.json()["data"]["id"])


def book(http: TestClient) -> None:
    day = "2026-01-06"
    slots = http.get("/v2/slots", params={"eventTypeId": EVENT_TYPE, "start": day, "end": day}, headers=SLOTS)
    assert slots.status_code == 200, slots.text
    start = slots.json()["data"][day][0]["start"]
    response = http.post(
        "/v2/bookings", headers=V2, json={"start": start, "eventTypeId": EVENT_TYPE, "attendee": ATTENDEE}
    )
    assert response.status_code == 201, response.text


def delivery_of(http: TestClient, hook: str) -> dict[str, Any]:
    response = http.get("/_emulator/webhooks/deliveries", params={"webhookId": hook})
    assert response.status_code == 200, response.text
    [delivery] = response.json()["deliveries"]
    return dict(delivery)


@pytest.fixture(scope="module")
def guarded() -> Iterator[TestClient]:
    settings = Settings(clock=CLOCK, webhook_allow=("localhost:9000", "*.hooks.test", "10.0.0.0/8"))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def http(guarded: TestClient) -> TestClient:
    assert guarded.post("/_emulator/reset").status_code == 200
    return guarded


def test_a_delivery_to_a_host_outside_the_list_is_refused_with_the_reason(http: TestClient) -> None:
    hook = make_webhook(http, "http://evil.example/collect")
    book(http)
    delivery = delivery_of(http, hook)
    assert delivery["status"] == "refused"
    assert delivery["error"] == (
        "evil.example:80 is not in the webhook allow list (--webhook-allow / CALCOM_EMULATOR_WEBHOOK_ALLOW)"
    )
    assert delivery["attemptedAt"] is None and delivery["responseStatus"] is None
    assert delivery["body"]  # what would have been sent is still there to inspect


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("http://localhost:9000/hook", "recorded"),
        ("http://localhost:9001/hook", "refused"),  # the entry names port 9000
        ("http://a.hooks.test/x", "recorded"),
        ("https://hooks.test/x", "refused"),  # *.hooks.test needs a label before it
        ("http://10.20.30.40:8080/x", "recorded"),
        ("http://[::ffff:10.0.0.1]/x", "recorded"),  # an IPv4-mapped address is judged as the IPv4 one
        ("http://11.0.0.1/x", "refused"),
        ("http://127.0.0.1:9000/x", "refused"),  # names are not resolved: localhost is not 127.0.0.1
    ],
)
def test_each_target_is_judged_by_host_port_or_network(http: TestClient, url: str, status: str) -> None:
    hook = make_webhook(http, url)
    book(http)
    assert delivery_of(http, hook)["status"] == status


def test_the_default_allows_any_http_host() -> None:
    with TestClient(create_app(Settings(clock=CLOCK)), raise_server_exceptions=False) as http:
        hook = make_webhook(http, "http://anywhere.example/hook")
        book(http)
        delivery = delivery_of(http, hook)
        assert (delivery["status"], delivery["error"]) == ("recorded", None)


# send mode against a real receiver ------------------------------------------------------------------


class Receiver(BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Receiver.paths.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def receiver_port() -> Iterator[int]:
    Receiver.paths = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_send_mode_posts_only_to_allowed_targets(receiver_port: int) -> None:
    settings = Settings(clock=CLOCK, webhook_delivery="send", webhook_allow=("127.0.0.1/32",))
    with TestClient(create_app(settings), raise_server_exceptions=False) as http:
        allowed = make_webhook(http, f"http://127.0.0.1:{receiver_port}/allowed")
        # the same receiver, but named: not an address in 127.0.0.1/32, so never contacted
        refused = make_webhook(http, f"http://localhost:{receiver_port}/refused")
        book(http)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and delivery_of(http, allowed)["status"] == "pending":
            time.sleep(0.02)
        assert delivery_of(http, allowed)["status"] == "delivered"
        assert delivery_of(http, refused)["status"] == "refused"
        time.sleep(0.1)  # a refused delivery has no sender thread that could still arrive late
        assert Receiver.paths == ["/allowed"]


def test_only_http_and_https_are_ever_delivered() -> None:
    policy = TargetPolicy()
    assert policy.refusal("https://example.com/x") is None
    assert policy.refusal("file:///etc/passwd") == "only http and https subscriber URLs are delivered, not file"
    assert policy.refusal("http:///nohost") == "the subscriber URL names no host"
    listed = TargetPolicy.of(["example.com"])
    assert listed.refusal("http://example.com./x") is None  # a trailing dot names the same host
    assert listed.refusal("http://example.com@evil.example/x") is not None
    assert listed.refusal("http://EXAMPLE.com/x") is None


def test_the_setting_is_read_from_the_variable_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALCOM_EMULATOR_WEBHOOK_ALLOW", "localhost:9000, 10.0.0.0/8")
    assert Settings.from_env().webhook_allow == ("localhost:9000", "10.0.0.0/8")
    monkeypatch.setenv("CALCOM_EMULATOR_WEBHOOK_ALLOW", "http://example.com")
    with pytest.raises(SettingsError, match="CALCOM_EMULATOR_WEBHOOK_ALLOW"):
        Settings.from_env()


def test_serve_refuses_a_bad_entry(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALCOM_EMULATOR_WEBHOOK_ALLOW", raising=False)
    assert main(["serve", "--webhook-allow", "localhost,host:99999"]) == 2
    assert "--webhook-allow" in capsys.readouterr().err
