"""Organization attributes, their options and who holds them, over HTTP: CRUD, assignment, the assigned
lists, the memberships' ``attributes``, the organization users' attribute filter, the role guards,
the real not-found answers, and the ``attributes`` fixture section."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE, CAROL_KEY, error, ids

CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}
ORG = "/v2/organizations/1"  # acme: alice OWNER, bob ADMIN, carol MEMBER
DEPARTMENT = {
    "name": "Department",
    "slug": "department",
    "type": "SINGLE_SELECT",
    "options": [{"value": "Engineering", "slug": "engineering"}, {"value": "Sales", "slug": "sales"}],
}
FIXTURE = """
attributes:
  acme:
    region:
      name: Region
      type: MULTI_SELECT
      options: [EMEA, {value: Americas, slug: amer}]
      members: {alice: [EMEA, Americas], carol: EMEA}
    level:
      type: NUMBER
      members: {bob: 4}
"""


def data(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()["data"]


def department(c: TestClient) -> tuple[str, dict[str, str]]:
    """A new SINGLE_SELECT attribute and its options by slug."""
    attribute = data(c.post(f"{ORG}/attributes", headers=ALICE, json=DEPARTMENT))
    options = data(c.get(f"{ORG}/attributes/{attribute['id']}/options", headers=CAROL))
    return attribute["id"], {o["slug"]: o["id"] for o in options}


def test_attribute_crud(c: TestClient) -> None:
    created = data(c.post(f"{ORG}/attributes", headers=ALICE, json=DEPARTMENT))
    assert {k: created[k] for k in ("teamId", "type", "name", "slug", "enabled", "usersCanEditRelation")} == {
        "teamId": 1,
        "type": "SINGLE_SELECT",
        "name": "Department",
        "slug": "department",
        "enabled": True,
        "usersCanEditRelation": False,
    }
    assert len(created["id"]) == 36 and created["createdAt"] == "2026-01-05T09:00:00.000Z"
    url = f"{ORG}/attributes/{created['id']}"
    assert [a["slug"] for a in data(c.get(f"{ORG}/attributes", headers=CAROL))] == ["department"]
    assert data(c.get(url, headers=CAROL))["name"] == "Department"
    updated = data(c.patch(url, headers=ALICE, json={"name": "Team", "enabled": False}))
    assert (updated["name"], updated["enabled"], updated["slug"]) == ("Team", False, "department")
    assert data(c.delete(url, headers=ALICE))["name"] == "Team"
    assert data(c.get(url, headers=CAROL)) is None  # a missing attribute reads as data null
    assert data(c.get(f"{ORG}/attributes/{created['id']}/options", headers=CAROL)) == []  # cascaded


def test_text_attributes_get_no_options_and_slugs_are_unique(c: TestClient) -> None:
    body = {"name": "Note", "slug": "note", "type": "TEXT", "options": [{"value": "x", "slug": "x"}]}
    note = data(c.post(f"{ORG}/attributes", headers=ALICE, json=body))
    assert data(c.get(f"{ORG}/attributes/{note['id']}/options", headers=ALICE)) == []
    again = c.post(f"{ORG}/attributes", headers=ALICE, json=body)
    assert again.status_code == 409
    assert error(again)["message"] == "Invalid Input: Trying to create a record that already exists."
    empty = c.post(f"{ORG}/attributes", headers=ALICE, json={**body, "slug": ""})
    assert empty.status_code == 400
    assert empty.json()["error"]["details"]["errors"][0]["constraints"] == {"isNotEmpty": "slug should not be empty"}


def test_option_crud(c: TestClient) -> None:
    attribute_id, _ = department(c)
    base = f"{ORG}/attributes/{attribute_id}/options"
    made = data(c.post(base, headers=ALICE, json={"value": "Support", "slug": "support"}))
    assert (made["attributeId"], made["value"], made["slug"], made["isGroup"]) == (
        attribute_id,
        "Support",
        "support",
        False,
    )
    changed = data(c.patch(f"{base}/{made['id']}", headers=ALICE, json={"value": "Customer Support"}))
    assert (changed["value"], changed["slug"]) == ("Customer Support", "support")
    assert data(c.delete(f"{base}/{made['id']}", headers=ALICE))["id"] == made["id"]
    assert [o["slug"] for o in data(c.get(base, headers=CAROL))] == ["engineering", "sales"]


def test_assign_list_and_unassign(c: TestClient) -> None:
    attribute_id, options = department(c)
    users = ids(c, "users")
    carol, engineering = users["carol"], options["engineering"]
    body = {"attributeId": attribute_id, "attributeOptionId": engineering}
    assigned = data(c.post(f"{ORG}/attributes/options/{carol}", headers=ALICE, json=body))
    assert assigned["attributeOptionId"] == engineering and isinstance(assigned["memberId"], int)
    assert c.post(f"{ORG}/attributes/options/{carol}", headers=ALICE, json=body).status_code == 409

    by_id = data(c.get(f"{ORG}/attributes/{attribute_id}/options/assigned", headers=CAROL))
    by_slug = data(c.get(f"{ORG}/attributes/slugs/department/options/assigned", headers=CAROL))
    expected = [{"id": engineering, "attributeId": attribute_id, "value": "Engineering", "slug": "engineering",
                 "assignedUserIds": [carol]}]  # fmt: skip
    assert by_id == by_slug == expected
    mine = data(c.get(f"{ORG}/attributes/options/{carol}", headers=CAROL))
    assert [(o["id"], o["value"]) for o in mine] == [(engineering, "Engineering")]
    memberships = data(c.get(f"{ORG}/memberships", headers=ALICE))
    carols = next(m for m in memberships if m["userId"] == carol)
    assert carols["attributes"] == [
        {
            "id": attribute_id,
            "name": "Department",
            "type": "singleSelect",
            "optionId": engineering,
            "option": "Engineering",
        }
    ]

    removed = data(c.delete(f"{ORG}/attributes/options/{carol}/{engineering}", headers=CAROL))
    assert removed["id"] == assigned["id"]
    again = c.delete(f"{ORG}/attributes/options/{carol}/{engineering}", headers=CAROL)
    assert again.status_code == 404 and error(again)["message"] == "Attribute does not belong to this user"
    assert data(c.get(f"{ORG}/attributes/{attribute_id}/options/assigned", headers=CAROL)) == []


def test_a_value_makes_an_option_for_text_and_number_only(c: TestClient) -> None:
    attribute_id, _ = department(c)
    carol = ids(c, "users")["carol"]
    level = data(c.post(f"{ORG}/attributes", headers=ALICE, json={"name": "Level", "slug": "level", "type": "NUMBER",
                                                                  "options": []}))  # fmt: skip
    data(c.post(f"{ORG}/attributes/options/{carol}", headers=ALICE, json={"attributeId": level["id"], "value": "3"}))
    options = data(c.get(f"{ORG}/attributes/{level['id']}/options", headers=ALICE))
    assert [(o["value"], o["slug"]) for o in options] == [("3", "3")]
    memberships = data(c.get(f"{ORG}/memberships", headers=ALICE))
    carols = next(m for m in memberships if m["userId"] == carol)
    assert carols["attributes"][0]["type"] == "number" and carols["attributes"][0]["option"] == 3
    refused = c.post(
        f"{ORG}/attributes/options/{carol}", headers=ALICE, json={"attributeId": attribute_id, "value": "x"}
    )
    assert refused.status_code == 400 and error(refused)["message"] == "Attribute type does not support value"


def test_org_users_attribute_filter(c: TestClient) -> None:
    attribute_id, options = department(c)
    users = ids(c, "users")
    for who, slug in (("alice", "engineering"), ("carol", "sales"), ("bob", "engineering")):
        body = {"attributeId": attribute_id, "attributeOptionId": options[slug]}
        data(c.post(f"{ORG}/attributes/options/{users[who]}", headers=ALICE, json=body))

    def listed(query: str) -> list[int]:
        return [u["id"] for u in data(c.get(f"{ORG}/users?{query}", headers=ALICE))]

    eng, sales = options["engineering"], options["sales"]
    assert listed(f"assignedOptionIds={eng}") == [users["alice"], users["bob"]]
    assert listed(f"assignedOptionIds={eng},{sales}&attributeQueryOperator=OR") == [
        users["alice"], users["carol"], users["bob"]
    ]  # fmt: skip
    assert listed(f"assignedOptionIds={eng},{sales}") == []  # AND: nobody holds both
    assert listed(f"assignedOptionIds={eng}&attributeQueryOperator=NONE") == [users["carol"]]


def test_role_guards(c: TestClient) -> None:
    attribute_id, options = department(c)
    carol = ids(c, "users")["carol"]
    refused = c.post(f"{ORG}/attributes", headers=CAROL, json={**DEPARTMENT, "slug": "other"})
    assert refused.status_code == 403
    assert error(refused)["message"] == (
        f"RolesGuard - user with id={carol} does not have the minimum required role=ORG_ADMIN within organization "
        "with id=1."
    )
    body = {"attributeId": attribute_id, "attributeOptionId": options["sales"]}
    assert c.post(f"{ORG}/attributes/options/{carol}", headers=CAROL, json=body).status_code == 403
    assert c.patch(f"{ORG}/attributes/{attribute_id}", headers=CAROL, json={"name": "x"}).status_code == 403
    assert c.get(f"{ORG}/attributes", headers=CAROL).status_code == 200  # members read


def test_real_not_found_answers(c: TestClient) -> None:
    attribute_id, _ = department(c)
    users = ids(c, "users")
    missing = c.patch(f"{ORG}/attributes/nope", headers=ALICE, json={"name": "x"})
    assert (
        missing.status_code == 404 and error(missing)["message"] == "Invalid Query: The requested record was not found."
    )
    assert c.delete(f"{ORG}/attributes/nope", headers=ALICE).status_code == 404
    gone = c.delete(f"{ORG}/attributes/{attribute_id}/options/nope", headers=ALICE)
    assert gone.status_code == 404 and error(gone)["message"] == "Attribute option not found"
    no_attr = c.post(
        f"{ORG}/attributes/options/{users['carol']}", headers=ALICE, json={"attributeId": "nope", "value": "x"}
    )
    assert no_attr.status_code == 404 and error(no_attr)["message"] == "Attribute not found"
    outsider = c.post(f"{ORG}/attributes/options/{users['dave']}", headers=ALICE, json={"attributeId": attribute_id})
    assert outsider.status_code == 404 and error(outsider)["message"] == "User is not a member of the organization"
    filtered = c.get(
        f"{ORG}/attributes/{attribute_id}/options/assigned?assignedOptionIds=nope&teamIds=2", headers=ALICE
    )
    assert filtered.status_code == 404 and error(filtered)["message"].startswith(
        "Options provided in assignedOptionIds"
    )
    before = c.get("/_emulator/state/attributes").json()["records"]
    assert len(before) == 1  # the failed requests wrote nothing


def test_fixture_section(c: TestClient) -> None:
    assert c.post("/_emulator/fixtures?scope=test", content=FIXTURE).status_code == 200
    users = ids(c, "users")
    options = ids(c, "attribute_options")
    region = ids(c, "attributes")["acme/region"]
    assigned = data(c.get(f"{ORG}/attributes/slugs/region/options/assigned", headers=CAROL))
    assert [(o["id"], o["assignedUserIds"]) for o in assigned] == [
        (options["acme/region/emea"], [users["alice"], users["carol"]]),
        (options["acme/region/amer"], [users["alice"]]),
    ]
    memberships = {m["userId"]: m["attributes"] for m in data(c.get(f"{ORG}/memberships", headers=ALICE))}
    assert memberships[users["alice"]] == [
        {"id": region, "name": "Region", "type": "multiSelect", "options": [
            {"optionId": options["acme/region/emea"], "option": "EMEA"},
            {"optionId": options["acme/region/amer"], "option": "Americas"},
        ]}
    ]  # fmt: skip
    assert memberships[users["bob"]][0]["option"] == 4


def test_fixture_errors_name_line_and_column(c: TestClient) -> None:
    bad = """\
attributes:
  acme:
    tier:
      type: SINGLE_SELECT
      options: [Gold]
      members: {alice: Silver, dave: Gold}
  design-studio:
    x: {type: TEXT}
"""
    response = c.post("/_emulator/fixtures?scope=test", content=bad)
    assert response.status_code == 400
    found = [(e["line"], e["column"], e["message"]) for e in response.json()["errors"]]
    assert found == [
        (6, 24, "'Silver' is not an option of attribute 'tier' (options: 'Gold')"),  # the value
        (6, 32, "user 'dave' is not an accepted member of the organization"),  # the key
        (7, 3, "team 'design-studio' is not an organization"),
    ]
