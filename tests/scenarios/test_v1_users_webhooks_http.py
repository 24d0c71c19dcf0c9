"""v1 users and webhooks over HTTP. Users: a regular key sees and edits only its own user, a system-wide
admin manages everyone, with the handlers' exact messages. Webhooks: CRUD over the table v2 serves (each
version sees the other's webhooks), the owner and admin checks, and the v1 app's other addresses for the
same operations (/v1/hooks, and the root: /webhooks?apiKey=)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, BOB_KEY

ROOT_KEY = "cal_00000000000000000000000000000a01"
ROOT = f"""
users:
  root: {{email: root@instance.example, name: Root, role: ADMIN, apiKeys: [{{key: {ROOT_KEY}}}]}}
"""
V2 = {"Authorization": f"Bearer {ALICE_KEY}", "cal-api-version": "2024-08-13"}
HOOK = {"subscriberUrl": "https://hooks.example.com/v1", "eventTriggers": ["BOOKING_CREATED", "BOOKING_CREATED",
        "MEETING_ENDED"], "active": True}  # fmt: skip


def v1(path: str, key: str = ALICE_KEY) -> str:
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}apiKey={key}"


def created(c: TestClient, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = c.post(v1("/v1/webhooks"), json=body or HOOK)
    assert response.status_code == 200, response.text
    assert response.json()["message"] == "Webhook created successfully"
    hook: dict[str, Any] = response.json()["webhook"]
    return hook


def test_crud_round_trip(c: TestClient) -> None:
    hook = created(c)
    assert {k: v for k, v in hook.items() if k != "id"} == {
        "userId": 1,
        "eventTypeId": None,
        "payloadTemplate": None,
        "eventTriggers": ["BOOKING_CREATED", "MEETING_ENDED"],  # repeats dropped
        "appId": None,
        "subscriberUrl": "https://hooks.example.com/v1",
    }
    url = f"/v1/webhooks/{hook['id']}"
    assert c.get(v1(url)).json() == {"webhook": hook}
    edited = c.patch(v1(url), json={"eventTriggers": ["BOOKING_CANCELLED"], "payloadTemplate": "{}"})
    assert edited.status_code == 200
    assert (edited.json()["webhook"]["eventTriggers"], edited.json()["webhook"]["payloadTemplate"]) == (
        ["BOOKING_CANCELLED"],
        "{}",
    )
    deleted = c.delete(v1(url))
    assert deleted.json() == {"message": f"Webhook with id: {hook['id']} deleted successfully"}
    assert hook["id"] not in [w["id"] for w in c.get(v1("/v1/webhooks")).json()["webhooks"]]


def test_a_webhook_of_one_version_is_the_other_versions_too(c: TestClient) -> None:
    hook = created(c)
    v2_listed = c.get("/v2/webhooks", headers=V2).json()["data"]
    mine = next(w for w in v2_listed if w["id"] == hook["id"])
    assert (mine["triggers"], mine["active"], mine["userId"]) == (["BOOKING_CREATED", "MEETING_ENDED"], True, 1)

    body = {"subscriberUrl": "https://hooks.example.com/v2", "triggers": ["BOOKING_PAID"], "active": False}
    from_v2 = c.post("/v2/webhooks", headers=V2, json=body).json()["data"]
    v1_listed = {w["id"]: w for w in c.get(v1("/v1/webhooks")).json()["webhooks"]}
    assert v1_listed[from_v2["id"]]["eventTriggers"] == ["BOOKING_PAID"]
    assert v1_listed[from_v2["id"]]["subscriberUrl"] == "https://hooks.example.com/v2"


def test_other_addresses_answer_like_v1_webhooks(c: TestClient) -> None:
    hook = created(c)
    listed = c.get(v1("/v1/webhooks")).json()
    assert c.get(v1("/webhooks")).json() == listed
    assert c.get(v1("/v1/hooks")).json() == listed
    assert c.get(v1(f"/v1/hooks/{hook['id']}")).json() == {"webhook": hook}
    assert c.get(v1(f"/hooks/{hook['id']}")).json() == {"webhook": hook}
    assert c.get(v1("/event-types")).json() == c.get(v1("/v1/event-types")).json()
    assert c.get(v1("/no-such-thing")).status_code == 404  # unknown root paths stay the admin app's 404
    assert c.get("/_emulator/health").status_code == 200


def test_owner_and_admin_checks(c: TestClient) -> None:
    hook = created(c)
    url = f"/v1/webhooks/{hook['id']}"
    for method in ("GET", "PATCH", "DELETE"):
        refused = c.request(method, v1(url, BOB_KEY), json={} if method == "PATCH" else None)
        assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert hook["id"] not in [w["id"] for w in c.get(v1("/v1/webhooks", BOB_KEY)).json()["webhooks"]]
    others = c.get(v1("/v1/webhooks?userId=2"))
    assert (others.status_code, others.json()) == (403, {"message": "ADMIN required"})
    for_bob = c.post(v1("/v1/webhooks"), json={**HOOK, "userId": 2})
    assert (for_bob.status_code, for_bob.json()) == (403, {"message": "ADMIN required for userId"})
    unknown_key = c.post(v1("/v1/webhooks"), json={**HOOK, "url": "x"})
    assert (unknown_key.status_code, unknown_key.json()["message"]) == (400, "Unrecognized key(s) in object: 'url'")


def test_real_not_found(c: TestClient) -> None:
    # A missing webhook is the middleware's 403 to a non-admin; an event type that is not the caller's
    # is the redacted Prisma 404.
    missing = c.get(v1("/v1/webhooks/00000000-0000-4000-8000-000000000000"))
    assert (missing.status_code, missing.json()) == (403, {"message": "Forbidden"})
    foreign = c.post(v1("/v1/webhooks"), json={**HOOK, "eventTypeId": 999999})
    assert (foreign.status_code, foreign.json()["message"]) == (404, "An error occurred while querying the database.")
    before = c.get(v1("/v1/webhooks")).json()
    assert c.post(v1("/v1/webhooks"), json={**HOOK, "userId": 2}).status_code == 403
    assert c.get(v1("/v1/webhooks")).json() == before  # a refused request wrote nothing


# --- users ---------------------------------------------------------------------------------------------


def with_root(c: TestClient) -> None:
    assert c.post("/_emulator/fixtures?scope=test", content=ROOT).status_code == 200


def test_a_regular_key_sees_and_edits_only_its_user(c: TestClient) -> None:
    listed = c.get(v1("/v1/users")).json()
    assert [u["username"] for u in listed["users"]] == ["alice"] and listed["total"] == 1
    edited = c.patch(v1("/v1/users/1"), json={"name": "Alice A.", "weekStart": "Sunday", "role": "ADMIN"})
    assert edited.status_code == 200
    user = edited.json()["user"]
    assert (user["name"], user["weekStart"], user["role"]) == ("Alice A.", "Sunday", "USER")  # role dropped
    assert c.get(v1("/v1/users/1")).json()["user"]["name"] == "Alice A."
    for method in ("GET", "PATCH", "DELETE"):
        refused = c.request(method, v1("/v1/users/2"), json={} if method == "PATCH" else None)
        assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    made = c.post(v1("/v1/users"), json={"email": "new@example.com", "username": "new"})
    assert (made.status_code, made.json()) == (401, {"message": "You are not authorized"})
    bad = c.patch(v1("/v1/users/1"), json={"defaultScheduleId": 999})
    assert (bad.status_code, bad.json()["message"]) == (400, "Bad request: Invalid default schedule id")


def test_a_system_admin_manages_everyone(c: TestClient) -> None:
    with_root(c)
    listed = c.get(v1("/v1/users", ROOT_KEY)).json()
    assert listed["total"] == len(listed["users"]) > 5
    made = c.post(v1("/v1/users", ROOT_KEY), json={"email": "New@Example.com", "username": "NewOne"})
    assert made.status_code == 201
    user = made.json()["user"]
    assert (user["email"], user["username"], user["creationSource"]) == ("new@example.com", "newone", "API_V1")
    v2_view = c.get("/v2/organizations/1/users?emails=new@example.com", headers=V2).json()["data"]
    assert v2_view == []  # the same table, but not an organization member
    assert c.get(v1(f"/v1/users/{user['id']}", ROOT_KEY)).json()["user"]["email"] == "new@example.com"
    taken = c.post(v1("/v1/users", ROOT_KEY), json={"email": "x@example.com", "username": "alice"})
    assert (taken.status_code, taken.json()["message"]) == (400, "custom in 'username': already_in_use_error")
    deleted = c.delete(v1(f"/v1/users/{user['id']}", ROOT_KEY))
    assert deleted.json() == {"message": f"User with id: {user['id']} deleted successfully"}
    missing = c.delete(v1(f"/v1/users/{user['id']}", ROOT_KEY))
    assert (missing.status_code, missing.json()["message"]) == (404, "User not found")
    assert c.patch(v1(f"/v1/users/{user['id']}", ROOT_KEY), json={"name": "x"}).status_code == 404
