"""Organization-scoped views over HTTP: the organization's, a team's and a member's bookings (and a
team booking's references), schedules (organization, team, member; a member's CRUD; /v2/teams/{id}),
and every team event type of the organization.

In the default world Alice owns organization acme and acme-sales, Bob is an acme admin, admin of
acme-sales and owner of acme-support, Carol is an acme member, member of acme-sales and admin of
acme-support; Dave owns design-studio, outside acme. acme is a platform organization on the
ESSENTIALS plan."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, BOB_KEY, CAROL_KEY, DAVE_KEY, error, ids

ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}
BOB = {"Authorization": f"Bearer {BOB_KEY}"}
CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}
DAVE = {"Authorization": f"Bearer {DAVE_KEY}"}
ROOT_KEY = "cal_0000000000000000000000000000beef"
GINA_KEY = "cal_9100000000000000000000000000000a"
ROOT = {"Authorization": f"Bearer {ROOT_KEY}"}
GINA = {"Authorization": f"Bearer {GINA_KEY}"}
# A system admin, and a second organization that is not a platform one (so no platform plan applies).
EXTRA = f"""
users:
  root: {{email: root@instance.example, role: ADMIN, apiKeys: [{{key: {ROOT_KEY}}}]}}
  gina: {{email: gina@globex.example, name: Gina Gold, apiKeys: [{{key: {GINA_KEY}}}]}}
teams:
  globex: {{name: Globex, isOrganization: true, members: {{gina: OWNER}}}}
  globex-ops: {{name: Globex Ops, parent: globex, members: {{gina: OWNER}}}}
eventTypes:
  gina/call: {{title: Call, length: 30, owner: gina}}
bookings:
  gina-call:
    eventType: gina/call
    start: 2026-01-07T10:00:00Z
    attendees: [{{name: Ivy Ives, email: ivy@client.example}}]
