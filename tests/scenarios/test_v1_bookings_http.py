"""v1 bookings, attendees and booking references over HTTP, on the world the v2 bookings use. Every
answer is also held to the spec by the server itself (an off-spec answer would be a 500)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.api.registry import HANDLERS
from emulator.app import create_app
from emulator.settings import Settings

ALICE = "?apiKey=cal_a11ce000000000000000000000000001"  # organization owner (acme)
BOB = "?apiKey=cal_b0b00000000000000000000000000002"  # organization admin (acme)
CAROL = "?apiKey=cal_ca201000000000000000000000000003"  # organization member
DAVE = "?apiKey=cal_da7e0000000000000000000000000004"  # outside the organization
ROOT = "?apiKey=cal_00000000000000000000000000000a01"  # system-wide admin (added below)
EXTRA = """
users:
  root:
    email: root@example.com
    name: Root Admin
    role: ADMIN
    apiKeys: [{key: cal_00000000000000000000000000000a01}]
eventTypes:
  alice/weekly:
    owner: alice
    title: Weekly sync
    length: 30
    recurringEvent: {freq: 2, count: 4, interval: 1}
  erin/meta:
    owner: erin
    title: Metadata
    length: 30
bookings:
  erin-odd-metadata:
    eventType: erin/meta
    start: 2026-02-20T10:00:00Z
    metadata: {count: 3}
    attendees: [{name: Mo Meta, email: mo@guest.example}]
