"""Managed organizations over HTTP: a platform organization on the SCALE plan creates child
organizations, each with an API key that acts for the child; the guards; the real not-found."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, error

PAT_KEY = "cal_9a7000000000000000000000000000b1"
SCALE = f"""
users:
  pat: {{email: pat@platform.example, name: Pat, apiKeys: [{{key: {PAT_KEY}}}]}}
  quinn: {{email: quinn@platform.example, name: Quinn}}
teams:
  scaleco:
    name: Scale Co
    isOrganization: true
    isPlatform: true
    plan: organization
    platformPlan: SCALE
    members: {{pat: OWNER, quinn: MEMBER}}
"""


def setup(c: TestClient) -> tuple[dict[str, str], str]:
    assert c.post("/_emulator/fixtures?scope=test", content=SCALE).status_code == 200, "fixtures"
    org = next(t["id"] for t in c.get("/_emulator/state/teams").json()["records"] if t["key"] == "scaleco")
    return {"Authorization": f"Bearer {PAT_KEY}"}, f"/v2/organizations/{org}/organizations"


def made(c: TestClient, headers: dict[str, str], base: str, body: dict[str, Any]) -> dict[str, Any]:
    response = c.post(base, headers=headers, json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_create_list_update_delete(c: TestClient) -> None:
    headers, base = setup(c)
    child = made(c, headers, base, {"name": "Child Org", "metadata": {"tier": "gold"}, "apiKeyNeverExpires": True})
    assert {k: v for k, v in child.items() if k not in ("id", "apiKey")} == {
        "name": "Child Org",
        "slug": "child-org",
        "metadata": {"tier": "gold"},
    }
    assert child["apiKey"].startswith("cal_")
    other = made(c, headers, base, {"name": "Other", "slug": "other-one"})
    listed = c.get(base, headers=headers).json()
    assert [o["slug"] for o in listed["data"]] == ["child-org", "other-one"]
    assert listed["pagination"]["totalItems"] == 2
    filtered = c.get(f"{base}?metadataKey=tier&metadataValue=gold", headers=headers).json()["data"]
    assert [o["id"] for o in filtered] == [child["id"]]
    # the child's key acts for the child organization: pat is its owner
    child_headers = {"Authorization": f"Bearer {child['apiKey']}"}
    me = c.get("/v2/me", headers=child_headers)
    assert me.status_code == 200, me.text
    teams = c.get("/_emulator/state/teams").json()["records"]
    row = next(t for t in teams if t["id"] == child["id"])
    assert (row["is_organization"], row["is_platform"], row["platform_plan"]) == (True, True, "SCALE")
    edited = c.patch(f"{base}/{child['id']}", headers=headers, json={"name": "Renamed"})
    assert edited.json()["data"]["name"] == "Renamed"
    assert c.get(f"{base}/{child['id']}", headers=headers).json()["data"]["name"] == "Renamed"
    deleted = c.delete(f"{base}/{other['id']}", headers=headers)
    assert deleted.json()["data"]["slug"] == "other-one"
    assert [o["id"] for o in c.get(base, headers=headers).json()["data"]] == [child["id"]]


def test_slug_conflict_and_not_found(c: TestClient) -> None:
    headers, base = setup(c)
    made(c, headers, base, {"name": "Twin"})
    twin = c.post(base, headers=headers, json={"name": "twin"})
    assert twin.status_code == 409
    assert error(twin)["message"].startswith("Organization with slug 'twin' already exists.")
    missing = c.get(f"{base}/999", headers=headers)
    assert missing.status_code == 404
    org = base.split("/")[3]
    assert error(missing)["message"] == (
        f"Managed organization with id=999 within manager organization with id={org} not found."
    )


def test_guards(c: TestClient) -> None:
    headers, base = setup(c)
    alice = {"Authorization": f"Bearer {ALICE_KEY}"}
    org = base.split("/")[3]
    stranger = c.get(base, headers=alice)
    assert (stranger.status_code, error(stranger)["message"]) == (
        403,
        f"RolesGuard - User is not a member of the organization with id={org}.",
    )
    # acme is a platform organization on the ESSENTIALS plan: below SCALE
    essentials = c.get("/v2/organizations/1/organizations", headers=alice)
    assert essentials.status_code == 403
    assert error(essentials)["message"].startswith("PlatformPlanGuard - organization with id=1 does not have")
    both = c.post(base, headers=headers, json={"name": "X", "apiKeyDaysValid": 3, "apiKeyNeverExpires": True})
    assert both.status_code == 400
    assert c.get(base, headers=headers).json()["data"] == []  # the failed create left nothing behind
