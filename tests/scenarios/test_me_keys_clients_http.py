"""PATCH /v2/me, POST /v2/api-keys/refresh and /v2/oauth-clients over HTTP. Every answer is also held
to the spec by the server itself (an off-spec answer would be a 500)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import error

ALICE = "cal_a11ce000000000000000000000000001"
CAROL = "cal_ca201000000000000000000000000003"
V2 = {"Authorization": f"Bearer {ALICE}"}
CLIENT_ID = "cacmeplatform000000000001"
CLIENT = {"x-cal-client-id": CLIENT_ID, "x-cal-secret-key": "acme-platform-secret-for-local-testing-only"}
INVALID_KEY = "CustomThrottlerGuard - Invalid API Key"


def managed_user(c: TestClient) -> dict[str, Any]:
    response = c.post(
        f"/v2/oauth-clients/{CLIENT_ID}/users",
        headers=CLIENT,
        json={"email": "mia@example.com", "name": "Mia", "timeZone": "Europe/Rome"},
    )
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


# PATCH /v2/me ------------------------------------------------------------------------------------


def test_update_me_reads_back_through_v2_and_v1(c: TestClient) -> None:
    body = {"name": "Alice A.", "weekStart": "Monday", "timeFormat": 12, "timeZone": "america/new_york"}
    response = c.patch("/v2/me", headers=V2, json=body)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["timeZone"] == "America/New_York" and data["weekStart"] == "Monday" and data["timeFormat"] == 12
    assert "organization" not in data  # the updated row, not the profile with its organization
    me = c.get("/v2/me", headers=V2).json()["data"]
    assert me["timeZone"] == "America/New_York" and me["weekStart"] == "Monday"
    assert me["organization"]["isPlatform"] is True
    v1 = c.get(f"/v1/me?apiKey={ALICE}")
    assert v1.status_code == 200, v1.text
    assert v1.json()["user"]["name"] == "Alice A." and v1.json()["user"]["timeZone"] == "America/New_York"


def test_update_me_moves_the_default_schedule_to_the_new_time_zone(c: TestClient) -> None:
    schedule_id = c.get("/v2/me", headers=V2).json()["data"]["defaultScheduleId"]
    assert schedule_id is not None
    assert c.patch("/v2/me", headers=V2, json={"timeZone": "Asia/Tokyo"}).status_code == 200
    schedule = c.get("/v2/schedules/default", headers={**V2, "cal-api-version": "2024-06-11"}).json()["data"]
    assert schedule["id"] == schedule_id and schedule["timeZone"] == "Asia/Tokyo"


def test_update_me_refuses_an_unknown_time_zone(c: TestClient) -> None:
    response = c.patch("/v2/me", headers=V2, json={"timeZone": "Mars/Olympus"})
    assert response.status_code == 400
    assert "timeZone must be a valid IANA time-zone" in str(error(response))
    assert c.get("/v2/me", headers=V2).json()["data"]["timeZone"] == "Europe/London"


def test_update_me_with_a_managed_users_access_token(c: TestClient) -> None:
    user = managed_user(c)
    token = {"Authorization": f"Bearer {user['accessToken']}"}
    response = c.patch("/v2/me", headers=token, json={"weekStart": "Friday"})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["id"] == user["user"]["id"]
    assert c.get("/v2/me", headers=token).json()["data"]["weekStart"] == "Friday"


# POST /v2/api-keys/refresh ------------------------------------------------------------------------


def test_refresh_swaps_the_key(c: TestClient) -> None:
    response = c.post("/v2/api-keys/refresh", headers=V2, json={})
    assert response.status_code == 200, response.text
    new_key = response.json()["data"]["apiKey"]
    assert new_key.startswith("cal_") and len(new_key) == 36 and new_key != ALICE
    me = c.get("/v2/me", headers={"Authorization": f"Bearer {new_key}"})
    assert me.status_code == 200 and me.json()["data"]["email"] == "alice@acme.example"
    assert c.get(f"/v1/me?apiKey={new_key}").status_code == 200
    old = c.get("/v2/me", headers=V2)
    assert old.status_code == 401 and error(old)["message"] == INVALID_KEY
    assert c.get(f"/v1/me?apiKey={ALICE}").status_code == 401


def test_refresh_expiry_options(c: TestClient) -> None:
    both = c.post("/v2/api-keys/refresh", headers=V2, json={"apiKeyDaysValid": 5, "apiKeyNeverExpires": True})
    assert (
        both.status_code == 400 and "Cannot set both apiKeyDaysValid and apiKeyNeverExpires" in error(both)["message"]
    )
    assert c.get("/v2/me", headers=V2).status_code == 200  # a refused refresh keeps the key
    never = c.post("/v2/api-keys/refresh", headers=V2, json={"apiKeyNeverExpires": True}).json()["data"]["apiKey"]
    rows = c.get("/_emulator/state/api_keys").json()["records"]
    assert [r["expires_at"] for r in rows if r["key"] == never] == [None]
    short = c.post(
        "/v2/api-keys/refresh", headers={"Authorization": f"Bearer {never}"}, json={"apiKeyDaysValid": 2}
    ).json()["data"]["apiKey"]
    rows = c.get("/_emulator/state/api_keys").json()["records"]
    assert [r["expires_at"][:10] for r in rows if r["key"] == short] == ["2026-01-07"]
    assert not [r for r in rows if r["key"] == never]


def test_refresh_needs_an_api_key(c: TestClient) -> None:
    token = {"Authorization": f"Bearer {managed_user(c)['accessToken']}"}
    for headers in (token, CLIENT):
        response = c.post("/v2/api-keys/refresh", headers=headers, json={})
        assert response.status_code == 401
        assert error(response)["message"].startswith(
            "ApiKeysService - This endpoint can only be accessed using an API key"
        )


# /v2/oauth-clients --------------------------------------------------------------------------------


def test_oauth_client_round_trip(c: TestClient) -> None:
    body = {
        "name": "Widget",
        "redirectUris": ["https://widget.example/callback"],
        "permissions": ["BOOKING_READ", "BOOKING_WRITE"],
        "bookingRedirectUri": "https://widget.example/booked",
    }
    created = c.post("/v2/oauth-clients", headers=V2, json=body)
    assert created.status_code == 201, created.text
    client_id, secret = created.json()["data"]["clientId"], created.json()["data"]["clientSecret"]
    assert client_id.startswith("c") and len(client_id) == 25 and secret

    listed = c.get("/v2/oauth-clients", headers=V2).json()["data"]
    assert {CLIENT_ID, client_id} <= {row["id"] for row in listed}

    got = c.get(f"/v2/oauth-clients/{client_id}", headers=V2).json()["data"]
    assert got["permissions"] == ["BOOKING_READ", "BOOKING_WRITE"] and got["secret"] == secret
    assert got["organizationId"] == c.get("/v2/me", headers=V2).json()["data"]["organizationId"]
    assert got["bookingRedirectUri"] == "https://widget.example/booked" and got["areDefaultEventTypesEnabled"] is False
    assert "bookingCancelRedirectUri" not in got

    patched = c.patch(f"/v2/oauth-clients/{client_id}", headers=V2, json={"name": "Widget 2", "areEmailsEnabled": True})
    assert patched.status_code == 200, patched.text
    assert patched.json()["data"]["name"] == "Widget 2" and patched.json()["data"]["areEmailsEnabled"] is True

    deleted = c.delete(f"/v2/oauth-clients/{client_id}", headers=V2)
    assert deleted.status_code == 200 and deleted.json()["data"]["id"] == client_id
    assert c.get(f"/v2/oauth-clients/{client_id}", headers=V2).status_code == 404
    assert client_id not in {row["id"] for row in c.get("/v2/oauth-clients", headers=V2).json()["data"]}


def test_star_grants_every_permission(c: TestClient) -> None:
    body = {"name": "All", "redirectUris": [], "permissions": ["*"]}
    client_id = c.post("/v2/oauth-clients", headers=V2, json=body).json()["data"]["clientId"]
    got = c.get(f"/v2/oauth-clients/{client_id}", headers=V2).json()["data"]
    assert len(got["permissions"]) == 10 and "PROFILE_WRITE" in got["permissions"]


def test_deleting_a_client_ends_its_tokens(c: TestClient) -> None:
    user = managed_user(c)
    token = {"Authorization": f"Bearer {user['accessToken']}"}
    assert c.get("/v2/me", headers=token).status_code == 200
    assert c.delete(f"/v2/oauth-clients/{CLIENT_ID}", headers=V2).status_code == 200
    assert c.get("/v2/me", headers=token).status_code == 401


def test_members_read_but_do_not_create(c: TestClient) -> None:
    carol = {"Authorization": f"Bearer {CAROL}"}
    assert c.get("/v2/oauth-clients", headers=carol).status_code == 200
    refused = c.post("/v2/oauth-clients", headers=carol, json={"name": "X", "redirectUris": [], "permissions": []})
    assert refused.status_code == 403
