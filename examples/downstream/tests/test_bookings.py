"""Booking, rescheduling and cancelling through v2, checked on the emulator's world and journal."""

from __future__ import annotations

from acme_booking import BookingClient, CalcomError
from conftest import ALICE_30MIN


def test_book_reschedule_cancel(booking: BookingClient, calcom) -> None:
    first, second, *_ = booking.slots(ALICE_30MIN, "2026-01-06")
    booked = booking.book(ALICE_30MIN, first, "Pat Doe", "pat@example.com", "Europe/Rome")
    assert booked["status"] == "accepted" and booked["start"] == first

    moved = booking.reschedule(booked["uid"], second, reason="clash")
    assert moved["start"] == second and moved["rescheduledFromUid"] == booked["uid"]
    calcom.assert_called("BookingsController_2024_08_13_rescheduleBooking", json={"reschedulingReason": "clash"})

    cancelled = booking.cancel(moved["uid"], "no longer needed")
    assert cancelled["status"] == "cancelled"
    statuses = {b["uid"]: b["status"] for b in calcom.state("bookings")}
    assert statuses[moved["uid"]] == "CANCELLED"  # the world keeps Cal.com's enum


def test_a_taken_slot_is_refused(booking: BookingClient) -> None:
    start = booking.slots(ALICE_30MIN, "2026-01-06")[0]
    booking.book(ALICE_30MIN, start, "Pat Doe", "pat@example.com", "Europe/Rome")
    try:
        booking.book(ALICE_30MIN, start, "Sam Roe", "sam@example.com", "Europe/Rome")
    except CalcomError as error:
        assert error.status == 409 or error.status == 400
    else:
        raise AssertionError("booking a taken slot must fail")


def test_in_process_with_an_injected_client(calcom_app) -> None:
    """The client accepts an httpx.Client, so the emulator can run in-process: no port, no thread."""
    booking = BookingClient(http=calcom_app.client(), api_key=calcom_app.api_key("alice"))
    assert booking.me()["username"] == "alice"
    assert booking.slots(ALICE_30MIN, "2026-01-06")
