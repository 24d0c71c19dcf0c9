"""What the client does when Cal.com throttles or fails: fault rules and rate limits of the emulator."""

from __future__ import annotations

import pytest
from acme_booking import BookingClient, CalcomError
from conftest import ALICE_30MIN


def test_a_503_is_retried_with_back_off(booking: BookingClient, calcom, waits: list[float]) -> None:
    start = booking.slots(ALICE_30MIN, "2026-01-06")[0]
    with calcom.fault("BookingsController_2024_08_13_createBooking", status=503, times=2):
        booked = booking.book(ALICE_30MIN, start, "Pat Doe", "pat@example.com", "Europe/Rome")
    assert booked["status"] == "accepted"
    assert waits == [0.5, 1.0]
    statuses = [r["status"] for r in calcom.requests("BookingsController_2024_08_13_createBooking")]
    assert statuses == [201, 503, 503]  # newest first; the faulted calls changed nothing


def test_the_client_gives_up_after_its_retries(booking: BookingClient, calcom) -> None:
    with calcom.fault("MeController_getMe", status=503), pytest.raises(CalcomError) as error:
        booking.me()
    assert error.value.status == 503
    calcom.assert_called("MeController_getMe", times=4)


@pytest.mark.calcom(rate_limit=3)
def test_429_carries_the_real_headers(calcom) -> None:
    booking = BookingClient(calcom.v2, api_key=calcom.api_key("alice"), retries=0)
    for _ in range(3):
        booking.me()
    with pytest.raises(CalcomError) as error:
        booking.me()
    assert error.value.status == 429
    assert error.value.body["error"]["code"] == "ThrottlerException"
    [throttled] = calcom.requests("MeController_getMe", status=429)
    headers = {k.lower(): v for k, v in throttled["responseHeaders"].items()}
    assert headers["x-ratelimit-limit-default"] == "3"
    assert headers["x-ratelimit-remaining-default"] == "0"
    assert headers["x-ratelimit-reset-default"] == "60"


@pytest.mark.calcom(rate_limit=3)
def test_waiting_out_a_429_on_the_emulator_clock(calcom) -> None:
    # The client "sleeps" by moving the emulator's clock: the test takes no real time.
    booking = BookingClient(calcom.v2, api_key=calcom.api_key("alice"), sleep=calcom.clock.advance)
    for _ in range(4):
        booking.me()
    statuses = [r["status"] for r in calcom.requests("MeController_getMe")]
    assert statuses == [200, 429, 200, 200, 200]
