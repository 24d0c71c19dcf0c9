"""A booking made through the client reaches our webhook receiver, signed with the webhook's secret."""

from __future__ import annotations

import pytest
from acme_booking import BookingClient, verify_signature
from conftest import ALICE_30MIN

SECRET = "whsec-acme-test"


@pytest.mark.calcom(webhook_delivery="send")  # the plugin's default only records deliveries
def test_booking_created_webhook_is_signed(calcom, receiver) -> None:
    alice = calcom.client("alice")
    hook = {"subscriberUrl": receiver.url, "triggers": ["BOOKING_CREATED"], "active": True, "secret": SECRET}
    assert alice.post("/webhooks", json=hook).status_code == 201

    booking = BookingClient(calcom.v2, api_key=calcom.api_key("alice"))
    booked = booking.book(ALICE_30MIN, booking.slots(ALICE_30MIN, "2026-01-06")[0], "Pat", "pat@example.com", "UTC")

    headers, payload, raw = receiver.wait()
    assert verify_signature(SECRET, raw, headers["X-Cal-Signature-256"])
    assert not verify_signature("another-secret", raw, headers["X-Cal-Signature-256"])
    assert payload["triggerEvent"] == "BOOKING_CREATED" and payload["payload"]["uid"] == booked["uid"]


def test_deliveries_are_recorded_without_a_receiver(calcom) -> None:
    booking = BookingClient(calcom.v2, api_key=calcom.api_key("alice"))
    booking.book(ALICE_30MIN, booking.slots(ALICE_30MIN, "2026-01-06")[0], "Pat", "pat@example.com", "UTC")
    # The default world has a webhook of Alice's; with nothing listening, the plugin records it.
    [delivery] = calcom.deliveries(trigger="BOOKING_CREATED")
    assert delivery["status"] == "recorded"
    assert verify_signature("whsec-alice-local", delivery["body"].encode(), delivery["headers"]["X-Cal-Signature-256"])
