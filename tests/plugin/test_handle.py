"""The calcom handle as a downstream suite uses it: small test files run by pytester against the
installed plugin (one inner session each, so one emulator start per file)."""

from __future__ import annotations

import pytest

pytest.importorskip("httpx")

HANDLE_SUITE = """
import datetime as dt

import pytest

SLOTS = {"cal-api-version": "2024-09-04"}
BOOKINGS = {"cal-api-version": "2024-08-13"}


def test_two_lines(calcom):
    calcom.clock.advance("61m"); assert calcom.api_key("alice").startswith("cal_")


def test_urls(calcom, calcom_emulator):
    assert calcom.url.startswith("http://127.0.0.1:") and calcom.url == calcom_emulator.url
    assert (calcom.v1, calcom.v2) == (calcom.url + "/v1", calcom.url + "/v2")
    assert calcom.transport == "socket" and calcom.health()["status"] == "ok"


def test_credentials_by_owner_and_kind(calcom):
    assert [c["value"] for c in calcom.credentials(owner="bob")] == ["cal_b0b00000000000000000000000000002"]
    kinds = {c["kind"] for c in calcom.credentials(owner="olivia")}
    assert kinds == {"accessToken", "refreshToken"}
    assert {c["owner"] for c in calcom.credentials(kind="oauthClient")} == {"acme"}
    with pytest.raises(LookupError, match="users with keys: .*alice"):
        calcom.api_key("nobody")


def test_clients_are_authenticated(calcom):
    assert calcom.client("carol").get("/me").json()["data"]["username"] == "carol"
    assert calcom.client("carol", version="v1").get("/me").json()["user"]["username"] == "carol"
    assert calcom.client("olivia").get("/me").status_code == 200  # a managed user: access token
    assert calcom.client().get("/me").status_code == 401
    pinned = calcom.client("alice", api_version="2024-06-14")
    assert pinned.get("/event-types").status_code == 200
    assert calcom.requests("MeController_getMe", status=401)[0]["credential"] is None


def test_clock(calcom):
    calcom.clock.freeze()
    start = calcom.clock.set("2026-03-01T08:00:00Z")
    assert start == dt.datetime(2026, 3, 1, 8, tzinfo=dt.timezone.utc) and calcom.clock.frozen
    assert calcom.clock.advance("1h30m") == start + dt.timedelta(minutes=90)
    assert calcom.clock.advance(dt.timedelta(seconds=30)) == start + dt.timedelta(minutes=90, seconds=30)
    assert calcom.clock.now() == start + dt.timedelta(minutes=90, seconds=30)
    calcom.clock.unfreeze()
    assert not calcom.clock.frozen


def test_access_token_expires_after_61_minutes(calcom):
    olivia = calcom.client("olivia")
    calcom.clock.freeze()
    assert olivia.get("/me").status_code == 200
    calcom.clock.advance("61m")
    assert olivia.get("/me").status_code == 498


def test_fault_lives_for_the_block(calcom):
    me = calcom.client("alice")
    with calcom.fault("MeController_getMe", status=503, times=2) as fault:
        assert [me.get("/me").status_code for _ in range(3)] == [503, 503, 200]
        assert fault.hits == 2 and fault.state()["active"] is False
    assert calcom.faults() == []
    with calcom.fault(method="GET", path="/v2/me", status=429, credential="api_key:alice"):
        assert me.get("/me").status_code == 429
        assert calcom.client("bob").get("/me").status_code == 200
    with pytest.raises(TypeError, match="unknown fault key"):
        with calcom.fault("MeController_getMe", statuss=500):
            pass


def test_a_refused_rule_says_why(calcom):
    from emulator.testing import AdminError

    with pytest.raises(AdminError, match="did you mean MeController_getMe"):
        with calcom.fault("MeController_getMee", status=500):
            pass


def test_snapshot_and_restore(calcom):
    snap = calcom.snapshot()
    me = calcom.client("alice")
    assert me.patch("/me", json={"timeZone": "Asia/Tokyo"}).status_code == 200
    calcom.restore(snap)
    assert me.get("/me").json()["data"]["timeZone"] == "Europe/London"


def test_load_adds_a_user_for_this_test(calcom):
    calcom.load({"users": {"zoe": {"email": "zoe@example.com", "apiKeys": [{"key": "cal_" + "0e" * 16}]}}})
    assert calcom.client("zoe").get("/me").json()["data"]["email"] == "zoe@example.com"
    calcom.reset()  # a test-scoped load lasts until the next reset
    with pytest.raises(LookupError):
        calcom.api_key("zoe")


def test_the_next_test_does_not_see_it(calcom):
    with pytest.raises(LookupError):
        calcom.api_key("zoe")
    assert [u["key"] for u in calcom.state("users")].count("zoe") == 0


def test_deliveries_and_journal(calcom):
    alice = calcom.client("alice")
    hook = {"subscriberUrl": "http://receiver.invalid/hook", "triggers": ["BOOKING_CREATED"], "active": True,
            "secret": "s3cret"}
    created = alice.post("/webhooks", json=hook)
    assert created.status_code == 201, created.text
    calcom.clock.set("2026-01-05T09:00:00Z")
    day = "2026-01-06"
    slots = alice.get("/slots", params={"eventTypeId": 2, "start": day, "end": day}, headers=SLOTS).json()["data"]
    start = next(iter(slots.values()))[0]["start"]
    attendee = {"name": "Pat", "email": "pat@example.com", "timeZone": "Europe/Rome"}
    booked = alice.post("/bookings", json={"start": start, "eventTypeId": 2, "attendee": attendee}, headers=BOOKINGS)
    assert booked.status_code == 201, booked.text
    [delivery] = calcom.deliveries(trigger="BOOKING_CREATED", webhook_id=created.json()["data"]["id"])
    assert delivery["subscriberUrl"] == "http://receiver.invalid/hook"
    assert delivery["status"] == "recorded"  # the default: nothing is POSTed
    assert calcom.deliveries(trigger="BOOKING_CANCELLED") == []
    [call] = calcom.assert_called("BookingsController_2024_08_13_createBooking", status=201, json={"eventTypeId": 2})
    assert call["path"] == "/v2/bookings" and call["requestJson"]["attendee"]["name"] == "Pat"
    with pytest.raises(AssertionError, match="body: .*Pat"):
        calcom.assert_called("BookingsController_2024_08_13_createBooking", json={"eventTypeId": 3})
    calcom.assert_called("WebhooksController_createWebhook", times=None)


def test_reset_inside_a_test(calcom):
    calcom.client("alice").get("/me")
    calcom.reset()
    assert calcom.requests() == []
"""


def test_the_handle_in_a_downstream_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(HANDLE_SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=13)


def test_assert_called_failure_lists_the_calls_seen(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_too_few(calcom):
            me = calcom.client("alice")
            me.get("/me")
            me.patch("/me", json={"name": "Al"})
            calcom.assert_called("MeController_getMe", times=2)

        def test_never(calcom):
            calcom.client("alice").get("/me")
            calcom.assert_called("BookingsController_2024_08_13_createBooking")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*MeController_getMe called 2 time(s), but 1 call(s) matched.",
            "*Calls to MeController_getMe (oldest first):",
            "*GET /v2/me -> 200 (MeController_getMe)",
            "*BookingsController_2024_08_13_createBooking was never called; operations called: MeController_getMe",
        ]
    )
