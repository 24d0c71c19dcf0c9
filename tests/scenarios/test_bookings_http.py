"""Bookings over HTTP (cal-api-version 2024-08-13) on the default world at Monday 2026-01-05 09:00 UTC,
plus two event types merged in through the admin API: a weekly series of three (alice/weekly) and a
paid event type whose payment fails (grace/declined, metadata paymentFails), and a seated class whose
attendees are hidden (dave/class).

Every answer also passes the strict response check (an off-spec answer would be a 500).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings

V2 = {"cal-api-version": "2024-08-13"}
ALICE = {**V2, "Authorization": "Bearer cal_a11ce000000000000000000000000001"}
BOB = {**V2, "Authorization": "Bearer cal_b0b00000000000000000000000000002"}
CAROL = {**V2, "Authorization": "Bearer cal_ca201000000000000000000000000003"}
DAVE = {**V2, "Authorization": "Bearer cal_da7e0000000000000000000000000004"}
ALICE_KEY = "cal_a11ce000000000000000000000000001"
EXTRA = """
eventTypes:
  alice/weekly:
    owner: alice
    title: Weekly sync
    length: 30
    recurringEvent: {freq: 2, count: 3, interval: 1}
  grace/declined:
    owner: grace
    title: Paid consult
    length: 15
    price: 5000
    currency: eur
    metadata: {paymentFails: true}
  dave/class:
    owner: dave
    title: Evening class
    length: 60
    seatsPerTimeSlot: 2
"""
ROMAN = {"name": "Mr Proper", "email": "mr@example.com", "timeZone": "Europe/Rome", "language": "it"}


@pytest.fixture(scope="module")
def app_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z")), raise_server_exceptions=False) as client:
        loaded = client.post("/_emulator/fixtures?mode=merge", content=EXTRA, headers={"content-type": "text/yaml"})
        assert loaded.status_code == 200, loaded.text
        yield client


@pytest.fixture
def http(app_client: TestClient) -> TestClient:
    assert app_client.post("/_emulator/reset").status_code == 200
    return app_client


@pytest.fixture(scope="module")
def ids(app_client: TestClient) -> dict[str, int]:
    records = app_client.get("/_emulator/state/event_types").json()["records"]
    return {r["key"]: r["id"] for r in records}


def uid_of(http: TestClient, key: str) -> str:
    records = http.get("/_emulator/state/bookings").json()["records"]
    return str(next(r["uid"] for r in records if r["key"] == key))


def book(http: TestClient, event_type_id: int, start: str, headers: dict[str, str] = V2, **extra: Any) -> Any:
    body = {"start": start, "eventTypeId": event_type_id, "attendee": ROMAN, **extra}
    return http.post("/v2/bookings", headers=headers, json=body)


def created(response: Any) -> Any:
    assert response.status_code == 201, response.text
    return response.json()["data"]


def envelope(response: Any, status: int, code: str | None = None) -> str:
    """The standard error envelope's message (and its code, when given)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == "error" and set(body) == {"status", "timestamp", "path", "error"}, body
    if code is not None:
        assert body["error"]["code"] == code
    return str(body["error"]["message"])


def bare(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"statusCode", "message"} and body["statusCode"] == status, body
    return str(body["message"])


def slot_starts(http: TestClient, event_type_id: int, day: str = "2026-01-06") -> list[str]:
    response = http.get(
        "/v2/slots",
        params={"eventTypeId": event_type_id, "start": day, "end": day},
        headers={"cal-api-version": "2024-09-04"},
    )
    assert response.status_code == 200, response.text
    return [s["start"] for s in response.json()["data"].get(day, [])]


# creating --------------------------------------------------------------------------------------------


