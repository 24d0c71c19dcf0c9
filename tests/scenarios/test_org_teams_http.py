"""An organization's teams and memberships over HTTP: /v2/organizations/{orgId}/teams[/me],
/v2/organizations/{orgId}/memberships and /v2/organizations/{orgId}/teams/{teamId}/memberships.
Alice owns organization acme, Carol is a member of it, Dave is outside."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, CAROL_KEY, DAVE_KEY, error, ids

ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}
CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}
DAVE = {"Authorization": f"Bearer {DAVE_KEY}"}


def world(c: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    return ids(c, "teams"), ids(c, "users")


def org_url(c: TestClient) -> str:
    return f"/v2/organizations/{ids(c, 'teams')['acme']}"


def test_teams_crud_round_trip(c: TestClient) -> None:
    teams, users = world(c)
    base = org_url(c)
    created = c.post(f"{base}/teams", headers=ALICE, json={"name": "Acme Growth Lab"})
    assert created.status_code == 201, created.text
    team = created.json()["data"]
    assert team["parentId"] == teams["acme"] and team["slug"] == "acme-growth-lab"
    members = c.get(f"{base}/teams/{team['id']}/memberships", headers=ALICE).json()["data"]
    assert [(m["userId"], m["role"], m["accepted"]) for m in members] == [(users["alice"], "OWNER", True)]

    listed = c.get(f"{base}/teams", headers=ALICE).json()["data"]
    assert [t["slug"] for t in listed] == ["acme-sales", "acme-support", "acme-growth-lab"]
    assert [t["slug"] for t in c.get(f"{base}/teams?skip=1&take=1", headers=ALICE).json()["data"]] == ["acme-support"]

    assert c.get(f"{base}/teams/{team['id']}", headers=ALICE).json()["data"]["name"] == "Acme Growth Lab"
    patched = c.patch(f"{base}/teams/{team['id']}", headers=ALICE, json={"name": "Growth", "bio": "Grows"})
    assert patched.status_code == 200 and patched.json()["data"]["bio"] == "Grows"
    taken = c.patch(f"{base}/teams/{team['id']}", headers=ALICE, json={"slug": "acme-sales"})
    assert taken.status_code == 409
    again = c.post(f"{base}/teams", headers=ALICE, json={"name": "x", "slug": "acme-sales"})
    assert again.status_code == 409

    deleted = c.delete(f"{base}/teams/{team['id']}", headers=ALICE)
    assert deleted.status_code == 200 and deleted.json()["data"]["id"] == team["id"]
    gone = c.get(f"{base}/teams/{team['id']}", headers=ALICE)
    assert gone.status_code == 404 and error(gone)["message"] == f"IsTeamInOrg - Team ({team['id']}) not found."


def test_create_without_auto_accept_leaves_the_owner_pending(c: TestClient) -> None:
    base = org_url(c)
    team = c.post(f"{base}/teams", headers=ALICE, json={"name": "Quiet", "autoAcceptCreator": False}).json()["data"]
    members = c.get(f"{base}/teams/{team['id']}/memberships", headers=ALICE).json()["data"]
    assert [(m["role"], m["accepted"]) for m in members] == [("OWNER", False)]


def test_a_team_outside_the_organization_is_refused(c: TestClient) -> None:
    teams, _ = world(c)
    base = org_url(c)
    # findOrgTeam filters on the parent, so a team of no or another parent is simply not found.
    for url in (f"{base}/teams/{teams['design-studio']}", f"{base}/teams/{teams['design-studio']}/memberships"):
        refused = c.get(url, headers=ALICE)
        assert refused.status_code == 404, url
        assert error(refused)["message"] == f"IsTeamInOrg - Team ({teams['design-studio']}) not found."
    itself = c.get(f"{base}/teams/{teams['acme']}", headers=ALICE)  # the organization itself
    assert (itself.status_code, error(itself)["message"]) == (404, f"IsTeamInOrg - Team ({teams['acme']}) not found.")
    assert c.patch(f"{base}/teams/99999", headers=ALICE, json={"name": "n"}).status_code == 404


def test_my_teams_depend_on_the_org_role(c: TestClient) -> None:
    teams, _ = world(c)
    base = org_url(c)
    mine = c.get(f"{base}/teams/me", headers=CAROL).json()["data"]
    assert [(t["slug"], t["role"], t["accepted"]) for t in mine] == [
        ("acme-sales", "MEMBER", True),
        ("acme-support", "ADMIN", True),
    ]
    c.post(f"{base}/teams", headers=ALICE, json={"name": "Alice only"})
    assert len(c.get(f"{base}/teams/me", headers=ALICE).json()["data"]) == 3
    assert len(c.get(f"{base}/teams/me", headers=CAROL).json()["data"]) == 2
    assert teams["acme-sales"] in {t["id"] for t in mine}


def test_org_roles_are_enforced(c: TestClient) -> None:
    teams, _ = world(c)
    base = org_url(c)
    carol_list = c.get(f"{base}/teams", headers=CAROL)
    assert carol_list.status_code == 403 and "ORG_ADMIN" in error(carol_list)["message"]
    assert c.post(f"{base}/teams", headers=CAROL, json={"name": "Nope"}).status_code == 403
    assert c.delete(f"{base}/teams/{teams['acme-support']}", headers=CAROL).status_code == 403
    assert c.get(f"{base}/memberships", headers=CAROL).status_code == 403
    outsider = c.get(f"{base}/teams/me", headers=DAVE)
    assert outsider.status_code == 403
    # Carol is ADMIN of acme-support, so TEAM_ADMIN routes of that team are hers, acme-sales' are not.
    assert c.get(f"{base}/teams/{teams['acme-support']}/memberships", headers=CAROL).status_code == 200
    assert c.get(f"{base}/teams/{teams['acme-sales']}/memberships", headers=CAROL).status_code == 403


def test_org_memberships_crud(c: TestClient) -> None:
    teams, users = world(c)
    base = org_url(c)
    listed = c.get(f"{base}/memberships", headers=ALICE).json()["data"]
    assert {m["userId"] for m in listed} >= {users["alice"], users["bob"], users["carol"]}
    assert all(m["teamId"] == teams["acme"] and m["attributes"] == [] for m in listed)
    carol = next(m for m in listed if m["userId"] == users["carol"])

    got = c.get(f"{base}/memberships/{carol['id']}", headers=ALICE)
    assert got.status_code == 200 and got.json()["data"]["user"]["email"]
    patched = c.patch(f"{base}/memberships/{carol['id']}", headers=ALICE, json={"role": "ADMIN"})
    assert patched.status_code == 200 and patched.json()["data"]["role"] == "ADMIN"
    # olivia, managed by acme's OAuth client, is a member from the fixtures, as the managed-users API
    # makes her; creating her membership again updates her row (an upsert).
    olivia = next(m for m in listed if m["userId"] == users["olivia"])
    assert (olivia["role"], olivia["accepted"]) == ("MEMBER", True)
    upsert = c.post(
        f"{base}/memberships", headers=ALICE, json={"userId": users["olivia"], "role": "ADMIN", "accepted": True}
    )
    assert upsert.status_code == 201 and upsert.json()["data"]["id"] == olivia["id"]
    assert (upsert.json()["data"]["role"], upsert.json()["data"]["accepted"]) == ("ADMIN", True)

    deleted = c.delete(f"{base}/memberships/{carol['id']}", headers=ALICE)
    assert deleted.status_code == 200 and deleted.json()["data"]["userId"] == users["carol"]
    left = c.get(f"/v2/organizations/{teams['acme']}/teams/{teams['acme-support']}/memberships", headers=ALICE)
    assert users["carol"] not in {m["userId"] for m in left.json()["data"]}  # gone from the sub-teams too
    missing = c.get(f"{base}/memberships/{carol['id']}", headers=ALICE)
    assert missing.status_code == 404
    assert error(missing)["message"] == f"IsMembershipInOrg - Membership ({carol['id']}) not found."


def test_org_membership_of_another_team_and_a_regular_user_in_a_platform_org(c: TestClient) -> None:
    _, users = world(c)
    base = org_url(c)
    outside = c.get(f"/v2/teams/{ids(c, 'teams')['design-studio']}/memberships", headers=DAVE).json()["data"][0]
    refused = c.get(f"{base}/memberships/{outside['id']}", headers=ALICE)
    assert refused.status_code == 404
    # acme has OAuth clients (a platform organization): a user who is not managed by one cannot join.
    dave = c.post(f"{base}/memberships", headers=ALICE, json={"userId": users["dave"], "role": "MEMBER"})
    assert dave.status_code == 400 and "not platform managed user" in error(dave)["message"]


def test_team_memberships_crud_and_non_org_users(c: TestClient) -> None:
    teams, users = world(c)
    url = f"{org_url(c)}/teams/{teams['acme-support']}/memberships"
    dave = c.post(url, headers=ALICE, json={"userId": users["dave"], "role": "MEMBER"})
    assert dave.status_code == 422 and error(dave)["message"] == "User is not part of the Organization"
    twice = c.post(url, headers=ALICE, json={"userId": users["carol"], "role": "MEMBER"})
    assert twice.status_code == 409

    sales = f"{org_url(c)}/teams/{teams['acme-sales']}/memberships"
    bob = c.get(sales, headers=ALICE).json()["data"]
    bob_row = next(m for m in bob if m["userId"] == users["bob"])
    c.delete(f"{sales}/{bob_row['id']}", headers=ALICE)
    created = c.post(sales, headers=ALICE, json={"userId": users["bob"], "role": "ADMIN", "accepted": True})
    assert created.status_code == 201, created.text
    member = created.json()["data"]
    assert (member["teamId"], member["role"], member["accepted"]) == (teams["acme-sales"], "ADMIN", True)

    got = c.get(f"{sales}/{member['id']}", headers=ALICE)
    assert got.status_code == 200 and got.json()["data"]["user"]["email"]
    patched = c.patch(f"{sales}/{member['id']}", headers=ALICE, json={"role": "MEMBER"})
    assert patched.status_code == 200 and patched.json()["data"]["role"] == "MEMBER"
    assert c.delete(f"{sales}/{member['id']}", headers=ALICE).status_code == 200
    missing = c.get(f"{sales}/{member['id']}", headers=ALICE)
    assert missing.status_code == 404 and error(missing)["message"] == "Organization's Team membership not found"
    wrong_team = c.delete(f"{url}/{bob_row['id'] + 1000}", headers=ALICE)
    assert wrong_team.status_code == 404
    assert error(wrong_team)["message"] == (
        f"Membership with id {bob_row['id'] + 1000} not found in team {teams['acme-support']} "
        f"of organization {teams['acme']}"
    )


def test_a_fixture_managed_user_is_a_member_of_the_clients_organization(c: TestClient) -> None:
    creds = c.get("/_emulator/credentials").json()["credentials"]
    token = next(x["value"] for x in creds if x["kind"] == "accessToken" and x["owner"] == "olivia")
    mine = c.get(f"{org_url(c)}/teams/me", headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200, mine.text
    assert mine.json()["data"] == []  # a member of the organization, of none of its teams
    me = c.get("/v2/me", headers={"Authorization": f"Bearer {token}"}).json()["data"]
    assert me["username"] == "olivia-cacmeplatform000000000001-customer-example"
