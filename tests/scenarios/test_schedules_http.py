"""Schedules over HTTP: v2 2024-06-11, the legacy 2024-04-15 controller and v1 /schedules and
/availabilities, all over the same world tables. Every answer is also held to the spec by the
server itself (an off-spec answer would be a 500)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.helpers import error, ids

ALICE = "cal_a11ce000000000000000000000000001"
BOB = "cal_b0b00000000000000000000000000002"
V2 = {"Authorization": f"Bearer {ALICE}", "cal-api-version": "2024-06-11"}
LEGACY = {"Authorization": f"Bearer {ALICE}"}
V1 = f"?apiKey={ALICE}"


def create_v2(c: TestClient, **body: Any) -> dict[str, Any]:
    payload = {"name": "Focus", "timeZone": "Europe/Rome", "isDefault": False, **body}
    response = c.post("/v2/schedules", headers=V2, json=payload)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


# v2 2024-06-11 ----------------------------------------------------------------------------------


def test_v2_create_round_trips_weekly_hours_and_overrides(c: TestClient) -> None:
    created = create_v2(
        c,
        availability=[{"days": ["Monday", "Wednesday"], "startTime": "08:30", "endTime": "12:00"}],
        overrides=[{"date": "2026-02-02", "startTime": "10:00", "endTime": "11:00"}],
    )
    assert created["availability"] == [{"days": ["Monday", "Wednesday"], "startTime": "08:30", "endTime": "12:00"}]
    assert created["overrides"] == [{"date": "2026-02-02", "startTime": "10:00", "endTime": "11:00"}]
    assert created["timeZone"] == "Europe/Rome" and created["isDefault"] is False
    fetched = c.get(f"/v2/schedules/{created['id']}", headers=V2).json()["data"]
    assert fetched == created
    assert created["id"] in [s["id"] for s in c.get("/v2/schedules", headers=V2).json()["data"]]


def test_v2_weekly_hours_default_to_weekdays_nine_to_five_but_an_empty_list_means_none(c: TestClient) -> None:
    assert create_v2(c)["availability"] == [
        {"days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "startTime": "09:00", "endTime": "17:00"}
    ]
    assert create_v2(c, availability=[])["availability"] == []


def test_v2_is_default_moves_the_users_default(c: TestClient) -> None:
    old = c.get("/v2/schedules/default", headers=V2).json()["data"]
    created = create_v2(c, isDefault=True)
    assert created["isDefault"] is True
    assert c.get("/v2/schedules/default", headers=V2).json()["data"]["id"] == created["id"]
    assert c.get(f"/v2/schedules/{old['id']}", headers=V2).json()["data"]["isDefault"] is False
    me = c.get("/v2/me", headers={"Authorization": f"Bearer {ALICE}"}).json()["data"]
    assert me["defaultScheduleId"] == created["id"]
    # and back through PATCH
    c.patch(f"/v2/schedules/{old['id']}", headers=V2, json={"isDefault": True})
    assert c.get("/v2/schedules/default", headers=V2).json()["data"]["id"] == old["id"]


def test_v2_update_replaces_what_is_given_and_keeps_the_rest(c: TestClient) -> None:
    created = create_v2(c, overrides=[{"date": "2026-03-03", "startTime": "09:00", "endTime": "10:00"}])
    sid = created["id"]
    response = c.patch(
        f"/v2/schedules/{sid}",
        headers=V2,
        json={"name": "Renamed", "availability": [{"days": ["Saturday"], "startTime": "10:00", "endTime": "14:00"}]},
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["name"] == "Renamed" and data["timeZone"] == "Europe/Rome"
    assert data["availability"] == [{"days": ["Saturday"], "startTime": "10:00", "endTime": "14:00"}]
    assert data["overrides"] == created["overrides"]  # not sent: kept
    data = c.patch(f"/v2/schedules/{sid}", headers=V2, json={"overrides": [], "timeZone": "Asia/Tokyo"}).json()["data"]
    assert data["overrides"] == [] and data["timeZone"] == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"timeZone": "Mars/Olympus"}, "body.timeZone"),
        (
            {"availability": [{"days": ["Monday"], "startTime": "9:00", "endTime": "17:00"}]},
            "body.availability[0].startTime",
        ),
        (
            {"availability": [{"days": ["Monday"], "startTime": "09:00", "endTime": "24:00"}]},
            "body.availability[0].endTime",
        ),
        (
            {"availability": [{"days": ["Funday"], "startTime": "09:00", "endTime": "17:00"}]},
            "body.availability[0].days[0]",
        ),
        ({"overrides": [{"date": "2026-13-45", "startTime": "09:00", "endTime": "17:00"}]}, "body.overrides[0].date"),
        ({"overrides": [{"date": "2026-02-02", "startTime": "09:00", "endTime": "7pm"}]}, "body.overrides[0].endTime"),
    ],
)
def test_v2_validation_says_where(c: TestClient, body: dict[str, Any], location: str) -> None:
    response = c.post(
        "/v2/schedules", headers=V2, json={"name": "x", "timeZone": "Europe/Rome", "isDefault": False, **body}
    )
    assert response.status_code == 400
    assert [p["location"] for p in error(response)["details"]["errors"]] == [location]
    assert error(response)["code"] == "BadRequestException"


def test_v2_time_zone_message_is_the_servers(c: TestClient) -> None:
    sid = create_v2(c)["id"]
    response = c.patch(f"/v2/schedules/{sid}", headers=V2, json={"timeZone": "Nowhere/Else"})
    assert response.status_code == 400
    assert "timeZone must be a valid IANA time-zone" in error(response)["message"]


def test_v2_missing_and_foreign_schedules(c: TestClient) -> None:
    bobs = ids(c, "schedules")["bob/working-hours"]
    missing = c.get("/v2/schedules/999", headers=V2)
    assert missing.status_code == 404 and error(missing)["message"] == "Schedule with ID=999 does not exist."
    assert c.patch("/v2/schedules/999", headers=V2, json={"name": "x"}).status_code == 404
    gone = c.delete("/v2/schedules/999", headers=V2)  # the server throws BadRequestException here
    assert gone.status_code == 400 and error(gone)["message"] == "Schedule with ID=999 does not exist."
    for response in (
        c.get(f"/v2/schedules/{bobs}", headers=V2),
        c.patch(f"/v2/schedules/{bobs}", headers=V2, json={"name": "mine now"}),
        c.delete(f"/v2/schedules/{bobs}", headers=V2),
    ):
        assert response.status_code == 403
        assert error(response)["message"] == f"User with ID=1 does not own schedule with ID={bobs}"
    as_bob = c.get(f"/v2/schedules/{bobs}", headers={**V2, "Authorization": f"Bearer {BOB}"})
    assert as_bob.status_code == 200 and as_bob.json()["data"]["ownerId"] == ids(c, "users")["bob"]


def test_deleting_the_default_schedule_leaves_no_default_and_detaches_event_types(c: TestClient) -> None:
    default = c.get("/v2/schedules/default", headers=V2).json()["data"]
    et = ids(c, "event_types")["alice/30min"]
    patched = c.patch(
        f"/v2/event-types/{et}", headers={**V2, "cal-api-version": "2024-06-14"}, json={"scheduleId": default["id"]}
    )
    assert patched.json()["data"]["scheduleId"] == default["id"]
    assert c.delete(f"/v2/schedules/{default['id']}", headers=V2).json() == {"status": "success"}
    assert c.get("/v2/schedules/default", headers=V2).json() == {"status": "success", "data": None}
    # Cal.com leaves defaultScheduleId pointing at the deleted schedule; the legacy controller then
    # fails (a 500 on the live server, a 404 with the Error's message here).
    assert c.get("/v2/me", headers=LEGACY).json()["data"]["defaultScheduleId"] == default["id"]
    legacy_default = c.get("/v2/schedules/default", headers=LEGACY)
    assert legacy_default.status_code == 404 and error(legacy_default)["message"] == "Schedule not found"
    event_type = c.get(f"/v2/event-types/{et}", headers={**V2, "cal-api-version": "2024-06-14"}).json()["data"]
    assert event_type["scheduleId"] is None


def test_the_same_schedule_through_v2_legacy_and_v1(c: TestClient) -> None:
    created = create_v2(
        c,
        availability=[{"days": ["Tuesday"], "startTime": "13:00", "endTime": "23:59"}],
        overrides=[
            {"date": "2026-01-20", "startTime": "08:00", "endTime": "09:00"},
            {"date": "2026-01-20", "startTime": "15:00", "endTime": "16:00"},
            {"date": "2025-12-01", "startTime": "08:00", "endTime": "09:00"},
        ],
    )
    sid = created["id"]
    legacy = c.get(f"/v2/schedules/{sid}", headers=LEGACY).json()["data"]
    assert legacy["workingHours"] == [{"days": [2], "startTime": 780, "endTime": 1439, "userId": 1}]
    assert legacy["availability"][2] == [{"start": "2026-01-05T13:00:00.000Z", "end": "2026-01-05T23:59:59.999Z"}]
    assert legacy["dateOverrides"] == [  # past dates left out, one entry per date
        {
            "ranges": [
                {"start": "2026-01-20T08:00:00.000Z", "end": "2026-01-20T09:00:00.000Z"},
                {"start": "2026-01-20T15:00:00.000Z", "end": "2026-01-20T16:00:00.000Z"},
            ]
        }
    ]
    rows = legacy["schedule"]
    assert [r["days"] for r in rows] == [[2], [], [], []]
    assert rows[1]["date"] == "2026-01-20T00:00:00.000Z" and rows[0]["startTime"] == "1970-01-01T13:00:00.000Z"
    v1 = c.get(f"/v1/schedules/{sid}{V1}").json()["schedule"]
    assert v1["name"] == "Focus" and v1["timeZone"] == "Europe/Rome"
    assert [(a["id"], a["days"], a["startTime"], a["endTime"]) for a in v1["availability"]] == [
        (r["id"], r["days"], r["startTime"][11:19], r["endTime"][11:19]) for r in rows
    ]


# legacy 2024-04-15 -------------------------------------------------------------------------------


def test_legacy_create_reads_the_utc_time_of_full_date_times(c: TestClient) -> None:
    body = {
        "name": "Legacy",
        "timeZone": "America/New_York",
        "isDefault": False,
        "availabilities": [
            {"days": [1, 5], "startTime": "2024-05-01T10:15:00.000Z", "endTime": "1970-01-01T18:00:00.000Z"}
        ],
    }
    response = c.post("/v2/schedules", headers=LEGACY, json=body)
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["workingHours"] == [{"days": [1, 5], "startTime": 615, "endTime": 1080, "userId": 1}]
    assert data["isDefault"] is False and data["isLastSchedule"] is False and data["readOnly"] is False
    v2 = c.get(f"/v2/schedules/{data['id']}", headers=V2).json()["data"]
    assert v2["availability"] == [{"days": ["Monday", "Friday"], "startTime": "10:15", "endTime": "18:00"}]


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("11:15", None),  # refused by the schema's pattern (needs a T and hh:mm:ss)
        ("1970-01-01T25:00:00.000Z", "Invalid startTime hours. Expected value between 0 and 23"),
        ("1970-01-01T10:61:00.000Z", "Invalid startTime minutes. Expected value between 0 and 59"),
    ],
)
def test_legacy_create_refuses_bad_times(c: TestClient, start: str, message: str | None) -> None:
    body = {
        "name": "Legacy",
        "timeZone": "Europe/Rome",
        "isDefault": False,
        "availabilities": [{"days": [1], "startTime": start, "endTime": "1970-01-01T17:00:00.000Z"}],
    }
    response = c.post("/v2/schedules", headers=LEGACY, json=body)
    assert response.status_code == 400
    if message:
        assert error(response)["message"] == message
    else:
        assert error(response)["details"]["errors"][0]["location"] == "body.availabilities[0].startTime"


def test_legacy_create_refuses_an_unknown_time_zone(c: TestClient) -> None:
    response = c.post(
        "/v2/schedules", headers=LEGACY, json={"name": "x", "timeZone": "Europe/Atlantis", "isDefault": True}
    )
    assert response.status_code == 400
    assert error(response)["details"]["errors"][0]["location"] == "body.timeZone"


def test_legacy_update_with_a_name_replaces_hours_and_overrides(c: TestClient) -> None:
    sid = create_v2(c, overrides=[{"date": "2026-02-02", "startTime": "10:00", "endTime": "11:00"}])["id"]
    week: list[list[dict[str, str]]] = [[] for _ in range(7)]
    for day in (1, 2):
        week[day] = [{"start": "2050-01-01T07:00:00.000Z", "end": "2050-01-01T11:30:00.000Z"}]
    body = {
        "name": "Mornings",
        "isDefault": True,
        "schedule": week,
        "dateOverrides": [{"start": "2026-03-01T12:00:00.000Z", "end": "2026-03-01T13:00:00.000Z"}],
    }
    response = c.patch(f"/v2/schedules/{sid}", headers=LEGACY, json=body)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["isDefault"] is True and data["currentDefaultId"] == sid and data["prevDefaultId"] != sid
    assert data["schedule"]["name"] == "Mornings"
    v2 = c.get(f"/v2/schedules/{sid}", headers=V2).json()["data"]
    assert v2["availability"] == [{"days": ["Monday", "Tuesday"], "startTime": "07:00", "endTime": "11:30"}]
    assert v2["overrides"] == [{"date": "2026-03-01", "startTime": "12:00", "endTime": "13:00"}]
    # with a name but no dateOverrides, the overrides go (Cal.com rewrites every row)
    c.patch(f"/v2/schedules/{sid}", headers=LEGACY, json={"name": "Mornings only"})
    v2 = c.get(f"/v2/schedules/{sid}", headers=V2).json()["data"]
    assert v2["overrides"] == [] and v2["availability"][0]["startTime"] == "07:00"


def test_legacy_update_without_a_name_only_sets_the_default(c: TestClient) -> None:
    sid = create_v2(c)["id"]
    c.patch(f"/v2/schedules/{sid}", headers=LEGACY, json={"timeZone": "Asia/Tokyo", "isDefault": True})
    v2 = c.get(f"/v2/schedules/{sid}", headers=V2).json()["data"]
    assert v2["timeZone"] == "Europe/Rome" and v2["isDefault"] is True


def test_legacy_refusals(c: TestClient) -> None:
    bobs = ids(c, "schedules")["bob/working-hours"]
    foreign = c.get(f"/v2/schedules/{bobs}", headers=LEGACY)
    assert (
        foreign.status_code == 403
        and error(foreign)["message"] == f"User with ID=1 does not own schedule with ID={bobs}"
    )
    missing = c.get("/v2/schedules/999", headers=LEGACY)  # the live server's shared code throws: a 500 there
    assert missing.status_code == 404 and error(missing)["message"] == "Schedule not found"
    updated = c.patch("/v2/schedules/999", headers=LEGACY, json={"name": "x"})
    assert updated.status_code == 404 and error(updated)["message"] == "Schedule with ID=999 does not exist."
    deleted = c.delete("/v2/schedules/999", headers=LEGACY)
    assert deleted.status_code == 400 and error(deleted)["message"] == "Schedule with ID=999 does not exist."


def test_legacy_list_and_delete(c: TestClient) -> None:
    listed = c.get("/v2/schedules", headers=LEGACY).json()["data"]
    assert [s["name"] for s in listed] == ["Working hours", "Evenings"]
    assert [s["isDefault"] for s in listed] == [True, False]
    assert c.delete(f"/v2/schedules/{listed[1]['id']}", headers=LEGACY).json() == {"status": "success"}
    (only,) = c.get("/v2/schedules", headers=LEGACY).json()["data"]
    assert only["isLastSchedule"] is True


# v1 /schedules and /availabilities ----------------------------------------------------------------


def test_v1_schedule_crud(c: TestClient) -> None:
    created = c.post(f"/v1/schedules{V1}", json={"name": "V1 hours", "timeZone": "Europe/Paris"})
    assert created.status_code == 200
    body = created.json()
    assert body["message"] == "Schedule created successfully"
    schedule = body["schedule"]
    assert [(a["days"], a["startTime"], a["endTime"]) for a in schedule["availability"]] == [
        ([1, 2, 3, 4, 5], "09:00:00", "17:00:00")
    ]
    sid = schedule["id"]
    assert sid in [s["id"] for s in c.get(f"/v1/schedules{V1}").json()["schedules"]]
    edited = c.patch(f"/v1/schedules/{sid}{V1}", json={"name": "Renamed", "timeZone": "Asia/Kolkata"}).json()[
        "schedule"
    ]
    assert edited["name"] == "Renamed" and edited["timeZone"] == "Asia/Kolkata"
    assert c.get(f"/v2/schedules/{sid}", headers=V2).json()["data"]["name"] == "Renamed"
    deleted = c.delete(f"/v1/schedules/{sid}{V1}")
    assert deleted.json() == {"message": f"Schedule with id: {sid} deleted successfully"}
    assert c.get(f"/v1/schedules/{sid}{V1}").status_code == 403  # the middleware finds no schedule of the caller


def test_v1_schedule_refusals(c: TestClient) -> None:
    bobs = ids(c, "schedules")["bob/working-hours"]
    for response in (
        c.get(f"/v1/schedules/{bobs}{V1}"),
        c.patch(f"/v1/schedules/{bobs}{V1}", json={"name": "x"}),
        c.delete(f"/v1/schedules/{bobs}{V1}"),
    ):
        assert (response.status_code, response.json()["message"]) == (403, "Forbidden")
    others = c.get(f"/v1/schedules{V1}&userId=2")
    assert (others.status_code, others.json()["message"]) == (401, "Unauthorized: Only admins can query other users")
    owner = c.post(f"/v1/schedules{V1}", json={"name": "x", "timeZone": "Europe/Paris", "userId": 2})
    assert (owner.status_code, owner.json()["message"]) == (403, "ADMIN required for `userId`")
    zone = c.post(f"/v1/schedules{V1}", json={"name": "x", "timeZone": "Europe/Nowhere"})
    assert zone.status_code == 400
    assert zone.json()["message"].startswith("custom in 'timeZone': Expected one of the following: Africa/Abidjan")
    assert zone.json()["errors"][0]["location"] == "body.timeZone"


def test_v1_availabilities_are_the_rows_of_the_same_schedules(c: TestClient) -> None:
    sid = create_v2(c, availability=[])["id"]
    weekly = c.post(
        f"/v1/availabilities{V1}",
        json={
            "scheduleId": sid,
            "days": [6],
            "startTime": "1970-01-01T10:00:00.000Z",
            "endTime": "1970-01-01T12:00:00.000Z",
        },
    )
    assert weekly.status_code == 200 and weekly.json()["message"] == "Availability created successfully"
    row = weekly.json()["availability"]
    assert row["days"] == [6] and row["date"] is None and row["Schedule"] == {"userId": 1}
    override = c.post(
        f"/v1/availabilities{V1}",
        json={
            "scheduleId": sid,
            "startTime": "1970-01-01T08:00:00Z",
            "endTime": "1970-01-01T09:00:00Z",
            "date": "2026-04-01",
        },
    ).json()["availability"]
    assert override["date"] == "2026-04-01T00:00:00.000Z" and override["days"] == []
    v2 = c.get(f"/v2/schedules/{sid}", headers=V2).json()["data"]
    assert v2["availability"] == [{"days": ["Saturday"], "startTime": "10:00", "endTime": "12:00"}]
    assert v2["overrides"] == [{"date": "2026-04-01", "startTime": "08:00", "endTime": "09:00"}]
    # an edit that gives a weekly row a date makes it an override, keeping its id
    moved = c.patch(f"/v1/availabilities/{row['id']}{V1}", json={"date": "2026-04-02"}).json()["availability"]
    assert moved["id"] == row["id"] and moved["date"] == "2026-04-02T00:00:00.000Z"
    assert c.get(f"/v2/schedules/{sid}", headers=V2).json()["data"]["availability"] == []
    assert c.get(f"/v1/availabilities/{row['id']}{V1}").json()["availability"] == moved
    removed = c.delete(f"/v1/availabilities/{row['id']}{V1}")
    assert removed.json() == {"message": f"Availability with id: {row['id']} deleted successfully"}
    assert c.get(f"/v1/availabilities/{row['id']}{V1}").status_code == 404


def test_v1_availability_refusals(c: TestClient) -> None:
    bobs = ids(c, "schedules")["bob/working-hours"]
    times = {"startTime": "1970-01-01T10:00:00.000Z", "endTime": "1970-01-01T12:00:00.000Z"}
    foreign = c.post(f"/v1/availabilities{V1}", json={"scheduleId": bobs, **times})
    assert (foreign.status_code, foreign.json()["message"]) == (401, "You can't add availabilities to this schedule")
    bob_row = c.get(f"/v1/schedules/{bobs}?apiKey={BOB}").json()["schedule"]["availability"][0]["id"]
    hidden = c.get(f"/v1/availabilities/{bob_row}{V1}")
    assert hidden.status_code == 404  # findFirstOrThrow over the caller's schedules
    strict = c.patch(f"/v1/availabilities/{bob_row}?apiKey={BOB}", json={"scheduleId": bobs})
    assert strict.status_code == 400 and strict.json()["message"] == "Unrecognized key(s) in object: 'scheduleId'"
    bad_time = c.post(f"/v1/availabilities{V1}", json={"scheduleId": bobs, "startTime": "ten", "endTime": "noon"})
    assert bad_time.status_code == 400 and bad_time.json()["errors"][0]["location"] == "body.startTime"


def test_row_ids_are_stable_across_reads_and_writes(c: TestClient) -> None:
    def rows() -> dict[int, tuple[Any, ...]]:
        schedules = c.get(f"/v1/schedules{V1}").json()["schedules"]
        return {a["id"]: (s["id"], a["days"], a["startTime"], a["date"]) for s in schedules for a in s["availability"]}

    before = rows()
    assert rows() == before  # reading assigns nothing
    sid = c.get("/v2/schedules/default", headers=V2).json()["data"]["id"]
    times = {"startTime": "1970-01-01T18:00:00.000Z", "endTime": "1970-01-01T19:00:00.000Z"}
    new = c.post(f"/v1/availabilities{V1}", json={"scheduleId": sid, **times}).json()["availability"]["id"]
    after = rows()
    assert {k: v for k, v in after.items() if k != new} == before
    assert new > max(before)