def test_an_individual_booking_in_the_servers_shape(http: TestClient) -> None:
    data = created(
        book(
            http,
            2,
            "2026-01-06T10:00:00Z",
            location="https://meet.example.com/abc",
            bookingFieldsResponses={"customField": "customValue"},
            metadata={"userId": "100"},
            guests=["guest@example.com"],
        )
    )
    uid = data["uid"]
    assert len(uid) == 22
    assert data == {
        "id": 28,
        "uid": uid,
        "title": "30 Min Meeting between Alice Anderson and Mr Proper",
        "description": None,
        "hosts": [
            {
                "id": 1,
                "name": "Alice Anderson",
                "email": "alice@acme.example",
                "username": "alice",
                "timeZone": "Europe/London",
            }
        ],
        "status": "accepted",
        "start": "2026-01-06T10:00:00.000Z",
        "end": "2026-01-06T10:30:00.000Z",
        "duration": 30,
        "eventType": {"id": 2, "slug": "30min"},
        "eventTypeId": 2,
        "location": "https://meet.example.com/abc",
        "meetingUrl": "https://meet.example.com/abc",
        "absentHost": False,
        "createdAt": "2026-01-05T09:00:00.000Z",
        "updatedAt": "2026-01-05T09:00:00.000Z",
        "rating": None,
        "icsUid": f"{uid}@Cal.com",
        "attendees": [
            {
                "name": "Mr Proper",
                "email": "mr@example.com",
                "timeZone": "Europe/Rome",
                "language": "it",
                "absent": False,
            },
            {"name": "", "email": "guest@example.com", "timeZone": "Europe/Rome", "language": "en", "absent": False},
        ],
        "guests": ["guest@example.com"],
        "rescheduledByEmail": None,
        "bookingFieldsResponses": {
            "customField": "customValue",
            "name": "Mr Proper",
            "email": "mr@example.com",
            "guests": ["guest@example.com"],
            "location": {"value": "link", "optionValue": "https://meet.example.com/abc"},
        },
        "metadata": {"userId": "100"},
    }
    for headers in (V2, ALICE, DAVE):  # optional auth: anyone holding the uid reads it
        read = http.get(f"/v2/bookings/{uid}", headers=headers)
        assert read.status_code == 200 and read.json()["data"] == data


def test_a_cal_video_booking_links_its_meeting(http: TestClient) -> None:
    data = created(book(http, 2, "2026-01-06T10:00:00Z"))
    assert data["location"] == data["meetingUrl"] == f"https://app.cal.com/video/{data['uid']}"
    assert data["metadata"] == {}  # the video link is not user metadata
    refs = http.get(f"/v2/bookings/{data['uid']}/references", headers=ALICE)
    assert refs.status_code == 200
    [reference] = refs.json()["data"]
    assert reference["type"] == "daily_video" and reference["destinationCalendarId"] is None
    assert http.get(f"/v2/bookings/{data['uid']}/recordings", headers=V2).json()["data"] == []
    other = envelope(http.get(f"/v2/bookings/{data['uid']}/references", headers=CAROL), 400)
    assert other == f"Booking with uid {data['uid']} does not belong to user"


def test_an_event_type_named_by_slug_and_username_or_team(http: TestClient) -> None:
    by_user = {"eventTypeSlug": "30min", "username": "bob", "start": "2026-01-06T16:00:00Z", "attendee": ROMAN}
    assert created(http.post("/v2/bookings", headers=V2, json=by_user))["hosts"][0]["username"] == "bob"
    by_team = {"eventTypeSlug": "demo", "teamSlug": "acme-sales", "organizationSlug": "acme",
               "start": "2026-01-07T14:00:00Z", "attendee": ROMAN}  # fmt: skip
    assert created(http.post("/v2/bookings", headers=V2, json=by_team))["eventType"]["slug"] == "demo"
    missing = {**by_user, "eventTypeSlug": "nope"}
    assert envelope(http.post("/v2/bookings", headers=V2, json=missing), 404) == (
        "Event type with slug nope belonging to user bob not found."
    )
    nobody = {**by_user, "username": "nobody"}
    assert envelope(http.post("/v2/bookings", headers=V2, json=nobody), 404) == "User with username nobody not found"
    assert envelope(book(http, 999, "2026-01-06T10:00:00Z"), 404, "NotFoundException") == (
        "Event type with id 999 not found."
    )


def test_a_seated_booking_takes_a_seat_and_others_join_it(http: TestClient, ids: dict[str, int]) -> None:
    workshop = created(book(http, ids["alice/workshop"], "2026-01-08T14:00:00Z"))  # the fixture booking's slot
    assert workshop["uid"] == uid_of(http, "workshop-seated")
    assert [a["email"] for a in workshop["attendees"]] == ["sam@guest.example", "tia@guest.example", "mr@example.com"]
    assert workshop["seatUid"] == workshop["attendees"][2]["seatUid"]
    assert workshop["attendees"][2]["bookingFieldsResponses"] == {"guests": [], "name": "Mr Proper"}  # no e-mail
    assert "bookingFieldsResponses" not in workshop and "guests" not in workshop
    again = book(http, ids["alice/workshop"], "2026-01-08T14:00:00Z")
    assert bare(again, 409) == "already_signed_up_for_this_booking_error"
    # dave's class hides its attendees from everyone but its owner
    first = created(book(http, ids["dave/class"], "2026-01-06T18:00:00Z"))
    assert first["attendees"] == [] and first["seatUid"]
    second = created(
        book(http, ids["dave/class"], "2026-01-06T18:00:00Z", DAVE, attendee={**ROMAN, "email": "b@x.org"})
    )
    assert [a["email"] for a in second["attendees"]] == ["mr@example.com", "b@x.org"]
    full = book(http, ids["dave/class"], "2026-01-06T18:00:00Z", attendee={**ROMAN, "email": "c@x.org"})
    assert envelope(full, 409, "ConflictException") == "No more seats left at this seated booking."
    assert "2026-01-06T18:00:00.000Z" not in slot_starts(http, ids["dave/class"])


