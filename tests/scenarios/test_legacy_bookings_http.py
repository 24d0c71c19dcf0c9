"""The legacy 2024-04-15 bookings controller over HTTP (no cal-api-version header), on the world v1 and
the 2024-08-13 bookings read. Every answer is also held to openapi/legacy/2024-04-15.yaml by the
server itself (an off-spec answer would be a 500)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.api.registry import HANDLERS
from emulator.app import create_app
from emulator.settings import Settings

ALICE = {"Authorization": "Bearer cal_a11ce000000000000000000000000001"}
CAROL = {"Authorization": "Bearer cal_ca201000000000000000000000000003"}
DAVE = {"Authorization": "Bearer cal_da7e0000000000000000000000000004"}
V1_ALICE = "?apiKey=cal_a11ce000000000000000000000000001"
EXTRA = """
eventTypes:
  alice/weekly:
    owner: alice
    title: Weekly sync
    length: 30
    recurringEvent: {freq: 2, count: 4, interval: 1}
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


def record(c: TestClient, key: str) -> dict[str, Any]:
    return next(b for b in state(c, "bookings") if b.get("key") == key)


def key_id(c: TestClient, table: str, key: str) -> int:
    return next(int(r["id"]) for r in state(c, table) if r.get("key") == key)


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def body(**extra: Any) -> dict[str, Any]:
    return {
        "eventTypeId": 2,  # alice/30min
        "start": FREE,
        "timeZone": "Europe/London",
        "language": "en",
        "metadata": {},
        "responses": {"name": "Zoe Zed", "email": "zoe@example.com", "location": DAILY},
        **extra,
    }


