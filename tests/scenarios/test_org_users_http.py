"""An organization's users and their out-of-office entries over HTTP: /v2/organizations/{orgId}/users,
/v2/organizations/{orgId}/users/{userId}/ooo and /v2/organizations/{orgId}/ooo.
Alice owns organization acme, Carol is a member of it, Dave is outside."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, CAROL_KEY, error, ids

ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}
CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}


def org_url(c: TestClient) -> str:
    return f"/v2/organizations/{ids(c, 'teams')['acme']}"


def test_users_list_create_update_delete(c: TestClient) -> None:
    base, users, org = org_url(c), ids(c, "users"), ids(c, "teams")["acme"]
    listed = c.get(f"{base}/users", headers=ALICE)
    assert listed.status_code == 200, listed.text
    assert {u["email"] for u in listed.json()["data"]} >= {"alice@acme.example", "carol@acme.example"}
    only = c.get(f"{base}/users?emails=carol@acme.example", headers=ALICE).json()["data"]
    assert [u["id"] for u in only] == [users["carol"]] and only[0]["profile"]["organizationId"] == org
    assert len(c.get(f"{base}/users?take=1", headers=ALICE).json()["data"]) == 1

    created = c.post(f"{base}/users", headers=ALICE, json={"email": "new@acme.example", "organizationRole": "ADMIN"})
    assert created.status_code == 201, created.text
    user = created.json()["data"]
    assert user["username"] == "new-acme" and user["profile"]["organizationId"] == org
    members = c.get(f"{base}/memberships", headers=ALICE).json()["data"]
    assert [(m["role"], m["accepted"]) for m in members if m["userId"] == user["id"]] == [("ADMIN", True)]
    taken = c.post(f"{base}/users", headers=ALICE, json={"email": "carol@acme.example"})
    assert taken.status_code == 409 and error(taken)["message"] == "A user already exists with that email"

    patched = c.patch(f"{base}/users/{user['id']}", headers=ALICE, json={"bio": "hello"})
    assert patched.status_code == 200 and patched.json()["data"]["bio"] == "hello"
    deleted = c.delete(f"{base}/users/{user['id']}", headers=ALICE)
    assert deleted.status_code == 200 and deleted.json()["data"]["id"] == user["id"]
    gone = c.patch(f"{base}/users/{user['id']}", headers=ALICE, json={"bio": "x"})
    assert gone.status_code == 403
    assert error(gone)["message"] == (
        f"IsUserInOrg - user with id={user['id']} is not part of the organization with id={org}."
    )


def test_a_member_cannot_manage_users(c: TestClient) -> None:
    assert c.get(f"{org_url(c)}/users", headers=CAROL).status_code == 403


def test_user_outside_the_org_is_refused(c: TestClient) -> None:
    dave = ids(c, "users")["dave"]
    assert c.get(f"{org_url(c)}/users/{dave}/ooo", headers=ALICE).status_code == 403


def test_ooo_crud_and_validation(c: TestClient) -> None:
    base, users = org_url(c), ids(c, "users")
    url = f"{base}/users/{users['carol']}/ooo"
    body = {"start": "2026-02-02T10:00:00Z", "end": "2026-02-03T10:00:00Z", "reason": "travel", "notes": "trip"}
    created = c.post(url, headers=ALICE, json=body)
    assert created.status_code == 201, created.text
    entry = created.json()["data"]
    assert entry["start"] == "2026-02-02T00:00:00.000Z" and entry["end"] == "2026-02-03T23:59:59.999Z"
    assert entry["reason"] == "travel" and entry["userId"] == users["carol"]
    assert c.post(url, headers=ALICE, json=body).status_code == 409
    backwards = c.post(url, headers=ALICE, json={"start": "2026-03-05T00:00:00Z", "end": "2026-03-01T00:00:00Z"})
    assert backwards.status_code == 400 and error(backwards)["message"] == "Start date must be before end date."
    bad = c.post(url, headers=ALICE, json={"start": "2026-03-05", "end": "2026-03-06T00:00:00Z"})
    assert bad.status_code == 400
    selfish = c.post(
        url,
        headers=ALICE,
        json={**body, "start": "2026-04-01T00:00:00Z", "end": "2026-04-02T00:00:00Z", "toUserId": users["carol"]},
    )
    assert selfish.status_code == 400 and error(selfish)["message"] == "Cannot redirect to self."
    outsider = c.post(
        url,
        headers=ALICE,
        json={**body, "start": "2026-04-01T00:00:00Z", "end": "2026-04-02T00:00:00Z", "toUserId": users["dave"]},
    )
    assert outsider.status_code == 400 and error(outsider)["message"] == "Cannot redirect to this user."

    listed = c.get(f"{url}?sortStart=desc", headers=ALICE).json()["data"]
    assert entry["id"] in [e["id"] for e in listed]
    org_wide = c.get(f"{base}/ooo?email=carol@acme.example", headers=ALICE).json()["data"]
    assert {e["userId"] for e in org_wide} == {users["carol"]}
    patched = c.patch(f"{url}/{entry['id']}", headers=ALICE, json={"notes": "changed"})
    assert patched.status_code == 200 and patched.json()["data"]["notes"] == "changed"
    half = c.patch(f"{url}/{entry['id']}", headers=ALICE, json={"start": "2026-02-02T00:00:00Z"})
    assert error(half)["message"] == "Please specify both ooo start and end time."
    alice_url = f"{base}/users/{users['alice']}/ooo/{entry['id']}"
    assert error(c.delete(alice_url, headers=ALICE))["message"] == "This OOO entry does not belong to this user."
    assert c.delete(f"{url}/{entry['id']}", headers=ALICE).status_code == 200


def test_ooo_created_through_the_api_hides_slots(c: TestClient) -> None:
    base, users, event_types = org_url(c), ids(c, "users"), ids(c, "event_types")
    slots_url = f"/v2/slots?eventTypeId={event_types['carol/30min']}&start=2026-01-12&end=2026-01-13&timeZone=UTC"
    headers = {"cal-api-version": "2024-09-04"}
    before = c.get(slots_url, headers=headers).json()["data"]
    assert before.get("2026-01-12")
    url = f"{base}/users/{users['carol']}/ooo"
    made = c.post(url, headers=ALICE, json={"start": "2026-01-12T00:00:00Z", "end": "2026-01-12T00:00:00Z"})
    assert made.status_code == 201, made.text
    after = c.get(slots_url, headers=headers).json()["data"]
    assert all(s.get("away") for s in after.get("2026-01-12", [])) or not after.get("2026-01-12")
    assert after.get("2026-01-13") == before.get("2026-01-13")
