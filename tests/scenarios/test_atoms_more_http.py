"""The availability, booker verification, payment and attribute-routing atoms routes over HTTP: the
schedule update, e-mail codes (through the outbox), the payment atom's read and the team members an
attribute query picks. The clock is frozen at Monday 2026-01-05 09:00 UTC."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from starlette.testclient import TestClient

from tests.helpers import ALICE, BOB_KEY, CAROL_KEY, DAVE_KEY, error

BOB = {"Authorization": f"Bearer {BOB_KEY}"}
CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}
DAVE = {"Authorization": f"Bearer {DAVE_KEY}"}
VERIFY = "/v2/atoms/verification/email"
MATCHING = "/v2/atoms/organizations/1/teams/2/members-matching-attribute"
WEEKDAY_NINE_TO_FIVE = [
    [],
    *[[{"start": "1970-01-01T09:00:00.000Z", "end": "1970-01-01T17:00:00.000Z"}] for _ in range(5)],
    [],
]


def data(response: Any) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success"
    return body["data"]


def load(c: TestClient, fixture: str) -> None:
    loaded = c.post("/_emulator/fixtures?scope=test", content=fixture, headers={"content-type": "text/yaml"})
    assert loaded.status_code == 200, loaded.text


# schedules ------------------------------------------------------------------------------------------------


def test_schedule_update_without_a_name_only_sets_the_default(c: TestClient) -> None:
    answer = data(c.patch("/v2/atoms/schedules/2", headers=ALICE, json={"isDefault": True}))
    assert answer == {"schedule": {"userId": 1, "name": "Evenings", "id": 2}, "isDefault": True}
    assert data(c.get("/v2/atoms/schedules", headers=ALICE))["id"] == 2


def test_schedule_update_with_a_name_replaces_the_hours(c: TestClient) -> None:
    body = {"name": "Office", "timeZone": "Europe/Paris", "schedule": WEEKDAY_NINE_TO_FIVE, "dateOverrides": []}
    answer = data(c.patch("/v2/atoms/schedules/1", headers=ALICE, json=body))
    assert (answer["schedule"]["name"], answer["timeZone"], answer["isDefault"]) == ("Office", "Europe/Paris", True)
    assert [(row["days"], row["startTime"]) for row in answer["schedule"]["availability"]] == [
        ([1, 2, 3, 4, 5], "1970-01-01T09:00:00.000Z")
    ]
    assert (answer["prevDefaultId"], answer["currentDefaultId"]) == (1, 1)
    shown = data(c.get("/v2/atoms/schedules", headers=ALICE))
    assert shown["name"] == "Office" and shown["timeZone"] == "Europe/Paris"


def test_schedule_update_refusals(c: TestClient) -> None:
    missing = c.patch("/v2/atoms/schedules/999", headers=ALICE, json={"name": "x"})
    assert missing.status_code == 401 and error(missing)["message"] == "You are not authorized to access this resource"
    # dave shares no team with bob: bob's schedule is not his to edit
    assert c.patch("/v2/atoms/schedules/3", headers=DAVE, json={"name": "Mine"}).status_code == 401
    # alice owns a team bob belongs to, so she may edit his schedule
    assert data(c.patch("/v2/atoms/schedules/3", headers=ALICE, json={"name": "Shared"}))["schedule"]["userId"] == 2
    bad_zone = c.patch("/v2/atoms/schedules/1", headers=ALICE, json={"name": "x", "timeZone": "Mars/Base"})
    assert bad_zone.status_code == 400
    assert data(c.get("/v2/atoms/schedules", headers=ALICE))["name"] == "Working hours"


# booker e-mail verification ---------------------------------------------------------------------------------


def test_code_goes_to_the_outbox_and_verifies_the_address(c: TestClient) -> None:
    sent = c.post(f"{VERIFY}/send-code", json={"email": "booker@guest.example", "username": "Booker"})
    assert sent.status_code == 200 and sent.json() == {"data": {"sent": True}, "status": "success"}
    [message] = c.get("/_emulator/outbox", params={"to": "booker@guest.example"}).json()["messages"]
    code = message["code"]
    assert code in message["body"] and code not in sent.text
    ok = c.post(f"{VERIFY}/verify-code", json={"email": "booker@guest.example", "code": code})
    assert ok.json() == {"data": {"verified": True}, "status": "success"}
    wrong = c.post(f"{VERIFY}/verify-code", json={"email": "other@guest.example", "code": code})
    assert wrong.status_code == 400 and error(wrong)["message"] == "Invalid verification code"
    signed_in = c.post(
        f"{VERIFY}/verify-code-authenticated", headers=BOB, json={"email": "booker@guest.example", "code": code}
    )
    assert data(signed_in) == {"verified": True}
    c.post("/_emulator/clock", json={"advance": "16m"})  # past the end of the code's 15-minute step
    stale = c.post(f"{VERIFY}/verify-code", json={"email": "booker@guest.example", "code": code})
    assert stale.status_code == 400


def test_sending_codes_is_throttled_to_three_a_minute(c: TestClient) -> None:
    c.post("/_emulator/clock", json={"advance": "2m"})  # a window of its own
    sent = [c.post(f"{VERIFY}/send-code", json={"email": f"b{i}@guest.example"}).status_code for i in range(4)]
    assert sent == [200, 200, 200, 429]
    assert len(c.get("/_emulator/outbox").json()["messages"]) == 3  # the refused call sent nothing


def test_verification_is_required_for_an_address_whose_owner_asks_for_it(c: TestClient) -> None:
    load(c, "users:\n  vera:\n    email: vera@strict.example\n    requiresBookerEmailVerification: true\n")
    check = f"{VERIFY}/check"
    assert data(c.get(check, params={"email": "vera+booking@strict.example"})) is True
    assert (
        data(c.get(check, params={"email": "vera@strict.example", "userSessionEmail": "VERA@strict.example"})) is False
    )
    assert data(c.get(check, params={"email": "alice@acme.example"})) is False
    assert c.get(check, params={"email": "not-an-address"}).status_code == 400
    assert c.post(f"{VERIFY}/verify-code-authenticated", json={"email": "a@b.example", "code": "1"}).status_code == 401


# payments -----------------------------------------------------------------------------------------------------


def _follow(c: TestClient, url: str) -> Any:
    parts = urlsplit(url)
    return c.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def test_payment_atom_reads_the_payment_its_booking_and_event_type(c: TestClient) -> None:
    load(c, "eventTypes:\n  bob/paid:\n    owner: bob\n    title: Paid consult\n    length: 30\n    price: 2500\n")
    query = {"returnTo": "http://app.example/done", "onErrorReturnTo": "http://app.example/oops"}
    consent = _follow(c, data(c.get("/v2/stripe/connect", params=query, headers=BOB))["authUrl"])
    assert _follow(c, consent.headers["location"]).headers["location"] == "http://app.example/done"
    assert c.get("/v2/stripe/check", headers=BOB).json() == {"status": "success"}
    paid = next(e for e in c.get("/_emulator/state/event_types").json()["records"] if e["slug"] == "paid")["id"]
    day = "2026-01-07"
    slots = c.get(
        "/v2/slots", params={"eventTypeId": paid, "start": day, "end": day}, headers={"cal-api-version": "2024-09-04"}
    )
    start = slots.json()["data"][day][0]["start"]
    guest = {"name": "Roman", "email": "roman@guest.example", "timeZone": "Europe/Rome"}
    made = c.post(
        "/v2/bookings",
        headers={"cal-api-version": "2024-08-13"},
        json={"start": start, "eventTypeId": paid, "attendee": guest},
    )
    assert made.status_code == 201, made.text
    [payment] = c.get("/_emulator/payments").json()["payments"]
    got = data(c.get(f"/v2/atoms/payment/{payment['uid']}", headers=DAVE))  # any caller may read it
    assert got["payment"]["amount"] == 2500 and got["payment"]["success"] is False
    assert got["booking"]["uid"] == made.json()["data"]["uid"]
    assert start == "2026-01-07T14:00:00.000Z"  # 09:00 in bob's New York
    assert got["booking"]["startTime"] == "Wed Jan 07 2026 14:00:00 GMT+0000 (Coordinated Universal Time)"
    assert got["booking"]["attendees"] == [{"email": "roman@guest.example", "name": "Roman", "timeZone": "Europe/Rome"}]
    assert (got["eventType"]["title"], got["user"]["id"], got["profile"]["name"]) == (
        "Paid consult",
        2,
        got["user"]["name"],
    )
    assert got["clientSecret"].endswith("_secret")
    missing = c.get("/v2/atoms/payment/no-such-uid", headers=DAVE)
    assert missing.status_code == 404 and error(missing)["message"] == "Payment with uid no-such-uid not found"


# attribute routing -------------------------------------------------------------------------------------------------

ATTRIBUTES = """
attributes:
  acme:
    region:
      name: Region
      type: MULTI_SELECT
      options: [EMEA, {value: Americas, slug: amer}]
      members: {alice: [EMEA, Americas], carol: EMEA}
    level:
      type: NUMBER
      members: {bob: 4, carol: 2}