def test_a_recurring_event_type_makes_a_series(http: TestClient, ids: dict[str, int]) -> None:
    series = created(book(http, ids["alice/weekly"], "2026-01-06T10:00:00Z"))
    assert [b["start"] for b in series] == [
        "2026-01-06T10:00:00.000Z",
        "2026-01-13T10:00:00.000Z",
        "2026-01-20T10:00:00.000Z",
    ]
    recurring_uid = series[0]["recurringBookingUid"]
    assert {b["recurringBookingUid"] for b in series} == {recurring_uid}
    assert all("rescheduledByEmail" not in b for b in series)
    read = http.get(f"/v2/bookings/{recurring_uid}", headers=V2)
    assert read.status_code == 200 and read.json()["data"] == series
    two = created(book(http, ids["alice/weekly"], "2026-01-07T10:00:00Z", recurrenceCount=2))
    assert len(two) == 2
    too_many = book(http, ids["alice/weekly"], "2026-01-08T10:00:00Z", recurrenceCount=4)
    assert envelope(too_many, 400) == "Provided recurrence count is higher than the event type's recurring event count."


def test_requiring_confirmation_then_confirm_and_decline(http: TestClient, ids: dict[str, int]) -> None:
    consultation = ids["alice/consultation"]
    pending = created(book(http, consultation, "2026-01-07T09:00:00Z"))
    assert pending["status"] == "pending"
    assert http.post(f"/v2/bookings/{pending['uid']}/confirm", headers=V2).status_code == 403  # PermissionsGuard
    stranger = http.post(f"/v2/bookings/{pending['uid']}/confirm", headers=DAVE)
    assert envelope(stranger, 401, "TRPCError") == "You are not authorized to access this resource"
    confirmed = http.post(f"/v2/bookings/{pending['uid']}/confirm", headers=ALICE)
    assert confirmed.status_code == 200 and confirmed.json()["data"]["status"] == "accepted"
    again = http.post(f"/v2/bookings/{pending['uid']}/confirm", headers=ALICE)
    assert envelope(again, 400, "TRPCError") == "Bad request: Please check your request data and try again"
    other = created(book(http, consultation, "2026-01-07T09:45:00Z", attendee={**ROMAN, "email": "o@x.org"}))
    declined = http.post(f"/v2/bookings/{other['uid']}/decline", headers=ALICE, json={"reason": "full"})
    assert declined.status_code == 200 and declined.json()["data"]["status"] == "rejected"
    # carol administers a team alice belongs to, which lets her see alice's bookings but not decide on them;
    # bob administers the organization alice belongs to, and may
    third = created(book(http, consultation, "2026-01-08T09:00:00Z"))
    assert envelope(http.post(f"/v2/bookings/{third['uid']}/confirm", headers=CAROL), 401, "TRPCError")
    assert http.post(f"/v2/bookings/{third['uid']}/confirm", headers=BOB).json()["data"]["status"] == "accepted"


def test_booking_limits_are_a_bare_401(http: TestClient, ids: dict[str, int]) -> None:
    consultation = ids["alice/consultation"]  # at most 2 accepted a day
    for i, start in enumerate(("2026-01-07T09:00:00Z", "2026-01-07T09:45:00Z")):
        made = created(book(http, consultation, start, attendee={**ROMAN, "email": f"p{i}@x.org"}))
        assert http.post(f"/v2/bookings/{made['uid']}/confirm", headers=ALICE).status_code == 200
    assert bare(book(http, consultation, "2026-01-07T10:30:00Z"), 401) == "booking_limit_reached"


