"""Routing forms over HTTP: the organization's and a team's forms, the response lists and their
filters, editing a response, the role and ownership guards, the real not-found answers, and the
``routingForms`` fixture section. Routing itself is in test_routing_forms_routing_http.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.helpers import ids
from tests.scenarios.routing_forms_world import (
    ANA,
    LEE,
    LEE_INTAKE,
    ORG,
    OWNER,
    SALES,
    SALES_ROUTER,
    SUPPORT,
    SUPPORT_TRIAGE,
    data,
    emulator,
    message,
)

PRISMA_MISSING = "Invalid Query: The requested record was not found."


@pytest.fixture(scope="module")
def app() -> Iterator[TestClient]:
    with emulator() as client:
        yield client


@pytest.fixture
def c(app: TestClient) -> TestClient:
    app.post("/_emulator/reset")
    return app


def test_organization_forms_are_its_teams_forms(c: TestClient) -> None:
    forms = data(c.get(f"{ORG}/routing-forms", headers=OWNER))
    assert [f["id"] for f in forms] == [SALES_ROUTER, SUPPORT_TRIAGE]  # not gx-lee's personal form
    router = forms[0]
    assert {k: router[k] for k in ("name", "teamId", "userId", "disabled", "position", "updatedById")} == {
        "name": "Talk to sales",
        "teamId": SALES,
        "userId": ids(c, "users")["gx-owner"],
        "disabled": False,
        "position": 0,
        "updatedById": None,
    }
    assert [f["id"] for f in router["fields"]] == ["product", "region", "email", "seats"]
    assert [r["id"] for r in router["routes"]] == ["large-accounts", "enterprise", "starter", "sales-fallback"]
    enterprise = router["routes"][1]
    assert enterprise["action"] == {
        "type": "eventTypeRedirectUrl",
        "value": "team/globex-sales/consult",
        "eventTypeId": ids(c, "event_types")["globex-sales/consult"],
    }
    rule = enterprise["attributesQueryValue"]["children1"]["region-rule"]["properties"]
    assert rule["field"] == ids(c, "attributes")["globex/region"]  # the fixture key became the id
    assert router["createdAt"] == "2026-01-05T09:00:00.000Z" and router["settings"] == {"emailOwnerOnSubmission": False}


def test_organization_forms_filters_and_pages(c: TestClient) -> None:
    def listed(query: str) -> list[str]:
        return [f["name"] for f in data(c.get(f"{ORG}/routing-forms?{query}", headers=OWNER))]

    assert listed(f"teamIds={SUPPORT}") == ["Support triage"]
    assert listed(f"teamIds={SALES},{SUPPORT}&take=1&skip=1") == ["Support triage"]
    assert listed("take=-1") == ["Support triage"]  # Prisma: a negative take counts back from the end
    assert listed("afterCreatedAt=2026-01-05T09:00:01Z") == []
    # Both bounds of one column: the later spread in the repository's query wins, only "before" applies.
    assert listed("afterCreatedAt=2030-01-01T00:00:00Z&beforeCreatedAt=2026-01-06T00:00:00Z") == [
        "Talk to sales",
        "Support triage",
    ]
    bad = c.get(f"{ORG}/routing-forms?teamIds=2,x", headers=OWNER)
    assert bad.status_code == 400


def test_organization_forms_need_an_org_admin_of_an_organization(c: TestClient) -> None:
    member = c.get(f"{ORG}/routing-forms", headers=ANA)
    assert member.status_code == 403
    assert message(member) == (
        "RolesGuard - user with id=2 does not have the minimum required role=ORG_ADMIN within organization with id=1."
    )
    unknown = c.get("/v2/organizations/99/routing-forms", headers=OWNER)
    assert unknown.status_code == 403
    assert message(unknown) == "IsOrgGuard - provided organization id=99 does not represent any existing organization."
    assert c.get(f"{ORG}/routing-forms").status_code == 401


def test_team_forms_and_their_guards(c: TestClient) -> None:
    assert [f["id"] for f in data(c.get(f"{ORG}/teams/{SUPPORT}/routing-forms", headers=OWNER))] == [SUPPORT_TRIAGE]
    assert [f["id"] for f in data(c.get(f"{ORG}/teams/{SUPPORT}/routing-forms", headers=LEE))] == [SUPPORT_TRIAGE]
    refused = c.get(f"{ORG}/teams/{SALES}/routing-forms", headers=ANA)  # a team MEMBER, TEAM_ADMIN needed
    assert refused.status_code == 403
    assert message(refused) == (
        "RolesGuard - user with id=2 does not have the minimum required role=TEAM_ADMIN within "
        "organization with id=1 team with id=2."
    )
    missing = c.get(f"{ORG}/teams/99/routing-forms", headers=OWNER)
    assert (missing.status_code, message(missing)) == (404, "IsTeamInOrg - Team (99) not found.")


def test_organization_responses_list_and_filters(c: TestClient) -> None:
    url = f"{ORG}/routing-forms/{SALES_ROUTER}/responses"
    rows = data(c.get(url, headers=OWNER))
    demo = c.get("/_emulator/state/bookings").json()["records"]
    demo_uid = next(b["uid"] for b in demo if b["key"] == "gx-demo")
    assert rows == [
        {
            "id": 1,
            "formId": SALES_ROUTER,
            "formFillerId": rows[0]["formFillerId"],
            "routedToBookingUid": demo_uid,
            "response": {
                "product": {"label": "Product", "value": "product-starter"},
                "region": {"label": "Region", "value": "region-americas"},
                "email": {"label": "Email", "value": "quinn@prospect.example"},
                "seats": {"label": "Seats", "value": ""},
            },
            "createdAt": "2026-01-04T10:00:00.000Z",
        }
    ]
    assert len(rows[0]["formFillerId"]) == 25 and rows[0]["formFillerId"].startswith("c")
    assert data(c.get(f"{url}?routedToBookingUid={demo_uid}", headers=OWNER))[0]["id"] == 1
    assert data(c.get(f"{url}?routedToBookingUid=nope", headers=OWNER)) == []
    assert data(c.get(f"{url}?afterUpdatedAt=2026-01-05T00:00:00Z", headers=OWNER)) == []


def test_organization_responses_not_found_and_guards(c: TestClient) -> None:
    for form_id in ("no-such-form", LEE_INTAKE):  # unknown, and a personal form: no team of the org
        missing = c.get(f"{ORG}/routing-forms/{form_id}/responses", headers=OWNER)
        assert (missing.status_code, message(missing)) == (404, PRISMA_MISSING)
    refused = c.get(f"{ORG}/routing-forms/{SALES_ROUTER}/responses", headers=ANA)
    assert refused.status_code == 403 and "role=ORG_ADMIN" in message(refused)


def test_team_responses_list_reads_only_created_filters(c: TestClient) -> None:
    url = f"{ORG}/teams/{SALES}/routing-forms/{SALES_ROUTER}/responses"
    assert [r["id"] for r in data(c.get(url, headers=OWNER))] == [1]
    # The team repository ignores the updatedAt filters the organization route applies.
    assert [r["id"] for r in data(c.get(f"{url}?afterUpdatedAt=2030-01-01T00:00:00Z", headers=OWNER))] == [1]
    assert data(c.get(f"{url}?afterCreatedAt=2030-01-01T00:00:00Z", headers=OWNER)) == []


def test_team_response_routes_check_the_form_is_the_teams(c: TestClient) -> None:
    other_team = c.get(f"{ORG}/teams/{SUPPORT}/routing-forms/{SALES_ROUTER}/responses", headers=OWNER)
    assert other_team.status_code == 403
    assert message(other_team) == (
        f"IsRoutingFormInTeam - team with id=({SUPPORT}) does not own routing form with id=({SALES_ROUTER})."
    )
    unknown = c.get(f"{ORG}/teams/{SALES}/routing-forms/nope/responses", headers=OWNER)
    assert unknown.status_code == 403 and message(unknown).startswith("IsRoutingFormInTeam")
    member = c.get(f"{ORG}/teams/{SALES}/routing-forms/{SALES_ROUTER}/responses", headers=ANA)
    assert member.status_code == 403 and "role=TEAM_ADMIN" in message(member)


def test_update_a_response(c: TestClient) -> None:
    body = {"response": {"email": {"label": "Email", "value": "new@prospect.example"}}}
    updated = data(c.patch(f"{ORG}/routing-forms/{SALES_ROUTER}/responses/1", headers=OWNER, json=body))
    assert updated["response"] == body["response"] and updated["id"] == 1
    listed = data(c.get(f"{ORG}/teams/{SALES}/routing-forms/{SALES_ROUTER}/responses", headers=OWNER))
    assert listed[0]["response"] == body["response"]
    stored = c.get("/_emulator/state/routing_form_responses").json()["records"][0]
    assert stored["updated_at"] == "2026-01-05T09:00:00.000Z"
    team = c.patch(f"{ORG}/teams/{SALES}/routing-forms/{SALES_ROUTER}/responses/1", headers=OWNER, json={})
    assert data(team)["response"] == body["response"]  # no response sent: nothing changes


def test_update_refusals(c: TestClient) -> None:
    url = f"{ORG}/routing-forms/{SALES_ROUTER}/responses"
    for path in (f"{url}/99", f"{ORG}/routing-forms/{SUPPORT_TRIAGE}/responses/1"):  # unknown; another form's
        missing = c.patch(path, headers=OWNER, json={"response": {}})
        assert (missing.status_code, message(missing)) == (404, PRISMA_MISSING)
    team_missing = c.patch(f"{ORG}/teams/{SALES}/routing-forms/{SALES_ROUTER}/responses/99", headers=OWNER, json={})
    assert (team_missing.status_code, message(team_missing)) == (404, PRISMA_MISSING)
    assert c.patch(f"{url}/1", headers=ANA, json={"response": {}}).status_code == 403
    team_member = c.patch(f"{ORG}/teams/{SALES}/routing-forms/{SALES_ROUTER}/responses/1", headers=ANA, json={})
    assert team_member.status_code == 403 and "role=TEAM_ADMIN" in message(team_member)
    not_an_object = c.patch(f"{url}/1", headers=OWNER, json={"response": "text"})
    assert not_an_object.status_code == 400
    stored = c.get("/_emulator/state/routing_form_responses").json()["records"][0]
    assert stored["response"]["email"]["value"] == "quinn@prospect.example"  # refusals changed nothing


FORM = """
routingForms:
  quick:
    team: globex-support
    owner: gx-lee
    fields: [{type: text, label: Name}]
    routes:
      - {action: {type: eventTypeRedirectUrl, eventType: globex-sales/demo}}
      - {isFallback: true, action: {type: customPageMessage, value: Hi}}
    responses:
      - {response: {Name: Zoe}, createdAt: today-2d@09:00}