"""


def _rule(field: str, operator: str, value: list[Any]) -> dict[str, Any]:
    return {"type": "rule", "properties": {"field": field, "operator": operator, "value": value}}


def _query(*rules: dict[str, Any], conjunction: str = "AND") -> str:
    children = {f"r{i}": rule for i, rule in enumerate(rules)}
    return json.dumps({"id": "q", "type": "group", "children1": children, "properties": {"conjunction": conjunction}})


def _picked(c: TestClient, query: str, headers: dict[str, str] = ALICE) -> Any:
    return data(c.get(MATCHING, headers=headers, params={"attributesQueryValue": query}))


def test_members_matching_an_attribute_query(c: TestClient) -> None:
    load(c, ATTRIBUTES)
    state = c.get("/_emulator/state/attribute_options").json()["records"]
    emea = next(o["id"] for o in state if o["value"] == "EMEA")
    attributes = {a["slug"]: a["id"] for a in c.get("/_emulator/state/attributes").json()["records"]}
    in_emea = _picked(c, _query(_rule(attributes["region"], "multiselect_some_in", [[emea]])))
    assert in_emea == {
        "mainWarnings": [],
        "fallbackWarnings": [],
        "result": [
            {"id": 1, "name": "Alice Anderson", "email": "alice@acme.example"},
            {"id": 3, "name": "Carol Chen", "email": "carol@acme.example"},
        ],
    }
    senior = _query(_rule(attributes["level"], "greater_or_equal", ["3"]))
    assert [m["id"] for m in _picked(c, senior)["result"]] == [2]
    either = _query(
        _rule(attributes["level"], "greater_or_equal", ["3"]),
        _rule(attributes["region"], "multiselect_all_in", [["emea"]]),
        conjunction="OR",
    )
    assert [m["id"] for m in _picked(c, either)["result"]] == [2, 3]


def test_members_matching_without_logic_matches_everyone(c: TestClient) -> None:
    everyone = data(c.get(MATCHING, headers=ALICE, params={"attributesQueryValue": "", "enablePerf": "true"}))
    assert everyone["result"] is None and everyone["mainWarnings"] is None
    assert everyone["troubleshooter"]["type"] == "matches-all-members-because-of-empty-query-value"
    unknown = _picked(c, _query(_rule("no-such-attribute", "select_equals", ["x"])))
    assert unknown == {"mainWarnings": None, "fallbackWarnings": [], "result": None}
    assert c.get(MATCHING, headers=ALICE, params={"attributesQueryValue": "{not json"}).status_code == 400


def test_members_matching_needs_the_callers_memberships(c: TestClient) -> None:
    outsider = c.get(MATCHING, headers=DAVE)
    assert outsider.status_code == 403 and error(outsider)["message"] == "User is not a member of this organization."
    support = "/v2/atoms/organizations/1/teams/4/members-matching-attribute"
    not_in_team = c.get(support, headers=CAROL)
    assert not_in_team.status_code == 403 and error(not_in_team)["message"] == "User is not a member of this team."
