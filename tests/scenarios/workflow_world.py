"""A world for the workflow and phone-call scenarios: a platform organization on the SCALE plan (the
plan the workflow operations need) with two sub-teams, and helpers to verify a team's email and phone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.testclient import TestClient

PAT_KEY = "cal_9a7000000000000000000000000000c1"  # organization and sales team OWNER
SAM_KEY = "cal_5a7000000000000000000000000000c2"  # sales team MEMBER
ADA_KEY = "cal_ada000000000000000000000000000c3"  # organization ADMIN, in no sub-team
PAT = {"Authorization": f"Bearer {PAT_KEY}"}
SAM = {"Authorization": f"Bearer {SAM_KEY}"}
ADA = {"Authorization": f"Bearer {ADA_KEY}"}
V2024_08_13 = {"cal-api-version": "2024-08-13"}

FIXTURE = f"""
users:
  pat: {{email: pat@scale.example, name: Pat Owner, timeZone: Europe/Paris, timeFormat: 24,
         apiKeys: [{{key: {PAT_KEY}}}]}}
  sam: {{email: sam@scale.example, name: Sam Member, apiKeys: [{{key: {SAM_KEY}}}]}}
  ada: {{email: ada@scale.example, name: Ada Admin, apiKeys: [{{key: {ADA_KEY}}}]}}
teams:
  scaleco:
    name: Scale Co
    isOrganization: true
    isPlatform: true
    plan: organization
    platformPlan: SCALE
    members: {{pat: OWNER, sam: MEMBER, ada: ADMIN}}
  scaleco-sales:
    name: Scale Sales
    parent: scaleco
    members: {{pat: OWNER, sam: MEMBER}}
  scaleco-support:
    name: Scale Support
    parent: scaleco
    members: {{pat: OWNER}}
schedules:
  pat/hours:
    availability: [{{days: [Mon, Tue, Wed, Thu, Fri], start: "07:00", end: "19:00"}}]
  sam/hours:
    availability: [{{days: [Mon, Tue, Wed, Thu, Fri], start: "07:00", end: "19:00"}}]
eventTypes:
  scaleco-sales/intro:
    team: scaleco-sales
    title: Intro call
    length: 30
    minimumBookingNotice: 0
    schedulingType: COLLECTIVE
    hosts: [pat]
  scaleco-sales/demo:
    team: scaleco-sales
    title: Demo
    length: 60
    schedulingType: COLLECTIVE
    hosts: [pat]
  scaleco-sales/onboard:
    team: scaleco-sales
    title: Onboarding
    length: 30
    schedulingType: MANAGED
    children: [sam]
  scaleco-support/help:
    team: scaleco-support
    title: Help desk
    length: 30
    schedulingType: COLLECTIVE
    hosts: [pat]
"""


@dataclass(frozen=True)
class Scale:
    org: int
    sales: int
    support: int
    intro: int
    demo: int
    onboard: int
    help: int

    @property
    def base(self) -> str:
        return f"/v2/organizations/{self.org}/teams/{self.sales}/workflows"


def keyed(c: TestClient, table: str) -> dict[str, Any]:
    return {r["key"]: r["id"] for r in c.get(f"/_emulator/state/{table}").json()["records"] if r.get("key")}


def load(c: TestClient) -> Scale:
    assert c.post("/_emulator/fixtures?scope=test", content=FIXTURE).status_code == 200
    teams, types = keyed(c, "teams"), keyed(c, "event_types")
    return Scale(
        teams["scaleco"],
        teams["scaleco-sales"],
        teams["scaleco-support"],
        types["scaleco-sales/intro"],
        types["scaleco-sales/demo"],
        types["scaleco-sales/onboard"],
        types["scaleco-support/help"],
    )


def outbox(c: TestClient, **query: str) -> list[dict[str, Any]]:
    response = c.get("/_emulator/outbox", params=query)
    assert response.status_code == 200
    found: list[dict[str, Any]] = response.json()["messages"]
    return found


def verify(c: TestClient, world: Scale, kind: str, value: str, team: int | None = None) -> int:
    """Verify an email (kind "emails") or phone ("phones") for a team through the API; its row id."""
    base = f"/v2/organizations/{world.org}/teams/{team or world.sales}/verified-resources/{kind}/verification-code"
    field = "email" if kind == "emails" else "phone"
    assert c.post(f"{base}/request", headers=PAT, json={field: value}).status_code == 200
    code = outbox(c, to=value, kind="verification_code")[-1]["code"]
    verified = c.post(f"{base}/verify", headers=PAT, json={field: value, "code": code})
    assert verified.status_code == 200, verified.text
    row_id: int = verified.json()["data"]["id"]
    return row_id


def email_step(number: int = 1, action: str = "email_attendee", **extra: Any) -> dict[str, Any]:
    return {
        "stepNumber": number,
        "action": action,
        "recipient": "attendee",
        "template": "reminder",
        "sender": "Scale Co",
        "includeCalendarEvent": True,
        "message": {"subject": "Soon: {EVENT_NAME}", "html": "<p>Hi {ATTENDEE}, see you at {EVENT_TIME}.</p>"},
        **extra,
    }


def text_step(number: int = 2, action: str = "sms_attendee", **extra: Any) -> dict[str, Any]:
    return {
        "stepNumber": number,
        "action": action,
        "recipient": "attendee",
        "template": "reminder",
        "sender": "ScaleCo",
        "message": {"subject": "Soon", "text": "Your meeting {EVENT_NAME} starts soon"},
        **extra,
    }


def workflow_body(
    event_types: list[int], trigger: dict[str, Any] | None = None, steps: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "name": "Reminders",
        "activation": {"isActiveOnAllEventTypes": False, "activeOnEventTypeIds": event_types},
        "trigger": trigger or {"type": "beforeEvent", "offset": {"value": 1, "unit": "hour"}},
        "steps": steps if steps is not None else [email_step()],
    }


def book(c: TestClient, event_type: int, start: str, **attendee: Any) -> dict[str, Any]:
    person = {"name": "Gus Guest", "email": "gus@guest.example", "timeZone": "America/New_York", **attendee}
    body = {"start": start, "eventTypeId": event_type, "attendee": person}
    response = c.post("/v2/bookings", headers={**PAT, **V2024_08_13}, json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data