"""
FREE = "2026-01-06T11:00:00.000Z"  # a Tuesday slot alice/30min offers
DAILY = {"value": "integrations:daily", "optionValue": ""}


@pytest.fixture(scope="module")
def app() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z")), raise_server_exceptions=False) as client:
        loaded = client.post("/_emulator/fixtures?mode=merge", content=EXTRA)
        assert loaded.status_code == 200, loaded.text
        yield client


@pytest.fixture
def c(app: TestClient) -> TestClient:
    app.post("/_emulator/reset")
    return app


def state(c: TestClient, table: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = c.get(f"/_emulator/state/{table}").json()["records"]
    return records


def booking_id(c: TestClient, key: str) -> int:
    return next(int(b["id"]) for b in state(c, "bookings") if b.get("key") == key)


def user_id(c: TestClient, key: str) -> int:
    return next(int(u["id"]) for u in state(c, "users") if u.get("key") == key)


def listed(c: TestClient, query: str) -> list[int]:
    response = c.get(f"/v1/bookings{query}")
    assert response.status_code == 200, response.text
    return [b["id"] for b in response.json()["bookings"]]


def booking_body(**extra: Any) -> dict[str, Any]:
    return {
        "eventTypeId": 2,  # alice/30min, Cal Video
        "start": FREE,
        "timeZone": "Europe/London",
        "language": "en",
        "metadata": {},
        "responses": {"name": "Zoe Zed", "email": "zoe@example.com", "location": DAILY},
        **extra,
    }


# list -------------------------------------------------------------------------------------------------


def test_a_member_lists_the_bookings_they_organise(c: TestClient) -> None:
    carol = user_id(c, "carol")
    expected = sorted(b["id"] for b in state(c, "bookings") if b["user_id"] == carol)
    assert listed(c, CAROL) == expected
    first = c.get(f"/v1/bookings{CAROL}").json()["bookings"][0]
    assert set(first) == {
        "id", "userId", "description", "eventTypeId", "uid", "title", "startTime", "endTime", "attendees", "user",
        "payment", "metadata", "status", "responses", "fromReschedule", "cancelledBy", "rescheduledBy", "createdAt",
    }  # fmt: skip
    assert first["user"] == {
        "email": "carol@acme.example",
        "name": "Carol Chen",
        "timeZone": "Asia/Kolkata",
        "locale": "en",
    }


def test_an_organization_owner_lists_the_members_bookings(c: TestClient) -> None:
    # olivia and liam, managed users of acme's OAuth client, are members of acme as the API makes them
    members = {user_id(c, k) for k in ("alice", "bob", "carol", "olivia", "liam")}
    expected = {b["id"] for b in state(c, "bookings") if b["user_id"] in members}
    assert set(listed(c, ALICE)) == expected
    assert user_id(c, "dave") not in {b["userId"] for b in c.get(f"/v1/bookings{ALICE}").json()["bookings"]}


def test_a_system_admin_lists_every_booking_or_those_of_a_user(c: TestClient) -> None:
    until = "2026-02-01T00:00:00.000Z"  # before erin's booking with unreadable metadata
    expected = sorted(b["id"] for b in state(c, "bookings") if b["end"] <= until)
    assert listed(c, f"{ROOT}&dateTo={until}") == expected
    assert c.get(f"/v1/bookings{ROOT}").status_code == 400  # one unreadable row fails the whole list
    dave = user_id(c, "dave")
    assert listed(c, f"{ROOT}&userId={dave}") == [b["id"] for b in state(c, "bookings") if b["user_id"] == dave]


def test_the_list_pages_only_with_page_and_take(c: TestClient) -> None:
    everything = listed(c, CAROL)
    assert listed(c, f"{CAROL}&take=2") == everything
    assert listed(c, f"{CAROL}&page=2") == everything
    assert listed(c, f"{CAROL}&take=2&page=2") == everything[2:4]


def test_the_list_filters_by_time_and_sorts(c: TestClient) -> None:
    records = {b["id"]: b for b in state(c, "bookings")}
    upcoming = listed(c, f"{CAROL}&status=upcoming")
    assert upcoming and all(records[i]["start"] >= "2026-01-05T09:00:00.000Z" for i in upcoming)
    window = listed(c, f"{CAROL}&dateFrom=2026-01-01T00:00:00Z&dateTo=2026-01-02T00:00:00Z")
    assert [records[i]["key"] for i in window] == ["discovery-past-awaiting-host"]
    newest_first = listed(c, f"{CAROL}&sortBy=createdAt&order=desc")
    assert newest_first == sorted(newest_first, key=lambda i: records[i]["created_at"], reverse=True)
    bad = c.get(f"/v1/bookings{CAROL}&dateFrom=yesterday")
    assert (bad.status_code, bad.json()["message"]) == (400, "custom in 'dateFrom': Invalid ISO Date")
    assert c.get(f"/v1/bookings{CAROL}&status=past").status_code == 400


def test_attendee_email_filters_and_the_admin_userid_parse(c: TestClient) -> None:
    assert [c.get(f"/v1/bookings/{i}{CAROL}").json()["booking"]["attendees"][0]["email"] for i in
            listed(c, f"{CAROL}&attendeeEmail=raj@prospect.example")] == ["raj@prospect.example"]  # fmt: skip
    refused = c.get(f"/v1/bookings{ALICE}&attendeeEmail=raj@prospect.example")
    assert refused.status_code == 400
    assert refused.json()["message"] == "; ".join(["invalid_type in 'userId': Required"] * 3)
    outside = c.get(f"/v1/bookings{ALICE}&userId={user_id(c, 'dave')}")
    assert (outside.status_code, outside.json()["message"]) == (404, "No User found")
    assert c.get(f"/v1/bookings{CAROL}&attendeeEmail=not-an-email").status_code == 400


def test_expand_team_adds_the_event_type(c: TestClient) -> None:
    demo = booking_id(c, "demo-collective")
    booking = c.get(f"/v1/bookings/{demo}{ALICE}&expand=team").json()["booking"]
    assert booking["eventType"] == {
        "title": "Product demo",
        "slug": "demo",
        "team": {"name": "Acme Sales", "slug": "acme-sales"},
    }
    assert "eventType" not in c.get(f"/v1/bookings/{demo}{ALICE}").json()["booking"]
    assert c.get(f"/v1/bookings/{demo}{ALICE}&expand=users").status_code == 400


# one booking -------------------------------------------------------------------------------------------


def test_get_a_booking_and_who_may(c: TestClient) -> None:
    first = booking_id(c, "alice-past-accepted")
    booking = c.get(f"/v1/bookings/{first}{ALICE}").json()["booking"]
    assert booking["attendees"] == [
        {"id": 1, "email": "paul@guest.example", "name": "Paul Past", "timeZone": "Europe/Madrid", "locale": "en"}
    ]
    assert booking["status"] == "ACCEPTED" and booking["responses"]["name"] == "Paul Past"
    assert c.get(f"/v1/bookings/{first}{BOB}").status_code == 200  # an org admin reaches members' bookings
    for key in (CAROL, DAVE):
        refused = c.get(f"/v1/bookings/{first}{key}")
        assert (refused.status_code, refused.json()) == (403, {"message": "You are not authorized"})
    missing = c.get(f"/v1/bookings/999{CAROL}")
    assert (missing.status_code, missing.json()["message"]) == (403, "You are not authorized")
    admin = c.get(f"/v1/bookings/999{ROOT}")
    assert (admin.status_code, admin.json()["message"]) == (404, "Booking not found")


def test_an_attendee_may_read_the_booking(c: TestClient) -> None:
    first = booking_id(c, "alice-past-accepted")
    added = c.post(
        f"/v1/attendees{ALICE}",
        json={"bookingId": first, "email": "dave@studio.example", "name": "Dave", "timeZone": "America/Los_Angeles"},
    )
    assert added.status_code == 200, added.text
    assert c.get(f"/v1/bookings/{first}{DAVE}").status_code == 200


def test_metadata_that_is_not_text_fails_the_read(c: TestClient) -> None:
    odd = booking_id(c, "erin-odd-metadata")
    response = c.get(f"/v1/bookings/{odd}{ROOT}")
    assert response.status_code == 400
    assert response.json()["message"] == "invalid_type in 'metadata,count': Expected string, received number"


def test_edit_a_booking(c: TestClient) -> None:
    target = booking_id(c, "alice-future-accepted")
    body = {"title": "Renamed", "description": "Notes", "startTime": "2026-01-06T10:00:00Z", "status": "PENDING"}
    response = c.patch(f"/v1/bookings/{target}{ALICE}", json=body)
    assert response.status_code == 200, response.text
    booking = response.json()["booking"]
    assert (booking["title"], booking["description"], booking["startTime"], booking["status"]) == (
        "Renamed", "Notes", "2026-01-06T10:00:00.000Z", "PENDING",
    )  # fmt: skip
    assert "attendees" not in booking and "user" not in booking
    assert c.get(f"/v1/bookings/{target}{ALICE}").json()["booking"]["title"] == "Renamed"


def test_edit_refusals(c: TestClient) -> None:
    target = booking_id(c, "alice-future-accepted")
    spec_keys = c.patch(f"/v1/bookings/{target}{ALICE}", json={"start": "2026-01-06T10:00:00Z"})
    assert (spec_keys.status_code, spec_keys.json()["message"]) == (400, "Unrecognized key(s) in object: 'start'")
    status = c.patch(f"/v1/bookings/{target}{ALICE}", json={"status": "DONE"})
    assert status.status_code == 400 and status.json()["message"].startswith("invalid_enum_value in 'status'")
    owner = c.patch(f"/v1/bookings/{booking_id(c, 'discovery-round-robin')}{CAROL}", json={"userId": 1})
    assert (owner.status_code, owner.json()["message"]) == (403, "Only admin can change the organizer of a booking")
    outside = c.patch(f"/v1/bookings/{target}{ALICE}", json={"userId": user_id(c, "dave")})
    assert outside.status_code == 403
    moved = c.patch(f"/v1/bookings/{target}{ALICE}", json={"userId": user_id(c, "bob")})
    assert moved.json()["booking"]["userId"] == user_id(c, "bob")
    assert c.patch(f"/v1/bookings/{target}{DAVE}", json={"title": "x"}).status_code == 403


def test_cancel_a_booking(c: TestClient) -> None:
    target = booking_id(c, "alice-future-accepted")
    response = c.delete(f"/v1/bookings/{target}/cancel{ALICE}&cancelledBy=alice@acme.example")
    assert response.status_code == 200, response.text
    uid = response.json()["bookingUid"]
    assert response.json() == {
        "success": True,
        "message": "Booking successfully cancelled.",
        "onlyRemovedAttendee": False,
        "bookingId": target,
        "bookingUid": uid,
    }
    booking = c.get(f"/v1/bookings/{target}{ALICE}").json()["booking"]
    assert (booking["status"], booking["cancelledBy"]) == ("CANCELLED", "alice@acme.example")
    again = c.delete(f"/v1/bookings/{target}/cancel{ALICE}")
    assert (again.status_code, again.json()["message"]) == (400, "This booking has already been cancelled.")


def test_cancel_refusals(c: TestClient) -> None:
    future = booking_id(c, "alice-future-accepted")
    no_reason = c.delete(f"/v1/bookings/{future}/cancel{ALICE}&cancellationReason=%20")
    assert (no_reason.status_code, no_reason.json()["message"]) == (
        400, "Cancellation reason is required when you are the host",
    )  # fmt: skip
    past = c.delete(f"/v1/bookings/{booking_id(c, 'alice-past-accepted')}/cancel{ALICE}")
    assert (past.status_code, past.json()["message"]) == (400, "Cannot cancel a booking that has already ended")
    assert c.delete(f"/v1/bookings/{future}/cancel{CAROL}").status_code == 403
    assert c.delete(f"/v1/bookings/999/cancel{ROOT}").status_code == 404
    bad_email = c.delete(f"/v1/bookings/{future}/cancel{ALICE}&cancelledBy=nope")
    assert bad_email.json()["message"] == "invalid_string in 'cancelledBy': Invalid email"


def test_cancel_all_remaining_occurrences(c: TestClient) -> None:
    weekly = next(e["id"] for e in state(c, "event_types") if e.get("key") == "alice/weekly")
    items = [
        booking_body(eventTypeId=weekly, start=start) for start in ("2026-01-06T13:00:00Z", "2026-01-14T13:00:00Z")
    ]
    series = c.post("/v2/bookings/recurring", json=items).json()["data"]
    first, second = (b["id"] for b in series)
    assert c.delete(f"/v1/bookings/{first}/cancel{ALICE}&allRemainingBookings=true").status_code == 200
    assert [c.get(f"/v1/bookings/{i}{ALICE}").json()["booking"]["status"] for i in (first, second)] == ["CANCELLED"] * 2


def test_a_seated_booking_is_cancelled_whole_by_its_host(c: TestClient) -> None:
    seated = booking_id(c, "workshop-seated")
    assert c.delete(f"/v1/bookings/{seated}/cancel{ALICE}").status_code == 200
    assert c.get(f"/v1/bookings/{seated}{ALICE}").json()["booking"]["attendees"] == []


# create, and Cal Video -----------------------------------------------------------------------------------


def test_create_a_booking(c: TestClient) -> None:
    response = c.post(f"/v1/bookings{CAROL}", json=booking_body())
    assert response.status_code == 200, response.text
    made = response.json()
    assert (made["userId"], made["status"], made["startTime"], made["endTime"]) == (
        1, "ACCEPTED", FREE, "2026-01-06T11:30:00.000Z",
    )  # fmt: skip
    assert made["user"]["email"] is None and made["creationSource"] == "API_V1"
    assert made["attendees"][0]["email"] == "zoe@example.com" and made["paymentRequired"] is False
    assert made["references"][0]["type"] == "daily_video"
    assert made["videoCallUrl"].startswith("https://app.cal.com/video/")
    assert made["id"] in listed(c, ALICE)


def test_create_refusals_speak_the_core_codes(c: TestClient) -> None:
    assert c.post(f"/v1/bookings{ALICE}", json=booking_body()).status_code == 200
    taken = c.post(
        f"/v1/bookings{ALICE}", json=booking_body(responses={"name": "O", "email": "o@example.com", "location": DAILY})
    )
    assert (taken.status_code, taken.json()["message"]) == (400, "no_available_users_found_error")
    past = c.post(f"/v1/bookings{ALICE}", json=booking_body(start="2026-01-02T11:00:00.000Z"))
    assert (past.status_code, past.json()["message"]) == (400, "Attempting to book a meeting in the past.")
    length = c.post(f"/v1/bookings{ALICE}", json=booking_body(start="2026-01-06T14:00:00Z", end="2026-01-06T15:00:00Z"))
    assert (length.status_code, length.json()["message"]) == (400, "Invalid event length")
    missing = c.post(f"/v1/bookings{ALICE}", json=booking_body(eventTypeId=999))
    assert (missing.status_code, missing.json()["message"]) == (404, "An error occurred while querying the database.")
    zone = c.post(f"/v1/bookings{ALICE}", json=booking_body(timeZone="Mars/Base"))
    assert zone.status_code == 400 and "timeZone" in zone.json()["message"]


def test_recordings_and_transcripts(c: TestClient) -> None:
    plain = booking_id(c, "alice-future-accepted")
    none = c.get(f"/v1/bookings/{plain}/recordings{ALICE}")
    assert (none.status_code, none.json()["message"]) == (404, f"No Cal Video reference found with booking id {plain}")
    made = c.post(f"/v1/bookings{ALICE}", json=booking_body()).json()["id"]
    assert c.get(f"/v1/bookings/{made}/recordings{ALICE}").json() == []
    assert c.get(f"/v1/bookings/{made}/transcripts{ALICE}").json() == []
    one = c.get(f"/v1/bookings/{made}/transcripts/rec-1{ALICE}")
    assert (one.status_code, one.json()["message"]) == (
        403,
        f"This Recording Id rec-1 does not belong to booking {made}",
    )
    no_room = c.get(f"/v1/bookings/{plain}/transcripts/rec-1{ALICE}")
    assert no_room.json()["message"] == f"No Booking Reference with Daily Video found with booking id {plain}"
    assert c.get(f"/v1/bookings/{made}/recordings{DAVE}").status_code == 403
    assert c.get(f"/v1/bookings/999/transcripts{ROOT}").json()["message"] == "No Booking found with booking id 999"


# attendees -------------------------------------------------------------------------------------------------


def test_attendees_crud(c: TestClient) -> None:
    carol = user_id(c, "carol")
    own = [a["id"] for b in state(c, "bookings") if b["user_id"] == carol for a in b["attendees"]]
    assert [a["id"] for a in c.get(f"/v1/attendees{CAROL}").json()["attendees"]] == sorted(own)
    target = booking_id(c, "discovery-round-robin")
    body = {"bookingId": target, "email": "new@example.com", "name": "New One", "timeZone": "Asia/Kolkata"}
    next_id = max(a["id"] for b in state(c, "bookings") for a in b["attendees"]) + 1
    created = c.post(f"/v1/attendees{CAROL}", json=body)
    assert created.status_code == 200, created.text
    attendee = created.json()["attendee"]
    assert created.json()["message"] == "Attendee created successfully"
    assert attendee == {"id": next_id, "bookingId": target, "name": "New One",
                        "email": "new@example.com", "timeZone": "Asia/Kolkata"}  # fmt: skip
    path = f"/v1/attendees/{attendee['id']}"
    assert c.get(f"{path}{CAROL}").json() == {"attendee": attendee}
    edited = c.patch(f"{path}{CAROL}", json={"bookingId": target, "name": "Renamed"})
    assert edited.json()["attendee"]["name"] == "Renamed"
    other = booking_id(c, "onboarding-carol")
    moved = c.patch(f"{path}{CAROL}", json={"bookingId": other})
    assert moved.json()["attendee"]["bookingId"] == other
    assert "new@example.com" in [
        a["email"] for a in c.get(f"/v1/bookings/{other}{CAROL}").json()["booking"]["attendees"]
    ]
    deleted = c.delete(f"{path}{CAROL}")
    assert deleted.json() == {"message": f"Attendee with id: {attendee['id']} deleted successfully"}
    assert c.get(f"{path}{CAROL}").status_code == 403


def test_attendee_refusals(c: TestClient) -> None:
    alices = booking_id(c, "alice-future-accepted")
    body = {"bookingId": alices, "email": "x@example.com", "name": "X", "timeZone": "Europe/London"}
    assert (c.post(f"/v1/attendees{CAROL}", json=body).json()) == {"message": "Forbidden"}
    bad = c.post(f"/v1/attendees{ALICE}", json={**body, "email": "x@localhost", "phone": "1"})
    assert bad.json()["message"] == "invalid_string in 'email': Invalid; Unrecognized key(s) in object: 'phone'"
    zone = c.post(f"/v1/attendees{ALICE}", json={**body, "timeZone": "Nowhere"})
    assert zone.json()["message"].startswith("custom in 'timeZone': Expected one of the following:")
    fay = 13  # the attendee of alice-future-accepted
    for method in ("GET", "PATCH", "DELETE"):
        response = c.request(method, f"/v1/attendees/{fay}{CAROL}", json={"bookingId": alices})
        assert (response.status_code, response.json()) == (403, {"message": "Forbidden"}), method
    required = c.patch(f"/v1/attendees/{fay}{ALICE}", json={"name": "Fay"})
    assert required.json()["message"] == "invalid_type in 'bookingId': Required"
    elsewhere = c.patch(f"/v1/attendees/{fay}{ALICE}", json={"bookingId": booking_id(c, "dave-future")})
    assert (elsewhere.status_code, elsewhere.json()["message"]) == (403, "You don't have access to the booking")
    assert c.get(f"/v1/attendees/999{ROOT}").json()["message"] == "Expected object, received null"
    assert c.delete(f"/v1/attendees/999{ROOT}").status_code == 404
    assert len(c.get(f"/v1/attendees{ROOT}").json()["attendees"]) == sum(
        len(b["attendees"]) for b in state(c, "bookings")
    )


# booking references ----------------------------------------------------------------------------------------

NULLABLE = ("meetingId", "thirdPartyRecurringEventId", "meetingPassword", "meetingUrl", "externalCalendarId",
            "deleted", "credentialId", "delegationCredentialId", "domainWideDelegationCredentialId")  # fmt: skip


def test_booking_references_crud(c: TestClient) -> None:
    target = booking_id(c, "alice-future-accepted")
    body: dict[str, Any] = {"type": "google_calendar", "uid": "evt-1", "bookingId": target, **dict.fromkeys(NULLABLE)}
    body["meetingUrl"] = "https://meet.example.com/x"
    created = c.post(f"/v1/booking-references{ALICE}", json=body)
    assert created.status_code == 200, created.text
    reference = created.json()["booking_reference"]
    assert created.json()["message"] == "Booking reference created successfully"
    assert reference == {"id": reference["id"], "type": "google_calendar", "bookingId": target, "uid": "evt-1",
                         "meetingId": None, "meetingPassword": None, "meetingUrl": "https://meet.example.com/x",
                         "deleted": None}  # fmt: skip
    path = f"/v1/booking-references/{reference['id']}"
    assert c.get(f"/v1/booking-references{ALICE}").json() == {"booking_references": [reference]}
    assert c.get(f"/v1/booking-references{CAROL}").json() == {"booking_references": []}
    assert c.get(f"{path}{ALICE}").json() == {"booking_reference": reference}
    edited = c.patch(f"{path}{ALICE}", json={"meetingId": "room-7"})
    assert edited.json()["booking_reference"]["meetingId"] == "room-7"
    assert c.delete(f"{path}{ALICE}").json() == {"message": f"BookingReference with id: {reference['id']} deleted"}
    assert state(c, "booking_references") == []


def test_booking_reference_refusals(c: TestClient) -> None:
    target = booking_id(c, "alice-future-accepted")
    short = c.post(f"/v1/booking-references{ALICE}", json={"type": "google_calendar", "uid": "e", "bookingId": target})
    assert short.status_code == 400
    assert short.json()["message"] == "; ".join(f"invalid_type in '{k}': Required" for k in NULLABLE)
    full: dict[str, Any] = {"type": "google_calendar", "uid": "e", "bookingId": target, **dict.fromkeys(NULLABLE)}
    not_theirs = c.post(f"/v1/booking-references{CAROL}", json=full)
    assert (not_theirs.status_code, not_theirs.json()["message"]) == (
        404,
        "An error occurred while querying the database.",
    )
    reference = c.post(f"/v1/booking-references{ALICE}", json=full).json()["booking_reference"]
    for method in ("GET", "PATCH", "DELETE"):
        response = c.request(method, f"/v1/booking-references/{reference['id']}{CAROL}", json={})
        assert (response.status_code, response.json()) == (403, {"message": "Forbidden"}), method
    assert c.get(f"/v1/booking-references/999{ROOT}").status_code == 404
    unknown = c.patch(f"/v1/booking-references/{reference['id']}{ALICE}", json={"colour": "red"})
    assert unknown.json()["message"] == "Unrecognized key(s) in object: 'colour'"


# one world ---------------------------------------------------------------------------------------------------


def test_v1_legacy_and_v2_read_the_same_booking(c: TestClient) -> None:
    made = c.post(f"/v1/bookings{ALICE}", json=booking_body()).json()
    legacy = c.get(f"/v2/bookings/{made['uid']}")
    assert legacy.status_code == 200
    assert (legacy.json()["data"]["id"], legacy.json()["data"]["startTime"]) == (made["id"], FREE)
    if "BookingsController_2024_08_13_getBooking" in HANDLERS:
        current = c.get(f"/v2/bookings/{made['uid']}", headers={"cal-api-version": "2024-08-13"})
        assert (current.json()["data"]["id"], current.json()["data"]["start"]) == (made["id"], FREE)
    c.delete(f"/v1/bookings/{made['id']}/cancel{ALICE}")
    assert c.get(f"/v2/bookings/{made['uid']}").json()["data"]["status"] == "CANCELLED"
    stored = next(b for b in state(c, "bookings") if b["id"] == made["id"])
    assert (stored["uid"], stored["status"], stored["cancellation_reason"]) == (
        made["uid"],
        "CANCELLED",
        "Not Provided",
    )


def test_without_a_key(c: TestClient) -> None:
    for path in ("/v1/bookings", "/v1/bookings/1", "/v1/attendees", "/v1/booking-references/1"):
        response = c.get(path)
        assert (response.status_code, response.json()) == (401, {"message": "No apiKey provided"}), path
