"""Authentication, token expiry on the clock, refresh rotation, roles, plans and 402."""

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings

KEYS = {
    "alice": "cal_a11ce000000000000000000000000001",
    "carol": "cal_ca201000000000000000000000000003",
    "dave": "cal_da7e0000000000000000000000000004",
    "frank": "cal_f2a4c000000000000000000000000006",
    "grace": "cal_92ace000000000000000000000000007",
}
CLIENT_ID = "cacmeplatform000000000001"
CLIENT_SECRET = "acme-platform-secret-for-local-testing-only"
CLIENT = {"x-cal-client-id": CLIENT_ID, "x-cal-secret-key": CLIENT_SECRET}
NO_AUTH = (
    "ApiAuthStrategy - No authentication method provided. Either pass an API key as 'Bearer' header or OAuth "
    "client credentials as 'x-cal-secret-key' and 'x-cal-client-id' headers"
)


def bearer(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEYS[who]}"}


def make_client(**settings: Any) -> TestClient:
    return TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z", **settings)), raise_server_exceptions=False)


@pytest.fixture
def api() -> Iterator[TestClient]:
    with make_client() as c:
        yield c


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def team_id(api: TestClient, slug: str) -> int:
    teams = api.get("/_emulator/state/teams").json()["records"]
    return int(next(t["id"] for t in teams if t["slug"] == slug))


def olivia_tokens(api: TestClient) -> tuple[str, str]:
    creds = api.get("/_emulator/credentials").json()["credentials"]
    access = next(c["value"] for c in creds if c["kind"] == "accessToken" and c["owner"] == "olivia")
    refresh = next(c["value"] for c in creds if c["kind"] == "refreshToken" and c["owner"] == "olivia")
    return access, refresh


# v1 -------------------------------------------------------------------------------------------
def test_v1_api_key_answers(api: TestClient) -> None:
    assert api.get("/v1/me").json() == {"message": "No apiKey provided"}
    bad = api.get("/v1/me?apiKey=cal_ffffffffffffffffffffffffffffffff")
    assert (bad.status_code, bad.json()) == (401, {"error": "Your API key is not valid."})
    ok = api.get(f"/v1/me?apiKey={KEYS['carol']}")
    assert ok.status_code == 200 and ok.json()["user"]["username"] == "carol"


def test_v1_expired_and_locked(api: TestClient) -> None:
    text = (
        "users:\n"
        "  old:\n    email: old@example.com\n    name: Old\n    timeZone: UTC\n"
        "    apiKeys: [{key: cal_0e100000000000000000000000000001, expiresAt: '2026-01-04T12:00:00Z'}]\n"
        "  stuck:\n    email: stuck@example.com\n    name: Stuck\n    timeZone: UTC\n    locked: true\n"
        "    apiKeys: [{key: cal_0e100000000000000000000000000002}]\n"
    )
    assert api.post("/_emulator/fixtures", content=text).status_code == 200
    expired = api.get("/v1/me?apiKey=cal_0e100000000000000000000000000001")
    assert (expired.status_code, expired.json()) == (401, {"error": "This API key is expired."})
    locked = api.get("/v1/me?apiKey=cal_0e100000000000000000000000000002")
    assert (locked.status_code, locked.json()) == (403, {"error": "You are not authorized to perform this request."})
    # The same expired key on v2 (compared by calendar day, as the server does).
    v2 = api.get("/v2/me", headers={"Authorization": "Bearer cal_0e100000000000000000000000000001"})
    assert (v2.status_code, error(v2)["message"]) == (401, "ApiAuthStrategy - api key - Your api key is expired")


# v2 credentials -------------------------------------------------------------------------------
def test_v2_without_credentials_is_the_auth_guards_401(api: TestClient) -> None:
    response = api.get("/v2/me")
    assert response.status_code == 401
    assert error(response) | {"details": None} == {"code": "UnauthorizedException", "message": NO_AUTH, "details": None}


