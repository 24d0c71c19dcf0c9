"""Platform and team answers held to the real server's, over HTTP: managed-user list filters and input
checks, the claims inside managed users' tokens, IsTeamInOrg, every team field written and read back,
and v1 membership creation."""

from __future__ import annotations

import base64
import json
from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE, ids

CLIENT_ID = "cacmeplatform000000000001"
SECRET = {"x-cal-secret-key": "acme-platform-secret-for-local-testing-only"}
USERS = f"/v2/oauth-clients/{CLIENT_ID}/users"
DAVE = {"Authorization": "Bearer cal_da7e0000000000000000000000000004"}
ROOT_KEY = "cal_00000000000000000000000000000a01"
ROOT = """
users:
  root:
    email: root@example.com
    name: Root Admin
    role: ADMIN
    apiKeys: [{key: cal_00000000000000000000000000000a01}]
"""


def create_user(c: TestClient, email: str, **extra: Any) -> dict[str, Any]:
    response = c.post(USERS, headers=SECRET, json={"email": email, "name": email.split("@")[0], **extra})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def pipe_error(response: Any) -> tuple[int, str, list[dict[str, Any]]]:
    body = response.json()["error"]
    return response.status_code, body["message"], body["details"]["errors"]


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return decoded


# managed users: the emails filter ---------------------------------------------------------------------


def test_emails_filter_reads_one_comma_separated_value(c: TestClient) -> None:
    create_user(c, "ann@x.example")
    create_user(c, "ben@x.example")
    create_user(c, "cid@x.example")
    both = c.get(f"{USERS}?emails=ann@x.example, ben@x.example", headers=SECRET)
    assert both.status_code == 200, both.text
    assert [u["email"] for u in both.json()["data"]] == [
        f"ann+{CLIENT_ID}@x.example",
        f"ben+{CLIENT_ID}@x.example",
    ]
    # a repeated name is already an array; an address that carries the client id is taken as it is
    repeated = c.get(f"{USERS}?emails=cid@x.example&emails=ann%2B{CLIENT_ID}@x.example", headers=SECRET)
    assert sorted(u["email"] for u in repeated.json()["data"]) == [
        f"ann+{CLIENT_ID}@x.example",
        f"cid+{CLIENT_ID}@x.example",
    ]


def test_emails_filter_refuses_a_text_that_is_no_address(c: TestClient) -> None:
    refused = c.get(f"{USERS}?emails=invalid-email", headers=SECRET)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "BadRequestException"
    assert refused.json()["error"]["message"] == "Invalid email invalid-email"
    second = c.get(f"{USERS}?emails=ann@x.example,not an address", headers=SECRET)
    assert (second.status_code, second.json()["error"]["message"]) == (400, "Invalid email not an address")


# managed users: input checks --------------------------------------------------------------------------


def test_create_refuses_an_unknown_time_zone_and_stores_nothing(c: TestClient) -> None:
    before = len(c.get("/_emulator/state/users").json()["records"])
    refused = c.post(
        USERS, headers=SECRET, json={"email": "tz@x.example", "name": "Tz", "timeZone": "incorrect-time-zone"}
    )
    status, message, errors = pipe_error(refused)
    assert (status, message) == (400, "Bad Request Exception")
    assert errors == [
        {
            "property": "timeZone",
            "value": "incorrect-time-zone",
            "constraints": {"isTimeZone": "timeZone must be a valid IANA time-zone"},
            "children": [],
        }
    ]
    assert len(c.get("/_emulator/state/users").json()["records"]) == before


def test_create_spells_the_zone_and_lowers_the_email(c: TestClient) -> None:
    user = create_user(c, "Zed@X.Example", timeZone="america/new_york", timeFormat=24, locale="de")["user"]
    assert user["email"] == f"zed+{CLIENT_ID}@x.example"
    assert (user["timeZone"], user["timeFormat"], user["locale"]) == ("America/New_York", 24, "de")
    schedule = c.get("/_emulator/state/schedules").json()["records"][-1]
    assert schedule["time_zone"] == "America/New_York"