def book(c: TestClient, headers: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    response = c.post("/v2/bookings", json=body(**extra), headers=headers or {})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


# list -------------------------------------------------------------------------------------------------


def test_the_list_defaults_to_upcoming_with_paging_fields(c: TestClient) -> None:
    response = c.get("/v2/bookings", headers=CAROL)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert set(data) == {"bookings", "recurringInfo", "totalCount", "nextCursor"}
    starts = [b["startTime"] for b in data["bookings"]]
    assert starts == sorted(starts) and all(s >= "2026-01-05" for s in starts)
    total = data["totalCount"]
    assert len(data["bookings"]) == min(10, total) and data["nextCursor"] == (10 if total > 10 else None)
    entry = data["bookings"][0]
    assert entry["status"].isupper() and entry["eventType"]["currency"] == "usd"
    assert {"references", "payment", "user", "attendees", "seatsReferences", "rescheduler"} <= set(entry)


def test_status_limit_and_cursor(c: TestClient) -> None:
    everything = c.get("/v2/bookings?filters[status]=past", headers=ALICE).json()["data"]
    assert everything["totalCount"] >= 3
    starts = [b["startTime"] for b in everything["bookings"]]
    assert starts == sorted(starts, reverse=True)  # past: newest first
    first = c.get("/v2/bookings?filters[status]=past&limit=2", headers=ALICE).json()["data"]
    assert [b["id"] for b in first["bookings"]] == [b["id"] for b in everything["bookings"][:2]]
    assert first["nextCursor"] == 2 and first["totalCount"] == everything["totalCount"]
    second = c.get("/v2/bookings?filters[status]=past&limit=2&cursor=2", headers=ALICE).json()["data"]
    assert [b["id"] for b in second["bookings"]] == [b["id"] for b in everything["bookings"][2:4]]
    cancelled = c.get("/v2/bookings?filters[status]=cancelled", headers=ALICE).json()["data"]["bookings"]
    assert cancelled and {b["status"] for b in cancelled} <= {"CANCELLED", "REJECTED"}
    assert c.get("/v2/bookings?limit=101", headers=ALICE).status_code == 400


def test_filters_by_event_type_and_user(c: TestClient) -> None:
    demo = key_id(c, "event_types", "acme-sales/demo")
    found = c.get(f"/v2/bookings?filters[status]=upcoming&filters[eventTypeIds][]={demo}", headers=ALICE)
    assert [b["eventType"]["id"] for b in found.json()["data"]["bookings"]] == [demo]
    bob = key_id(c, "users", "bob")
    bobs = c.get(f"/v2/bookings?filters[status]=upcoming&filters[userIds][]={bob}", headers=ALICE).json()["data"]
    assert bobs["bookings"] and all(b["user"]["id"] == bob for b in bobs["bookings"])
    refused = c.get(f"/v2/bookings?filters[status]=upcoming&filters[userIds][]={bob}", headers=DAVE)
    assert refused.status_code == 403
    assert error(refused)["code"] == "TRPCError"
    assert error(refused)["message"] == "You don't have necessary permissions to access this resource"


def test_filter_validation(c: TestClient) -> None:
    no_status = c.get("/v2/bookings?filters[eventTypeIds][]=1", headers=ALICE)
    assert no_status.status_code == 400 and error(no_status)["message"] == "Bad Request Exception"
    child = error(no_status)["details"]["errors"][0]["children"][0]
    assert child["property"] == "status" and "isEnum" in child["constraints"]
    single = c.get("/v2/bookings?filters[status]=upcoming&filters[userIds]=1", headers=ALICE)
    assert error(single)["details"]["errors"][0]["children"][0]["constraints"] == {
        "isArray": "userIds must be an array"
    }


def test_the_list_needs_a_caller(c: TestClient) -> None:
    response = c.get("/v2/bookings")
    assert response.status_code == 403
    assert error(response)["message"].startswith("PermissionsGuard - no authentication provided.")


def test_recurring_info_sums_up_the_callers_series(c: TestClient) -> None:
    weekly = key_id(c, "event_types", "alice/weekly")
    items = [body(eventTypeId=weekly, start=start) for start in ("2026-01-06T13:00:00Z", "2026-01-13T13:00:00Z")]
    created = c.post("/v2/bookings/recurring", json=items)
    assert created.status_code == 201, created.text
    series = created.json()["data"]
    assert len(series) == 2 and len({b["recurringEventId"] for b in series}) == 1
    info = c.get("/v2/bookings", headers=ALICE).json()["data"]["recurringInfo"]
    assert info == [
        {
            "recurringEventId": series[0]["recurringEventId"],
            "count": 2,
            "firstDate": "2026-01-06T13:00:00.000Z",
            "bookings": {
                "ACCEPTED": ["2026-01-06T13:00:00.000Z", "2026-01-13T13:00:00.000Z"],
                "CANCELLED": [],
                "REJECTED": [],
                "PENDING": [],
                "AWAITING_HOST": [],
            },
        }
    ]
    recurring = c.get("/v2/bookings?filters[status]=recurring", headers=ALICE).json()["data"]["bookings"]
    assert [b["uid"] for b in recurring] == [b["uid"] for b in series]


# one booking ------------------------------------------------------------------------------------------


def test_get_a_booking_by_uid(c: TestClient) -> None:
    stored = record(c, "alice-future-accepted")
    response = c.get(f"/v2/bookings/{stored['uid']}")
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["id"], data["status"], data["startTime"]) == (stored["id"], "ACCEPTED", stored["start"])
    assert data["user"]["email"] == "alice@acme.example"
    assert data["attendees"] == [{"name": "Fay Future", "email": "fay@guest.example", "timeZone": "Europe/London",
                                  "phoneNumber": None}]  # fmt: skip
    assert data["eventType"]["slug"] == "15min" and data["responses"]["name"] == "Fay Future"
    missing = c.get("/v2/bookings/nope")
    assert missing.status_code == 404 and error(missing)["message"] == "Booking with UID=nope does not exist."


