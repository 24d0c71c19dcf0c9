"""Workflow reminders over HTTP: a booking on an event type a workflow is active on puts the reminder in
the admin outbox with its time on the emulator clock; cancelling or rescheduling the booking withdraws it;
instant triggers send at once; editing and deleting the workflow act on the reminders as the server does.
The clock is frozen at Monday 2026-01-05 09:00 UTC."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings
from tests.scenarios.workflow_world import (
    PAT,
    V2024_08_13,
    Scale,
    book,
    email_step,
    load,
    outbox,
    text_step,
    verify,
    workflow_body,
)

TUESDAY_10 = "2026-01-06T10:00:00Z"


def reminders(c: TestClient, **query: str) -> list[dict[str, Any]]:
    return outbox(c, kind="workflow_reminder", **query)


def make(c: TestClient, world: Scale, body: dict[str, Any]) -> dict[str, Any]:
    response = c.post(world.base, headers=PAT, json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_booking_schedules_the_reminder(c: TestClient) -> None:
    world = load(c)
    flow = make(
        c, world, workflow_body([world.intro], steps=[email_step(1), email_step(2, "email_host"), text_step(3)])
    )
    booking = book(c, world.intro, TUESDAY_10, phoneNumber="+14155550100")
    attendee, host, sms = reminders(c, bookingUid=booking["uid"])
    assert attendee == {
        "id": attendee["id"],
        "kind": "workflow_reminder",
        "channel": "email",
        "to": "gus@guest.example",
        "subject": f"Soon: {booking['title']}",
        "body": '<body style="white-space: pre-wrap;"><p>Hi Gus Guest, see you at 05:00.</p>'
        "<br><br>_<br><br>Scheduling by Cal.com</body>",  # the attendee's time, the organizer's 24-hour clock
        "code": None,
        "createdAt": "2026-01-05T09:00:00.000Z",
        "status": "scheduled",
        "scheduledAt": "2026-01-06T09:00:00.000Z",  # an hour before the start
        "cancelledAt": None,
        "bookingUid": booking["uid"],
        "workflowId": flow["id"],
        "workflowStepId": flow["steps"][0]["id"],
        "trigger": "BEFORE_EVENT",
        "sender": "Scale Co",
        "reference": None,
    }
    assert (host["to"], host["scheduledAt"]) == ("pat@scale.example", "2026-01-06T09:00:00.000Z")
    # the SMS step's body was dropped by the input service: the built-in reminder text, in the attendee's zone
    assert (sms["channel"], sms["to"], sms["status"]) == ("sms", "+14155550100", "scheduled")
    assert sms["body"] == (
        f"Hi Gus Guest, this is a reminder that your meeting ({booking['title']}) with Pat Owner is on 2026 Jan 6 "
        "at 05:00 America/New_York."
    )
    # the clock reaches the reminder: sent
    assert c.post("/_emulator/clock", json={"set": "2026-01-06T09:00:01Z"}).status_code == 200
    assert {m["status"] for m in reminders(c, bookingUid=booking["uid"])} == {"sent"}


def test_event_types_not_activated_and_pending_bookings_get_nothing(c: TestClient) -> None:
    world = load(c)
    make(c, world, workflow_body([world.demo]))
    book(c, world.intro, TUESDAY_10)
    assert reminders(c) == []


def test_cancel_withdraws_the_reminders(c: TestClient) -> None:
    world = load(c)
    make(c, world, workflow_body([world.intro], steps=[email_step(1), text_step(2)]))
    make(
        c, world, workflow_body([world.intro], trigger={"type": "eventCancelled"}, steps=[email_step(1, "email_host")])
    )
    booking = book(c, world.intro, TUESDAY_10, phoneNumber="+14155550100")
    cancelled = c.post(
        f"/v2/bookings/{booking['uid']}/cancel",
        headers={**PAT, **V2024_08_13},
        json={"cancellationReason": "No longer"},
    )
    assert cancelled.status_code == 200, cancelled.text
    before = reminders(c, trigger="BEFORE_EVENT")
    assert [(m["status"], m["cancelledAt"]) for m in before] == [("cancelled", "2026-01-05T09:00:00.000Z")] * 2
    [notice] = reminders(c, trigger="EVENT_CANCELLED")
    assert (notice["to"], notice["status"], notice["scheduledAt"]) == ("pat@scale.example", "sent", None)
    assert reminders(c, status="scheduled") == []


def test_reschedule_moves_the_reminders(c: TestClient) -> None:
    world = load(c)
    make(c, world, workflow_body([world.intro]))
    make(c, world, workflow_body([world.intro], trigger={"type": "rescheduleEvent"}))
    booking = book(c, world.intro, TUESDAY_10)
    moved = c.post(
        f"/v2/bookings/{booking['uid']}/reschedule",
        headers={**PAT, **V2024_08_13},
        json={"start": "2026-01-07T14:00:00Z", "reschedulingReason": "Clash"},
    )
    assert moved.status_code == 201, moved.text
    new_uid = moved.json()["data"]["uid"]
    [old] = reminders(c, bookingUid=booking["uid"])
    assert old["status"] == "cancelled"
    scheduled, notice = reminders(c, bookingUid=new_uid)
    assert (scheduled["trigger"], scheduled["scheduledAt"], scheduled["status"]) == (
        "BEFORE_EVENT",
        "2026-01-07T13:00:00.000Z",
        "scheduled",
    )
    assert (notice["trigger"], notice["status"]) == ("RESCHEDULE_EVENT", "sent")


def test_new_event_sends_at_once_and_after_event_waits_for_the_end(c: TestClient) -> None:
    world = load(c)
    make(c, world, workflow_body([world.intro], trigger={"type": "newEvent"}))
    make(c, world, workflow_body([world.intro], trigger={"type": "afterEvent", "offset": {"value": 2, "unit": "day"}}))
    booking = book(c, world.intro, TUESDAY_10)
    [now] = reminders(c, trigger="NEW_EVENT")
    assert (now["status"], now["scheduledAt"], now["createdAt"]) == ("sent", None, "2026-01-05T09:00:00.000Z")
    [after] = reminders(c, trigger="AFTER_EVENT")
    assert after["scheduledAt"] == "2026-01-08T10:30:00.000Z" and after["bookingUid"] == booking["uid"]


def test_texts_need_fifteen_minutes_emails_do_not(c: TestClient) -> None:
    world = load(c)
    make(c, world, workflow_body([world.intro], steps=[email_step(1), text_step(2)]))
    soon = book(c, world.intro, "2026-01-05T09:30:00Z", phoneNumber="+14155550100")  # due 08:30, already past
    [email] = reminders(c, bookingUid=soon["uid"])
    assert (email["channel"], email["scheduledAt"], email["status"]) == ("email", "2026-01-05T08:30:00.000Z", "sent")
    later = book(c, world.intro, "2026-01-05T10:30:00Z", email="lou@guest.example", phoneNumber="+14155550111")
    assert [m["channel"] for m in reminders(c, bookingUid=later["uid"])] == ["email", "sms"]


def test_a_workflow_made_later_covers_upcoming_bookings(c: TestClient) -> None:
    world = load(c)
    booking = book(c, world.intro, TUESDAY_10)
    other = book(c, world.demo, "2026-01-06T14:00:00Z", email="dee@guest.example")
    flow = make(c, world, workflow_body([world.intro]))
    [first] = reminders(c)
    assert (first["bookingUid"], first["scheduledAt"]) == (booking["uid"], "2026-01-06T09:00:00.000Z")
    # a new offset withdraws the old reminders and schedules at the new time
    url = f"{world.base}/{flow['id']}"
    retimed = {"trigger": {"type": "beforeEvent", "offset": {"value": 30, "unit": "minute"}}}
    assert c.patch(url, headers=PAT, json=retimed).status_code == 200
    assert [(m["scheduledAt"], m["status"]) for m in reminders(c)] == [
        ("2026-01-06T09:00:00.000Z", "cancelled"),
        ("2026-01-06T09:30:00.000Z", "scheduled"),
    ]
    # an event type newly activated gets reminders for its bookings; one dropped loses them
    moved = {"activation": {"isActiveOnAllEventTypes": False, "activeOnEventTypeIds": [world.demo]}}
    assert c.patch(url, headers=PAT, json=moved).status_code == 200
    scheduled = reminders(c, status="scheduled")
    assert [(m["bookingUid"], m["scheduledAt"]) for m in scheduled] == [(other["uid"], "2026-01-06T13:30:00.000Z")]
    # deleting the workflow leaves what was handed to the provider: it still goes out
    assert c.delete(url, headers=PAT).status_code == 200
    assert reminders(c, status="scheduled") == scheduled


def test_edited_steps_are_rescheduled(c: TestClient) -> None:
    world = load(c)
    flow = make(c, world, workflow_body([world.intro], steps=[email_step(1), email_step(2, "email_host")]))
    booking = book(c, world.intro, TUESDAY_10)
    attendee_step, host_step = flow["steps"]
    edit = {"steps": [{**email_step(1, message={"subject": "New", "html": "Changed"}), "id": attendee_step["id"]}]}
    assert c.patch(f"{world.base}/{flow['id']}", headers=PAT, json=edit).status_code == 200
    mails = reminders(c, bookingUid=booking["uid"])
    assert [(m["workflowStepId"], m["subject"], m["status"]) for m in mails] == [
        (attendee_step["id"], f"Soon: {booking['title']}", "cancelled"),
        (host_step["id"], f"Soon: {booking['title']}", "cancelled"),  # the host step was deleted
        (attendee_step["id"], "New", "scheduled"),
    ]


def test_phone_numbers_and_addresses_of_the_steps(c: TestClient) -> None:
    world = load(c)
    email_id = verify(c, world, "emails", "desk@scale.example")
    phone_id = verify(c, world, "phones", "+37255556666")
    steps = [
        email_step(1, "email_address", verifiedEmailId=email_id),
        text_step(2, "sms_number", verifiedPhoneId=phone_id),
        text_step(3, "whatsapp_number", verifiedPhoneId=phone_id),
    ]
    make(c, world, workflow_body([world.intro], trigger={"type": "newEvent"}, steps=steps))
    book(c, world.intro, TUESDAY_10)
    address, sms, whatsapp = reminders(c)
    assert (address["channel"], address["to"]) == ("email", "desk@scale.example")
    assert (sms["channel"], sms["to"], sms["sender"]) == ("sms", "+37255556666", "ScaleCo")
    assert (whatsapp["channel"], whatsapp["body"]) == (
        "whatsapp",
        "Your meeting Intro call between Scale Sales and Gus Guest starts soon",
    )


@pytest.fixture(scope="module")
def small_outbox() -> Iterator[TestClient]:
    with TestClient(
        create_app(Settings(clock="2026-01-05T09:00:00Z", outbox_limit=2, rate_limits="off")),
        raise_server_exceptions=False,
    ) as client:
        yield client


def test_the_outbox_keeps_its_newest(small_outbox: TestClient) -> None:
    c = small_outbox
    world = load(c)
    steps = [email_step(n) for n in (1, 2, 3)]
    flow = make(c, world, workflow_body([world.intro], trigger={"type": "newEvent"}, steps=steps))
    book(c, world.intro, TUESDAY_10)
    kept = outbox(c)  # three reminders were sent; the outbox_limit of 2 keeps the newest two
    assert [m["workflowStepId"] for m in kept] == [s["id"] for s in flow["steps"][1:]]