"""


def test_fixture_section_defaults(c: TestClient) -> None:
    bad = FORM.replace("globex-sales/demo", "gx-lee/intro")
    assert c.post("/_emulator/fixtures?scope=test", content=bad).status_code == 400
    ok = FORM.replace(
        "    routes:\n      - {action: {type: eventTypeRedirectUrl, eventType: globex-sales/demo}}\n", "    routes:\n"
    )
    assert c.post("/_emulator/fixtures?scope=test", content=ok).status_code == 200
    form = next(f for f in c.get("/_emulator/state/routing_forms").json()["records"] if f["key"] == "quick")
    assert form["fields"] == [{"type": "text", "label": "Name", "id": "Name"}]  # the id defaults to the label
    assert len(form["routes"][0]["id"]) == 36 and form["routes"][0]["queryValue"]["type"] == "group"
    assert len(form["id"]) == 36 and form["name"] == "quick"
    rows = data(c.get(f"{ORG}/teams/{SUPPORT}/routing-forms/{form['id']}/responses", headers=LEE))
    assert rows[0]["response"] == {"Name": {"label": "Name", "value": "Zoe"}}


def test_fixture_errors_name_line_and_column(c: TestClient) -> None:
    bad = """\
routingForms:
  broken:
    team: globex-support
    owner: gx-ana
    fields: [{id: q, type: text, label: Q}, {id: q, type: number, label: R}]
    routes:
      - action: {type: eventTypeRedirectUrl, eventType: globex-sales/demo}
        attributesQueryValue: {type: group, children1: {a: {type: rule, properties: {field: globex/tier}}}}
      - {isFallback: true, action: {type: customPageMessage, value: x}, queryValue: {type: group, children1: {r: {type: rule, properties: {field: q, operator: is_empty}}}}}
"""  # noqa: E501
    response = c.post("/_emulator/fixtures?scope=test", content=bad)
    assert response.status_code == 400
    found = [(e["line"], e["message"]) for e in response.json()["errors"]]
    assert found == [
        (4, "owner 'gx-ana' is not a member of team 'globex-support'"),
        (5, "field id 'q' is used twice in this form"),
        (7, "event type 'globex-sales/demo' is not one of the form's team"),
        (8, "unknown attribute 'globex/tier'"),
        (9, "the fallback route may not have rules: it must always match"),
    ]
    assert len(c.get("/_emulator/state/routing_forms").json()["records"]) == 3  # nothing was loaded