def test_team_collective_and_round_robin(http: TestClient, ids: dict[str, int]) -> None:
    demo = created(book(http, ids["acme-sales/demo"], "2026-01-06T14:00:00Z"))
    assert demo["title"] == "Product demo between Acme Sales and Mr Proper"
    assert [h["username"] for h in demo["hosts"]] == ["alice"]
    assert [a["email"] for a in demo["attendees"]] == ["mr@example.com", "bob@acme.example"]
    busy = book(http, ids["acme-sales/demo"], "2026-01-06T15:30:00Z")  # bob has a booking then
    assert envelope(busy, 400) == "One of the hosts either already has booking at this time or is not available"
    # discovery: alice is fixed; carol (priority 3) beats bob when both are free
    early = created(book(http, ids["acme-sales/discovery"], "2026-01-06T09:30:00Z"))
    assert [a["email"] for a in early["attendees"]] == ["mr@example.com", "carol@acme.example"]
    late = created(book(http, ids["acme-sales/discovery"], "2026-01-06T14:30:00Z"))  # carol's day is over
    assert [a["email"] for a in late["attendees"]] == ["mr@example.com", "bob@acme.example"]
    assert late["hosts"][0]["username"] == "alice"


def test_instant_bookings(http: TestClient, ids: dict[str, int]) -> None:
    personal = book(http, 2, "2026-01-05T09:00:00Z", instant=True)
    assert envelope(personal, 400) == (
        "Instant bookings are only supported for team event types, not individual user event types."
    )
    data = created(book(http, ids["acme-sales/demo"], "2026-01-05T09:00:00Z", instant=True))
    assert data["status"] == "awaiting_host" and data["title"] == "Instant Meeting with Mr Proper"
    assert data["hosts"] == [{"id": "unknown", "name": "unknown", "email": "unknown", "username": "unknown"}]


def test_a_paid_event_type(http: TestClient, ids: dict[str, int]) -> None:
    paid = created(book(http, ids["grace/15min"], "2026-01-07T13:00:00Z"))
    assert paid["status"] == "accepted"
    assert http.get("/_emulator/state/bookings").json()["records"][-1]["paid"] is True
    before = http.get("/_emulator/state").json()
    failed = book(http, ids["grace/declined"], "2026-01-07T13:30:00Z")
    assert envelope(failed, 402, "PaymentRequiredException") == (
        f"Payment required: the payment of 50.00 EUR for event type with id={ids['grace/declined']} failed "
        "(couldnt_charge_card_error), so no booking was made."
    )
    assert http.get("/_emulator/state").json() == before


# the server's refusals ---------------------------------------------------------------------------------


def test_bodies_are_checked_as_the_servers_pipe_checks_them(http: TestClient) -> None:
    unknown = book(http, 2, "2026-01-06T10:00:00Z", attendee={**ROMAN, "age": 3}, color="red")
    assert envelope(unknown, 400, "BadRequestException") == (
        "color property is wrong,property color should not exist , "
        "attendee property is wrong, age property is wrong,property age should not exist "
    )
    nameless = http.post("/v2/bookings", headers=V2, json={"start": "2026-01-06T10:00:00Z", "attendee": ROMAN})
    assert envelope(nameless, 400) == (
        "eventTypeId or eventTypeSlug + username property is wrong,Either eventTypeId or eventTypeSlug + username or "
        "eventTypeSlug + teamSlug must be provided "
    )
    instant_off = book(http, 2, "2026-01-06T10:00:00Z", instant=False)
    assert envelope(instant_off, 400) == "instant property is wrong,property instant should not exist "
    zone = book(http, 2, "2026-01-06T10:00:00Z", attendee={**ROMAN, "timeZone": "Mars/Base"})
    assert (
        envelope(zone, 400)
        == "attendee property is wrong, timeZone property is wrong,timeZone must be a valid IANA time-zone "
    )
    metadata = book(http, 2, "2026-01-06T10:00:00Z", metadata={"k" * 41: "v"})
    assert envelope(metadata, 400).startswith("metadata property is wrong,Metadata must have at most 50 keys")
    length = book(http, 2, "2026-01-06T10:00:00Z", lengthInMinutes=60)
    assert envelope(length, 400).startswith("Can't specify 'lengthInMinutes' because event type does not have")
    where = book(http, 2, "2026-01-06T10:00:00Z", location={"type": "address"})
    assert envelope(where, 400) == (
        "Booking location with type address not valid for event type with id=2. The event type has following "
        "location types: integration, and only these types are allowed for booking location."
    )


