"""Stripe and payments over HTTP: connecting Stripe through the emulator's consent screen, the
connection check, a paid booking that waits for its payment, the admin settling or failing it (and
the webhooks that follow), and v1's payments. The clock is frozen at Monday 2026-01-05 09:00 UTC."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings
from tests.helpers import ALICE, BOB_KEY, ids

BOB = {"Authorization": f"Bearer {BOB_KEY}"}
V2 = {"cal-api-version": "2024-08-13"}
SLOTS = {"cal-api-version": "2024-09-04"}
GUEST = {"name": "Roman", "email": "roman@guest.example", "timeZone": "Europe/Rome"}
EXTRA = """
eventTypes:
  bob/paid:
    owner: bob
    title: Paid consult
    length: 30
    price: 2500
    currency: usd
"""


@pytest.fixture(scope="module")
def app_client() -> Iterator[TestClient]:
    settings = Settings(clock="2026-01-05T09:00:00Z", webhook_delivery="record")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        loaded = client.post("/_emulator/fixtures?mode=merge", content=EXTRA, headers={"content-type": "text/yaml"})
        assert loaded.status_code == 200, loaded.text
        yield client


@pytest.fixture
def http(app_client: TestClient) -> TestClient:
    assert app_client.post("/_emulator/reset").status_code == 200
    return app_client


def follow(http: TestClient, url: str) -> Any:
    parts = urlsplit(url)
    return http.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def connect_stripe(http: TestClient, headers: dict[str, str], path: str = "/v2/stripe", **query: str) -> Any:
    """Connect, consent and come back: the answer of the save route."""
    query = {"returnTo": "http://app.example/done", "onErrorReturnTo": "http://app.example/oops", **query}
    response = http.get(f"{path}/connect", params=query, headers=headers)
    assert response.status_code == 200, response.text
    consent = follow(http, response.json()["data"]["authUrl"])
    assert consent.status_code == 302, consent.text
    return follow(http, consent.headers["location"])


def paid_booking(http: TestClient) -> dict[str, Any]:
    event_type = ids(http, "event_types")["bob/paid"]
    day = "2026-01-07"
    slots = http.get("/v2/slots", params={"eventTypeId": event_type, "start": day, "end": day}, headers=SLOTS)
    assert slots.status_code == 200, slots.text
    start = slots.json()["data"][day][0]["start"]
    made = http.post("/v2/bookings", headers=V2, json={"start": start, "eventTypeId": event_type, "attendee": GUEST})
    assert made.status_code == 201, made.text
    data: dict[str, Any] = made.json()["data"]
    return data


def subscribe(http: TestClient) -> None:
    triggers = ["BOOKING_CREATED", "BOOKING_PAID", "BOOKING_PAYMENT_INITIATED", "BOOKING_REQUESTED"]
    body = {"subscriberUrl": "http://receiver.test/hook", "triggers": triggers, "active": True}
    assert http.post("/v2/webhooks", headers=BOB, json=body).status_code == 201


def stripe_credentials(http: TestClient) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = http.get("/_emulator/state/credentials").json()["records"]
    return [c for c in records if c["type"] == "stripe_payment"]


def triggers(http: TestClient) -> list[str]:
    entries = http.get("/_emulator/webhooks/deliveries").json()["deliveries"]
    return [e["triggerEvent"] for e in reversed(entries)]  # the list is newest first


def test_connect_stripe_through_consent_then_check(http: TestClient) -> None:
    missing = http.get("/v2/stripe/check", headers=BOB)
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "Credentials for stripe not found."

    response = http.get("/v2/stripe/connect", params={"returnTo": "http://app.example/done"}, headers=BOB)
    url = urlsplit(response.json()["data"]["authUrl"])
    query = parse_qs(url.query)
    assert url.path == "/_emulator/providers/consent" and query["provider"] == ["stripe"]
    assert query["redirect_uri"][0].endswith("/v2/stripe/save") and query["scope"] == ["read_write"]
    state = json.loads(query["state"][0])
    assert state["accessToken"] == BOB_KEY and state["returnTo"] == "http://app.example/done"

    saved = connect_stripe(http, BOB)
    assert saved.status_code == 301 and saved.headers["location"] == "http://app.example/done"
    [credential] = stripe_credentials(http)
    assert credential["app_id"] == "stripe" and credential["settings"]["stripe_user_id"].startswith("acct_")
    assert http.get("/v2/stripe/check", headers=BOB).json() == {"status": "success"}

    again = connect_stripe(http, BOB)  # reconnecting replaces the credential
    assert again.status_code == 301
    stored = stripe_credentials(http)
    assert len(stored) == 1 and stored[0]["id"] != credential["id"]


def test_declined_or_broken_saves_go_to_on_error_return_to(http: TestClient) -> None:
    response = http.get("/v2/stripe/connect", params={"onErrorReturnTo": "http://app.example/oops"}, headers=BOB)
    declined = follow(http, response.json()["data"]["authUrl"] + "&deny=true")
    back = follow(http, declined.headers["location"])
    assert back.status_code == 301 and back.headers["location"] == "http://app.example/oops"
    state = '{"accessToken":"nope","onErrorReturnTo":"e"}'
    stranger = http.get("/v2/stripe/save", params={"code": "x", "state": state}, follow_redirects=False)
    assert stranger.status_code == 301 and stranger.headers["location"] == "e"
    assert http.get("/v2/stripe/save", params={"code": "x"}).status_code == 400
    assert stripe_credentials(http) == []


def test_org_team_connect_and_check(http: TestClient) -> None:
    teams = ids(http, "teams")
    path = f"/v2/organizations/{teams['acme']}/teams/{teams['acme-support']}/stripe"
    assert http.get(f"{path}/check", headers=ALICE).status_code == 404
    saved = connect_stripe(http, ALICE, path)
    assert saved.status_code == 301 and saved.headers["location"] == "http://app.example/done"
    assert http.get(f"{path}/check", headers=ALICE).json() == {"status": "success"}
    [credential] = stripe_credentials(http)
    assert credential["team_id"] == teams["acme-support"] and credential["user_id"] is None
    assert http.get("/v2/stripe/check", headers=ALICE).status_code == 404  # the team's, not hers


def test_paid_booking_waits_then_completes(http: TestClient) -> None:
    subscribe(http)
    connect_stripe(http, BOB)
    booking = paid_booking(http)
    assert booking["status"] == "pending"
    [payment] = http.get("/_emulator/payments").json()["payments"]
    assert (payment["amount"], payment["currency"], payment["success"]) == (2500, "usd", False)
    assert triggers(http) == ["BOOKING_PAYMENT_INITIATED"]

    done = http.post(f"/_emulator/payments/{payment['id']}/complete")
    assert done.status_code == 200 and done.json()["booking"]["status"] == "ACCEPTED"
    shown = http.get(f"/v2/bookings/{booking['uid']}", headers={**V2, **BOB}).json()["data"]
    assert shown["status"] == "accepted"
    assert triggers(http) == ["BOOKING_PAYMENT_INITIATED", "BOOKING_CREATED", "BOOKING_PAID"]
    assert http.post(f"/_emulator/payments/{payment['id']}/complete").status_code == 409


def test_failed_payment_leaves_the_booking_waiting_or_cancels_it(http: TestClient) -> None:
    connect_stripe(http, BOB)
    booking = paid_booking(http)
    [payment] = http.get("/_emulator/payments").json()["payments"]
    kept = http.post(f"/_emulator/payments/{payment['id']}/fail", json={})
    assert kept.status_code == 200 and kept.json()["booking"]["status"] == "PENDING"
    cancelled = http.post(f"/_emulator/payments/{payment['id']}/fail", json={"cancel": True})
    assert cancelled.json()["booking"] == {"uid": booking["uid"], "status": "CANCELLED"}
    assert http.post("/_emulator/payments/999/complete").status_code == 404


def test_without_stripe_a_paid_booking_is_settled_at_once(http: TestClient) -> None:
    booking = paid_booking(http)
    assert booking["status"] == "accepted"
    assert http.get("/_emulator/payments").json()["payments"] == []


def test_v1_payments_list_get_and_guard(http: TestClient) -> None:
    connect_stripe(http, BOB)
    booking_id = paid_booking(http)["id"]
    [payment] = http.get("/_emulator/payments").json()["payments"]
    listed = http.get("/v1/payments", params={"apiKey": BOB_KEY})
    assert listed.status_code == 200
    row = {
        "id": payment["id"],
        "amount": 2500,
        "success": False,
        "refunded": False,
        "fee": 0,
        "paymentOption": "ON_BOOKING",
        "currency": "usd",
        "bookingId": booking_id,
    }
    assert listed.json() == {"payments": [row]}
    got = http.get(f"/v1/payments/{payment['id']}", params={"apiKey": BOB_KEY})
    assert got.status_code == 200 and got.json() == {"payment": row}

    alice_key = ALICE["Authorization"].removeprefix("Bearer ")
    assert http.get("/v1/payments", params={"apiKey": alice_key}).json() == {"payments": []}
    other = http.get(f"/v1/payments/{payment['id']}", params={"apiKey": alice_key})
    assert other.status_code == 401 and other.json()["message"] == "Unauthorized"
    missing = http.get("/v1/payments/999", params={"apiKey": BOB_KEY})
    assert missing.status_code == 404 and missing.json()["message"] == "Payment with id: 999 not found"
    assert http.get("/v1/payments").status_code == 401
    assert http.get("/v2/stripe/check").status_code == 401
