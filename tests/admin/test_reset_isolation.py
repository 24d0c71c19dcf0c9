"""What reset gives the next test: the clock as loaded, fixture tokens that still work, test-scoped fixtures
gone, and a default world whose webhook records instead of posting to whatever listens on localhost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

import emulator.world.clock as clock_module
from emulator.app import create_app
from emulator.settings import Settings
from emulator.world.clock import parse_instant
from tests.helpers import ALICE

CLOCK = "2026-01-05T09:00:00Z"
ZOE = "users:\n  zoe:\n    email: zoe@example.com\n    name: Zoe\n    timeZone: Europe/Paris\n"


@pytest.fixture
def admin() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(clock=CLOCK)), raise_server_exceptions=False) as client:
        yield client


def access_token(client: TestClient) -> dict[str, str]:
    creds = client.get("/_emulator/credentials").json()["credentials"]
    token = next(c for c in creds if c["kind"] == "accessToken" and c["owner"] == "olivia")
    return {"Authorization": f"Bearer {token['value']}"}


def now(client: TestClient) -> datetime:
    return parse_instant(client.get("/_emulator/clock").json()["now"])


def test_reset_takes_a_frozen_clock_back_and_the_tokens_work_again(admin: TestClient) -> None:
    olivia = access_token(admin)
    assert admin.get("/v2/me", headers=olivia).status_code == 200
    admin.post("/_emulator/clock", json={"advance": "61m", "frozen": False})
    assert admin.get("/v2/me", headers=olivia).status_code == 498
    assert admin.post("/_emulator/reset").status_code == 200
    assert admin.get("/_emulator/clock").json() == {"now": "2026-01-05T09:00:00.000Z", "frozen": True}
    assert admin.get("/v2/me", headers=olivia).status_code == 200


class Wall:
    """Real time as the running clock sees it, moved by the test instead of by waiting."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch) -> Wall:
    fake = Wall()
    monkeypatch.setattr(clock_module, "wall_now", fake)
    return fake


def test_reset_restores_a_running_clocks_offset(wall: Wall) -> None:
    with TestClient(create_app(Settings()), raise_server_exceptions=False) as running:
        olivia = access_token(running)
        running.post("/_emulator/clock", json={"advance": "61m"})
        assert running.get("/v2/me", headers=olivia).status_code == 498
        running.post("/_emulator/reset")
        assert running.get("/_emulator/clock").json() == {"now": "2026-03-02T08:00:30.000Z", "frozen": False}
        assert running.get("/v2/me", headers=olivia).status_code == 200
        wall.now += timedelta(seconds=5)  # it runs with real time again
        assert now(running) == datetime(2026, 3, 2, 8, 0, 35, tzinfo=UTC)


def test_a_long_run_gets_fixture_tokens_re_anchored_at_each_reset(wall: Wall) -> None:
    with TestClient(create_app(Settings()), raise_server_exceptions=False) as running:
        olivia = access_token(running)
        loaded = {c["value"]: c["expiresAt"] for c in running.get("/_emulator/credentials").json()["credentials"]}
        wall.now += timedelta(hours=3, minutes=10)
        assert running.get("/v2/me", headers=olivia).status_code == 498  # three hours into the run
        running.post("/_emulator/reset")
        assert now(running) == datetime(2026, 3, 2, 11, 10, 30, tzinfo=UTC)  # not rewound: real time
        assert running.get("/v2/me", headers=olivia).status_code == 200  # the same token string
        after = {c["value"]: c["expiresAt"] for c in running.get("/_emulator/credentials").json()["credentials"]}
        tokens = [v for v in loaded if v.startswith("ey")]
        assert tokens and all(
            parse_instant(after[v]) - parse_instant(loaded[v]) == timedelta(hours=3, minutes=10) for v in tokens
        )
        # API keys are not moved: their expiry is what the fixtures wrote.
        assert all(after[v] == loaded[v] for v in loaded if v.startswith("cal_"))
        # The lifetime counts from the reset: 59 minutes later the token still works, 61 minutes later not.
        wall.now += timedelta(minutes=59)
        assert running.get("/v2/me", headers=olivia).status_code == 200
        wall.now += timedelta(minutes=2)
        assert running.get("/v2/me", headers=olivia).status_code == 498


def usernames(client: TestClient) -> list[str]:
    return [u["username"] for u in client.get("/_emulator/state/users").json()["records"]]


def test_fixtures_merged_for_a_test_are_gone_after_the_next_reset(admin: TestClient) -> None:
    loaded = admin.post("/_emulator/fixtures?mode=merge&scope=test", content=ZOE)
    assert loaded.status_code == 200 and loaded.json()["scope"] == "test"
    assert "zoe" in usernames(admin)
    admin.post("/_emulator/reset")
    assert "zoe" not in usernames(admin)
    # A plain merge is part of the base world, as before.
    assert admin.post("/_emulator/fixtures?mode=merge", content=ZOE).json()["scope"] == "base"
    admin.post("/_emulator/reset")
    assert "zoe" in usernames(admin)


def test_a_test_scoped_replace_is_undone_too_and_bad_scopes_are_400(admin: TestClient) -> None:
    before = admin.get("/_emulator/state").content
    solo = '{"users": {"solo": {"email": "solo@example.com", "name": "Solo", "timeZone": "UTC"}}}'
    assert admin.post("/_emulator/fixtures?mode=replace&scope=test", content=solo).status_code == 200
    assert usernames(admin) == ["solo"]
    admin.post("/_emulator/reset")
    assert admin.get("/_emulator/state").content == before
    wrong = admin.post("/_emulator/fixtures?scope=session", content=ZOE)
    assert wrong.status_code == 400 and "scope" in wrong.json()["error"]
    assert "zoe" not in usernames(admin)


def book(client: TestClient, day: str) -> None:
    slots = client.get(
        "/v2/slots", params={"eventTypeId": 2, "start": day, "end": day}, headers={"cal-api-version": "2024-09-04"}
    )
    start = slots.json()["data"][day][0]["start"]
    attendee = {"name": "Pat", "email": "pat@example.com", "timeZone": "Europe/Rome"}
    created = client.post(
        "/v2/bookings",
        headers={"cal-api-version": "2024-08-13"},
        json={"start": start, "eventTypeId": 2, "attendee": attendee},
    )
    assert created.status_code == 201, created.text


def test_the_default_world_records_its_webhook_instead_of_posting(admin: TestClient) -> None:
    assert Settings().webhook_delivery == "record"
    book(admin, "2026-01-06")
    [delivery] = admin.get("/_emulator/webhooks/deliveries").json()["deliveries"]
    assert delivery["subscriberUrl"] == "http://localhost:9000/webhooks/calcom"
    assert (delivery["status"], delivery["attemptedAt"], delivery["responseStatus"]) == ("recorded", None, None)


def test_deliveries_and_snapshots_keep_only_their_limit() -> None:
    settings = Settings(clock=CLOCK, deliveries_limit=1, snapshots_limit=2)
    with TestClient(create_app(settings), raise_server_exceptions=False, headers=ALICE) as client:
        book(client, "2026-01-06")
        book(client, "2026-01-07")
        [kept] = client.get("/_emulator/webhooks/deliveries").json()["deliveries"]
        assert kept["id"] == 2  # the newest
        assert [client.post("/_emulator/snapshot").json()["id"] for _ in range(3)] == ["1", "2", "3"]
        assert client.get("/_emulator/snapshot").json()["snapshots"] == ["2", "3"]
        assert client.post("/_emulator/snapshot/1/restore").status_code == 404
        assert client.post("/_emulator/snapshot/3/restore").status_code == 200