def test_time_refusals(http: TestClient) -> None:
    assert envelope(book(http, 2, "2026-01-02T10:00:00Z"), 400) == "Attempting to book a meeting in the past."
    notice = envelope(book(http, 2, "2026-01-05T10:00:00Z"), 400)  # inside the 2 hours' notice
    assert notice.startswith('The event type can\'t be booked at the "start" time provided.')
    taken = book(http, 2, "2026-01-06T09:00:00Z")  # alice's fixture booking
    assert envelope(taken, 400) == "User either already has booking at this time or is not available"
    assert envelope(book(http, 2, "2026-01-06T10:07:00Z"), 400).startswith("User either")  # not a slot
    managed = book(http, 16, "2026-01-06T10:00:00Z")
    assert envelope(managed, 400).startswith("Event type with id=16 is the parent managed event type")


def test_a_conflicting_occurrence_is_the_bare_409_and_nothing_is_kept(http: TestClient, ids: dict[str, int]) -> None:
    created(book(http, 2, "2026-01-13T12:00:00Z"))  # where the series' second occurrence falls
    before = http.get("/_emulator/state").json()
    conflict = book(http, ids["alice/weekly"], "2026-01-06T12:00:00Z")
    assert conflict.json() == {"statusCode": 409, "message": "booking_conflict_error"} and conflict.status_code == 409
    assert http.get("/_emulator/state").json() == before


def test_failed_requests_leave_the_world_as_it_was(http: TestClient, ids: dict[str, int]) -> None:
    before = http.get("/_emulator/state").json()
    failing = [
        book(http, 2, "2026-01-06T09:00:00Z"),
        book(http, ids["alice/workshop"], "2026-01-08T14:00:00Z", attendee={**ROMAN, "email": "sam@guest.example"}),
        http.post(f"/v2/bookings/{uid_of(http, 'alice-future-accepted')}/cancel", headers=ALICE, json={}),
        http.post(f"/v2/bookings/{uid_of(http, 'bob-future-cancelled')}/reschedule", headers=V2,
                  json={"start": "2026-01-07T16:00:00Z"}),
    ]  # fmt: skip
    assert [r.status_code for r in failing] == [400, 409, 400, 400]
    assert http.get("/_emulator/state").json() == before
    after = created(book(http, 2, "2026-01-06T10:00:00Z"))
    http.post("/_emulator/reset")
    assert created(book(http, 2, "2026-01-06T10:00:00Z"))["uid"] == after["uid"]  # the random source is untouched


# slots see bookings --------------------------------------------------------------------------------------


def test_slots_lose_a_booked_start_and_get_it_back_on_cancel(http: TestClient) -> None:
    def offered() -> tuple[bool, bool, bool]:
        v2 = "2026-01-06T10:00:00.000Z" in slot_starts(http, 2)
        legacy = http.get(
            "/v2/slots/available", params={"eventTypeId": 2, "startTime": "2026-01-06", "endTime": "2026-01-07"}
        ).json()["data"]["slots"]["2026-01-06"]
        v1 = http.get(
            "/v1/slots",
            params={"apiKey": ALICE_KEY, "eventTypeId": 2, "startTime": "2026-01-06", "endTime": "2026-01-07"},
        ).json()["slots"]["2026-01-06"]
        return v2, {"time": "2026-01-06T10:00:00.000Z"} in legacy, {"time": "2026-01-06T10:00:00.000Z"} in v1

    assert offered() == (True, True, True)
    uid = created(book(http, 2, "2026-01-06T10:00:00Z"))["uid"]
    assert offered() == (False, False, False)
    cancelled = http.post(f"/v2/bookings/{uid}/cancel", headers=V2, json={"cancellationReason": "no"})
    assert cancelled.status_code == 200
    assert offered() == (True, True, True)


# reschedule ---------------------------------------------------------------------------------------------


