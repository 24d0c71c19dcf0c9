"""Webhooks of an event type, a platform OAuth client and an organization, over HTTP: the same CRUD
as /v2/webhooks, each under its owner in the path, with that scope's guard messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings

ALICE = {"Authorization": "Bearer cal_a11ce000000000000000000000000001"}
CLIENT_ID = "cacmeplatform000000000001"
PLATFORM = {"x-cal-client-id": CLIENT_ID, "x-cal-secret-key": "acme-platform-secret-for-local-testing-only"}
ORG = 1  # acme, Alice is its owner
HOOK = {"subscriberUrl": "https://hooks.example.com/a", "triggers": ["BOOKING_CREATED"], "active": True}
UUID_LEN = 36


@pytest.fixture(scope="module")
def app_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z")), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def http(app_client: TestClient) -> TestClient:
    assert app_client.post("/_emulator/reset").status_code == 200
    return app_client


def event_type_id(http: TestClient, key: str) -> int:
    records = http.get("/_emulator/state/event_types").json()["records"]
    return int(next(r["id"] for r in records if r.get("key") == key))


def listed_ids(http: TestClient, base: str, headers: dict[str, str]) -> list[str]:
    return [w["id"] for w in http.get(base, headers=headers).json()["data"]]


def message(response: Any) -> str:
    return str(response.json()["error"]["message"])


# (base path builder, headers, owner key in the output, owner value builder)
def scopes(http: TestClient) -> list[tuple[str, dict[str, str], str, Any]]:
    et = event_type_id(http, "alice/30min")
    return [
        (f"/v2/event-types/{et}/webhooks", ALICE, "eventTypeId", et),
        (f"/v2/oauth-clients/{CLIENT_ID}/webhooks", PLATFORM, "oAuthClientId", CLIENT_ID),
        (f"/v2/organizations/{ORG}/webhooks", ALICE, "teamId", ORG),
        ("/v2/webhooks", ALICE, "userId", 1),
    ]


@pytest.mark.parametrize("index", range(4), ids=["event-type", "oauth-client", "organization", "user"])
def test_crud_round_trip(http: TestClient, index: int) -> None:
    base, headers, key, owner = scopes(http)[index]
    before = listed_ids(http, base, headers)  # Alice has a fixture webhook of her own
    created = http.post(base, json={**HOOK, "secret": "s3cret"}, headers=headers)
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert len(data["id"]) == UUID_LEN and data[key] == owner
    assert data["triggers"] == ["BOOKING_CREATED"] and data["payloadTemplate"] is None and data["secret"] == "s3cret"
    hook_id = data["id"]

    listed = http.get(base, headers=headers)
    assert listed.status_code == 200 and [w["id"] for w in listed.json()["data"]] == [*before, hook_id]
    got = http.get(f"{base}/{hook_id}", headers=headers)
    assert got.status_code == 200 and got.json()["data"] == data

    patched = http.patch(
        f"{base}/{hook_id}", json={"active": False, "triggers": ["BOOKING_CANCELLED"]}, headers=headers
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["data"]["active"] is False and patched.json()["data"]["triggers"] == ["BOOKING_CANCELLED"]

    deleted = http.delete(f"{base}/{hook_id}", headers=headers)
    assert deleted.status_code == 200 and deleted.json()["data"]["id"] == hook_id
    assert listed_ids(http, base, headers) == before


@pytest.mark.parametrize("index", range(4), ids=["event-type", "oauth-client", "organization", "user"])
def test_same_url_twice_is_409(http: TestClient, index: int) -> None:
    base, headers, _, _ = scopes(http)[index]
    assert http.post(base, json=HOOK, headers=headers).status_code == 201
    again = http.post(base, json=HOOK, headers=headers)
    assert again.status_code == 409
    assert message(again).startswith("Webhook with this subscriber url already exists for this")


def test_same_url_in_another_scope_is_fine(http: TestClient) -> None:
    for base, headers, _, _ in scopes(http):
        assert http.post(base, json=HOOK, headers=headers).status_code == 201, base


def test_event_type_messages(http: TestClient) -> None:
    mine = event_type_id(http, "alice/30min")
    other = event_type_id(http, "alice/60min")
    bobs = event_type_id(http, "bob/30min")
    hook = http.post(f"/v2/event-types/{mine}/webhooks", json=HOOK, headers=ALICE).json()["data"]["id"]

    missing = http.get("/v2/event-types/999999/webhooks", headers=ALICE)
    assert missing.status_code == 404
    assert message(missing) == "IsUserEventTypeWebhookGuard - Event type (999999) not found"
    foreign = http.post(f"/v2/event-types/{bobs}/webhooks", json=HOOK, headers=ALICE)
    assert foreign.status_code == 403
    assert message(foreign) == f"IsUserEventTypeWebhookGuard - User (1) is not the owner of event type ({bobs})"

    wrong = http.get(f"/v2/event-types/{other}/webhooks/{hook}", headers=ALICE)
    assert wrong.status_code == 403
    assert message(wrong) == (
        f"IsUserEventTypeWebhookGuard - Webhook ({hook}) is not associated with event type ({other})"
    )
    user_hook = http.post("/v2/webhooks", json=HOOK, headers=ALICE).json()["data"]["id"]
    unbound = http.delete(f"/v2/event-types/{mine}/webhooks/{user_hook}", headers=ALICE)
    assert unbound.status_code == 400
    assert message(unbound) == (
        f"IsUserEventTypeWebhookGuard - Webhook ({user_hook}) is not associated with an event type"
    )
    unknown = http.get(f"/v2/event-types/{mine}/webhooks/00000000-0000-4000-8000-000000000000", headers=ALICE)
    assert unknown.status_code == 404
    assert message(unknown) == "Webhook (00000000-0000-4000-8000-000000000000) not found"


def test_another_scopes_webhook_is_refused(http: TestClient) -> None:
    et = event_type_id(http, "alice/30min")
    users_before = listed_ids(http, "/v2/webhooks", ALICE)
    et_hook = http.post(f"/v2/event-types/{et}/webhooks", json=HOOK, headers=ALICE).json()["data"]["id"]
    org_hook = http.post(f"/v2/organizations/{ORG}/webhooks", json=HOOK, headers=ALICE).json()["data"]["id"]

    via_client = http.get(f"/v2/oauth-clients/{CLIENT_ID}/webhooks/{et_hook}", headers=PLATFORM)
    assert via_client.status_code == 403
    assert message(via_client) == "IsOAuthClientWebhookGuard - Webhook does not belong to this oAuthClient"

    via_org = http.patch(f"/v2/organizations/{ORG}/webhooks/{et_hook}", json={"active": False}, headers=ALICE)
    assert via_org.status_code == 403
    assert message(via_org) == (
        f"IsWebhookInOrg - webhook with id={et_hook} is not part of the organization with id={ORG}."
    )
    via_user = http.get(f"/v2/webhooks/{org_hook}", headers=ALICE)
    assert via_user.status_code == 403
    via_event_type = http.get(f"/v2/event-types/{et}/webhooks/{org_hook}", headers=ALICE)
    assert via_event_type.status_code == 400

    # nothing changed, and each list shows only its own
    assert [w["id"] for w in http.get(f"/v2/organizations/{ORG}/webhooks", headers=ALICE).json()["data"]] == [org_hook]
    assert listed_ids(http, "/v2/webhooks", ALICE) == users_before


def test_unknown_webhook_in_org_is_403_and_in_client_is_404(http: TestClient) -> None:
    ghost = "00000000-0000-4000-8000-000000000000"
    in_org = http.get(f"/v2/organizations/{ORG}/webhooks/{ghost}", headers=ALICE)
    assert in_org.status_code == 403
    in_client = http.delete(f"/v2/oauth-clients/{CLIENT_ID}/webhooks/{ghost}", headers=PLATFORM)
    assert in_client.status_code == 404 and message(in_client) == f"Webhook ({ghost}) not found"


@pytest.mark.parametrize("index", range(2), ids=["event-type", "oauth-client"])
def test_delete_all(http: TestClient, index: int) -> None:
    base, headers, _, _ = scopes(http)[index]
    users_before = listed_ids(http, "/v2/webhooks", ALICE)
    for n in range(3):
        assert http.post(base, json={**HOOK, "subscriberUrl": f"https://hooks.example.com/{n}"}, headers=headers)
    kept = http.post("/v2/webhooks", json=HOOK, headers=ALICE).json()["data"]["id"]
    gone = http.delete(base, headers=headers)
    assert gone.status_code == 200 and gone.json() == {"status": "success", "data": "3 webhooks deleted"}
    assert http.get(base, headers=headers).json()["data"] == []
    assert http.delete(base, headers=headers).json()["data"] == "0 webhooks deleted"
    assert listed_ids(http, "/v2/webhooks", ALICE) == [*users_before, kept]


def test_pagination(http: TestClient) -> None:
    base = f"/v2/organizations/{ORG}/webhooks"
    made = [
        http.post(base, json={**HOOK, "subscriberUrl": f"https://hooks.example.com/{n}"}, headers=ALICE).json()["data"]
        for n in range(3)
    ]
    page = http.get(base, params={"skip": 1, "take": 1}, headers=ALICE).json()["data"]
    assert [w["id"] for w in page] == [made[1]["id"]]


def test_event_type_webhook_is_stored_on_the_event_type(http: TestClient) -> None:
    et = event_type_id(http, "alice/30min")
    hook = http.post(f"/v2/event-types/{et}/webhooks", json=HOOK, headers=ALICE).json()["data"]["id"]
    records = http.get("/_emulator/state/webhooks").json()["records"]
    stored = next(r for r in records if r["id"] == hook)
    assert stored["event_type_id"] == et and stored["user_id"] is None
