"""Routing a response over HTTP: creating responses through the organization and team routes (the
route chosen by a select field, the team member chosen by an attribute rule, the slots that member
offers, custom messages, external addresses, queued responses, the checks), and the public
calculate-slots operation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.helpers import ids
from tests.scenarios.routing_forms_world import (
    ANA,
    DAY,
    LEE,
    LEE_INTAKE,
    ORG,
    OWNER,
    RAJ,
    SALES,
    SALES_ROUTER,
    SUPPORT_TRIAGE,
    data,
    emulator,
    message,
    slots_of,
)

ORG_RESPONSES = f"{ORG}/routing-forms/{SALES_ROUTER}/responses"
TEAM_RESPONSES = f"{ORG}/teams/{SALES}/routing-forms/{SALES_ROUTER}/responses"
CALCULATE = "/v2/routing-forms/{}/calculate-slots"
ENTERPRISE_APAC = {"Product": "Enterprise", "Region": "APAC", "Email": "pat@prospect.example"}


@pytest.fixture(scope="module")
def app() -> Iterator[TestClient]:
    with emulator() as client:
        yield client


@pytest.fixture
def c(app: TestClient) -> TestClient:
    app.post("/_emulator/reset")
    return app


def stored(c: TestClient, table: str = "routing_form_responses") -> list[dict[str, object]]:
    records: list[dict[str, object]] = c.get(f"/_emulator/state/{table}").json()["records"]
    return records


def test_attribute_rule_routes_to_the_member_of_the_answered_region(c: TestClient) -> None:
    users, events = ids(c, "users"), ids(c, "event_types")
    routed = data(c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json=ENTERPRISE_APAC))
    assert routed["eventTypeId"] == events["globex-sales/consult"]
    assert routed["routing"] == {"responseId": 2, "teamMemberIds": [users["gx-raj"]], "skipContactOwner": False}
    # The round-robin event narrows to raj: his slots are those of his own 30-minute event type...
    assert routed["slots"] == slots_of(c, events["gx-raj/30min"])
    assert routed["slots"]["2026-01-06"][0] == {"start": "2026-01-06T04:00:00.000Z"}  # 09:30 in Kolkata
    # ...and not the whole team's.
    assert routed["slots"] != slots_of(c, events["globex-sales/consult"])

    americas = data(c.post(f"{TEAM_RESPONSES}?{DAY}", headers=ANA, json={**ENTERPRISE_APAC, "Region": "americas"}))
    assert americas["routing"]["teamMemberIds"] == [users["gx-ana"]]  # labels match in any case
    ana_slots = slots_of(c, events["gx-ana/30min"])
    assert americas["slots"] == ana_slots
    assert {"start": "2026-01-06T15:00:00.000Z"} not in ana_slots["2026-01-06"]  # her booking blocks it


def test_the_response_is_stored_as_cal_com_stores_it(c: TestClient) -> None:
    data(c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json={**ENTERPRISE_APAC, "Seats": "12"}))
    row = data(c.get(ORG_RESPONSES, headers=OWNER))[-1]
    assert row["response"] == {
        "product": {"label": "Product", "value": "product-enterprise"},  # the option id
        "region": {"label": "Region", "value": "region-apac"},
        "email": {"label": "Email", "value": "pat@prospect.example"},
        "seats": {"label": "Seats", "value": 12},  # a number field's answer is a number
    }
    assert stored(c)[-1]["chosen_route_id"] == "enterprise"


def test_select_field_route_without_attribute_rules_offers_every_host(c: TestClient) -> None:
    events = ids(c, "event_types")
    routed = data(
        c.post(f"{ORG_RESPONSES}?{DAY}&format=range", headers=OWNER, json={**ENTERPRISE_APAC, "Product": "Starter"})
    )
    assert routed["eventTypeId"] == events["globex-sales/demo"]
    assert routed["routing"]["teamMemberIds"] == []
    assert routed["slots"] == slots_of(c, events["globex-sales/demo"], f"{DAY}&format=range")
    assert set(routed["slots"]["2026-01-06"][0]) == {"start", "end"}


def test_a_routed_member_who_hosts_nothing_leaves_every_host(c: TestClient) -> None:
    users, events = ids(c, "users"), ids(c, "event_types")
    routed = data(c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json={**ENTERPRISE_APAC, "Region": "EMEA"}))
    # gx-owner is the team's EMEA member but no host of the event: Cal.com never narrows to nobody.
    assert routed["routing"]["teamMemberIds"] == [users["gx-owner"]]
    assert routed["slots"] == slots_of(c, events["globex-sales/consult"])


def test_custom_message_and_external_routes(c: TestClient) -> None:
    fallback = data(c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json={**ENTERPRISE_APAC, "Product": "Other"}))
    assert fallback == {"routingCustomMessage": "Thanks! Someone from sales will write to you."}
    external = data(c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json={**ENTERPRISE_APAC, "Seats": 900}))
    assert external == {
        "routingExternalRedirectUrl": "https://example.com/enterprise-desk?Product=Enterprise&Region=APAC"
        f"&Email=pat%40prospect.example&Seats=900&form={SALES_ROUTER}&cal.action=externalRedirectUrl"
    }
    assert len(stored(c)) == 3  # both responses were recorded


def test_queued_response(c: TestClient) -> None:
    routed = data(c.post(f"{ORG_RESPONSES}?{DAY}&queueResponse=true", headers=OWNER, json=ENTERPRISE_APAC))
    queued = stored(c, "queued_form_responses")
    assert routed["routing"]["queuedResponseId"] == queued[0]["id"] and "responseId" not in routed["routing"]
    assert len(stored(c)) == 1  # no response row


def test_the_form_checks_refuse_and_record_nothing(c: TestClient) -> None:
    missing = c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json={"Seats": 3})
    assert (missing.status_code, message(missing)) == (400, "Missing required fields Product, Region, Email")
    email = c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json={**ENTERPRISE_APAC, "Email": "pat"})
    assert (email.status_code, message(email)) == (
        400,
        "Invalid value for fields 'Email' with value 'pat' should be valid email",
    )
    backwards = c.post(f"{ORG_RESPONSES}?start=2026-01-07&end=2026-01-06", headers=OWNER, json=ENTERPRISE_APAC)
    assert (backwards.status_code, message(backwards)) == (400, "End date cannot be before start date.")
    bad_query = c.post(f"{ORG_RESPONSES}?start=2026-02-30&end=2026-03-01&timeZone=Mars/Base", headers=OWNER, json={})
    assert bad_query.status_code == 400 and message(bad_query) == "Bad Request Exception"
    problems = {e["property"]: e["constraints"] for e in bad_query.json()["error"]["details"]["errors"]}
    assert problems == {
        "start": {"isDateString": "start must be a valid ISO 8601 date string"},
        "timeZone": {"isTimeZone": "timeZone must be a valid IANA time-zone"},
    }
    assert c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json=["not", "an", "object"]).status_code == 400
    assert len(stored(c)) == 1  # only the fixture's response


def test_org_create_guard_lets_owners_of_personal_forms_through(c: TestClient) -> None:
    refused = c.post(f"{ORG_RESPONSES}?{DAY}", headers=ANA, json=ENTERPRISE_APAC)  # a MEMBER, not the form's
    assert refused.status_code == 403
    assert message(refused) == (
        f"Routing Form with id={SALES_ROUTER} is not a user Routing Form owned by user with id=2."
    )
    own = data(c.post(f"{ORG}/routing-forms/{LEE_INTAKE}/responses?{DAY}", headers=LEE, json={"topic": "hello"}))
    assert own["eventTypeId"] == ids(c, "event_types")["gx-lee/intro"]
    assert own["slots"] == slots_of(c, own["eventTypeId"])
    # A personal form's event type is looked up among the caller's own: the owner has no "intro".
    admin = c.post(f"{ORG}/routing-forms/{LEE_INTAKE}/responses?{DAY}", headers=OWNER, json={"topic": "hi"})
    assert (admin.status_code, message(admin)) == (404, "Chosen event type not found.")
    unknown = c.post(f"{ORG}/routing-forms/nope/responses?{DAY}", headers=OWNER, json={})
    assert (unknown.status_code, message(unknown)) == (404, "Routing form not found.")


def test_team_create_guards(c: TestClient) -> None:
    outsider = c.post(f"{TEAM_RESPONSES}?{DAY}", headers=LEE, json=ENTERPRISE_APAC)  # org MEMBER, not in the team
    assert outsider.status_code == 403
    assert message(outsider) == (
        "RolesGuard - User is not part of the team with id=2 and/or, is not an admin nor an owner of the "
        "organization with id=1."
    )
    wrong_team = c.post(f"{ORG}/teams/3/routing-forms/{SALES_ROUTER}/responses?{DAY}", headers=OWNER, json={})
    assert wrong_team.status_code == 403 and message(wrong_team).startswith("IsRoutingFormInTeam")
    assert c.post(f"{TEAM_RESPONSES}?{DAY}", headers=RAJ, json=ENTERPRISE_APAC).status_code == 201


def test_calculate_slots_is_public_records_nothing_and_offers_every_host(c: TestClient) -> None:
    events = ids(c, "event_types")
    url = CALCULATE.format(SALES_ROUTER) + f"?{DAY}"
    routed = data(c.post(url, json=ENTERPRISE_APAC))
    # The service routes to the event type but does not narrow it to the routed member.
    assert routed == {
        "eventTypeId": events["globex-sales/consult"],
        "slots": slots_of(c, events["globex-sales/consult"]),
    }
    starter = data(c.post(url, json={**ENTERPRISE_APAC, "Product": "Starter"}))
    assert starter["eventTypeId"] == events["globex-sales/demo"]
    assert len(stored(c)) == 1 and stored(c, "queued_form_responses") == []


def test_calculate_slots_refusals(c: TestClient) -> None:
    def refused(form_id: str, body: dict[str, object]) -> tuple[int, str]:
        response = c.post(CALCULATE.format(form_id) + f"?{DAY}", json=body)
        return response.status_code, message(response)

    no_route = "Route to which the form response should be redirected not found."
    assert refused("nope", {}) == (404, no_route)
    assert refused(SALES_ROUTER, {"Product": "Starter"}) == (404, no_route)  # missing fields: refused response
    assert refused(SALES_ROUTER, {**ENTERPRISE_APAC, "Product": "Other"}) == (404, no_route)  # a custom message
    assert refused(SUPPORT_TRIAGE, {"Topic": "Technical", "Details": "Big OUTAGE"}) == (
        404,
        "Routed to a non cal.com event type URL.",
    )
    assert refused(LEE_INTAKE, {"topic": "x"}) == (404, "Team ID not found in the routed URL.")
    backwards = c.post(CALCULATE.format(SALES_ROUTER) + "?start=2026-01-07&end=2026-01-06", json=ENTERPRISE_APAC)
    assert backwards.status_code == 400
    assert message(backwards) == "Invalid time range given - check the 'start' and 'end' query parameters."


def test_a_deleted_event_type_is_a_not_found(c: TestClient) -> None:
    consult = ids(c, "event_types")["globex-sales/consult"]
    deleted = c.delete(f"{ORG}/teams/{SALES}/event-types/{consult}", headers=OWNER)
    assert deleted.status_code == 200, deleted.text
    gone = c.post(f"{ORG_RESPONSES}?{DAY}", headers=OWNER, json=ENTERPRISE_APAC)
    assert (gone.status_code, message(gone)) == (404, "Chosen event type not found.")
    assert len(stored(c)) == 1  # the response is not kept either
    calculate = c.post(CALCULATE.format(SALES_ROUTER) + f"?{DAY}", json=ENTERPRISE_APAC)
    assert (calculate.status_code, message(calculate)) == (404, "Event type not found.")