def test_permissions_guard_first_answers_403_without_credentials(api: TestClient) -> None:
    response = api.get("/v2/bookings")  # legacy bookings: PermissionsGuard on the class
    assert response.status_code == 403
    assert error(response)["message"].startswith("PermissionsGuard - no authentication provided.")
    assert api.get("/v2/bookings", headers={"cal-api-version": "2024-08-13"}).status_code == 403


def test_half_a_client_pair_and_wrong_secrets(api: TestClient) -> None:
    only_id = api.get("/v2/me", headers={"x-cal-client-id": CLIENT_ID})
    assert error(only_id)["message"].startswith("ApiAuthStrategy - Only 'x-cal-client-id' header provided.")
    wrong = api.get("/v2/me", headers={"x-cal-client-id": CLIENT_ID, "x-cal-secret-key": "nope"})
    assert error(wrong)["message"] == "ApiAuthStrategy - oAuth client - Invalid client secret"
    unknown = api.get("/v2/me", headers={"x-cal-client-id": "cnope", "x-cal-secret-key": "x"})
    assert error(unknown)["message"] == "ApiAuthStrategy - oAuth client - Client with ID cnope not found"


def test_an_oauth_client_acts_as_its_platform_owner(api: TestClient) -> None:
    response = api.get("/v2/me", headers=CLIENT)
    assert response.status_code == 200 and response.json()["data"]["username"] == "alice"


def test_a_credential_kind_the_operation_does_not_take(api: TestClient) -> None:
    response = api.get("/v2/calendars/google/connect", headers=CLIENT)
    assert response.status_code == 401
    assert error(response)["message"] == (
        "ApiAuthStrategy - Invalid authentication method. "
        "Please provide one of the allowed methods: API_KEY, ACCESS_TOKEN"
    )


# tokens on the clock --------------------------------------------------------------------------
def test_access_token_expires_at_60_minutes_on_the_clock(api: TestClient) -> None:
    access, _ = olivia_tokens(api)
    token = {"Authorization": f"Bearer {access}"}
    assert api.get("/v2/me", headers=token).json()["data"]["email"].startswith("olivia+")
    api.post("/_emulator/clock", json={"advance": "59m"})
    assert api.get("/v2/me", headers=token).status_code == 200
    api.post("/_emulator/clock", json={"advance": "2m"})
    expired = api.get("/v2/me", headers=token)
    assert expired.status_code == 498
    assert error(expired) == {
        "code": "TokenExpiredException",
        "message": "ACCESS_TOKEN_IS_EXPIRED",
        "details": "ACCESS_TOKEN_IS_EXPIRED",
    }
    garbage = api.get("/v2/me", headers={"Authorization": "Bearer not-a-token"})
    assert (garbage.status_code, error(garbage)["message"]) == (401, "Invalid Access Token.")


def test_refresh_rotates_both_tokens(api: TestClient) -> None:
    access, refresh = olivia_tokens(api)
    api.post("/_emulator/clock", json={"advance": "61m"})
    url = f"/v2/oauth/{CLIENT_ID}/refresh"
    wrong = api.post(url, json={"refreshToken": refresh}, headers={"x-cal-secret-key": "nope"})
    assert (wrong.status_code, error(wrong)["message"]) == (
        401,
        "ApiAuthStrategy - oAuth client - Invalid client secret",
    )
    fresh = api.post(url, json={"refreshToken": refresh}, headers={"x-cal-secret-key": CLIENT_SECRET})
    assert fresh.status_code == 200
    keys = fresh.json()["data"]
    assert keys["accessToken"] != access and keys["refreshToken"] != refresh
    # Refreshed at 10:01: the access token lasts to 11:01, the refresh token to midnight a year on.
    assert keys["accessTokenExpiresAt"] == 1767610860000  # 11:01
    assert keys["refreshTokenExpiresAt"] == 1799107200000  # 2027-01-05T00:00Z
    assert api.get("/v2/me", headers={"Authorization": f"Bearer {keys['accessToken']}"}).status_code == 200
    again = api.post(url, json={"refreshToken": refresh}, headers={"x-cal-secret-key": CLIENT_SECRET})
    assert (again.status_code, error(again)["message"]) == (400, "Invalid OAuthClient credentials.")