def test_a_seated_booking_answers_rebuilt_from_its_attendees(c: TestClient) -> None:
    workshop = key_id(c, "event_types", "alice/workshop")
    seated = book(c, eventTypeId=workshop, start="2026-01-06T14:00:00Z", end="2026-01-06T15:30:00Z")
    assert seated["seatReferenceUid"]
    data = c.get(f"/v2/bookings/{seated['uid']}").json()["data"]
    where = {"value": "integrations:daily", "optionValue": "integrations:daily"}  # the booking's location
    assert data["responses"] == {"name": "Zoe Zed", "email": "zoe@example.com", "guests": [], "notes": "",
                                 "location": where}  # fmt: skip
    assert data["seatsReferences"] == [{"referenceUid": seated["seatReferenceUid"]}]


def test_get_a_booking_for_rescheduling(c: TestClient) -> None:
    plain = record(c, "alice-future-accepted")
    data = c.get(f"/v2/bookings/{plain['uid']}/reschedule").json()["data"]
    assert (data["uid"], data["attendees"][0]["bookingSeat"]) == (plain["uid"], None)
    seated = record(c, "workshop-seated")
    refused = c.get(f"/v2/bookings/{seated['uid']}/reschedule")
    assert refused.status_code == 404
    assert error(refused)["message"] == f"Booking with UID={seated['uid']} does not exist."
    seat = seated["attendees"][1]
    by_seat = c.get(f"/v2/bookings/{seat['seat_uid']}/reschedule").json()["data"]
    assert by_seat["uid"] == seated["uid"] and [a["email"] for a in by_seat["attendees"]] == [seat["email"]]
    assert by_seat["attendees"][0]["bookingSeat"]["referenceUid"] == seat["seat_uid"]
    assert c.get("/v2/bookings/nope/reschedule").status_code == 404


# create ------------------------------------------------------------------------------------------------


def test_create_a_booking(c: TestClient) -> None:
    made = book(c, responses={"name": {"firstName": "Zoe", "lastName": "Zed"}, "email": "zoe@example.com"})
    assert (made["userId"], made["status"], made["startTime"], made["endTime"]) == (
        1, "ACCEPTED", FREE, "2026-01-06T11:30:00.000Z",
    )  # fmt: skip
    assert made["responses"]["name"] == "Zoe Zed" and made["attendees"][0]["name"] == "Zoe Zed"
    assert made["user"]["email"] is None and made["creationSource"] == "API_V2" and made["isDryRun"] is False
    v1 = c.get(f"/v1/bookings/{made['id']}{V1_ALICE}").json()["booking"]
    assert (v1["uid"], v1["startTime"]) == (made["uid"], FREE)


def test_create_errors_are_core_errors_in_the_envelope(c: TestClient) -> None:
    book(c)
    taken = c.post("/v2/bookings", json=body(responses={"name": "O", "email": "o@example.com"}))
    assert taken.status_code == 400
    assert error(taken) == {"code": "HttpException", "message": "no_available_users_found_error",
                            "details": "no_available_users_found_error"}  # fmt: skip
    past = c.post("/v2/bookings", json=body(start="2026-01-02T11:00:00Z"))
    assert (past.status_code, error(past)["message"]) == (400, "Attempting to book a meeting in the past.")
    soon = c.post("/v2/bookings", json=body(eventTypeId=key_id(c, "event_types", "alice/consultation"),
                                             start="2026-01-05T14:00:00Z"))  # fmt: skip
    assert (soon.status_code, error(soon)["message"]) == (400, "booking_time_out_of_bounds_error")
    length = c.post("/v2/bookings", json=body(start="2026-01-06T14:00:00Z", end="2026-01-06T15:00:00Z"))
    assert error(length)["message"] == "Invalid event length"
    missing = c.post("/v2/bookings", json=body(eventTypeId=999))
    assert (missing.status_code, error(missing)["message"]) == (404, "event_type_not_found")
    zone = c.post("/v2/bookings", json=body(timeZone="Mars/Base"))
    assert zone.status_code == 400


