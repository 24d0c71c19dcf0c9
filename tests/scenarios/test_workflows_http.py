"""Workflows of organization teams over HTTP (/v2/organizations/{orgId}/teams/{teamId}/workflows): create,
list, read, update and delete with their triggers, steps and activation; the guards (role, plan, the
write check of the update handler); the real not-found; the inputs the server refuses."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE, ids
from tests.scenarios.workflow_world import (
    ADA,
    PAT,
    SAM,
    Scale,
    email_step,
    keyed,
    load,
    text_step,
    verify,
    workflow_body,
)

UNAUTHORIZED = "You are not authorized to access this resource"


def created(c: TestClient, world: Scale, body: dict[str, Any]) -> dict[str, Any]:
    response = c.post(world.base, headers=PAT, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data: dict[str, Any] = response.json()["data"]
    return data


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def test_create_read_list(c: TestClient) -> None:
    world = load(c)
    email_id = verify(c, world, "emails", "ops@scale.example")
    phone_id = verify(c, world, "phones", "+37255556666")
    steps = [
        email_step(1, template="custom"),  # template is not read: new steps use the reminder template
        email_step(2, "email_address", verifiedEmailId=email_id, includeCalendarEvent=False),
        text_step(3, "sms_number", verifiedPhoneId=phone_id),
        text_step(4, "sms_attendee", phoneRequired=True),
        text_step(5, "whatsapp_number", verifiedPhoneId=phone_id),
    ]
    made = created(c, world, workflow_body([world.intro], steps=steps))
    assert made["name"] == "Reminders" and made["type"] == "event-type"
    assert made["activation"] == {"isActiveOnAllEventTypes": False, "activeOnEventTypeIds": [world.intro]}
    assert made["trigger"] == {"type": "beforeEvent", "offset": {"value": 1, "unit": "hour"}}
    first, address, sms, attendee_sms, whatsapp = made["steps"]
    assert first == {
        "id": first["id"],
        "stepNumber": 1,
        "template": "reminder",
        "recipient": "attendee",
        "sender": "Scale Co",
        "includeCalendarEvent": True,
        "email": "",
        "phone": "",
        "message": {"subject": "Soon: {EVENT_NAME}", "html": "<p>Hi {ATTENDEE}, see you at {EVENT_TIME}.</p>"},
        "action": "email_attendee",
    }
    assert (address["recipient"], address["email"], address["includeCalendarEvent"]) == (
        "email",
        "ops@scale.example",
        False,
    )
    # the input service passes no body for SMS steps; whatsapp_number keeps its text
    assert (sms["recipient"], sms["phone"], sms["message"]) == (
        "phone_number",
        "+37255556666",
        {"subject": "Soon", "text": ""},
    )
    assert (attendee_sms["phoneRequired"], attendee_sms["recipient"]) == (True, "attendee")
    assert whatsapp["message"]["text"] == "Your meeting {EVENT_NAME} starts soon"
    assert "phoneRequired" not in sms
    read = c.get(f"{world.base}/{made['id']}", headers=PAT)
    assert read.status_code == 200 and read.json() == {"status": "success", "data": made}
    other = created(c, world, {**workflow_body([world.demo]), "name": "Second"})
    listed = c.get(world.base, headers=PAT).json()
    assert [w["id"] for w in listed["data"]] == [made["id"], other["id"]]
    assert [w["id"] for w in c.get(f"{world.base}?skip=1&take=1", headers=PAT).json()["data"]] == [other["id"]]


def test_create_keeps_the_husk_for_what_it_leaves_out(c: TestClient) -> None:
    world = load(c)
    made = created(c, world, {"name": "Bare", "steps": [email_step(1, sender=""), text_step(2, sender="")]})
    assert made["trigger"] == {"type": "beforeEvent", "offset": {"value": 24, "unit": "hour"}}
    assert [s["sender"] for s in made["steps"]] == ["Cal.com", "Cal"]  # getSender's defaults
    assert made["activation"] == {"isActiveOnAllEventTypes": False, "activeOnEventTypeIds": []}
    instant = created(c, world, {**workflow_body([]), "trigger": {"type": "newEvent"}})
    assert instant["trigger"] == {"type": "newEvent"}
    everything = created(c, world, {**workflow_body([]), "activation": {"isActiveOnAllEventTypes": True}})
    assert everything["activation"] == {"isActiveOnAllEventTypes": True, "activeOnEventTypeIds": []}


def test_managed_parent_brings_its_children(c: TestClient) -> None:
    world = load(c)
    child = keyed(c, "event_types")["sam/onboard"]
    made = created(c, world, workflow_body([world.onboard, 999999]))  # an id of no event type is dropped
    assert made["activation"]["activeOnEventTypeIds"] == [world.onboard, child]
    named_child = c.post(world.base, headers=PAT, json=workflow_body([child]))
    assert named_child.status_code == 401 and error(named_child)["code"] == "TRPCError"


def test_guards(c: TestClient, anonymous: TestClient) -> None:
    world = load(c)
    member = c.get(world.base, headers=SAM)
    assert member.status_code == 403
    assert error(member)["message"] == (
        f"RolesGuard - user with id={keyed(c, 'users')['sam']} does not have the minimum required role=TEAM_ADMIN "
        f"within organization with id={world.org} team with id={world.sales}."
    )
    assert anonymous.get(world.base).status_code == 401
    # acme is a platform organization on ESSENTIALS: workflows need SCALE
    teams = ids(c, "teams")
    acme = c.get(f"/v2/organizations/{teams['acme']}/teams/{teams['acme-sales']}/workflows", headers=ALICE)
    assert acme.status_code == 403 and "Minimum plan is SCALE" in error(acme)["message"]
    # an organization admin outside the team passes the roles guard and may read ...
    made = created(c, world, workflow_body([world.intro]))
    assert c.get(world.base, headers=ADA).status_code == 200
    assert c.get(f"{world.base}/{made['id']}", headers=ADA).status_code == 200
    # ... but not write: the update handler checks the team membership (tRPC UNAUTHORIZED)
    for response in (
        c.post(world.base, headers=ADA, json=workflow_body([world.intro])),
        c.patch(f"{world.base}/{made['id']}", headers=ADA, json={"name": "Mine"}),
    ):
        assert response.status_code == 401
        assert (error(response)["code"], error(response)["message"]) == ("TRPCError", UNAUTHORIZED)
    assert [w["name"] for w in c.get(world.base, headers=PAT).json()["data"]] == ["Reminders"]


def test_not_found(c: TestClient) -> None:
    world = load(c)
    elsewhere = c.post(
        f"/v2/organizations/{world.org}/teams/{world.support}/workflows", headers=PAT, json=workflow_body([world.help])
    )
    assert elsewhere.status_code == 201
    other_team = elsewhere.json()["data"]["id"]
    for workflow_id in (999, other_team):
        message = f"IsWorkflowInTeam - event-type workflow ({workflow_id}) not found."
        for response in (
            c.get(f"{world.base}/{workflow_id}", headers=PAT),
            c.patch(f"{world.base}/{workflow_id}", headers=PAT, json={"name": "x"}),
            c.delete(f"{world.base}/{workflow_id}", headers=PAT),
        ):
            assert response.status_code == 404 and error(response)["message"] == message
    assert (
        c.get(f"/v2/organizations/{world.org}/teams/{world.support}/workflows/{other_team}", headers=PAT).status_code
        == 200
    )


def test_refused_inputs(c: TestClient) -> None:
    world = load(c)
    no_steps = c.post(world.base, headers=PAT, json=workflow_body([world.intro], steps=[]))
    assert no_steps.status_code == 400 and error(no_steps)["message"] == "Bad Request Exception"
    [problem] = error(no_steps)["details"]["errors"]
    assert problem["property"] == "steps"
    assert problem["constraints"]["arrayMinSize"].startswith("Your workflow must contain at least one allowed step.")
    bodies = [
        {k: v for k, v in workflow_body([world.intro]).items() if k != "name"},
        {**workflow_body([world.intro]), "trigger": {"type": "formSubmitted"}},
        workflow_body([world.intro], steps=[email_step(action="cal_ai_phone_call")]),
        workflow_body([world.intro], steps=[{k: v for k, v in email_step().items() if k != "sender"}]),
        workflow_body([world.intro], trigger={"type": "afterEvent", "offset": {"value": 1.5, "unit": "hour"}}),
        workflow_body([world.intro], trigger={"type": "afterEvent", "offset": {"value": 1, "unit": "week"}}),
    ]
    for body in bodies:
        response = c.post(world.base, headers=PAT, json=body)
        assert response.status_code == 400, (body, response.text)
    bad_email = c.post(
        world.base, headers=PAT, json=workflow_body([], steps=[email_step(1, "email_address", verifiedEmailId=5)])
    )
    assert bad_email.status_code == 400 and error(bad_email)["message"] == "Invalid Verified Email Id."
    support_phone = verify(c, world, "phones", "+15550100", team=world.support)  # another team's number
    bad_phone = c.post(
        world.base,
        headers=PAT,
        json=workflow_body([], steps=[text_step(1, "sms_number", verifiedPhoneId=support_phone)]),
    )
    assert bad_phone.status_code == 400 and error(bad_phone)["message"] == "Invalid Verified Phone Id."
    other_team = c.post(world.base, headers=PAT, json=workflow_body([world.help]))
    assert other_team.status_code == 401 and error(other_team)["message"] == UNAUTHORIZED
    # nothing of the refused creates is left behind
    assert c.get(world.base, headers=PAT).json()["data"] == []


def test_update(c: TestClient) -> None:
    world = load(c)
    made = created(
        c, world, workflow_body([world.intro], steps=[email_step(1), email_step(2, "email_host"), text_step(3)])
    )
    first, host, sms = made["steps"]
    renamed = c.patch(f"{world.base}/{made['id']}", headers=PAT, json={"name": "Renamed"}).json()["data"]
    assert renamed == {**made, "name": "Renamed"}
    # a trigger without an offset keeps the workflow's time; an offset replaces it
    after = c.patch(f"{world.base}/{made['id']}", headers=PAT, json={"trigger": {"type": "afterEvent"}}).json()["data"]
    assert after["trigger"] == {"type": "afterEvent", "offset": {"value": 1, "unit": "hour"}}
    moved = {"trigger": {"type": "afterEvent", "offset": {"value": 10, "unit": "minute"}}}
    assert c.patch(f"{world.base}/{made['id']}", headers=PAT, json=moved).json()["data"]["trigger"]["offset"] == {
        "value": 10,
        "unit": "minute",
    }
    # an activation sent without its list is active on nothing
    off = c.patch(f"{world.base}/{made['id']}", headers=PAT, json={"activation": {"isActiveOnAllEventTypes": False}})
    assert off.json()["data"]["activation"] == {"isActiveOnAllEventTypes": False, "activeOnEventTypeIds": []}
    # steps: sent ids are edited, 0 or less adds, another id is dropped, steps not sent are deleted
    steps = [
        {**email_step(1, sender="Edited"), "id": first["id"]},
        {**text_step(2, "whatsapp_attendee"), "id": 0},
        {**email_step(3), "id": 424242},
    ]
    edited = c.patch(f"{world.base}/{made['id']}", headers=PAT, json={"steps": steps})
    assert edited.status_code == 200, edited.text
    after_steps = edited.json()["data"]["steps"]
    assert [(s["id"] == first["id"], s["action"], s["sender"]) for s in after_steps] == [
        (True, "email_attendee", "Edited"),
        (False, "whatsapp_attendee", "ScaleCo"),
    ]
    assert after_steps[1]["id"] not in (host["id"], sms["id"], 0)
    without_id = c.patch(f"{world.base}/{made['id']}", headers=PAT, json={"steps": [email_step(1)]})
    assert without_id.status_code == 400
    assert c.get(f"{world.base}/{made['id']}", headers=PAT).json()["data"]["steps"] == after_steps


def test_delete(c: TestClient) -> None:
    world = load(c)
    made = created(c, world, workflow_body([world.intro]))
    deleted = c.delete(f"{world.base}/{made['id']}", headers=PAT)
    assert deleted.status_code == 200 and deleted.json() == {"status": "success"}
    assert c.get(f"{world.base}/{made['id']}", headers=PAT).status_code == 404
    assert c.get(world.base, headers=PAT).json()["data"] == []