def test_reschedule_makes_a_new_booking_and_cancels_the_old_one(http: TestClient) -> None:
    old = created(book(http, 2, "2026-01-06T10:00:00Z", metadata={"ref": "7"}))
    moved = http.post(
        f"/v2/bookings/{old['uid']}/reschedule",
        headers=V2,
        json={"start": "2026-01-06T14:00:00Z", "reschedulingReason": "clash", "rescheduledBy": "mr@example.com"},
    )
    new = created(moved)
    assert new["uid"] != old["uid"] and new["id"] != old["id"]
    assert (new["rescheduledFromUid"], new["reschedulingReason"]) == (old["uid"], "clash")
    assert (new["start"], new["attendees"], new["metadata"]) == (
        "2026-01-06T14:00:00.000Z",
        old["attendees"],
        {"ref": "7"},
    )
    assert new["location"] == old["location"]  # the meeting stays the same
    read = http.get(f"/v2/bookings/{old['uid']}", headers=V2).json()["data"]
    assert (read["status"], read["rescheduledToUid"], read["rescheduledByEmail"]) == (
        "cancelled",
        new["uid"],
        "mr@example.com",
    )
    assert "2026-01-06T10:00:00.000Z" in slot_starts(http, 2)
    assert "2026-01-06T14:00:00.000Z" not in slot_starts(http, 2)
    again = http.post(f"/v2/bookings/{old['uid']}/reschedule", headers=V2, json={"start": "2026-01-06T15:00:00Z"})
    assert envelope(again, 400) == (
        f"Can't reschedule booking with uid={old['uid']} because it has been cancelled and rescheduled already to "
        f"booking with uid={new['uid']}. You probably want to reschedule {new['uid']} instead by passing it within "
        "the request URL."
    )
    cancelled = uid_of(http, "bob-future-cancelled")
    refused = http.post(f"/v2/bookings/{cancelled}/reschedule", headers=V2, json={"start": "2026-01-07T16:00:00Z"})
    assert envelope(refused, 400).endswith(
        "because it has been cancelled. Please provide uid of a booking that is not cancelled."
    )


def test_rescheduling_a_seat(http: TestClient, ids: dict[str, int]) -> None:
    workshop = uid_of(http, "workshop-seated")
    seats = http.get(f"/v2/bookings/{workshop}", headers=V2).json()["data"]["attendees"]
    no_seat = http.post(f"/v2/bookings/{workshop}/reschedule", headers=V2, json={"start": "2026-01-09T10:00:00Z"})
    assert envelope(no_seat, 400).startswith(f"Booking with uid={workshop} is a seated booking")
    moved = http.post(
        f"/v2/bookings/{workshop}/reschedule",
        headers=V2,
        json={"start": "2026-01-09T10:30:00Z", "seatUid": seats[1]["seatUid"]},
    )
    new = created(moved)
    assert new["rescheduledFromUid"] == workshop and [a["email"] for a in new["attendees"]] == ["tia@guest.example"]
    left = http.get(f"/v2/bookings/{workshop}", headers=V2).json()["data"]
    assert left["status"] == "accepted" and [a["email"] for a in left["attendees"]] == ["sam@guest.example"]


# cancel --------------------------------------------------------------------------------------------------


def test_cancel_rules(http: TestClient) -> None:
    uid = created(book(http, 2, "2026-01-06T10:00:00Z"))["uid"]
    host = http.post(f"/v2/bookings/{uid}/cancel", headers=ALICE, json={})
    assert bare(host, 400) == "Cancellation reason is required when you are the host"
    done = http.post(f"/v2/bookings/{uid}/cancel", headers=ALICE, json={"cancellationReason": "ill"})
    data = done.json()["data"]
    assert (done.status_code, data["status"], data["cancellationReason"], data["cancelledByEmail"]) == (
        200,
        "cancelled",
        "ill",
        None,
    )
    again = http.post(f"/v2/bookings/{uid}/cancel", headers=V2, json={})
    assert envelope(again, 400) == (
        f"Can't cancel booking with uid={uid} because it has been cancelled already. Please provide uid of a booking "
        "that is not cancelled."
    )
    ended = http.post(f"/v2/bookings/{uid_of(http, 'alice-past-accepted')}/cancel", headers=V2, json={})
    assert bare(ended, 400) == "Cannot cancel a booking that has already ended"
    assert (
        envelope(http.post("/v2/bookings/nope/cancel", headers=V2, json={}), 404) == "Booking with uid=nope not found"
    )
    extra = http.post(f"/v2/bookings/{uid}/cancel", headers=V2, json={"why": "x"})
    assert envelope(extra, 400) == "why property is wrong,property why should not exist "


