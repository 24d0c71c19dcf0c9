"""Cal.ai phone calls on team event types over HTTP: the organization route places the call (recorded in
the admin outbox) and answers its ids; the team route's handler reads an organization id its path does not
have, so past the guards it is always the ParseIntPipe 400; the guards; the inputs refused."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.scenarios.workflow_world import PAT, SAM, Scale, keyed, load, outbox

CALL = {
    "yourPhoneNumber": "+14155550100",
    "numberToCall": "+14155550199",
    "calApiKey": "cal_live_abc",
    "generalPrompt": "Confirm the appointment for tomorrow.",
    "beginMessage": "Hi, this is Scale Co.",
}


def org_url(world: Scale, event_type: int | str, team: int | None = None) -> str:
    return f"/v2/organizations/{world.org}/teams/{team or world.sales}/event-types/{event_type}/create-phone-call"


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def test_call_is_placed_and_recorded(c: TestClient) -> None:
    world = load(c)
    response = c.post(org_url(world, world.intro), headers=PAT, json=CALL)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "success" and set(body["data"]) == {"callId", "agentId"}
    call_id, agent_id = body["data"]["callId"], body["data"]["agentId"]
    assert len(call_id) == 32 and call_id.isalnum() and len(agent_id) == 32 and agent_id.isalnum()
    [call] = outbox(c, kind="phone_call")
    assert {k: call[k] for k in ("channel", "to", "sender", "reference", "status", "subject")} == {
        "channel": "phone",
        "to": "+14155550199",
        "sender": "+14155550100",
        "reference": call_id,
        "status": "sent",
        "subject": None,
    }
    assert call["body"] == "Hi, this is Scale Co.\n\nConfirm the appointment for tomorrow."
    # the agent belongs to the event type's settings: the same for a second call, another call id
    again = c.post(org_url(world, world.intro), headers=PAT, json=CALL).json()["data"]
    assert again["agentId"] == agent_id and again["callId"] != call_id
    assert c.post(org_url(world, world.demo), headers=PAT, json=CALL).json()["data"]["agentId"] != agent_id


def test_defaults_and_the_check_in_template(c: TestClient) -> None:
    world = load(c)
    minimal = {k: CALL[k] for k in ("yourPhoneNumber", "numberToCall", "calApiKey")}
    assert c.post(org_url(world, world.intro), headers=PAT, json=minimal).status_code == 201
    check_in = {**minimal, "templateType": "CHECK_IN_APPOINTMENT", "guestName": "Gus", "schedulerName": "Pat"}
    assert c.post(org_url(world, world.intro), headers=PAT, json=check_in).status_code == 201
    first, second = outbox(c, kind="phone_call")
    assert first["body"] == ""  # a custom template without a prompt
    assert "calling Gus on behalf of Pat" in second["body"]


def test_any_event_type_but_not_a_missing_one(c: TestClient) -> None:
    world = load(c)
    # the handler does not check that the event type is the path team's
    assert c.post(org_url(world, world.help), headers=PAT, json=CALL).status_code == 201
    missing = c.post(org_url(world, 999999), headers=PAT, json=CALL)
    assert missing.status_code == 400
    assert error(missing)["message"] == "Invalid input: The referenced data does not exist."
    assert len(outbox(c, kind="phone_call")) == 1


def test_refused_inputs(c: TestClient) -> None:
    world = load(c)
    for bad in (
        {**CALL, "yourPhoneNumber": "4155550100"},
        {**CALL, "numberToCall": "+1 415 555 0199"},
        {k: v for k, v in CALL.items() if k != "calApiKey"},
        {**CALL, "templateType": "COLD_CALL"},
        {**CALL, "enabled": "yes"},
    ):
        response = c.post(org_url(world, world.intro), headers=PAT, json=bad)
        assert response.status_code == 400, (bad, response.text)
    assert outbox(c, kind="phone_call") == []


def test_guards(c: TestClient, anonymous: TestClient) -> None:
    world = load(c)
    member = c.post(org_url(world, world.intro), headers=SAM, json=CALL)
    assert member.status_code == 403 and error(member)["message"].startswith("RolesGuard - user with id=")
    other_org_team = keyed(c, "teams")["acme-sales"]
    not_in_org = c.post(org_url(world, world.intro, other_org_team), headers=PAT, json=CALL)
    assert not_in_org.status_code == 404
    assert error(not_in_org)["message"] == f"IsTeamInOrg - Team ({other_org_team}) not found."
    assert anonymous.post(org_url(world, world.intro), json=CALL).status_code == 401


def test_team_route(c: TestClient, anonymous: TestClient) -> None:
    world = load(c)
    url = f"/v2/teams/{world.sales}/event-types/{world.intro}/create-phone-call"
    admin = c.post(url, headers=PAT, json=CALL)
    assert admin.status_code == 400
    assert error(admin)["message"] == "Validation failed (numeric string is expected)"
    member = c.post(url, headers=SAM, json=CALL)
    assert member.status_code == 403
    assert error(member)["message"] == (
        f"RolesGuard - user with id={keyed(c, 'users')['sam']} does not have the minimum required "
        f"role=TEAM_ADMIN within team with id={world.sales}."
    )
    assert anonymous.post(url, json=CALL).status_code == 401
    assert outbox(c, kind="phone_call") == []
