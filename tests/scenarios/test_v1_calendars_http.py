"""v1 selected and destination calendars over HTTP: CRUD over the tables v2 serves, each user reaching
only their own rows, a system-wide admin acting for anyone, and the handlers' exact messages; and
credential sync, for admin keys with the sync secret when the settings turn it on.

The default world gives dave (id 4) a Google connection (credential 1) with a writable primary
calendar, a read-only family calendar, the primary selected and set as his destination (row 1)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.domain.app_crypto import symmetric_encrypt
from emulator.settings import Settings
from tests.helpers import ALICE_KEY, DAVE_KEY

ROOT_KEY = "cal_00000000000000000000000000000a02"
ROOT = f"""
users:
  root: {{email: root@calendars.example, name: Root, role: ADMIN, apiKeys: [{{key: {ROOT_KEY}}}]}}
"""
PRIMARY = "dave.diaz@gmail.example"
FAMILY = "family@group.calendar.example"
REDACTED = "An error occurred while querying the database."


def v1(path: str, key: str = DAVE_KEY) -> str:
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}apiKey={key}"


def test_selected_calendars_round_trip(c: TestClient) -> None:
    listed = c.get(v1("/v1/selected-calendars")).json()["selected_calendars"]
    assert [(s["userId"], s["integration"], s["externalId"], s["credentialId"]) for s in listed] == [
        (4, "google_calendar", PRIMARY, 1)
    ]
    assert listed[0]["eventTypeId"] is None and listed[0]["maxAttempts"] == 3
    made = c.post(v1("/v1/selected-calendars"), json={"integration": "google_calendar", "externalId": FAMILY})
    assert made.status_code == 200, made.text
    assert made.json()["message"] == "Selected Calendar created successfully"
    assert made.json()["selected_calendar"]["credentialId"] is None
    again = c.post(v1("/v1/selected-calendars"), json={"integration": "google_calendar", "externalId": FAMILY})
    assert (again.status_code, again.json()["message"]) == (400, REDACTED)
    path = f"/v1/selected-calendars/4_google_calendar_{FAMILY}"
    edited = c.patch(v1(path), json={"credentialId": 1})
    assert edited.json()["selected_calendar"]["credentialId"] == 1
    assert c.get(v1(path)).json()["selected_calendar"]["externalId"] == FAMILY
    removed = c.delete(v1(path))
    assert removed.json() == {"message": f"Selected Calendar with id: 4_google_calendar_{FAMILY} deleted successfully"}
    assert (c.get(v1(path)).status_code, c.get(v1(path)).json()["message"]) == (404, REDACTED)
    # v2 sees what v1 wrote: the primary is still dave's only selection
    rows = c.get("/_emulator/state/selected_calendars").json()["records"]
    assert [r["external_id"] for r in rows] == [PRIMARY]


def test_selected_calendars_guard_and_ids(c: TestClient) -> None:
    own = f"/v1/selected-calendars/4_google_calendar_{PRIMARY}"
    forbidden = c.get(v1(own, ALICE_KEY))
    assert (forbidden.status_code, forbidden.json()["message"]) == (403, "Forbidden")
    assert c.get(v1("/v1/selected-calendars?userId=4", ALICE_KEY)).json()["message"] == "ADMIN required"
    body = {"integration": "google_calendar", "externalId": "x", "userId": 4}
    refused = c.post(v1("/v1/selected-calendars", ALICE_KEY), json=body)
    assert (refused.status_code, refused.json()["message"]) == (403, "ADMIN required for userId")
    assert c.get(v1("/v1/selected-calendars/abc_google_calendar_x")).status_code == 400  # the spec's integer
    assert c.get(v1("/v1/selected-calendars/4_google_x")).json()["message"] == "custom in '': Missing externalId"
    # the selection alice cannot see, an admin reads and moves
    assert c.post("/_emulator/fixtures?scope=test", content=ROOT).status_code == 200
    assert [
        s["userId"] for s in c.get(v1("/v1/selected-calendars?userId=4", ROOT_KEY)).json()["selected_calendars"]
    ] == [4]
    assert c.get(v1(own, ROOT_KEY)).json()["selected_calendar"]["credentialId"] == 1
    made = c.post(v1("/v1/selected-calendars", ROOT_KEY), json={**body, "userId": 2})
    assert made.json()["selected_calendar"]["userId"] == 2
    unknown = c.post(v1("/v1/selected-calendars", ROOT_KEY), json={**body, "userId": 999})
    assert (unknown.status_code, unknown.json()["message"]) == (404, REDACTED)


def test_destination_calendars_round_trip(c: TestClient) -> None:
    listed = c.get(v1("/v1/destination-calendars")).json()
    assert listed == {
        "destinationCalendars": [
            {"id": 1, "integration": "google_calendar", "externalId": PRIMARY, "eventTypeId": None, "userId": 4}
        ]
    }
    assert c.get(v1("/v1/destination-calendars/1")).json()["destinationCalendar"]["externalId"] == PRIMARY
    read_only = c.patch(
        v1("/v1/destination-calendars/1"), json={"integration": "google_calendar", "externalId": FAMILY}
    )
    assert (read_only.status_code, read_only.json()["message"]) == (400, "Bad request, credential id invalid")
    half = c.patch(v1("/v1/destination-calendars/1"), json={"integration": "google_calendar"})
    assert half.json()["message"] == "External Id is required with integration value"
    # an event type's own destination (dave/30min is event type 9)
    body = {"integration": "google_calendar", "externalId": PRIMARY, "eventTypeId": 9}
    made = c.post(v1("/v1/destination-calendars"), json=body)
    assert made.status_code == 200, made.text
    row = made.json()["destinationCalendar"]
    assert {k: v for k, v in row.items() if k != "id"} == {
        "integration": "google_calendar",
        "externalId": PRIMARY,
        "eventTypeId": 9,
        "userId": None,
    }
    assert made.json()["message"] == "Destination calendar created successfully"
    assert [d["id"] for d in c.get(v1("/v1/destination-calendars")).json()["destinationCalendars"]] == [1, row["id"]]
    second = c.post(v1("/v1/destination-calendars"), json=body)
    assert (second.status_code, second.json()["message"]) == (400, REDACTED)
    gone = c.delete(v1(f"/v1/destination-calendars/{row['id']}"))
    assert gone.json() == {"message": "OK, Destination Calendar removed successfully"}
    assert c.get(v1(f"/v1/destination-calendars/{row['id']}")).json()["message"] == "Destination calendar not found"


def test_destination_calendars_guard(c: TestClient) -> None:
    hidden = c.get(v1("/v1/destination-calendars/1", ALICE_KEY))
    assert (hidden.status_code, hidden.json()["message"]) == (404, "Destination calendar not found")
    assert c.delete(v1("/v1/destination-calendars/1", ALICE_KEY)).status_code == 404
    assert c.get(v1("/v1/destination-calendars?userId=4", ALICE_KEY)).json()["message"] == "ADMIN required"
    body = {"integration": "google_calendar", "externalId": PRIMARY}
    assert c.post(v1("/v1/destination-calendars", ALICE_KEY), json={**body, "userId": 4}).json()["message"] == (
        "ADMIN required for `userId`"
    )
    assert c.post(v1("/v1/destination-calendars", ALICE_KEY), json=body).json()["message"] == (
        "Bad request, credential id invalid"  # alice has no Google connection
    )
    strict = c.post(v1("/v1/destination-calendars"), json={**body, "credentialId": 1})
    assert (strict.status_code, strict.json()["message"]) == (400, "Unrecognized key(s) in object: 'credentialId'")
    assert c.post("/_emulator/fixtures?scope=test", content=ROOT).status_code == 200
    assert c.post(v1("/v1/destination-calendars", ROOT_KEY), json=body).json()["message"] == "`userId` required"
    assert c.get(v1("/v1/destination-calendars/1", ROOT_KEY)).json()["destinationCalendar"]["userId"] == 4
    assert c.get(v1("/v1/destination-calendars?userId=4", ROOT_KEY)).json()["destinationCalendars"][0]["id"] == 1
    assert c.delete(v1("/v1/destination-calendars/1", ROOT_KEY)).status_code == 200
    missing = c.delete(v1("/v1/destination-calendars/1", ROOT_KEY))
    assert (missing.status_code, missing.json()["message"]) == (404, REDACTED)


# credential sync ----------------------------------------------------------------------------------

SYNC_SECRET = "sync-secret"
ENCRYPTION_KEY = "0123456789abcdef0123456789abcdef"  # 32 characters, as AES-256 needs
TOKEN = json.dumps({"access_token": "ya29.token", "refresh_token": "1//refresh", "expiry_date": 1767603600000})


@pytest.fixture(scope="module")
def synced() -> Iterator[TestClient]:
    """An emulator with credential sync on, and root, a system-wide admin."""
    settings = Settings(
        clock="2026-01-05T09:00:00Z", credential_sync_secret=SYNC_SECRET, app_credential_encryption_key=ENCRYPTION_KEY
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.post("/_emulator/fixtures", content=ROOT).status_code == 200
        yield client


def sync(path: str, key: str = ROOT_KEY) -> tuple[str, dict[str, str]]:
    return v1(path, key), {"calcom-credential-sync-secret": SYNC_SECRET}


def test_credential_sync_round_trip(synced: TestClient) -> None:
    synced.post("/_emulator/reset")
    encrypted = symmetric_encrypt(TOKEN, ENCRYPTION_KEY)
    url, headers = sync("/v1/credential-sync?userId=2&createSelectedCalendar=true&createDestinationCalendar=true")
    made = synced.post(url, headers=headers, json={"appSlug": "google-calendar", "encryptedKey": encrypted})
    assert made.status_code == 200, made.text
    credential = made.json()["credential"]
    assert credential["type"] == "google_calendar"
    # bob (id 2) now checks and writes into his Google account's primary calendar
    bob = "bob@acme.example"
    selected = synced.get(v1("/v1/selected-calendars?userId=2", ROOT_KEY)).json()["selected_calendars"]
    assert [(s["integration"], s["externalId"], s["credentialId"]) for s in selected] == [
        ("google_calendar", bob, credential["id"])
    ]
    destination = synced.get(v1("/v1/destination-calendars?userId=2", ROOT_KEY)).json()["destinationCalendars"]
    assert [(d["integration"], d["externalId"]) for d in destination] == [
        ("google_calendar", selected[0]["externalId"])
    ]
    url, headers = sync("/v1/credential-sync?userId=2")
    listed = synced.get(url, headers=headers).json()
    assert listed == {
        "credentials": [{"id": credential["id"], "appId": "google-calendar", "appSlug": "google-calendar"}]
    }
    url, headers = sync(f"/v1/credential-sync?userId=2&credentialId={credential['id']}")
    again = symmetric_encrypt(json.dumps({"access_token": "ya29.fresh"}), ENCRYPTION_KEY)
    updated = synced.patch(url, headers=headers, json={"encryptedKey": again})
    assert updated.json() == {"credential": {"id": credential["id"], "appId": "google-calendar"}}
    deleted = synced.delete(url, headers=headers)
    assert deleted.json() == {"credentialDeleted": {"id": credential["id"], "appId": "google-calendar"}}
    assert synced.get(v1("/v1/selected-calendars?userId=2", ROOT_KEY)).json()["selected_calendars"] == []
    missing = synced.delete(url, headers=headers)
    assert (missing.status_code, missing.json()["message"]) == (404, REDACTED)


def test_credential_sync_guards(synced: TestClient, c: TestClient) -> None:
    url, headers = sync("/v1/credential-sync?userId=2", DAVE_KEY)
    not_admin = synced.get(url, headers=headers)
    assert (not_admin.status_code, not_admin.json()) == (
        403,
        {"error": "Only admin API keys can access credential syncing endpoints"},
    )
    url, _ = sync("/v1/credential-sync?userId=2")
    wrong = synced.get(url, headers={"calcom-credential-sync-secret": "nope"})
    assert (wrong.status_code, wrong.json()["message"]) == (401, "Invalid credential sync secret")
    url, headers = sync("/v1/credential-sync?userId=abc")
    assert synced.get(url, headers=headers).json()["message"] == "userId is not a valid number"
    url, headers = sync("/v1/credential-sync?userId=2")
    garbled = synced.post(url, headers=headers, json={"appSlug": "google-calendar", "encryptedKey": "00" * 16 + ":00"})
    assert (garbled.status_code, garbled.json()["message"]) == (400, "bad decrypt")
    zoom = {"appSlug": "zoom", "encryptedKey": symmetric_encrypt(TOKEN, ENCRYPTION_KEY)}
    assert synced.post(url, headers=headers, json=zoom).json()["message"] == "App not found"
    # the default settings leave the feature off
    assert c.post("/_emulator/fixtures?scope=test", content=ROOT).status_code == 200
    off = c.get(url, headers=headers)
    assert (off.status_code, off.json()) == (501, {"error": "Credential syncing is not enabled"})