def test_cancelling_a_series_and_a_seat(http: TestClient, ids: dict[str, int]) -> None:
    series = created(book(http, ids["alice/weekly"], "2026-01-06T10:00:00Z"))
    later = http.post(f"/v2/bookings/{series[1]['uid']}/cancel", headers=V2, json={"cancelSubsequentBookings": True})
    assert [b["status"] for b in later.json()["data"]] == ["accepted", "cancelled", "cancelled"]
    everything = http.post(f"/v2/bookings/{series[0]['recurringBookingUid']}/cancel", headers=V2, json={})
    assert [b["status"] for b in everything.json()["data"]] == ["cancelled"] * 3
    workshop = uid_of(http, "workshop-seated")
    seats = http.get(f"/v2/bookings/{workshop}", headers=V2).json()["data"]["attendees"]
    gone = http.post(f"/v2/bookings/{workshop}/cancel", headers=V2, json={"seatUid": seats[0]["seatUid"]})
    assert [a["email"] for a in gone.json()["data"]["attendees"]] == ["tia@guest.example"]
    unknown = http.post(f"/v2/bookings/{workshop}/cancel", headers=V2, json={"seatUid": "nope"})
    assert envelope(unknown, 400) == "Invalid seatUid: this seat does not exist or has already been cancelled."
    stranger = http.post(f"/v2/bookings/{workshop}/cancel", headers=DAVE, json={"cancellationReason": "x"})
    assert bare(stranger, 401) == "User not a host of this event"


# mark absent, reassign, links ---------------------------------------------------------------------------


def test_mark_absent(http: TestClient) -> None:
    future = uid_of(http, "alice-future-accepted")
    early = http.post(f"/v2/bookings/{future}/mark-absent", headers=ALICE, json={"host": True})
    assert envelope(early, 400) == (
        "Bookings can only be marked as absent after their scheduled start time. Current time in UTC+0: "
        "2026-01-05T09:00:00.000Z, Booking start time in UTC+0: 2026-01-06T09:00:00.000Z"
    )
    past = uid_of(http, "alice-past-accepted")
    stranger = http.post(f"/v2/bookings/{past}/mark-absent", headers=DAVE, json={"host": True})
    assert bare(stranger, 403) == "You are not allowed to access this booking"
    body = {"host": True, "attendees": [{"email": "paul@guest.example", "absent": True}]}
    marked = http.post(f"/v2/bookings/{past}/mark-absent", headers=ALICE, json=body).json()["data"]
    assert marked["absentHost"] is True and marked["attendees"][0]["absent"] is True


def test_reassign_a_round_robin_booking(http: TestClient, ids: dict[str, int]) -> None:
    late = created(book(http, ids["acme-sales/discovery"], "2026-01-06T14:30:00Z"))
    none_free = http.post(f"/v2/bookings/{late['uid']}/reassign", headers=ALICE)
    assert envelope(none_free, 400) == "Can't reassign the booking because no other host is available at that time."
    to_carol = http.post(f"/v2/bookings/{late['uid']}/reassign/3", headers=ALICE, json={"reason": "x"})
    assert to_carol.status_code == 200
    assert to_carol.json()["data"] == {
        "bookingUid": late["uid"],
        "reassignedTo": {"id": 3, "name": "Carol Chen", "email": "carol@acme.example"},
    }
    not_host = http.post(f"/v2/bookings/{late['uid']}/reassign/4", headers=ALICE, json={})
    assert envelope(not_host, 400).startswith("User with id=4 is not a valid Round Robin host")


def test_calendar_links(http: TestClient) -> None:
    uid = created(book(http, 2, "2026-01-06T10:00:00Z"))["uid"]
    links = http.get(f"/v2/bookings/{uid}/calendar-links", headers=ALICE).json()["data"]
    assert [link["label"] for link in links] == ["Google Calendar", "Microsoft Office", "Microsoft Outlook", "ICS"]
    assert links[0]["link"].startswith("https://calendar.google.com/calendar/r/eventedit?dates=20260106T100000Z/")
    assert links[3]["link"].startswith("data:text/calendar,BEGIN%3AVCALENDAR")
    missing = http.get("/v2/bookings/nope/calendar-links", headers=ALICE)
    assert envelope(missing, 404) == "Booking with uid nope not found"


# the list ------------------------------------------------------------------------------------------------


