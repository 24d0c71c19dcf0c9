"""Bookings, event types and v1 bodies answered as the real servers answer them, where the pinned
specs would have the emulator answer otherwise: an absent optional body reaches the handler, the
booking core echoes the caller's metadata with the meeting link beside it, a refused body carries the
handler's own message, v1 webhook triggers are a list, and the event-type list without a username is
the caller's own. Default world at Monday 2026-01-05 09:00 UTC.
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, BOB_KEY, error, ids

V2 = {"Authorization": f"Bearer {ALICE_KEY}", "cal-api-version": "2024-08-13"}
LEGACY = {"Authorization": f"Bearer {ALICE_KEY}"}
EVENT_TYPES = {"Authorization": f"Bearer {ALICE_KEY}", "cal-api-version": "2024-06-14"}
V1 = f"apiKey={ALICE_KEY}"
CORE_BODY = {
    "start": "2026-01-06T10:00:00Z",
    "timeZone": "Europe/Rome",
    "language": "en",
    "responses": {"name": "Mr Proper", "email": "mr@example.com"},
}


def booking_uid(c: TestClient, key: str) -> str:
    records = c.get("/_emulator/state/bookings").json()["records"]
    return str(next(r["uid"] for r in records if r.get("key") == key))


def stored(c: TestClient, uid: str) -> dict[str, Any]:
    records = c.get("/_emulator/state/bookings").json()["records"]
    return dict(next(r for r in records if r["uid"] == uid))


# 1. an absent body ---------------------------------------------------------------------------------


def test_a_cancel_without_a_body_reaches_the_cancel_rules(c: TestClient) -> None:
    uid = booking_uid(c, "workshop-seated")
    response = c.post(f"/v2/bookings/{uid}/cancel", headers=V2)
    assert response.status_code == 400
    assert response.json() == {"statusCode": 400, "message": "Cancellation reason is required when you are the host"}
    assert stored(c, uid)["status"] == "ACCEPTED"


def test_an_absent_v2_body_is_the_empty_object_the_server_validates(c: TestClient) -> None:
    # A body that requires fields is refused for those fields, not for being absent.
    response = c.post("/v2/bookings", headers=V2)
    assert response.status_code == 400
    assert error(response)["message"] == "start property is wrong,start must be a valid ISO 8601 date string "
    assert [p["location"] for p in error(response)["details"]["errors"]] == ["body.start", "body.attendee"]
    # A decline without a reason is a decline.
    pending = booking_uid(c, "alice-future-pending")
    declined = c.post(f"/v2/bookings/{pending}/decline", headers=V2)
    assert declined.status_code == 200, declined.text
    assert declined.json()["data"]["status"] == "rejected"


def test_v1_still_needs_its_required_body(c: TestClient) -> None:
    response = c.post(f"/v1/bookings?{V1}")
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid request: body: a JSON request body is required"


# 2. the booking core's answer ------------------------------------------------------------------------


def test_v1_create_echoes_the_metadata_sent_and_puts_the_link_beside_it(c: TestClient) -> None:
    body = {**CORE_BODY, "eventTypeId": ids(c, "event_types")["alice/30min"], "metadata": {"crm": "42"}}
    response = c.post(f"/v1/bookings?{V1}", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["metadata"] == {"crm": "42"}
    assert data["videoCallUrl"] == f"https://app.cal.com/video/{data['uid']}"
    # What is stored (and read back) holds the link, as the core writes it after creating the row.
    assert stored(c, data["uid"])["metadata"] == {"crm": "42", "videoCallUrl": data["videoCallUrl"]}


def test_legacy_create_echoes_the_metadata_sent_and_puts_the_link_beside_it(c: TestClient) -> None:
    body = {**CORE_BODY, "eventTypeId": ids(c, "event_types")["alice/30min"], "metadata": {}}
    response = c.post("/v2/bookings", headers=LEGACY, json=body)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["metadata"] == {}
    assert data["videoCallUrl"] == f"https://app.cal.com/video/{data['uid']}"


# 6. the handlers' own messages -----------------------------------------------------------------------


def test_v1_create_says_what_its_handler_says(c: TestClient) -> None:
    body = {**CORE_BODY, "eventTypeId": "abc", "metadata": {}}
    response = c.post(f"/v1/bookings?{V1}", json=body)
    assert response.status_code == 400
    answer = response.json()
    assert answer["message"] == "Bad request, eventTypeId must be a number"
    assert [p["location"] for p in answer["errors"]] == ["body.eventTypeId"]
    # Past the handler's own check, the core's zod schema reports every issue, joined by "; ".
    zod = c.post(f"/v1/bookings?{V1}", json={"eventTypeId": 2, "language": 5, "responses": CORE_BODY["responses"]})
    assert zod.status_code == 400
    assert zod.json()["message"] == (
        "invalid_type in 'start': Required; invalid_type in 'timeZone': Required; "
        "invalid_type in 'language': Expected string, received number; invalid_type in 'metadata': Required"
    )
    assert len(zod.json()["errors"]) == 4


def test_v1_create_takes_a_booking_without_a_location_answer(c: TestClient) -> None:
    body = {**CORE_BODY, "eventTypeId": ids(c, "event_types")["alice/30min"], "metadata": {}}
    assert "location" not in body["responses"]
    assert c.post(f"/v1/bookings?{V1}", json=body).status_code == 200


def test_v2_create_says_what_its_pipe_says(c: TestClient) -> None:
    attendee = {"name": "Mr Proper", "email": "mr@example.com", "timeZone": "Europe/Rome"}
    response = c.post("/v2/bookings", headers=V2, json={"start": 5, "eventTypeId": "abc", "attendee": attendee})
    assert response.status_code == 400
    message = (
        "start property is wrong,start must be a valid ISO 8601 date string , "
        "eventTypeId property is wrong,eventTypeId must be an integer number "
    )
    assert error(response)["code"] == "BadRequestException"
    assert error(response)["message"] == message
    details = error(response)["details"]
    assert (details["message"], details["error"], details["statusCode"]) == (message, "Bad Request", 400)
    assert sorted(p["location"] for p in details["errors"]) == ["body.eventTypeId", "body.start"]
    nested = c.post(
        "/v2/bookings",
        headers=V2,
        json={"start": "2026-01-06T10:00:00Z", "eventTypeId": 2, "attendee": {"name": "Mr Proper"}, "guests": [1]},
    )
    assert error(nested)["message"] == (
        "attendee property is wrong, timeZone property is wrong,timeZone must be a valid IANA time-zone , "
        "guests property is wrong,each value in guests must be a string "
    )


def test_one_answer_names_what_the_spec_and_the_pipe_both_refuse(c: TestClient) -> None:
    # The type error is the spec's, the bad date and the bad e-mail the pipe's: one class-validator pass
    # reports them together, so the caller does not learn about `start` only after fixing `eventTypeId`.
    attendee = {"name": "Mr Proper", "email": "not-an-email", "timeZone": "Europe/Rome"}
    response = c.post("/v2/bookings", headers=V2, json={"start": "nope", "eventTypeId": "abc", "attendee": attendee})
    assert response.status_code == 400
    assert error(response)["message"] == (
        "eventTypeId property is wrong,eventTypeId must be an integer number , "
        "start property is wrong,start must be a valid ISO 8601 date string , "
        "attendee property is wrong, email property is wrong,Invalid email format "
    )
    locations = [p["location"] for p in error(response)["details"]["errors"]]
    assert locations == ["body.eventTypeId", "body.start", "body.attendee"]
    uid = booking_uid(c, "alice-future-pending")
    moved = c.post(f"/v2/bookings/{uid}/reschedule", headers=V2, json={"start": "nope", "rescheduledBy": 7})
    assert moved.status_code == 400
    assert "start must be a valid ISO 8601 date string" in error(moved)["message"]
    assert "rescheduledBy" in error(moved)["message"]
    assert stored(c, uid)["status"] == "PENDING"


def test_a_problem_without_a_known_message_keeps_the_generic_one(c: TestClient) -> None:
    response = c.post(f"/v1/bookings?{V1}", json={**CORE_BODY, "eventTypeId": 2, "metadata": {}, "end": 5})
    assert response.status_code == 400
    assert response.json()["message"] == 'Invalid request: body.end: 5 is not of type "string"'


# 11. v1 webhook triggers -----------------------------------------------------------------------------


def test_v1_webhook_triggers_are_a_list(c: TestClient) -> None:
    body = {"subscriberUrl": "https://hooks.example.com/cal", "eventTriggers": ["BOOKING_CREATED"], "active": True}
    response = c.post(f"/v1/webhooks?{V1}", json=body)
    assert response.status_code != 400, response.text  # valid: served, or 501 while the operation is not
    wrong = c.post(f"/v1/webhooks?{V1}", json={**body, "eventTriggers": ["NOT_A_TRIGGER"]})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["location"] == "body.eventTriggers[0]"


# 12. the event-type list without a username ----------------------------------------------------------


def test_the_event_type_list_without_a_username_is_the_callers_own(c: TestClient) -> None:
    event_types = ids(c, "event_types")
    hidden = c.post(
        "/v2/event-types",
        headers=EVENT_TYPES,
        json={"title": "Secret", "slug": "secret", "lengthInMinutes": 15, "hidden": True},
    )
    assert hidden.status_code == 201, hidden.text
    mine = c.get("/v2/event-types", headers=EVENT_TYPES)
    assert mine.status_code == 200
    listed = [e["id"] for e in mine.json()["data"]]
    assert event_types["alice/30min"] in listed and hidden.json()["data"]["id"] in listed
    assert all(e["ownerId"] == 1 for e in mine.json()["data"])
    bobs = c.get("/v2/event-types", headers={**EVENT_TYPES, "Authorization": f"Bearer {BOB_KEY}"}).json()["data"]
    assert hidden.json()["data"]["id"] not in [e["id"] for e in bobs]
    anonymous = c.get("/v2/event-types", headers={"cal-api-version": "2024-06-14"})
    assert anonymous.json() == {"status": "success", "data": []}