def test_force_refresh_revokes_every_token_of_the_user(api: TestClient) -> None:
    access, _ = olivia_tokens(api)
    me = api.get("/v2/me", headers={"Authorization": f"Bearer {access}"}).json()["data"]
    forced = api.post(f"/v2/oauth-clients/{CLIENT_ID}/users/{me['id']}/force-refresh", headers=CLIENT)
    assert forced.status_code == 200
    assert api.get("/v2/me", headers={"Authorization": f"Bearer {access}"}).status_code == 401
    new = forced.json()["data"]["accessToken"]
    assert api.get("/v2/me", headers={"Authorization": f"Bearer {new}"}).json()["data"]["id"] == me["id"]
    stranger = api.post(f"/v2/oauth-clients/{CLIENT_ID}/users/1/force-refresh", headers=CLIENT)
    assert (stranger.status_code, error(stranger)["message"]) == (
        404,
        "User with ID 1 is not part of this OAuth client.",
    )


def test_creating_a_managed_user_issues_tokens(api: TestClient) -> None:
    body = {"email": "nina@customer.example", "name": "Nina", "timeZone": "Europe/Rome"}
    created = api.post(f"/v2/oauth-clients/{CLIENT_ID}/users", json=body, headers=CLIENT)
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert data["user"]["email"] == f"nina+{CLIENT_ID}@customer.example"
    assert isinstance(data["user"]["defaultScheduleId"], int)
    assert data["accessTokenExpiresAt"] == 1767607200000  # 2026-01-05T10:00:00Z
    token = {"Authorization": f"Bearer {data['accessToken']}"}
    assert api.get("/v2/me", headers=token).json()["data"]["id"] == data["user"]["id"]
    again = api.post(f"/v2/oauth-clients/{CLIENT_ID}/users", json=body, headers=CLIENT)
    assert again.status_code == 409
    assert (
        error(again)["message"]
        == f"User with the provided e-mail already exists. Existing user ID={data['user']['id']}"
    )


# roles and plans ------------------------------------------------------------------------------
def test_a_member_calling_an_admin_operation_gets_the_roles_guard_403(api: TestClient) -> None:
    acme = team_id(api, "acme")
    refused = api.get(f"/v2/organizations/{acme}/memberships", headers=bearer("carol"))
    assert refused.status_code == 403
    assert error(refused)["message"] == (
        "RolesGuard - user with id=3 does not have the minimum required role=ORG_ADMIN "
        f"within organization with id={acme}."
    )
    outsider = api.get(f"/v2/organizations/{acme}/memberships", headers=bearer("dave"))
    assert error(outsider)["message"] == f"RolesGuard - User is not a member of the organization with id={acme}."
    assert api.get(f"/v2/organizations/{acme}/memberships", headers=bearer("alice")).status_code not in (401, 403)


def test_the_org_guard_and_the_platform_plan_guard(api: TestClient) -> None:
    studio = team_id(api, "design-studio")
    not_org = api.get(f"/v2/organizations/{studio}/memberships", headers=bearer("dave"))
    assert error(not_org)["message"] == (
        f"IsOrgGuard - provided organization id={studio} does not represent any existing organization."
    )
    acme = team_id(api, "acme")
    scale = api.post(f"/v2/organizations/{acme}/delegation-credentials", json={}, headers=bearer("alice"))
    assert scale.status_code == 403
    assert error(scale)["message"] == (
        f"PlatformPlanGuard - organization with id={acme} does not have required plan for this operation. "
        "Minimum plan is SCALE while the organization has ESSENTIALS."
    )