def test_update_refuses_an_unknown_time_zone_and_a_bad_avatar_url(c: TestClient) -> None:
    user = create_user(c, "upd@x.example", timeZone="Europe/Rome")["user"]
    url = f"{USERS}/{user['id']}"
    refused = c.patch(url, headers=SECRET, json={"timeZone": "incorrect-time-zone", "avatarUrl": "not a url"})
    status, message, errors = pipe_error(refused)
    assert (status, message) == (400, "Bad Request Exception")
    assert [(e["property"], e["constraints"]) for e in errors] == [
        ("timeZone", {"isTimeZone": "timeZone must be a valid IANA time-zone"}),
        ("avatarUrl", {"isUrl": "avatarUrl must be a URL address"}),
    ]
    assert c.get(url, headers=SECRET).json()["data"]["timeZone"] == "Europe/Rome"
    bad_avatar = c.post(USERS, headers=SECRET, json={"email": "av@x.example", "name": "Av", "avatarUrl": "nope"})
    assert pipe_error(bad_avatar)[2][0]["constraints"] == {"isUrl": "avatarUrl must be a URL address"}
    ok = c.patch(url, headers=SECRET, json={"timeZone": "asia/tokyo", "avatarUrl": "https://cdn.example.com/a.png"})
    assert ok.status_code == 200, ok.text
    assert (ok.json()["data"]["timeZone"], ok.json()["data"]["avatarUrl"]) == (
        "Asia/Tokyo",
        "https://cdn.example.com/a.png",
    )


def test_update_me_takes_the_same_checks(c: TestClient) -> None:
    refused = c.patch("/v2/me", headers=ALICE, json={"avatarUrl": "::"})
    assert pipe_error(refused)[:2] == (400, "Bad Request Exception")


# managed users: token claims -------------------------------------------------------------------------


def test_token_claims_at_create_refresh_and_force_refresh(c: TestClient) -> None:
    created = create_user(c, "tok@x.example")
    user_id = created["user"]["id"]
    access = claims(created["accessToken"])
    assert list(access) == ["type", "clientId", "ownerId", "expiresAt", "jti", "iat"]
    assert (access["type"], access["clientId"], access["ownerId"]) == ("access_token", CLIENT_ID, user_id)
    assert access["expiresAt"] == created["accessTokenExpiresAt"]
    assert access["iat"] == 1767603600  # the frozen clock, in seconds
    assert claims(created["refreshToken"])["type"] == "refresh_token"

    refreshed = c.post(f"/v2/oauth/{CLIENT_ID}/refresh", headers=SECRET, json={"refreshToken": created["refreshToken"]})
    assert refreshed.status_code == 200, refreshed.text
    for token, kind in (("accessToken", "access_token"), ("refreshToken", "refresh_token")):
        payload = claims(refreshed.json()["data"][token])
        assert list(payload) == ["type", "clientId", "ownerId", "expiresAt", "userId", "jti", "iat"]
        assert (payload["type"], payload["ownerId"], payload["userId"]) == (kind, user_id, user_id)

    forced = c.post(f"{USERS}/{user_id}/force-refresh", headers=SECRET)
    assert forced.status_code == 200, forced.text
    payload = claims(forced.json()["data"]["accessToken"])
    assert "userId" not in payload and payload["ownerId"] == user_id


def test_fixture_tokens_carry_the_creation_claims(c: TestClient) -> None:
    credentials = c.get("/_emulator/credentials").json()
    rows = credentials["credentials"] if isinstance(credentials, dict) else credentials
    token = next(r["value"] for r in rows if r["kind"] == "accessToken")
    payload = claims(token)
    assert list(payload) == ["type", "clientId", "ownerId", "expiresAt", "jti", "iat"]
    assert payload["clientId"] == CLIENT_ID


# organizations: IsTeamInOrg --------------------------------------------------------------------------


