"""A world of our own for one module: a marker names the fixture file (relative to this file)."""

from __future__ import annotations

import pytest
from acme_booking import BookingClient

pytestmark = pytest.mark.calcom(fixtures="worlds/clinic.yaml")


def test_only_our_clinician_is_there(calcom) -> None:
    assert calcom.api_key("drjones") == "cal_d0c00000000000000000000000000001"
    assert [u["key"] for u in calcom.state("users")] == ["drjones"]


def test_booking_the_clinic(calcom) -> None:
    checkup = calcom.state("event_types")[0]["id"]
    booking = BookingClient(calcom.v2, api_key=calcom.api_key("drjones"))
    slots = booking.slots(checkup, "2026-01-05")  # a Monday: 14:00 to 16:00 Dublin time
    assert slots[0] == "2026-01-05T14:00:00.000Z" and len(slots) == 6
    booked = booking.book(checkup, slots[0], "Pat", "pat@example.com", "Europe/Dublin")
    assert booked["status"] == "accepted"