def listed(http: TestClient, headers: dict[str, str], **query: Any) -> Any:
    response = http.get("/v2/bookings", headers=headers, params=query)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_list_filters_and_pages(http: TestClient) -> None:
    everything = listed(http, ALICE)
    # alice administers acme and acme-sales: the bookings of their members (alice, bob, carol) and event types;
    # and olivia's (a managed user of acme's client, so a member of acme); not those of dave, frank, erin and
    # grace (design-studio, no team)
    assert everything["pagination"]["totalItems"] == len(everything["data"]) == 23
    upcoming = listed(http, ALICE, status="upcoming")["data"]
    starts = [b["start"] for b in upcoming]
    assert starts == sorted(starts) and all(b["status"] not in ("cancelled", "rejected") for b in upcoming)
    cancelled = listed(http, ALICE, status="cancelled,past", sortStart="desc")["data"]
    assert {b["status"] for b in cancelled} >= {"cancelled", "rejected"}
    assert [b["start"] for b in cancelled] == sorted((b["start"] for b in cancelled), reverse=True)
    by_email = listed(http, ALICE, attendeeEmail="fay@guest.example")["data"]
    assert [b["uid"] for b in by_email] == [uid_of(http, "alice-future-accepted")]
    page = listed(http, ALICE, status="upcoming", take=2, skip=2)
    assert [b["uid"] for b in page["data"]] == [b["uid"] for b in upcoming[2:4]]
    assert page["pagination"] == {
        "returnedItems": 2,
        "totalItems": len(upcoming),
        "itemsPerPage": 2,
        "remainingItems": len(upcoming) - 4,
        "currentPage": 2,
        "totalPages": -(-len(upcoming) // 2),
        "hasNextPage": True,
        "hasPreviousPage": True,
    }
    seated = next(b for b in everything["data"] if b["eventType"]["slug"] == "workshop")
    assert [a["email"] for a in seated["attendees"]] == ["sam@guest.example", "tia@guest.example"]


def test_who_sees_which_bookings(http: TestClient) -> None:
    dave = listed(http, DAVE)["data"]  # owner of design-studio: its members' too (erin's invitation is pending)
    assert {b["hosts"][0]["username"] for b in dave} == {"dave", "frank", "erin"}
    mine = created(book(http, 9, "2026-01-06T18:00:00Z"))
    assert mine["uid"] in [b["uid"] for b in listed(http, DAVE, status="upcoming")["data"]]
    assert mine["uid"] not in [b["uid"] for b in listed(http, CAROL)["data"]]
    assert http.get("/v2/bookings", headers=V2).status_code == 403  # PermissionsGuard runs first
    bad = http.get("/v2/bookings", headers=ALICE, params={"take": 0})
    assert envelope(bad, 400) == "Bad Request Exception"
    wrong = http.get("/v2/bookings", headers=ALICE, params={"status": "soon"})
    assert wrong.status_code == 400


def test_an_empty_page_is_page_zero_of_zero(http: TestClient) -> None:
    empty = listed(http, ALICE, afterStart="2099-01-01T00:00:00Z")
    assert empty == {
        "status": "success",
        "data": [],
        "pagination": {
            "returnedItems": 0,
            "totalItems": 0,
            "itemsPerPage": 100,
            "remainingItems": 0,
            "currentPage": 0,
            "totalPages": 0,
            "hasNextPage": False,
            "hasPreviousPage": False,
        },
    }


def test_team_and_event_type_filters(http: TestClient, ids: dict[str, int]) -> None:
    sales = http.get("/_emulator/state/teams").json()["records"]
    team = next(t["id"] for t in sales if t["key"] == "acme-sales")
    by_team = listed(http, ALICE, teamId=team)["data"]
    assert by_team and {b["eventType"]["slug"] for b in by_team} <= {"demo", "discovery"}
    by_types = listed(http, ALICE, eventTypeIds=f"{ids['alice/15min']},{ids['alice/workshop']}")["data"]
    assert {b["eventTypeId"] for b in by_types} == {ids["alice/15min"], ids["alice/workshop"]}
    named = listed(http, ALICE, attendeeName="Fay Future")["data"]
    assert [b["attendees"][0]["name"] for b in named] == ["Fay Future"]
    bad = http.get("/v2/bookings", headers=ALICE, params={"eventTypeIds": "1,x"})
    assert envelope(bad, 400) == "Bad Request Exception"


def test_an_unconfirmed_booking_comes_back_until_declined_and_recordings_need_cal_video(
    http: TestClient, ids: dict[str, int]
) -> None:
    consultation = ids["alice/consultation"]
    pending = created(book(http, consultation, "2026-01-07T09:00:00Z"))
    assert created(book(http, consultation, "2026-01-07T09:00:00Z"))["uid"] == pending["uid"]  # the same one
    http.post(f"/v2/bookings/{pending['uid']}/decline", headers=ALICE, json={})
    again = created(book(http, consultation, "2026-01-07T09:00:00Z"))
    assert again["uid"] != pending["uid"] and again["status"] == "pending"
    fixture = uid_of(http, "alice-future-accepted")  # made without Cal Video
    missing = http.get(f"/v2/bookings/{fixture}/transcripts", headers=V2)
    assert envelope(missing, 404) == f"No Cal Video reference found with booking uid {fixture}"