def test_team_routes_of_an_organization_answer_404_for_a_team_outside_it(c: TestClient) -> None:
    teams = ids(c, "teams")
    base = f"/v2/organizations/{teams['acme']}/teams"
    expected = f"IsTeamInOrg - Team ({teams['design-studio']}) not found."
    for method, path, body in (
        ("GET", f"{base}/{teams['design-studio']}", None),
        ("PATCH", f"{base}/{teams['design-studio']}", {"name": "x"}),
        ("DELETE", f"{base}/{teams['design-studio']}", None),
        ("GET", f"{base}/{teams['design-studio']}/memberships", None),
        ("POST", f"{base}/{teams['design-studio']}/memberships", {"userId": 1}),
        ("GET", f"{base}/{teams['design-studio']}/event-types/1", None),
    ):
        response = c.request(method, path, headers=ALICE, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["error"]["code"] == "NotFoundException"
        assert response.json()["error"]["message"] == expected, (method, path)
    assert c.get(f"{base}/{teams['design-studio']}", headers=DAVE).status_code == 403  # RolesGuard runs first


# teams: every accepted field round-trips -------------------------------------------------------------

CREATE_FIELDS: dict[str, Any] = {
    "name": "Round Trip",
    "slug": "round-trip",
    "logoUrl": "https://cdn.example.com/logo.png",
    "calVideoLogo": "https://cdn.example.com/video.png",
    "appLogo": "https://cdn.example.com/app.png",
    "appIconLogo": "data:image/png;base64,AAAA",
    "bio": "We round trip",
    "hideBranding": True,
    "isPrivate": True,
    "hideBookATeamMember": True,
    "metadata": {"plan": "gold", "seats": 3, "vip": True},
    "theme": "dark",
    "brandColor": "#112233",
    "darkBrandColor": "#445566",
    "bannerUrl": "https://cdn.example.com/banner.png",
    "timeZone": "America/Chicago",
    "weekStart": "Wednesday",
}
UPDATE_FIELDS: dict[str, Any] = {
    "name": "Round Trip 2",
    "slug": "round-trip-2",
    "logoUrl": "https://cdn.example.com/logo2.png",
    "calVideoLogo": "https://cdn.example.com/video2.png",
    "appLogo": "https://cdn.example.com/app2.png",
    "appIconLogo": "https://cdn.example.com/icon2.png",
    "bio": "Still round",
    "hideBranding": False,
    "isPrivate": False,
    "hideBookATeamMember": False,
    "metadata": {},
    "theme": "light",
    "brandColor": "#abcdef",
    "darkBrandColor": "#fedcba",
    "bannerUrl": "https://cdn.example.com/banner2.png",
    "timeZone": "Asia/Tokyo",
    "weekStart": "Friday",
}


def assert_fields(team: dict[str, Any], sent: dict[str, Any]) -> None:
    assert {key: team[key] for key in sent} == sent


def test_v2_team_create_and_update_keep_every_field(c: TestClient) -> None:
    created = c.post("/v2/teams", headers=ALICE, json=CREATE_FIELDS)
    assert created.status_code == 201, created.text
    team = created.json()["data"]
    assert_fields(team, CREATE_FIELDS)
    assert_fields(c.get(f"/v2/teams/{team['id']}", headers=ALICE).json()["data"], CREATE_FIELDS)
    updated = c.patch(f"/v2/teams/{team['id']}", headers=ALICE, json=UPDATE_FIELDS)
    assert updated.status_code == 200, updated.text
    assert_fields(updated.json()["data"], UPDATE_FIELDS)
    assert_fields(c.get(f"/v2/teams/{team['id']}", headers=ALICE).json()["data"], UPDATE_FIELDS)


def test_org_team_create_and_update_keep_every_field(c: TestClient) -> None:
    base = f"/v2/organizations/{ids(c, 'teams')['acme']}/teams"
    created = c.post(base, headers=ALICE, json=CREATE_FIELDS)
    assert created.status_code == 201, created.text
    team = created.json()["data"]
    assert_fields(team, CREATE_FIELDS)
    updated = c.patch(f"{base}/{team['id']}", headers=ALICE, json=UPDATE_FIELDS)
    assert updated.status_code == 200, updated.text
    assert_fields(updated.json()["data"], UPDATE_FIELDS)
    assert_fields(c.get(f"{base}/{team['id']}", headers=ALICE).json()["data"], UPDATE_FIELDS)
    limits = c.patch(
        f"{base}/{team['id']}", headers=ALICE, json={"bookingLimits": "{}", "includeManagedEventsInLimits": True}
    )
    assert limits.status_code == 200  # written, though TeamOutputDto does not expose them
    row = next(t for t in c.get("/_emulator/state/teams").json()["records"] if t["id"] == team["id"])
    assert (row["booking_limits"], row["include_managed_events_in_limits"]) == ("{}", True)


def test_team_create_keeps_empty_metadata_and_fills_the_input_defaults(c: TestClient) -> None:
    team = c.post("/v2/teams", headers=ALICE, json={"name": "Empty Meta", "metadata": {}}).json()["data"]
    assert team["metadata"] == {}
    assert (team["weekStart"], team["timeZone"], team["hideBranding"]) == ("Sunday", "Europe/London", False)
    bare = c.post("/v2/teams", headers=ALICE, json={"name": "No Meta"}).json()["data"]
    assert bare["metadata"] is None and bare["bannerUrl"] is None and bare["timeFormat"] is None


def test_team_inputs_refuse_unsafe_image_urls_and_a_numeric_time_format(c: TestClient) -> None:
    body = {"name": "Unsafe", "logoUrl": "http://cdn.example.com/a.png", "bannerUrl": "https://169.254.169.254/x"}
    refused = c.post("/v2/teams", headers=ALICE, json=body)
    status, message, errors = pipe_error(refused)
    ssrf = "URL is not allowed for security reasons (blocked: private IPs, metadata endpoints)"
    assert (status, message) == (400, "Bad Request Exception")
    assert [(e["property"], e["constraints"]) for e in errors] == [
        ("logoUrl", {"ssrfSafeUrl": ssrf}),
        ("bannerUrl", {"ssrfSafeUrl": ssrf}),
    ]
    team = c.post("/v2/teams", headers=ALICE, json={"name": "Safe"}).json()["data"]
    for value in ("https://localhost/a.png", "https://10.0.0.8/a.png", "data:text/html,hi"):
        patched = c.patch(f"/v2/teams/{team['id']}", headers=ALICE, json={"appLogo": value})
        assert pipe_error(patched)[2][0]["constraints"] == {"ssrfSafeUrl": ssrf}, value
    # declared a number, validated as a string: the server takes neither
    time_format = c.patch(f"/v2/teams/{team['id']}", headers=ALICE, json={"timeFormat": 24})
    assert pipe_error(time_format)[2] == [
        {
            "property": "timeFormat",
            "value": 24,
            "constraints": {"isString": "timeFormat must be a string"},
            "children": [],
        }
    ]
    assert c.get(f"/v2/teams/{team['id']}", headers=ALICE).json()["data"]["appLogo"] is None


# v1 memberships ---------------------------------------------------------------------------------------


def test_v1_membership_create_needs_an_instance_admin(c: TestClient) -> None:
    team_id, people = ids(c, "teams")["design-studio"], ids(c, "users")
    body = {"userId": people["carol"], "teamId": team_id, "role": "MEMBER"}
    owner = c.post("/v1/memberships?apiKey=cal_da7e0000000000000000000000000004", json=body)
    assert (owner.status_code, owner.json()) == (403, {"message": "ADMIN needed for `accepted`"})
    assert c.get(f"/v2/teams/{team_id}/memberships", headers=DAVE).json()["data"][-1]["userId"] != people["carol"]
    assert c.post("/_emulator/fixtures?mode=merge", content=ROOT).status_code in (200, 201)
    admin = c.post(f"/v1/memberships?apiKey={ROOT_KEY}", json=body)
    assert admin.status_code == 200, admin.text
    assert admin.json()["message"] == "Membership created successfully"
    membership = admin.json()["membership"]
    assert (membership["userId"], membership["teamId"], membership["accepted"]) == (people["carol"], team_id, False)