def test_unpaid_subscription_gets_402_and_the_setting_gives_403(api: TestClient) -> None:
    studio = team_id(api, "design-studio")
    paid = api.get(f"/v2/teams/{studio}", headers=bearer("dave"))
    assert paid.status_code != 402
    unpaid = api.get(f"/v2/teams/{studio}", headers=bearer("frank"))
    assert unpaid.status_code == 402
    assert error(unpaid)["code"] == "PaymentRequiredException"
    assert "'frank' has a unpaid subscription" in error(unpaid)["message"]
    # grace is past due but on the free plan: her subscription pays for no team features.
    assert api.get("/v2/me", headers=bearer("grace")).status_code == 200
    with make_client(block_unpaid_with=403) as live:
        assert live.get(f"/v2/teams/{studio}", headers=bearer("frank")).status_code == 403


def test_a_client_sees_only_its_own_managed_users(api: TestClient) -> None:
    text = (
        "users:\n  omar:\n    email: omar@other.example\n    name: Omar\n    timeZone: UTC\n"
        "    apiKeys: [{key: cal_0a0a0000000000000000000000000001}]\n"
        "teams:\n  other-org:\n    isOrganization: true\n    isPlatform: true\n    platformPlan: ESSENTIALS\n"
        "    members: {omar: OWNER}\n"
        "oauthClients:\n  other-client:\n    name: Other\n    organization: other-org\n"
        "    id: cotherclient0000000000001\n"
        "    secret: other-secret\n    managedUsers:\n      zed: {email: zed@x.example, name: Zed, timeZone: UTC}\n"
    )
    assert api.post("/_emulator/fixtures", content=text).status_code == 200
    mine = api.get(f"/v2/oauth-clients/{CLIENT_ID}/users", headers=CLIENT).json()["data"]
    assert {u["email"].split("+")[0] for u in mine} == {"olivia", "liam"}
    omar = {"Authorization": "Bearer cal_0a0a0000000000000000000000000001"}
    foreign = api.get(f"/v2/oauth-clients/{CLIENT_ID}/users", headers=omar)
    assert foreign.status_code == 403
    assert error(foreign)["message"] == (
        f"OAuthClientGuard - forbidden. oAuth client with id={CLIENT_ID} does not belong to the organization with id=5."
    )
    missing = api.get("/v2/oauth-clients/cnosuchclient/users", headers=omar)
    assert (missing.status_code, error(missing)["message"]) == (404, "OAuthClientGuard - OAuth client not found.")


def test_v1_is_limited_per_user_after_the_key_is_checked() -> None:
    with make_client(rate_limit=2) as c:
        url = f"/v1/me?apiKey={KEYS['carol']}"
        first, second, third = (c.get(url) for _ in range(3))
        assert [first.status_code, second.status_code, third.status_code] == [200, 200, 429]
        assert first.headers["X-RateLimit-Limit"] == "2" and first.headers["X-RateLimit-Remaining"] == "1"
        assert int(first.headers["X-RateLimit-Reset"]) == 1767603660000  # window end, epoch ms
        assert third.json() == {"message": "Rate limit exceeded"}
        # A bad key is refused before the limiter counts anything.
        assert c.get("/v1/me?apiKey=cal_ffffffffffffffffffffffffffffffff").status_code == 401


def test_another_users_webhook_is_a_403_and_an_unknown_one_a_404(api: TestClient) -> None:
    hook = {"subscriberUrl": "https://hooks.example/own", "triggers": ["BOOKING_CREATED"], "active": True}
    created = api.post("/v2/webhooks", json=hook, headers=bearer("alice")).json()["data"]
    foreign = api.get(f"/v2/webhooks/{created['id']}", headers=bearer("carol"))
    assert foreign.status_code == 403
    assert error(foreign)["message"] == (
        f"IsUserWebhookGuard - user with id=(3) is not the owner of webhook with id=({created['id']})"
    )
    assert api.delete(f"/v2/webhooks/{created['id']}", headers=bearer("carol")).status_code == 403
    assert api.get(f"/v2/webhooks/{created['id']}", headers=bearer("alice")).status_code == 200
    assert [w["id"] for w in api.get("/v2/webhooks", headers=bearer("carol")).json()["data"]] == []
