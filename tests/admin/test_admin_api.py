"""The admin API over HTTP: reset, fixtures, state, snapshots, clock, credentials."""

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings
from tests.helpers import ALICE

HOOK = {"subscriberUrl": "https://hooks.example/new", "triggers": ["BOOKING_CREATED"], "active": True}


@pytest.fixture
def admin() -> Iterator[TestClient]:
    # Its own emulator with a frozen clock, so tests here may change the world freely.
    app = create_app(Settings(clock="2026-01-05T09:00:00Z"))
    with TestClient(app, raise_server_exceptions=False, headers=ALICE) as c:
        yield c


def webhook_ids(client: TestClient) -> list[str]:
    return [w["id"] for w in client.get("/v2/webhooks").json()["data"]]


def test_a_record_created_through_the_api_is_gone_after_reset(admin: TestClient) -> None:
    before = webhook_ids(admin)
    created = admin.post("/v2/webhooks", json=HOOK)
    assert created.status_code == 201
    assert created.json()["data"]["id"] in webhook_ids(admin)
    assert admin.post("/_emulator/reset").json() == {"status": "ok"}
    assert admin.get("/_emulator/requests").json()["requests"] == []
    assert webhook_ids(admin) == before


def test_snapshot_change_restore_undoes_the_change_and_the_counters(admin: TestClient) -> None:
    snap = admin.post("/_emulator/snapshot")
    assert snap.status_code == 201
    state_before = admin.get("/_emulator/state").json()
    first = admin.post("/v2/webhooks", json=HOOK).json()["data"]["id"]
    assert admin.post(f"/_emulator/snapshot/{snap.json()['id']}/restore").status_code == 200
    assert admin.get("/_emulator/state").json() == state_before
    # The random source went back too: the same create yields the same UUID again.
    assert admin.post("/v2/webhooks", json=HOOK).json()["data"]["id"] == first
    assert admin.post("/_emulator/snapshot/99/restore").status_code == 404


def test_state_is_byte_identical_for_the_same_fixtures_and_clock() -> None:
    bodies = []
    for _ in range(2):
        with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z"))) as c:
            bodies.append(c.get("/_emulator/state").content)
    assert bodies[0] == bodies[1]
    assert b'"uid"' in bodies[0]


def test_state_of_one_table_and_unknown_tables(admin: TestClient) -> None:
    users = admin.get("/_emulator/state/users").json()
    assert users["table"] == "users" and users["records"][0]["username"] == "alice"
    missing = admin.get("/_emulator/state/nope")
    assert missing.status_code == 404 and "bookings" in missing.json()["tables"]


def test_fixtures_merge_adds_records_that_refer_to_loaded_keys(admin: TestClient) -> None:
    text = "users:\n  zoe:\n    email: zoe@example.com\n    name: Zoe\n    timeZone: Europe/Paris\n"
    response = admin.post("/_emulator/fixtures", content=text, headers={"content-type": "application/x-yaml"})
    assert response.status_code == 200, response.text
    usernames = [u["username"] for u in admin.get("/_emulator/state/users").json()["records"]]
    assert "zoe" in usernames
    admin.post("/_emulator/reset")  # the merged records are now part of the base
    assert "zoe" in [u["username"] for u in admin.get("/_emulator/state/users").json()["records"]]


def test_invalid_fixtures_are_a_400_with_lines_and_change_nothing(admin: TestClient) -> None:
    before = admin.get("/_emulator/state").content
    text = "users:\n  zoe:\n    email: zoe@example.com\n    name: Zoe\n    timeZone: Mars/Olympus\n"
    response = admin.post("/_emulator/fixtures?mode=replace", content=text)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["line"] == 5 and errors[0]["file"] == "<request>"
    assert "Mars/Olympus" in errors[0]["message"]
    assert admin.get("/_emulator/state").content == before
    assert admin.post("/_emulator/fixtures?mode=sideways", content=text).status_code == 400
    assert admin.post("/_emulator/fixtures", content=b"").status_code == 400


def test_fixtures_replace_starts_from_an_empty_world(admin: TestClient) -> None:
    text = '{"users": {"solo": {"email": "solo@example.com", "name": "Solo", "timeZone": "UTC"}}}'
    assert admin.post("/_emulator/fixtures?mode=replace", content=text).status_code == 200
    records = admin.get("/_emulator/state/users").json()["records"]
    assert [(u["id"], u["username"]) for u in records] == [(1, "solo")]


def test_clock_set_advance_freeze(admin: TestClient) -> None:
    assert admin.get("/_emulator/clock").json() == {"now": "2026-01-05T09:00:00.000Z", "frozen": True}
    assert admin.post("/_emulator/clock", json={"advance": "61m"}).json()["now"] == "2026-01-05T10:01:00.000Z"
    assert admin.post("/_emulator/clock", json={"advance": 30}).json()["now"] == "2026-01-05T10:01:30.000Z"
    moved = admin.post("/_emulator/clock", json={"set": "2027-03-01T00:00:00Z"}).json()
    assert moved == {"now": "2027-03-01T00:00:00.000Z", "frozen": True}
    assert admin.post("/_emulator/clock", json={"frozen": False}).json()["frozen"] is False
    for bad in ({"advance": "soon"}, {"set": "yesterday"}, {"frozen": "yes"}, {"speed": 2}, {}):
        assert admin.post("/_emulator/clock", json=bad).status_code == 400, bad
    admin.post("/_emulator/reset")
    assert admin.get("/_emulator/clock").json()["now"] == "2026-01-05T09:00:00.000Z"


def test_credentials_list_every_kind(admin: TestClient) -> None:
    creds = admin.get("/_emulator/credentials").json()["credentials"]
    kinds = {c["kind"] for c in creds}
    assert {"apiKey", "oauthClient", "accessToken", "refreshToken"} <= kinds
    alice = next(c for c in creds if c["kind"] == "apiKey" and c["owner"] == "alice")
    assert alice["value"] == "cal_a11ce000000000000000000000000001"


def test_unknown_admin_paths_and_methods_answer_json(admin: TestClient) -> None:
    missing = admin.get("/_emulator/nope")
    assert missing.status_code == 404
    assert missing.json()["error"] == "Not Found: GET /_emulator/nope" and "/_emulator" in missing.json()["hint"]
    wrong = admin.delete("/_emulator/state")
    assert wrong.status_code == 405 and wrong.json()["error"] == "Method Not Allowed: DELETE /_emulator/state"
    assert admin.get("/").status_code == 404