def test_reschedule_through_create(c: TestClient) -> None:
    original = record(c, "alice-future-accepted")
    moved = book(c, rescheduleUid=original["uid"], start="2026-01-06T15:00:00Z")
    assert moved["fromReschedule"] == original["uid"] and moved["uid"] != original["uid"]
    old = c.get(f"/v2/bookings/{original['uid']}").json()["data"]
    assert (old["status"], old["rescheduled"]) == ("CANCELLED", True)
    again = c.post("/v2/bookings", json=body(rescheduleUid=original["uid"], start="2026-01-06T16:00:00Z"))
    assert (again.status_code, error(again)["message"]) == (400, "cancelled_bookings_cannot_be_rescheduled")
    missing = c.post("/v2/bookings", json=body(rescheduleUid="nope"))
    assert (missing.status_code, error(missing)["message"]) == (404, "Could not find original booking")


def test_recurring_bookings_of_a_plain_event_type_share_a_series(c: TestClient) -> None:
    items = [body(), body(start="2026-01-14T11:00:00Z")]
    made = c.post("/v2/bookings/recurring", json=items).json()["data"]
    assert [b["startTime"] for b in made] == [FREE, "2026-01-14T11:00:00.000Z"]
    assert made[0]["recurringEventId"] and made[0]["recurringEventId"] == made[1]["recurringEventId"]
    assert c.post("/v2/bookings/recurring", json=[]).status_code == 400


def test_instant_bookings(c: TestClient) -> None:
    demo = key_id(c, "event_types", "acme-sales/demo")
    response = c.post("/v2/bookings/instant", json=body(eventTypeId=demo))
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["message"] == "Success" and data["expires"] == "2026-01-05T09:01:30.000Z"
    instant = c.get(f"/v2/bookings/{data['bookingUid']}").json()["data"]
    assert (instant["id"], instant["status"]) == (data["bookingId"], "AWAITING_HOST")
    personal = c.post("/v2/bookings/instant", json=body())
    assert (personal.status_code, error(personal)["message"]) == (
        400, "Only Team Event Types are supported for Instant Meeting",
    )  # fmt: skip


# cancel and no-show -----------------------------------------------------------------------------------


def test_cancel_a_booking(c: TestClient) -> None:
    stored = record(c, "alice-future-accepted")
    response = c.post(f"/v2/bookings/{stored['uid']}/cancel", json={"cancellationReason": "Sick"})
    assert response.status_code == 201, response.text
    assert response.json()["data"] == {
        "bookingId": stored["id"],
        "bookingUid": stored["uid"],
        "onlyRemovedAttendee": False,
    }
    v1 = c.get(f"/v1/bookings/{stored['id']}{V1_ALICE}").json()["booking"]
    assert v1["status"] == "CANCELLED"
    again = c.post(f"/v2/bookings/{stored['uid']}/cancel", json={})
    assert again.status_code == 400 and error(again)["message"].startswith(
        f"Can't cancel booking with uid={stored['uid']} because it has been cancelled already."
    )


def test_cancel_refusals(c: TestClient) -> None:
    numeric = c.post("/v2/bookings/123/cancel", json={})
    assert (numeric.status_code, error(numeric)["message"]) == (
        400,
        "Please provide booking uid instead of booking id.",
    )
    missing = c.post("/v2/bookings/nope/cancel", json={})
    assert (missing.status_code, error(missing)["message"]) == (404, "Booking with UID=nope does not exist.")
    future = record(c, "alice-future-accepted")
    host = c.post(f"/v2/bookings/{future['uid']}/cancel", json={}, headers=ALICE)
    assert host.status_code == 400
    assert error(host) == {"code": "HttpException", "message": "Cancellation reason is required when you are the host",
                           "details": "Cancellation reason is required when you are the host"}  # fmt: skip
    ended = c.post(f"/v2/bookings/{record(c, 'alice-past-accepted')['uid']}/cancel", json={})
    assert error(ended)["message"] == "Cannot cancel a booking that has already ended"


