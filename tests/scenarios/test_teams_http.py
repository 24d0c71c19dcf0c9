"""Teams and team memberships over HTTP: v2 /v2/teams (+ /memberships) and v1 /teams and
/memberships, all over the same world tables. The server holds every answer to the spec."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, CAROL_KEY, DAVE_KEY, error, ids

ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}
CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}
DAVE = {"Authorization": f"Bearer {DAVE_KEY}"}
V1 = f"?apiKey={ALICE_KEY}"
V1_CAROL = f"?apiKey={CAROL_KEY}"
V1_DAVE = f"?apiKey={DAVE_KEY}"
V1_ERIN = "?apiKey=cal_e21a0000000000000000000000000005"
V1_TEAM = {
    "hideBookATeamMember": False,
    "brandColor": "#111111",
    "darkBrandColor": "#eeeeee",
    "timeZone": "Europe/Rome",
    "weekStart": "Monday",
    "isPrivate": False,
}


def create_v2(c: TestClient, headers: dict[str, str] = ALICE, **body: Any) -> dict[str, Any]:
    response = c.post("/v2/teams", headers=headers, json={"name": "Platform Guild", **body})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def users(c: TestClient) -> dict[str, Any]:
    return ids(c, "users")


def studio(c: TestClient) -> int:
    team_id: int = ids(c, "teams")["design-studio"]
    return team_id


def make_admin(c: TestClient, team_id: int, user_id: int) -> None:
    """Dave (the studio's OWNER) adds the user as an accepted ADMIN."""
    body = {"userId": user_id, "role": "ADMIN", "accepted": True}
    assert c.post(f"/v2/teams/{team_id}/memberships", headers=DAVE, json=body).status_code == 201


# v2 teams -----------------------------------------------------------------------------------------


def test_v2_create_makes_the_caller_owner_and_slugifies_the_name(c: TestClient) -> None:
    team = create_v2(c)
    assert team["slug"] == "platform-guild" and team["parentId"] is None and team["isOrganization"] is False
    members = c.get(f"/v2/teams/{team['id']}/memberships", headers=ALICE).json()["data"]
    assert [(m["userId"], m["role"], m["accepted"]) for m in members] == [(users(c)["alice"], "OWNER", True)]


def test_v2_create_without_auto_accept_leaves_the_owner_pending(c: TestClient) -> None:
    team = create_v2(c, autoAcceptCreator=False)
    members = c.get(f"/v2/teams/{team['id']}/memberships", headers=ALICE).json()["data"]
    assert members[0]["accepted"] is False


def test_v2_create_refuses_a_taken_slug_and_a_repeated_name(c: TestClient) -> None:
    taken = c.post("/v2/teams", headers=ALICE, json={"name": "Other", "slug": "design-studio"})
    assert taken.status_code == 409
    assert error(taken)["message"] == "Invalid Input: Trying to create a record that already exists."
    again = c.post("/v2/teams", headers=ALICE, json={"name": "Acme Sales", "slug": "fresh"})
    assert again.status_code == 400
    assert error(again)["message"] == "You already have created a team with name=Acme Sales"


def test_v2_list_holds_the_callers_teams_only(c: TestClient) -> None:
    team = create_v2(c)
    alice = {t["slug"] for t in c.get("/v2/teams", headers=ALICE).json()["data"]}
    assert {"acme", "acme-sales", "acme-support", team["slug"]} == alice
    dave = [t["slug"] for t in c.get("/v2/teams", headers=DAVE).json()["data"]]
    assert dave == ["design-studio"]


def test_v2_get_update_delete_follow_the_team_roles(c: TestClient) -> None:
    tid = studio(c)
    assert c.get(f"/v2/teams/{tid}", headers=DAVE).json()["data"]["name"] == "Design Studio"
    refused = c.get(f"/v2/teams/{tid}", headers=CAROL)
    assert refused.status_code == 403
    assert error(refused)["message"] == f"RolesGuard - User is not a member of the team with id={tid}."
    updated = c.patch(f"/v2/teams/{tid}", headers=DAVE, json={"name": "Studio", "bio": "We design."})
    assert updated.status_code == 200 and updated.json()["data"]["bio"] == "We design."
    assert c.get(f"/v1/teams/{tid}{V1_DAVE}").json()["team"]["name"] == "Studio"
    clash = c.patch(f"/v2/teams/{tid}", headers=DAVE, json={"slug": "acme"})
    assert clash.status_code == 409
    assert c.delete(f"/v2/teams/{tid}", headers=CAROL).status_code == 403
    gone = c.delete(f"/v2/teams/{tid}", headers=DAVE)
    assert gone.status_code == 200 and gone.json()["data"]["id"] == tid
    assert c.get(f"/v2/teams/{tid}", headers=DAVE).status_code == 403  # no membership is left
    assert not [m for m in c.get("/_emulator/state/memberships").json()["records"] if m["team_id"] == tid]


def test_v2_delete_cascades_to_team_event_types(c: TestClient) -> None:
    team = create_v2(c)
    created = c.post(
        f"/v2/teams/{team['id']}/event-types",
        headers={**ALICE, "cal-api-version": "2024-06-14"},
        json={"title": "Guild call", "slug": "guild-call", "lengthInMinutes": 30, "schedulingType": "collective"},
    )
    assert created.status_code == 201, created.text
    assert c.delete(f"/v2/teams/{team['id']}", headers=ALICE).status_code == 200
    left = [e for e in c.get("/_emulator/state/event_types").json()["records"] if e.get("team_id") == team["id"]]
    assert left == []


# v2 memberships -----------------------------------------------------------------------------------


def test_v2_memberships_crud(c: TestClient) -> None:
    tid, people = studio(c), users(c)
    listed = c.get(f"/v2/teams/{tid}/memberships", headers=DAVE).json()["data"]
    assert {m["user"]["username"]: m["role"] for m in listed} == {"dave": "OWNER", "frank": "ADMIN", "erin": "MEMBER"}
    added = c.post(f"/v2/teams/{tid}/memberships", headers=DAVE, json={"userId": people["carol"]})
    assert added.status_code == 201
    member = added.json()["data"]
    assert (member["role"], member["accepted"], member["user"]["email"]) == ("MEMBER", False, "carol@acme.example")
    dup = c.post(f"/v2/teams/{tid}/memberships", headers=DAVE, json={"userId": people["carol"]})
    assert dup.status_code == 409
    path = f"/v2/teams/{tid}/memberships/{member['id']}"
    assert c.get(path, headers=DAVE).json()["data"]["userId"] == people["carol"]
    patched = c.patch(path, headers=DAVE, json={"role": "ADMIN", "accepted": True})
    assert (patched.json()["data"]["role"], patched.json()["data"]["accepted"]) == ("ADMIN", True)
    assert c.get(f"/v2/teams/{tid}", headers=CAROL).status_code == 200
    assert c.patch(f"/v2/teams/{tid}", headers=CAROL, json={"name": "X"}).status_code == 403  # ADMIN < OWNER
    removed = c.delete(path, headers=DAVE)
    assert removed.status_code == 200 and removed.json()["data"]["id"] == member["id"]
    missing = c.get(path, headers=DAVE)
    assert missing.status_code == 404 and error(missing)["message"] == "Organization's Team membership not found"
    assert c.delete(path, headers=DAVE).status_code == 404


def test_v2_memberships_need_team_admin(c: TestClient) -> None:
    tid = studio(c)
    erin = {"Authorization": "Bearer cal_e21a0000000000000000000000000005"}
    refused = c.get(f"/v2/teams/{tid}/memberships", headers=erin)
    assert refused.status_code == 403 and "minimum required role=TEAM_ADMIN" in error(refused)["message"]
    assert c.post(f"/v2/teams/{tid}/memberships", headers=CAROL, json={"userId": 1}).status_code == 403


# v1 teams -----------------------------------------------------------------------------------------


def test_v1_create_answers_200_with_team_owner_and_message(c: TestClient) -> None:
    response = c.post(f"/v1/teams{V1}", json={"name": "Guild", "slug": "guild", **V1_TEAM})
    assert response.status_code == 200, response.text
    body = response.json()
    alice = users(c)["alice"]
    assert body["team"]["slug"] == "guild" and body["team"]["timeZone"] == "Europe/Rome"
    assert (body["owner"]["userId"], body["owner"]["role"], body["owner"]["accepted"]) == (alice, "OWNER", True)
    assert body["message"] == f"Team created successfully. We also made user with ID={alice} the owner of this team."
    v2 = c.get(f"/v2/teams/{body['team']['id']}", headers=ALICE)
    assert v2.status_code == 200 and v2.json()["data"]["slug"] == "guild"


def test_v1_create_refusals(c: TestClient) -> None:
    taken = c.post(f"/v1/teams{V1}", json={"name": "Dup", "slug": "Design-Studio", **V1_TEAM})
    assert (taken.status_code, taken.json()) == (409, {"message": "Team slug already exists"})
    owner = c.post(f"/v1/teams{V1}", json={"name": "O", "slug": "o", "ownerId": 4, **V1_TEAM})
    assert (owner.status_code, owner.json()["message"]) == (401, "ADMIN required for `ownerId`")
    parent = c.post(f"/v1/teams{V1_DAVE}", json={"name": "P", "slug": "p", "parentId": 1, **V1_TEAM})
    assert parent.status_code == 401 and "Invalid parent id" in parent.json()["message"]
    sub = c.post(f"/v1/teams{V1}", json={"name": "Acme Ops", "slug": "acme-ops", "parentId": 1, **V1_TEAM})
    assert sub.status_code == 200 and sub.json()["team"]["parentId"] == 1


def test_v1_list_get_edit_remove(c: TestClient) -> None:
    tid = studio(c)
    assert [t["slug"] for t in c.get(f"/v1/teams{V1_DAVE}").json()["teams"]] == ["design-studio"]
    make_admin(c, tid, users(c)["carol"])
    assert c.get(f"/v1/teams/{tid}{V1}").status_code == 404  # alice is not a member
    assert c.get(f"/v1/teams/{tid}{V1_DAVE}").json()["team"]["id"] == tid
    edited = c.patch(f"/v1/teams/{tid}{V1_CAROL}", json={"name": "Carol's Studio"})
    assert edited.status_code == 200 and edited.json()["team"]["name"] == "Carol's Studio"
    refused = c.patch(f"/v1/teams/{tid}{V1_ERIN}", json={"name": "Nope"})
    assert (refused.status_code, refused.json()["message"]) == (401, "Unauthorized: OWNER or ADMIN required")
    assert c.patch(f"/v1/teams/{tid}{V1_DAVE}", json={"slug": "acme"}).status_code == 409
    admin_delete = c.delete(f"/v1/teams/{tid}{V1_CAROL}")
    assert (admin_delete.status_code, admin_delete.json()["message"]) == (
        401,
        "Unauthorized: OWNER or ADMIN role required",
    )
    deleted = c.delete(f"/v1/teams/{tid}{V1_DAVE}")
    assert deleted.json() == {"message": f"Team with id: {tid} deleted successfully"}
    assert c.get(f"/v2/teams/{tid}", headers=DAVE).status_code == 403


# v1 memberships -----------------------------------------------------------------------------------


def test_v1_memberships_list_add_get_edit_remove(c: TestClient) -> None:
    tid, people = studio(c), users(c)
    mine = c.get(f"/v1/memberships{V1_DAVE}").json()["memberships"]
    assert [(m["teamId"], m["role"]) for m in mine] == [(tid, "OWNER")]
    assert c.get(f"/v1/memberships{V1_DAVE}&teamId={tid}").json() == {"message": "ADMIN required"}
    make_admin(c, tid, people["carol"])
    # v1's body schema always adds `accepted`, so only instance admins add memberships there.
    refused = c.post(f"/v1/memberships{V1_CAROL}", json={"userId": people["alice"], "teamId": tid, "role": "MEMBER"})
    assert (refused.status_code, refused.json()) == (403, {"message": "ADMIN needed for `accepted`"})
    added = c.post(f"/v2/teams/{tid}/memberships", headers=DAVE, json={"userId": people["alice"], "role": "MEMBER"})
    assert added.status_code == 201
    path = f"/v1/memberships/{people['alice']}_{tid}"
    got = c.get(f"{path}{V1_DAVE}&include=team").json()["membership"]
    assert got["accepted"] is False and got["team"]["slug"] == "design-studio"
    assert c.patch(f"{path}{V1_DAVE}", json={"accepted": True}).json()["message"] == (
        "Only the invited user can accept the invite"
    )
    assert c.patch(f"{path}{V1}", json={"accepted": True}).json()["membership"]["accepted"] is True
    assert c.patch(f"{path}{V1_CAROL}", json={"role": "OWNER"}).status_code == 403  # only an OWNER makes owners
    assert c.patch(f"{path}{V1_DAVE}", json={"role": "ADMIN"}).json()["membership"]["role"] == "ADMIN"
    same_rank = c.delete(f"{path}{V1_CAROL}")
    assert same_rank.status_code == 403
    assert same_rank.json()["message"] == "You don't have the appropriate role to delete this membership"
    assert c.delete(f"{path}{V1_DAVE}").json() == {
        "message": f"Membership with id: {people['alice']}_{tid} deleted successfully"
    }
    assert c.get(f"{path}{V1_DAVE}").status_code == 404
    v2 = c.get(f"/v2/teams/{tid}/memberships", headers=DAVE).json()["data"]
    assert people["alice"] not in {m["userId"] for m in v2}


def test_v1_membership_refusals(c: TestClient) -> None:
    tid, people = studio(c), users(c)
    outsider = c.post(f"/v1/memberships{V1}", json={"userId": people["carol"], "teamId": tid})
    assert (outsider.status_code, outsider.json()["message"]) == (403, "ADMIN needed for `accepted`")
    accepted = c.post(f"/v1/memberships{V1_DAVE}", json={"userId": people["carol"], "teamId": tid, "accepted": True})
    assert accepted.json()["message"] == "ADMIN needed for `accepted`"
    assert c.get(f"/v1/memberships/{people['dave']}_{tid}{V1}").json() == {"message": "Forbidden"}
    leave = c.delete(f"/v1/memberships/{people['erin']}_{tid}{V1_ERIN}")
    assert leave.status_code == 200  # anyone may leave
