"""The provider and @calcom/atoms routes over HTTP (openapi/atoms/atoms.yaml). Every answer is also held
to our description by the server itself (an off-spec answer would be a 500)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from emulator.api.registry import HANDLERS
from tests.helpers import ALICE, BOB_KEY, CAROL_KEY, DAVE_KEY, error

CLIENT_ID = "cacmeplatform000000000001"
SECRET = {"x-cal-secret-key": "acme-platform-secret-for-local-testing-only"}
NO_AUTH = (
    "ApiAuthStrategy - No authentication method provided. Either pass an API key as 'Bearer' header or OAuth "
    "client credentials as 'x-cal-secret-key' and 'x-cal-client-id' headers"
)
ACME, ACME_SALES = 1, 2


def access_token(c: TestClient, owner: str) -> str:
    for cred in c.get("/_emulator/credentials").json()["credentials"]:
        if cred["kind"] == "accessToken" and cred["owner"] == owner:
            value: str = cred["value"]
            return value
    raise AssertionError(f"no access token for {owner}")


def data(response: Any) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success"
    return body["data"]


# /v2/provider ------------------------------------------------------------------------------------------


def test_provider_names_the_client_without_credentials(c: TestClient) -> None:
    got = data(c.get(f"/v2/provider/{CLIENT_ID}"))
    assert got == {"clientId": CLIENT_ID, "organizationId": ACME, "name": "Acme Platform"}


def test_provider_refuses_an_unknown_client_as_a_bare_unauthorized(c: TestClient) -> None:
    response = c.get("/v2/provider/no-such-client")
    assert response.status_code == 401
    assert error(response)["message"] == "Unauthorized" and error(response)["code"] == "UnauthorizedException"


def test_provider_access_token_check_accepts_a_managed_users_token_and_the_secret(c: TestClient) -> None:
    token = access_token(c, "olivia")
    response = c.get(f"/v2/provider/{CLIENT_ID}/access-token", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json() == {"status": "success"}
    assert c.get(f"/v2/provider/{CLIENT_ID}/access-token", headers=SECRET).json() == {"status": "success"}


def test_provider_access_token_check_without_credentials_reads_the_path_client_id(c: TestClient) -> None:
    response = c.get(f"/v2/provider/{CLIENT_ID}/access-token")
    assert response.status_code == 401
    assert error(response)["message"].startswith("ApiAuthStrategy - Only 'x-cal-client-id' header provided.")


def test_provider_access_token_check_says_an_expired_token_has_expired(c: TestClient) -> None:
    token = access_token(c, "olivia")
    assert c.post("/_emulator/clock", json={"advance": "61m"}).status_code == 200
    response = c.get(f"/v2/provider/{CLIENT_ID}/access-token", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 498
    assert error(response)["message"] == "ACCESS_TOKEN_IS_EXPIRED"


# GET /v2/atoms/event-types/{eventSlug}/public ----------------------------------------------------------------


def test_public_event_type_of_a_user_is_what_the_booker_needs(c: TestClient) -> None:
    got = data(c.get("/v2/atoms/event-types/30min/public?username=Alice"))
    assert (got["title"], got["slug"], got["length"], got["isDynamic"]) == ("30 Min Meeting", "30min", 30, False)
    assert got["owner"]["username"] == "alice" and got["team"] is None
    assert got["locations"] == [{"type": "integrations:daily"}]
    assert {f["name"] for f in got["bookingFields"]} >= {"name", "email"}


def test_public_event_type_of_a_team_within_its_organization(c: TestClient) -> None:
    got = data(c.get(f"/v2/atoms/event-types/demo/public?isTeamEvent=true&teamId={ACME_SALES}&orgId={ACME}"))
    assert got["title"] == "Product demo" and got["schedulingType"] == "COLLECTIVE"
    assert got["team"]["id"] == ACME_SALES and got["owner"] is None
    assert sorted(h["user"]["username"] for h in got["hosts"]) == ["alice", "bob"]


def test_public_event_type_refusals_are_the_services(anonymous: TestClient) -> None:
    no_team = anonymous.get("/v2/atoms/event-types/demo/public?isTeamEvent=true")
    assert no_team.status_code == 400
    assert error(no_team)["message"] == "teamId is required for team events, please provide a valid teamId"
    no_user = anonymous.get("/v2/atoms/event-types/30min/public")
    assert no_user.status_code == 400
    assert error(no_user)["message"] == "username is required for non-team events, please provide a valid username"
    unknown_org = anonymous.get("/v2/atoms/event-types/30min/public?username=alice&orgId=999")
    assert (unknown_org.status_code, error(unknown_org)["message"]) == (404, "Team with id 999 not found")
    missing = anonymous.get("/v2/atoms/event-types/nope/public?username=alice")
    assert (missing.status_code, error(missing)["message"]) == (404, "Event type with slug nope not found")
    outside = anonymous.get(f"/v2/atoms/event-types/30min/public?username=dave&orgId={ACME}")
    assert outside.status_code == 404  # dave is not a user of the acme organization
    bad_id = anonymous.get("/v2/atoms/event-types/demo/public?isTeamEvent=true&teamId=abc")
    assert bad_id.status_code == 400


# /v2/atoms/.../conferencing ---------------------------------------------------------------------------------


def test_conferencing_lists_the_global_cal_video(c: TestClient) -> None:
    items = data(c.get("/v2/atoms/conferencing", headers=ALICE))["items"]
    assert [i["slug"] for i in items] == ["daily-video"]
    cal_video = items[0]
    assert cal_video["isGlobal"] is True and cal_video["isInstalled"] is True
    assert cal_video["locationOption"] == {"value": "integrations:daily", "label": "Cal Video", "disabled": False}
    assert cal_video["logo"] == "/app-store/dailyvideo/icon.svg" and cal_video["userCredentialIds"] == []
    assert "key" not in cal_video and "credential" not in cal_video  # never sent to the browser


def test_conferencing_answers_a_managed_users_token(c: TestClient) -> None:
    token = access_token(c, "liam")
    items = data(c.get("/v2/atoms/conferencing", headers={"Authorization": f"Bearer {token}"}))["items"]
    assert [i["slug"] for i in items] == ["daily-video"]


def test_conferencing_needs_a_caller(anonymous: TestClient) -> None:
    response = anonymous.get("/v2/atoms/conferencing")
    assert (response.status_code, error(response)["message"]) == (401, NO_AUTH)


def test_organization_and_team_conferencing_run_their_role_guards(c: TestClient) -> None:
    bob = {"Authorization": f"Bearer {BOB_KEY}"}
    carol = {"Authorization": f"Bearer {CAROL_KEY}"}
    assert [i["slug"] for i in data(c.get(f"/v2/atoms/organizations/{ACME}/conferencing", headers=bob))["items"]] == [
        "daily-video"
    ]
    team = f"/v2/atoms/organizations/{ACME}/teams/{ACME_SALES}/conferencing"
    assert data(c.get(team, headers=bob))["items"][0]["slug"] == "daily-video"
    refused = c.get(f"/v2/atoms/organizations/{ACME}/conferencing", headers=carol)
    assert refused.status_code == 403 and "minimum required role=ORG_ADMIN" in error(refused)["message"]
    refused = c.get(team, headers=carol)
    assert refused.status_code == 403 and "minimum required role=TEAM_ADMIN" in error(refused)["message"]
    not_org = c.get("/v2/atoms/organizations/4/conferencing", headers={"Authorization": f"Bearer {DAVE_KEY}"})
    assert not_org.status_code == 403 and error(not_org)["message"].startswith("IsOrgGuard")
    assert c.get(team).status_code == 401


# GET /v2/atoms/schedules ------------------------------------------------------------------------------------


def test_schedule_defaults_to_the_callers_default_schedule(c: TestClient) -> None:
    me = data(c.get("/v2/me", headers=ALICE))
    got = data(c.get("/v2/atoms/schedules", headers=ALICE))
    assert got["id"] == me["defaultScheduleId"] and got["name"] == "Working hours"
    assert (got["isDefault"], got["isManaged"], got["readOnly"], got["isLastSchedule"]) == (True, False, False, False)
    assert got["timeZone"] == "Europe/London" and len(got["availability"]) == 7
    assert got["workingHours"][0]["days"] == [1, 2, 3, 4, 5] and got["workingHours"][0]["startTime"] == 540
    assert len(got["dateOverrides"]) == 2  # the day off and the special hours


def test_schedule_by_id_of_another_user_is_managed_and_read_only(c: TestClient) -> None:
    bob_schedule = data(c.get("/v2/atoms/schedules", headers={"Authorization": f"Bearer {BOB_KEY}"}))["id"]
    got = data(c.get(f"/v2/atoms/schedules?scheduleId={bob_schedule}", headers=ALICE))
    assert got["id"] == bob_schedule and got["isManaged"] is True and got["readOnly"] is True
    assert got["isDefault"] is False  # not alice's default
    managed = data(c.get(f"/v2/atoms/schedules?scheduleId={bob_schedule}&isManagedEventType=true", headers=ALICE))
    assert managed["readOnly"] is False


def test_schedule_refusals(c: TestClient) -> None:
    missing = c.get("/v2/atoms/schedules?scheduleId=9999", headers=ALICE)
    assert (missing.status_code, error(missing)["message"]) == (404, "Schedule not found")
    assert c.get("/v2/atoms/schedules?scheduleId=abc", headers=ALICE).status_code == 400
    anonymous = c.get("/v2/atoms/schedules")
    assert (anonymous.status_code, error(anonymous)["message"]) == (401, NO_AUTH)


# every route is served --------------------------------------------------------------------------------


def test_every_atoms_operation_has_a_handler(c: TestClient) -> None:
    runtime = c.app.state.runtime  # type: ignore[attr-defined]
    atoms = [op.operation_id for op in runtime.specs.operations if op.document == "atoms"]
    assert len(atoms) == 22
    assert [op for op in atoms if op not in HANDLERS] == []