def test_cancel_one_seat(c: TestClient) -> None:
    seated = record(c, "workshop-seated")
    seat = seated["attendees"][0]["seat_uid"]
    response = c.post(f"/v2/bookings/{seated['uid']}/cancel", json={"seatReferenceUid": seat})
    assert response.json()["data"]["onlyRemovedAttendee"] is True
    left = c.get(f"/v2/bookings/{seated['uid']}").json()["data"]
    assert left["status"] == "ACCEPTED" and len(left["attendees"]) == 1


def mark(c: TestClient, uid: str, email: str, headers: dict[str, str] = ALICE) -> Any:
    marks = {"attendees": [{"email": email, "noShow": True}]}
    return c.post(f"/v2/bookings/{uid}/mark-no-show", json=marks, headers=headers)


def test_mark_no_show(c: TestClient) -> None:
    past = record(c, "alice-past-accepted")
    one = mark(c, past["uid"], "paul@guest.example")
    assert one.status_code == 201, one.text
    assert one.json()["data"] == {"attendees": [{"email": "paul@guest.example", "noShow": True}], "noShowHost": False,
                                  "message": "paul@guest.example marked as no-show"}  # fmt: skip
    host = c.post(f"/v2/bookings/{past['uid']}/mark-no-show", json={"noShowHost": True}, headers=ALICE).json()["data"]
    assert host == {"attendees": [], "noShowHost": True, "message": "Booking No-Show Updated"}
    stored = record(c, "alice-past-accepted")
    assert stored["no_show_host"] is True and stored["attendees"][0]["no_show"] is True
    nothing = c.post(f"/v2/bookings/{past['uid']}/mark-no-show", json={}, headers=ALICE).json()["data"]
    assert nothing == {"attendees": [], "noShowHost": False, "message": ""}


def test_mark_no_show_refusals(c: TestClient) -> None:
    past = record(c, "alice-past-accepted")
    marks = {"attendees": [{"email": "paul@guest.example", "noShow": True}]}
    stranger = c.post(f"/v2/bookings/{past['uid']}/mark-no-show", json=marks, headers=CAROL)
    assert (stranger.status_code, error(stranger)["message"]) == (403, "You are not allowed to access this booking")
    future = record(c, "alice-future-accepted")
    early = mark(c, future["uid"], "fay@guest.example")
    assert (early.status_code, error(early)["message"]) == (403, "Cannot mark no-show before the meeting has started.")
    unknown = mark(c, past["uid"], "who@example.com")
    assert unknown.status_code == 400
    assert c.post(f"/v2/bookings/{past['uid']}/mark-no-show", json=marks).status_code == 403  # no caller


# one world ---------------------------------------------------------------------------------------------------


def test_legacy_v1_and_v2_read_the_same_booking(c: TestClient) -> None:
    made = book(c)
    legacy = c.get(f"/v2/bookings/{made['uid']}").json()["data"]
    v1 = c.get(f"/v1/bookings/{made['id']}{V1_ALICE}").json()["booking"]
    assert (legacy["id"], legacy["uid"], legacy["startTime"]) == (v1["id"], v1["uid"], v1["startTime"])
    if "BookingsController_2024_08_13_getBooking" in HANDLERS:
        current = c.get(f"/v2/bookings/{made['uid']}", headers={**ALICE, "cal-api-version": "2024-08-13"})
        assert (current.json()["data"]["id"], current.json()["data"]["start"]) == (made["id"], FREE)
    listed = c.get("/v2/bookings", headers=ALICE).json()["data"]["bookings"]
    assert made["uid"] in [b["uid"] for b in listed]
    stored = next(b for b in state(c, "bookings") if b["id"] == made["id"])
    assert (stored["uid"], stored["start"]) == (made["uid"], FREE)
