"""Slots and slot holds over HTTP: GET /v2/slots, the 2024-09-04 reservations, the legacy
2024-04-15 operations and v1 GET /slots, on the default world at Monday 2026-01-05 09:00 UTC.

Every answer also passes the strict response check (an off-spec answer would be a 500).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings
from emulator.world.models import Attendee, Booking

V2 = {"cal-api-version": "2024-09-04"}
ALICE_KEY = "cal_a11ce000000000000000000000000001"
BOB_KEY = "cal_b0b00000000000000000000000000002"
ERIN_KEY = "cal_e21a0000000000000000000000000005"
ALICE_30, ALICE_FLEXIBLE, WORKSHOP, BOB_30, DEMO, DISCOVERY, ONBOARDING, CAROL_ONBOARDING = 2, 4, 5, 7, 14, 15, 16, 18
WINDOW = {"start": "2026-01-05T00:00:00Z", "end": "2026-01-09T23:59:59Z"}
TUESDAY = [f"2026-01-06T{h:02d}:{m:02d}:00.000Z" for h in range(9, 17) for m in (0, 30)][1:]  # 09:00 is booked


@pytest.fixture(scope="module")
def app_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z")), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def http(app_client: TestClient) -> TestClient:
    assert app_client.post("/_emulator/reset").status_code == 200
    app_client.cookies.clear()
    return app_client


def v2_slots(http: TestClient, **query: Any) -> dict[str, Any]:
    response = http.get("/v2/slots", params=query, headers=V2)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def starts(data: dict[str, list[dict[str, Any]]], key: str = "start") -> list[str]:
    return [slot[key] for day in data.values() for slot in day]


def instants(texts: list[str]) -> list[datetime]:
    return [datetime.fromisoformat(t.replace("Z", "+00:00")).astimezone(UTC) for t in texts]


def legacy(http: TestClient, **query: Any) -> dict[str, Any]:
    response = http.get("/v2/slots/available", params=query)
    assert response.status_code == 200, response.text
    slots: dict[str, Any] = response.json()["data"]["slots"]
    return slots


def v1(http: TestClient, **query: Any) -> dict[str, Any]:
    response = http.get("/v1/slots", params={"apiKey": ALICE_KEY, **query})
    assert response.status_code == 200, response.text
    slots: dict[str, Any] = response.json()["slots"]
    return slots


def error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    return str(body["error"]["message"] if "error" in body and isinstance(body["error"], dict) else body["message"])


def add_booking(http: TestClient, event_type_id: int, start: str, minutes: int, attendees: int, seats: bool) -> Booking:
    """Seed a booking straight into the world (reset puts the fixtures back)."""
    world = http.app.state.runtime.world  # type: ignore[attr-defined]
    event = world.get("event_types", event_type_id)
    begin = datetime.fromisoformat(start.replace("Z", "+00:00"))
    booking_id = world.next_id("bookings")
    people = tuple(
        Attendee(900 + i, f"Guest {i}", f"guest{i}@seat.example", "UTC", seat_uid=f"seat-{i}" if seats else None)
        for i in range(attendees)
    )
    booking = Booking(
        booking_id, f"seeded-{booking_id}", event.owner_id, event.id, "Seeded", begin,
        begin + timedelta(minutes=minutes), attendees=people,
    )  # fmt: skip
    return world.insert("bookings", booking)  # type: ignore[no-any-return]


# GET /v2/slots ---------------------------------------------------------------------------------------


def test_the_four_ways_to_name_an_event_type_give_the_same_slots(http: TestClient) -> None:
    by_id = v2_slots(http, eventTypeId=ALICE_30, **WINDOW)
    assert by_id["2026-01-06"] == [{"start": t} for t in TUESDAY]
    assert list(by_id) == ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"]
    assert v2_slots(http, eventTypeSlug="30min", username="alice", **WINDOW) == by_id
    assert v2_slots(http, eventTypeSlug="30min", username="alice", organizationSlug="acme", **WINDOW) == by_id
    team = v2_slots(http, eventTypeId=DEMO, **WINDOW)
    assert v2_slots(http, eventTypeSlug="demo", teamSlug="acme-sales", **WINDOW) == team
    assert v2_slots(http, eventTypeSlug="demo", teamSlug="acme-sales", organizationSlug="acme", **WINDOW) == team
    # alice (London) and bob (New York) share 14:00-17:00 UTC; bob has a booking at 15:30 on Tuesday
    assert starts({"d": team["2026-01-06"]}) == [
        f"2026-01-06T{t}:00.000Z" for t in ("14:00", "14:30", "15:00", "16:00", "16:30")
    ]
    dynamic = v2_slots(http, usernames="alice,bob", organizationSlug="acme", **WINDOW)
    assert dynamic["2026-01-06"] == team["2026-01-06"]


def test_times_days_and_the_range_format(http: TestClient) -> None:
    day = {"eventTypeId": ALICE_30, "start": "2026-01-06", "end": "2026-01-06"}  # end at 00:00 = end of day
    assert v2_slots(http, **day)["2026-01-06"][0] == {"start": "2026-01-06T09:30:00.000Z"}
    assert v2_slots(http, **day, timeZone="UTC")["2026-01-06"][0] == {"start": "2026-01-06T09:30:00.000Z"}
    rome = v2_slots(http, **day, timeZone="Europe/Rome", format="range")
    assert rome["2026-01-06"][0] == {"start": "2026-01-06T10:30:00.000+01:00", "end": "2026-01-06T11:00:00.000+01:00"}
    tokyo = v2_slots(http, **day, timeZone="Asia/Tokyo")  # 15:00 UTC is midnight in Tokyo
    assert tokyo["2026-01-06"][-1] == {"start": "2026-01-06T23:30:00.000+09:00"}
    assert tokyo["2026-01-07"][0] == {"start": "2026-01-07T00:00:00.000+09:00"}
    noon = v2_slots(http, eventTypeId=ALICE_30, start="2026-01-06", end="2026-01-06T12:00:00Z")
    assert starts(noon)[-1] == "2026-01-06T11:30:00.000Z"
    flexible = v2_slots(http, **{**day, "eventTypeId": ALICE_FLEXIBLE}, duration=60, format="range")
    assert flexible["2026-01-06"][0] == {"start": "2026-01-06T09:15:00.000Z", "end": "2026-01-06T10:15:00.000Z"}


def test_the_dst_week_of_the_new_york_user(http: TestClient) -> None:
    data = v2_slots(http, eventTypeId=BOB_30, start="2026-10-29", end="2026-11-03", timeZone="America/New_York")
    assert list(data) == ["2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03"]
    assert data["2026-10-29"][0] == {"start": "2026-10-29T09:00:00.000-04:00"}
    assert data["2026-10-30"][0] == {"start": "2026-10-30T09:30:00.000-04:00"}  # 09:00 EDT is booked
    assert data["2026-11-02"][0] == {"start": "2026-11-02T09:30:00.000-05:00"}  # 09:00 EST is booked
    assert data["2026-11-03"][-1] == {"start": "2026-11-03T16:30:00.000-05:00"}
    utc = v2_slots(http, eventTypeId=BOB_30, start="2026-10-29", end="2026-11-03")
    assert utc["2026-10-29"][0] == {"start": "2026-10-29T13:00:00.000Z"}
    assert utc["2026-11-03"][0] == {"start": "2026-11-03T14:00:00.000Z"}


def test_seated_slots_carry_their_seats(http: TestClient) -> None:
    booking = add_booking(http, WORKSHOP, "2026-01-08T12:00:00Z", 90, attendees=2, seats=True)
    day = {"eventTypeId": WORKSHOP, "start": "2026-01-08", "end": "2026-01-08"}
    slots = v2_slots(http, **day)["2026-01-08"]
    assert slots[0] == {"start": "2026-01-08T09:00:00.000Z", "seatsBooked": 0, "seatsRemaining": 5, "seatsTotal": 5}
    assert slots[2] == {
        "start": "2026-01-08T12:00:00.000Z",
        "seatsBooked": 2,
        "seatsRemaining": 3,
        "seatsTotal": 5,
        "bookingUid": booking.uid,
    }
    assert v2_slots(http, **day, format="range")["2026-01-08"][2]["end"] == "2026-01-08T13:30:00.000Z"
    assert legacy(http, eventTypeId=WORKSHOP, startTime="2026-01-08", endTime="2026-01-09")["2026-01-08"][2] == {
        "time": "2026-01-08T12:00:00.000Z",
        "attendees": 2,
        "bookingUid": booking.uid,
    }
    assert v1(http, eventTypeId=WORKSHOP, startTime="2026-01-08", endTime="2026-01-09")["2026-01-08"][2] == {
        "time": "2026-01-08T12:00:00.000Z",
        "attendees": 2,
        "bookingUid": booking.uid,
    }


def test_rescheduling_shows_the_bookings_own_time(http: TestClient) -> None:
    booked = add_booking(http, ALICE_30, "2026-01-06T11:00:00Z", 30, attendees=1, seats=False)
    day = {"eventTypeId": ALICE_30, "start": "2026-01-06", "end": "2026-01-06"}
    assert "2026-01-06T11:00:00.000Z" not in starts(v2_slots(http, **day))
    assert "2026-01-06T11:00:00.000Z" in starts(v2_slots(http, **day, bookingUidToReschedule=booked.uid))


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"eventTypeId": 999}, 404, "Event Type not found"),
        ({"eventTypeSlug": "30min", "username": "nobody"}, 404, "User with username nobody not found"),
        ({"eventTypeSlug": "nope", "username": "alice"}, 404, "Event Type not found"),
        ({"eventTypeSlug": "demo", "teamSlug": "nope"}, 404, "Team with slug nope not found"),
        (
            {"eventTypeSlug": "demo", "teamSlug": "acme-sales", "organizationSlug": "nope"},
            404,
            "slots-input.service.ts: Organization with slug nope not found",
        ),
        (
            {"eventTypeId": "abc"},
            400,
            "eventTypeId property is wrong,eventTypeId must be a number conforming to the specified constraints ",
        ),
        (
            {"eventTypeId": ALICE_30, "start": "2026-13-01"},
            400,
            "start property is wrong,start must be a valid ISO 8601 date string ",
        ),
        (
            {"eventTypeId": ALICE_30, "format": "list"},
            400,
            "format property is wrong,slotFormat must be either 'range' or 'time' ",
        ),
        (
            {"eventTypeId": ALICE_30, "timeZone": "Mars/Base"},
            400,
            "timeZone property is wrong,timeZone must be a valid IANA time-zone ",
        ),
        (
            {"eventTypeId": ALICE_30, "username": "alice"},
            400,
            "username property is wrong,property username should not exist ",
        ),
        (
            {"usernames": "alice", "organizationSlug": "acme"},
            400,
            "usernames property is wrong,The array must contain at least 2 elements. ",
        ),
        (
            {"eventTypeId": ALICE_30, "start": "2026-01-09", "end": "2026-01-06T10:00:00Z"},
            400,
            "Invalid time range given - check the 'start' and 'end' query parameters.",
        ),
    ],
)
def test_v2_errors(http: TestClient, query: dict[str, Any], status: int, message: str) -> None:
    response = http.get("/v2/slots", params={**WINDOW, **query}, headers=V2)
    assert error(response, status) == message


def test_v2_slots_needs_its_version(http: TestClient) -> None:
    assert error(http.get("/v2/slots", params={"eventTypeId": ALICE_30, **WINDOW}), 404) == "Cannot GET /v2/slots"


# v1, v2 and the legacy operations agree --------------------------------------------------------------


@pytest.mark.parametrize("event_type_id", [ALICE_30, WORKSHOP, DEMO, DISCOVERY, CAROL_ONBOARDING])
def test_v1_v2_and_legacy_offer_the_same_slots(http: TestClient, event_type_id: int) -> None:
    current = instants(starts(v2_slots(http, eventTypeId=event_type_id, **WINDOW)))
    old = legacy(http, eventTypeId=event_type_id, startTime=WINDOW["start"], endTime=WINDOW["end"])
    first = v1(http, eventTypeId=event_type_id, startTime=WINDOW["start"], endTime=WINDOW["end"])
    assert current and instants(starts(old, "time")) == current
    assert instants(starts(first, "time")) == current
    in_rome = v1(http, eventTypeId=event_type_id, startTime="2026-01-05", endTime="2026-01-10", timeZone="Europe/Rome")
    assert instants(starts(in_rome, "time")) == current
    assert all(t.endswith("+01:00") and "." not in t for t in starts(in_rome, "time"))  # Day.js: no milliseconds


def test_legacy_formats(http: TestClient) -> None:
    query = {"eventTypeId": ALICE_30, "startTime": "2026-01-06", "endTime": "2026-01-07"}
    assert legacy(http, **query)["2026-01-06"][0] == {"time": "2026-01-06T09:30:00.000Z"}
    assert legacy(http, **query, timeZone="Europe/Rome")["2026-01-06"][0] == {"time": "2026-01-06T10:30:00.000+01:00"}
    for slot_format in ("time", "range"):  # any slotFormat, time included, answers start/end pairs
        assert legacy(http, **query, slotFormat=slot_format)["2026-01-06"][0] == {
            "startTime": "2026-01-06T09:30:00.000Z",
            "endTime": "2026-01-06T10:00:00.000Z",
        }
    by_slug = legacy(
        http, eventTypeSlug="30min", **{"usernameList[]": "alice"}, startTime="2026-01-06", endTime="2026-01-07"
    )
    assert by_slug == legacy(http, **query)


def test_legacy_errors(http: TestClient) -> None:
    query = {"eventTypeId": ALICE_30, "startTime": "2026-01-06", "endTime": "2026-01-07"}
    missing = http.get("/v2/slots/available", params={**query, "eventTypeId": 999})
    assert error(missing, 404) == "The requested resource was not found"
    assert missing.json()["error"]["code"] == "TRPCError"
    backwards = http.get("/v2/slots/available", params={**query, "endTime": "2026-01-05"})
    assert error(backwards, 400) == "Invalid time range given - check the 'startTime' and 'endTime' query parameters."
    bad_date = http.get("/v2/slots/available", params={**query, "startTime": "tomorrow"})
    assert error(bad_date, 400) == "Bad Request Exception"
    assert bad_date.json()["error"]["details"]["errors"][0]["constraints"] == {
        "isDateString": "startTime must be a valid ISO 8601 date string"
    }
    zone = http.get("/v2/slots/available", params={**query, "timeZone": "Mars/Base"})
    assert error(zone, 400) == "Invalid time zone: 'Mars/Base' is not an IANA time zone name"


def test_v1_errors(http: TestClient) -> None:
    base = {"apiKey": ALICE_KEY, "startTime": "2026-01-06", "endTime": "2026-01-07"}
    nothing = http.get("/v1/slots", params=base)
    assert error(nothing, 400) == "You need to either pass an eventTypeId OR an usernameList/eventTypeSlug combination"
    backwards = http.get("/v1/slots", params={**base, "eventTypeId": ALICE_30, "endTime": "2026-01-05"})
    assert error(backwards, 400) == "custom in 'endTime': endTime must be after startTime"
    zone = http.get("/v1/slots", params={**base, "eventTypeId": ALICE_30, "timeZone": "Mars/Base"})
    assert error(zone, 400) == "custom in 'timeZone': Invalid timezone. Must be a valid IANA timezone string."
    assert error(http.get("/v1/slots", params={**base, "eventTypeId": 999}), 404) == "NOT_FOUND"
    by_slug = v1(http, eventTypeSlug="30min", usernameList="alice", startTime="2026-01-06", endTime="2026-01-07")
    assert by_slug["2026-01-06"][0] == {"time": "2026-01-06T09:30:00.000Z"}


# holds -----------------------------------------------------------------------------------------------


def hold(http: TestClient, body: dict[str, Any], **headers: str) -> Any:
    return http.post("/v2/slots/reservations", json=body, headers={**V2, **headers})


def offered_everywhere(http: TestClient, instant: str) -> dict[str, bool]:
    moment = instants([instant])[0]
    return {
        "v2": moment in instants(starts(v2_slots(http, eventTypeId=ALICE_30, **WINDOW))),
        "legacy": moment
        in instants(
            starts(legacy(http, eventTypeId=ALICE_30, startTime=WINDOW["start"], endTime=WINDOW["end"]), "time")
        ),
        "v1": moment
        in instants(starts(v1(http, eventTypeId=ALICE_30, startTime=WINDOW["start"], endTime=WINDOW["end"]), "time")),
    }


def test_a_v2_reservation_hides_the_slot_everywhere_until_deleted(http: TestClient) -> None:
    created = hold(http, {"eventTypeId": ALICE_30, "slotStart": "2026-01-06T11:00:00Z"})
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert data == {
        "eventTypeId": ALICE_30,
        "slotStart": "2026-01-06T11:00:00.000Z",
        "slotEnd": "2026-01-06T11:30:00.000Z",
        "slotDuration": 30,
        "reservationUid": data["reservationUid"],
        "reservationDuration": 5,
        "reservationUntil": "2026-01-05T09:05:00.000Z",
    }
    uid = data["reservationUid"]
    assert offered_everywhere(http, "2026-01-06T11:00:00Z") == {"v2": False, "legacy": False, "v1": False}
    fetched = http.get(f"/v2/slots/reservations/{uid}", headers=V2).json()
    assert fetched == {"status": "success", "data": {k: v for k, v in data.items() if k != "reservationDuration"}}
    moved = http.patch(
        f"/v2/slots/reservations/{uid}", json={"eventTypeId": ALICE_30, "slotStart": "2026-01-06T13:00:00Z"}, headers=V2
    )
    assert moved.status_code == 200 and moved.json()["data"]["slotStart"] == "2026-01-06T13:00:00.000Z"
    assert offered_everywhere(http, "2026-01-06T11:00:00Z") == {"v2": True, "legacy": True, "v1": True}
    assert offered_everywhere(http, "2026-01-06T13:00:00Z") == {"v2": False, "legacy": False, "v1": False}
    assert http.delete(f"/v2/slots/reservations/{uid}", headers=V2).json() == {"status": "success"}
    assert offered_everywhere(http, "2026-01-06T13:00:00Z") == {"v2": True, "legacy": True, "v1": True}
    assert http.get(f"/v2/slots/reservations/{uid}", headers=V2).json() == {"status": "success", "data": None}
    assert http.delete("/v2/slots/reservations/unknown", headers=V2).status_code == 200


def test_a_reservation_expires_with_the_clock(http: TestClient) -> None:
    uid = hold(http, {"eventTypeId": ALICE_30, "slotStart": "2026-01-06T11:00:00Z"}).json()["data"]["reservationUid"]
    http.post("/_emulator/clock", json={"advance": "4m"})
    assert offered_everywhere(http, "2026-01-06T11:00:00Z")["v2"] is False
    http.post("/_emulator/clock", json={"advance": "2m"})
    assert offered_everywhere(http, "2026-01-06T11:00:00Z") == {"v2": True, "legacy": True, "v1": True}
    # reading the event type's slots cleared the expired hold, as the server does
    assert http.get(f"/v2/slots/reservations/{uid}", headers=V2).json()["data"] is None


def test_a_legacy_hold_hides_the_slot_from_everyone_but_its_holder(http: TestClient) -> None:
    body = {
        "eventTypeId": ALICE_30,
        "slotUtcStartDate": "2026-01-06T12:00:00Z",
        "slotUtcEndDate": "2026-01-06T12:30:00Z",
    }
    reserved = http.post("/v2/slots/reserve", json=body)
    assert reserved.status_code == 201
    uid = reserved.json()["data"]
    assert reserved.headers["set-cookie"] == f"uid={uid}; Path=/"
    assert http.cookies.get("uid") == uid
    assert offered_everywhere(http, "2026-01-06T12:00:00Z") == {"v2": False, "legacy": True, "v1": True}  # own cookie
    again = http.post("/v2/slots/reserve", json=body)
    assert again.json()["data"] == uid  # the cookie's uid is reused
    http.cookies.clear()
    assert offered_everywhere(http, "2026-01-06T12:00:00Z") == {"v2": False, "legacy": False, "v1": False}
    gone = http.delete("/v2/slots/selected-slot", params={"uid": uid})
    assert gone.json() == {"status": "success"}
    assert offered_everywhere(http, "2026-01-06T12:00:00Z") == {"v2": True, "legacy": True, "v1": True}
    assert http.delete("/v2/slots/selected-slot").json() == {"status": "success"}
    dry = http.post("/v2/slots/reserve", json={**body, "_isDryRun": True})
    assert dry.status_code == 201 and offered_everywhere(http, "2026-01-06T12:00:00Z")["v2"] is True
    assert error(http.post("/v2/slots/reserve", json={**body, "eventTypeId": 999}), 404) == "Event Type not found"


def test_reservation_errors(http: TestClient) -> None:
    def refused(body: dict[str, Any], status: int, **headers: str) -> str:
        return error(hold(http, body, **headers), status)

    assert refused({"eventTypeId": 999, "slotStart": "2026-01-06T11:00:00Z"}, 404) == "Event Type with ID=999 not found"
    assert (
        refused({"eventTypeId": 1, "slotStart": "2026-01-06T09:00:00Z"}, 422)
        == "Can't reserve a slot if the event is already booked."
    )
    add_booking(http, WORKSHOP, "2026-01-08T12:00:00Z", 90, attendees=5, seats=True)
    assert refused({"eventTypeId": WORKSHOP, "slotStart": "2026-01-08T12:00:00Z"}, 422) == (
        f"Booking with id={WORKSHOP} at 2026-01-08T12:00:00Z has no more seats left."
    )
    assert hold(http, {"eventTypeId": ALICE_30, "slotStart": "2026-01-06T11:00:00Z"}).status_code == 201
    assert refused({"eventTypeId": ALICE_30, "slotStart": "2026-01-06T11:15:00Z"}, 422) == (
        "This time slot is already reserved by another user. Please choose a different time."
    )
    assert refused({"eventTypeId": ALICE_30, "slotStart": "2026-01-06T11:00:00Z", "slotDuration": 60}, 400) == (
        "You passed 'slotDuration' but this event type is not a variable length event type."
    )
    assert refused({"eventTypeId": ALICE_FLEXIBLE, "slotStart": "2026-01-06T11:00:00Z", "slotDuration": 50}, 400) == (
        "Provided 'slotDuration' is not one of the possible lengths for the event type. "
        "The possible lengths for this variable length event type are: 15, 30, 45, 60"
    )
    flexible = hold(http, {"eventTypeId": ALICE_FLEXIBLE, "slotStart": "2026-01-07T11:00:00Z", "slotDuration": 45})
    assert flexible.status_code == 201 and flexible.json()["data"]["slotEnd"] == "2026-01-07T11:45:00.000Z"
    assert refused({"eventTypeId": ONBOARDING, "slotStart": "2026-01-06T11:00:00Z"}, 400) == (
        "Cannot reserve a slot for a team event without any hosts"
    )
    assert refused({"eventTypeId": ALICE_30, "slotStart": "soon"}, 400) == "Bad Request Exception"
    assert refused({"eventTypeId": 2.5, "slotStart": "2026-01-06T15:00:00Z"}, 400) == "Bad Request Exception"
    unknown = http.patch(
        "/v2/slots/reservations/nope", json={"eventTypeId": ALICE_30, "slotStart": "2026-01-06T15:00:00Z"}, headers=V2
    )
    assert error(unknown, 404) == "Slot with uid=nope not found"


def test_a_reservation_moved_onto_itself_is_refused_as_the_server_does(http: TestClient) -> None:
    uid = hold(http, {"eventTypeId": ALICE_30, "slotStart": "2026-01-06T11:00:00Z"}).json()["data"]["reservationUid"]
    moved = http.patch(
        f"/v2/slots/reservations/{uid}", json={"eventTypeId": ALICE_30, "slotStart": "2026-01-06T11:15:00Z"}, headers=V2
    )
    assert error(moved, 422) == "This time slot is already reserved by another user. Please choose a different time."


def test_a_custom_hold_length_needs_a_related_caller(http: TestClient) -> None:
    body = {"eventTypeId": ALICE_30, "slotStart": "2026-01-06T11:00:00Z", "reservationDuration": 10}
    assert error(hold(http, body), 401) == (
        "reservationDuration can only be used for authenticated requests - "
        "use access token, api key or OAuth credentials"
    )
    stranger = hold(http, body, Authorization=f"Bearer {ERIN_KEY}")
    assert error(stranger, 403).startswith("authenticated user is not owner of event type")
    teammate = hold(http, body, Authorization=f"Bearer {BOB_KEY}")  # bob shares the acme teams with alice
    assert teammate.status_code == 201, teammate.text
    assert teammate.json()["data"]["reservationDuration"] == 10
    assert teammate.json()["data"]["reservationUntil"] == "2026-01-05T09:10:00.000Z"
    owner = hold(
        http,
        {**body, "slotStart": "2026-01-06T14:00:00Z", "reservationDuration": 20},
        Authorization=f"Bearer {ALICE_KEY}",
    )
    assert owner.json()["data"]["reservationUntil"] == "2026-01-05T09:20:00.000Z"


def test_out_of_office_days_are_dropped_by_v2_and_marked_away_by_the_older_apis(http: TestClient) -> None:
    window = {"start": "2026-01-14T00:00:00Z", "end": "2026-01-19T23:59:59Z"}  # carol is away 15-18 January
    assert list(v2_slots(http, eventTypeId=8, **window)) == ["2026-01-14", "2026-01-19"]
    old = legacy(http, eventTypeId=8, startTime=window["start"], endTime=window["end"])
    first = v1(http, eventTypeId=8, startTime=window["start"], endTime=window["end"])
    away = {
        "away": True,
        "fromUser": {"id": 3, "displayName": "Carol Chen"},
        "toUser": {"id": 2, "displayName": "Bob Brown", "username": "bob"},
        "reason": "ooo_reasons_vacation",
        "emoji": "\U0001f3dd\ufe0f",
    }
    assert old["2026-01-15"][0] == {**away, "time": "2026-01-15T04:00:00.000Z"}
    assert first["2026-01-15"][0] == old["2026-01-15"][0]
    assert list(old) == ["2026-01-14", "2026-01-15", "2026-01-16", "2026-01-17", "2026-01-19"]
    zoned = legacy(http, eventTypeId=8, startTime=window["start"], endTime=window["end"], timeZone="Asia/Kolkata")
    assert zoned["2026-01-15"][0] == {"time": "2026-01-15T09:30:00.000+05:30"}  # a zone drops the away fields


def test_legacy_slot_format_is_read_as_the_server_reads_it() -> None:
    from emulator.app import create_app
    from emulator.settings import Settings

    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z"))) as c:
        base = "/v2/slots/available?eventTypeId=1&startTime=2026-01-12&endTime=2026-01-13"
        upper = c.get(base + "&slotFormat=RANGE")
        assert upper.status_code == 200
        assert c.get(base + "&slotFormat=range").json() == upper.json()
        wrong = c.get(base + "&slotFormat=minutes")
        assert wrong.status_code == 400
        assert wrong.json()["error"]["message"] == "slotFormat must be either 'range' or 'time'"