"""


def load_extra(c: TestClient) -> None:
    assert c.post("/_emulator/fixtures?scope=test", content=EXTRA).status_code == 200


def world(c: TestClient) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    return ids(c, "teams"), ids(c, "users"), ids(c, "bookings")


def record(c: TestClient, table: str, record_id: int) -> dict[str, Any]:
    found: dict[str, Any] = next(
        r for r in c.get(f"/_emulator/state/{table}").json()["records"] if r["id"] == record_id
    )
    return found


def booking_keys(c: TestClient, response: Any) -> list[str]:
    by_id = {v: k for k, v in ids(c, "bookings").items()}
    return [by_id[b["id"]] for b in response.json()["data"]]


# organization bookings ------------------------------------------------------------------------------------


def test_org_bookings_filter_by_user_and_page(c: TestClient) -> None:
    teams, users, _ = world(c)
    base = f"/v2/organizations/{teams['acme']}/bookings"
    everything = c.get(base, headers=ALICE)
    assert everything.status_code == 200, everything.text
    keys = booking_keys(c, everything)
    assert "carol-past-cancelled" in keys and "olivia-future" in keys and "dave-future" not in keys
    carol = c.get(f"{base}?userIds={users['carol']}", headers=ALICE)
    assert booking_keys(c, carol) == [
        "carol-past-cancelled",
        "discovery-past-awaiting-host",
        "discovery-round-robin",
        "onboarding-carol",
    ]
    paged = c.get(f"{base}?userIds={users['carol']}&take=2&skip=2", headers=ALICE).json()
    assert [b["status"] for b in paged["data"]] == ["accepted", "accepted"]
    assert paged["pagination"] == {
        "returnedItems": 2,
        "totalItems": 4,
        "itemsPerPage": 2,
        "remainingItems": 0,
        "currentPage": 2,
        "totalPages": 2,
        "hasNextPage": False,
        "hasPreviousPage": True,
    }


def test_org_bookings_guards(c: TestClient) -> None:
    teams, users, _ = world(c)
    base = f"/v2/organizations/{teams['acme']}/bookings"
    member = c.get(base, headers=CAROL)
    assert member.status_code == 403
    assert error(member)["message"] == (
        f"RolesGuard - user with id={users['carol']} does not have the minimum required role=ORG_ADMIN "
        f"within organization with id={teams['acme']}."
    )
    outsider = c.get(f"{base}?userIds={users['dave']}", headers=ALICE)
    assert outsider.status_code == 403
    assert error(outsider) == {
        **error(outsider),
        "code": "TRPCError",
        "message": "You don't have necessary permissions to access this resource",
    }
    not_org = c.get(f"/v2/organizations/{teams['design-studio']}/bookings", headers=DAVE)
    assert not_org.status_code == 403
    assert error(not_org)["message"] == (
        f"IsOrgGuard - provided organization id={teams['design-studio']} does not represent any existing organization."
    )


def test_org_team_bookings(c: TestClient) -> None:
    teams, users, _ = world(c)
    base = f"/v2/organizations/{teams['acme']}/teams/{teams['acme-sales']}/bookings"
    listed = c.get(base, headers=BOB)
    assert listed.status_code == 200, listed.text
    assert booking_keys(c, listed) == [
        "discovery-past-awaiting-host",
        "discovery-round-robin",
        "demo-collective",
        "discovery-future-awaiting-host",
    ]
    assert booking_keys(c, c.get(f"{base}?status=past", headers=BOB)) == ["discovery-past-awaiting-host"]
    member = c.get(base, headers=CAROL)
    assert member.status_code == 403 and error(member)["message"].startswith(
        f"RolesGuard - user with id={users['carol']} does not have the minimum required role=TEAM_ADMIN"
    )
    foreign = c.get(f"/v2/organizations/{teams['acme']}/teams/{teams['design-studio']}/bookings", headers=ALICE)
    assert foreign.status_code == 404
    assert error(foreign)["message"] == f"IsTeamInOrg - Team ({teams['design-studio']}) not found."


def test_org_team_booking_references(c: TestClient) -> None:
    load_extra(c)
    teams, _, bookings = world(c)
    reference = {"type": "google_calendar", "uid": "evt-7", "bookingId": bookings["gina-call"]}
    nullable = ("meetingId", "thirdPartyRecurringEventId", "meetingPassword", "meetingUrl", "externalCalendarId")
    nullable += ("deleted", "credentialId", "delegationCredentialId", "domainWideDelegationCredentialId")
    made = c.post(f"/v1/booking-references?apiKey={GINA_KEY}", json={**reference, **dict.fromkeys(nullable)})
    assert made.status_code == 200, made.text
    uid = record(c, "bookings", bookings["gina-call"])["uid"]
    base = f"/v2/organizations/{teams['globex']}/teams/{teams['globex-ops']}/bookings"
    found = c.get(f"{base}/{uid}/references", headers=GINA)
    assert found.status_code == 200, found.text
    assert [(r["type"], r["eventUid"], r["id"]) for r in found.json()["data"]] == [
        ("google_calendar", "evt-7", made.json()["booking_reference"]["id"])
    ]
    assert c.get(f"{base}/{uid}/references?type=zoom_video", headers=GINA).json()["data"] == []
    missing = c.get(f"{base}/nope/references", headers=GINA)
    assert missing.status_code == 404 and error(missing)["message"] == "Booking with uid nope not found"
    stranger = c.get(f"{base}/{uid}/references", headers=ALICE)
    assert stranger.status_code == 403 and error(stranger)["message"].startswith("RolesGuard")
    # acme is a platform organization on ESSENTIALS: the references need SCALE.
    acme = c.get(
        f"/v2/organizations/{teams['acme']}/teams/{teams['acme-sales']}/bookings/{uid}/references", headers=ALICE
    )
    assert acme.status_code == 403 and "Minimum plan is SCALE" in error(acme)["message"]


def test_org_user_bookings(c: TestClient) -> None:
    teams, users, _ = world(c)
    base = f"/v2/organizations/{teams['acme']}/users"
    # Carol administers acme-support, so her list holds its members' bookings too.
    cancelled = c.get(f"{base}/{users['carol']}/bookings?status=cancelled", headers=ALICE)
    assert cancelled.status_code == 200, cancelled.text
    assert booking_keys(c, cancelled) == [
        "alice-future-rejected",
        "bob-future-cancelled",
        "alice-past-cancelled",
        "alice-past-rejected",
        "carol-past-cancelled",
    ]
    assert cancelled.json()["pagination"]["totalItems"] == 5
    outsider = c.get(f"{base}/{users['dave']}/bookings", headers=ALICE)
    assert outsider.status_code == 403
    assert error(outsider)["message"] == (
        f"IsUserInOrg - user with id={users['dave']} is not part of the organization with id={teams['acme']}."
    )
    assert c.get(f"{base}/{users['carol']}/bookings", headers=CAROL).status_code == 403


# schedules ------------------------------------------------------------------------------------------------


def schedule_keys(c: TestClient, response: Any) -> list[str]:
    by_id = {v: k for k, v in ids(c, "schedules").items()}
    return [by_id[s["id"]] for s in response.json()["data"]]


def test_org_schedules_list_and_window(c: TestClient) -> None:
    teams, users, _ = world(c)
    base = f"/v2/organizations/{teams['acme']}/schedules"
    listed = c.get(base, headers=BOB)
    assert listed.status_code == 200, listed.text
    assert schedule_keys(c, listed) == [
        "alice/working-hours",
        "alice/evenings",
        "bob/working-hours",
        "carol/working-hours",
        "olivia/working-hours",
        "liam/working-hours",
    ]
    first = listed.json()["data"][0]
    assert (first["ownerId"], first["name"], first["isDefault"]) == (users["alice"], "Working hours", True)
    window = c.get(f"{base}?skip=1&take=2", headers=BOB)
    assert schedule_keys(c, window) == ["alice/evenings", "bob/working-hours"]
    member = c.get(base, headers=CAROL)
    assert member.status_code == 403 and "minimum required role=ORG_ADMIN" in error(member)["message"]


def test_org_member_schedule_crud(c: TestClient) -> None:
    teams, users, _ = world(c)
    base = f"/v2/organizations/{teams['acme']}/users/{users['carol']}/schedules"
    body = {"name": "Nights", "timeZone": "Asia/Kolkata", "isDefault": False}
    created = c.post(base, headers=ALICE, json=body)
    assert created.status_code == 201, created.text
    schedule = created.json()["data"]
    assert (schedule["ownerId"], schedule["name"], schedule["isDefault"]) == (users["carol"], "Nights", False)
    sid = schedule["id"]
    assert c.get(f"{base}/{sid}", headers=ALICE).json()["data"] == schedule
    assert [s["id"] for s in c.get(base, headers=ALICE).json()["data"]][-1] == sid
    patched = c.patch(f"{base}/{sid}", headers=ALICE, json={"name": "Late", "isDefault": True})
    assert patched.status_code == 200 and patched.json()["data"]["name"] == "Late"
    assert patched.json()["data"]["isDefault"] is True
    bob_path = f"/v2/organizations/{teams['acme']}/users/{users['bob']}/schedules/{sid}"
    foreign = c.get(bob_path, headers=ALICE)
    assert foreign.status_code == 403
    assert error(foreign)["message"] == f"User with ID={users['bob']} does not own schedule with ID={sid}"
    assert c.delete(f"{base}/{sid}", headers=ALICE).json() == {"status": "success"}
    gone = c.get(f"{base}/{sid}", headers=ALICE)
    assert gone.status_code == 404 and error(gone)["message"] == f"Schedule with ID={sid} does not exist."
    again = c.delete(f"{base}/{sid}", headers=ALICE)
    assert again.status_code == 400 and error(again)["message"] == f"Schedule with ID={sid} does not exist."


def test_org_member_schedules_guards(c: TestClient) -> None:
    teams, users, _ = world(c)
    outsider = c.get(f"/v2/organizations/{teams['acme']}/users/{users['dave']}/schedules", headers=ALICE)
    assert outsider.status_code == 403
    assert error(outsider)["message"] == (
        f"IsUserInOrg - user with id={users['dave']} is not part of the organization with id={teams['acme']}."
    )
    created = c.post(
        f"/v2/organizations/{teams['acme']}/users/{users['bob']}/schedules",
        headers=CAROL,
        json={"name": "x", "timeZone": "UTC", "isDefault": False},
    )
    assert created.status_code == 403
    assert len(c.get("/_emulator/state/schedules").json()["records"]) == 10


def test_org_team_schedules(c: TestClient) -> None:
    teams, users, _ = world(c)
    base = f"/v2/organizations/{teams['acme']}/teams/{teams['acme-support']}"
    # Carol administers acme-support: its members are Bob, Carol and Alice.
    listed = c.get(f"{base}/schedules", headers=CAROL)
    assert listed.status_code == 200, listed.text
    assert schedule_keys(c, listed) == [
        "alice/working-hours",
        "alice/evenings",
        "bob/working-hours",
        "carol/working-hours",
    ]
    bob = c.get(f"{base}/users/{users['bob']}/schedules", headers=CAROL)
    assert schedule_keys(c, bob) == ["bob/working-hours"]
    outsider = c.get(f"{base}/users/{users['olivia']}/schedules", headers=CAROL)
    assert outsider.status_code == 403
    assert error(outsider)["message"] == (
        f"IsUserInOrgTeam - user with id=({users['olivia']}) is not part of the team with id=({teams['acme-support']}) "
        f"in the organization with id=({teams['acme']})"
    )
    sales = c.get(f"/v2/organizations/{teams['acme']}/teams/{teams['acme-sales']}/schedules", headers=CAROL)
    assert sales.status_code == 403
    foreign = c.get(f"/v2/organizations/{teams['acme']}/teams/{teams['design-studio']}/schedules", headers=ALICE)
    assert foreign.status_code == 404
    assert error(foreign)["message"] == f"IsTeamInOrg - Team ({teams['design-studio']}) not found."


def test_team_schedules(c: TestClient) -> None:
    teams, _, _ = world(c)
    base = f"/v2/teams/{teams['design-studio']}/schedules"
    listed = c.get(base, headers=DAVE)
    assert listed.status_code == 200, listed.text
    assert schedule_keys(c, listed) == ["dave/working-hours", "erin/working-hours", "frank/working-hours"]
    assert schedule_keys(c, c.get(f"{base}?take=1&skip=2", headers=DAVE)) == ["frank/working-hours"]
    stranger = c.get(base, headers=ALICE)
    assert stranger.status_code == 403
    assert (
        error(stranger)["message"] == f"RolesGuard - User is not a member of the team with id={teams['design-studio']}."
    )


# every team event type of an organization ----------------------------------------------------------------


def test_org_teams_event_types(c: TestClient) -> None:
    load_extra(c)
    teams, users, _ = world(c)
    base = f"/v2/organizations/{teams['acme']}/teams/event-types"
    listed = c.get(base, headers=ROOT)
    assert listed.status_code == 200, listed.text
    by_id = {v: k for k, v in ids(c, "event_types").items()}
    data = listed.json()["data"]
    assert [by_id[e["id"]] for e in data] == ["acme-sales/demo", "acme-sales/discovery", "acme-support/onboarding"]
    assert [(e["teamId"], e["slug"]) for e in data] == [
        (teams["acme-sales"], "demo"),
        (teams["acme-sales"], "discovery"),
        (teams["acme-support"], "onboarding"),
    ]
    assert [e["slug"] for e in c.get(f"{base}?skip=1&take=1", headers=ROOT).json()["data"]] == ["discovery"]
    # The route wants TEAM_ADMIN but names no team, so even the organization's owner is refused.
    owner = c.get(base, headers=ALICE)
    assert owner.status_code == 403
    assert error(owner)["message"] == (
        f"RolesGuard - user with id={users['alice']} does not have the minimum required role=TEAM_ADMIN "
        f"within organization with id={teams['acme']}."
    )
    not_org = c.get(f"/v2/organizations/{teams['design-studio']}/teams/event-types", headers=ROOT)
    assert not_org.status_code == 403 and error(not_org)["message"].startswith("IsOrgGuard")
