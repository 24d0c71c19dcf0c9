"""Event types over HTTP: v2 2024-06-14 (personal, team and organization team), the legacy
2024-04-15 controller and v1, over the same world. The fields that shape availability must come
back as they were sent, whatever version reads them."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.helpers import ids

ALICE = "cal_a11ce000000000000000000000000001"
BOB = "cal_b0b00000000000000000000000000002"
DAVE = "cal_da7e0000000000000000000000000004"
V2 = {"Authorization": f"Bearer {ALICE}", "cal-api-version": "2024-06-14"}
AS_BOB = {"Authorization": f"Bearer {BOB}", "cal-api-version": "2024-06-14"}
LEGACY = {"Authorization": f"Bearer {ALICE}"}
V1 = f"?apiKey={ALICE}"

AVAILABILITY_FIELDS: dict[str, Any] = {
    "title": "Deep dive",
    "slug": "deep-dive",
    "lengthInMinutes": 60,
    "lengthInMinutesOptions": [30, 60, 90],
    "slotInterval": 15,
    "minimumBookingNotice": 240,
    "beforeEventBuffer": 5,
    "afterEventBuffer": 10,
    "bookingWindow": {"type": "businessDays", "value": 10, "rolling": True},
    "bookingLimitsCount": {"day": 2, "week": 5},
    "bookingLimitsDuration": {"day": 120},
    "seats": {"seatsPerTimeSlot": 4, "showAttendeeInfo": True, "showAvailabilityCount": False},
    "locations": [{"type": "link", "link": "https://meet.example.com/dive", "public": True}],
}


def message(response: Any) -> str:
    body = response.json()
    text: str = body["error"]["message"] if "error" in body else body["message"]
    return text


def create(c: TestClient, headers: dict[str, str] = V2, **body: Any) -> dict[str, Any]:
    response = c.post("/v2/event-types", headers=headers, json={**AVAILABILITY_FIELDS, **body})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


# personal, 2024-06-14 -------------------------------------------------------------------------------


def test_availability_fields_round_trip(c: TestClient) -> None:
    created = create(c, scheduleId=ids(c, "schedules")["alice/evenings"])
    fetched = c.get(f"/v2/event-types/{created['id']}", headers=V2).json()["data"]
    assert fetched == created
    expected = {k: v for k, v in AVAILABILITY_FIELDS.items() if k not in ("title", "slug")}
    for key, value in expected.items():
        assert fetched[key] == value, key
    assert fetched["scheduleId"] == ids(c, "schedules")["alice/evenings"]
    assert fetched["confirmationPolicy"] == {"disabled": True}
    assert fetched["metadata"] == {"multipleDuration": [30, 60, 90]}
    assert fetched["ownerId"] == 1 and fetched["users"][0]["username"] == "alice"


def test_updates_map_each_window_and_policy(c: TestClient) -> None:
    eid = create(c, seats={"disabled": True})["id"]

    def patch(**body: Any) -> dict[str, Any]:
        response = c.patch(f"/v2/event-types/{eid}", headers=V2, json=body)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()["data"]
        return data

    assert patch(bookingWindow={"type": "calendarDays", "value": 30})["bookingWindow"] == {
        "type": "calendarDays",
        "value": 30,
        "rolling": False,
    }
    window = {"type": "range", "value": ["2026-02-01", "2026-02-28"]}
    assert patch(bookingWindow=window)["bookingWindow"] == window
    assert patch(bookingWindow={"disabled": True})["bookingWindow"] == {"disabled": True}
    assert patch(bookingLimitsCount={"disabled": True})["bookingLimitsCount"] == {}
    policy = {
        "type": "time",
        "noticeThreshold": {"unit": "hours", "count": 24},
        "blockUnconfirmedBookingsInBooker": True,
    }
    data = patch(confirmationPolicy=policy)
    assert data["confirmationPolicy"] == policy and "requiresConfirmationThreshold" not in data["metadata"]
    assert patch(confirmationPolicy={"disabled": True})["confirmationPolicy"] == {"disabled": True}
    data = patch(lengthInMinutes=45, lengthInMinutesOptions=[45, 90], slotInterval=45, hidden=True)
    assert (data["lengthInMinutes"], data["lengthInMinutesOptions"], data["slotInterval"]) == (45, [45, 90], 45)
    assert data["hidden"] is True


def test_the_same_event_type_through_legacy_and_v1(c: TestClient) -> None:
    created = create(c)
    row = c.get(f"/v1/event-types/{created['id']}{V1}").json()["event_type"]
    assert row["length"] == 60 and row["slotInterval"] == 15 and row["minimumBookingNotice"] == 240
    assert (row["beforeEventBuffer"], row["afterEventBuffer"]) == (5, 10)
    assert (row["periodType"], row["periodDays"], row["periodCountCalendarDays"]) == ("ROLLING_WINDOW", 10, False)
    assert row["bookingLimits"] == {"PER_DAY": 2, "PER_WEEK": 5} and row["durationLimits"] == {"PER_DAY": 120}
    assert (row["seatsPerTimeSlot"], row["seatsShowAttendees"], row["seatsShowAvailabilityCount"]) == (4, True, False)
    assert row["metadata"] == {"multipleDuration": [30, 60, 90]}
    assert row["scheduleId"] == c.get("/v2/me", headers=LEGACY).json()["data"]["defaultScheduleId"]  # filled by v1
    groups = c.get("/v2/event-types", headers=LEGACY).json()["data"]["eventTypeGroups"]
    mine = next(e for e in groups[0]["eventTypes"] if e["id"] == created["id"])
    assert mine["slotInterval"] == 15 and mine["userIds"] == [1] and mine["scheduleId"] is None


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ({"slug": "30min"}, 400, "User already has an event type with this slug."),
        (
            {"confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": False}},
            400,
            "Seats Validation failed: Seats are enabled but requiresConfirmation is true.",
        ),
        (
            {"locations": [{"type": "attendeePhone"}, {"type": "attendeeDefined"}]},
            400,
            "Seats Validation failed: Seats are enabled but more than one location provided.",
        ),
        ({"bookingLimitsCount": {"day": 5, "week": 2}}, 400, "Booking limits must be in ascending order."),
        ({"scheduleId": 3}, 404, "User with ID=1 does not own schedule with ID=3"),
        (
            {"bookingFields": [{"type": "email", "label": "Mail", "placeholder": "m", "required": False}]},
            400,
            "Booking fields validation failed: visible and required email or visible and required attendee phone "
            "field is needed.",
        ),
        (
            {"destinationCalendar": {"integration": "google_calendar", "externalId": "nope@example.com"}},
            400,
            "Invalid destinationCalendarId: Calendar does not exist",
        ),
    ],
)
def test_create_refusals(c: TestClient, body: dict[str, Any], status: int, text: str) -> None:
    response = c.post("/v2/event-types", headers=V2, json={**AVAILABILITY_FIELDS, **body})
    assert (response.status_code, message(response)) == (status, text)


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"lengthInMinutesOptions": [30, 30]}, "body.lengthInMinutesOptions"),
        ({"lengthInMinutesOptions": []}, "body.lengthInMinutesOptions"),
        ({"lengthInMinutes": 0}, "body.lengthInMinutes"),
        ({"minimumBookingNotice": -5}, "body.minimumBookingNotice"),
        ({"bookingWindow": {"type": "weeks", "value": 2}}, "body.bookingWindow"),
    ],
)
def test_validation_says_where(c: TestClient, body: dict[str, Any], location: str) -> None:
    response = c.post("/v2/event-types", headers=V2, json={**AVAILABILITY_FIELDS, **body})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["errors"][0]["location"].startswith(location)


def test_someone_elses_event_type(c: TestClient) -> None:
    bobs = ids(c, "event_types")["bob/30min"]
    for response in (
        c.get(f"/v2/event-types/{bobs}", headers=V2),
        c.patch(f"/v2/event-types/{bobs}", headers=V2, json={"title": "x"}),
    ):
        assert (response.status_code, message(response)) == (404, f"Event type with id {bobs} not found")
    deleted = c.delete(f"/v2/event-types/{bobs}", headers=V2)
    assert (deleted.status_code, message(deleted)) == (403, f"User with ID=1 does not own event type with ID={bobs}")
    missing = c.delete("/v2/event-types/999", headers=V2)
    assert (missing.status_code, message(missing)) == (404, "Event type with ID=999 does not exist.")
    bad = c.patch("/v2/event-types/abc", headers=V2, json={})
    assert bad.status_code == 400


def test_update_to_a_slug_in_use_conflicts(c: TestClient) -> None:
    eid = create(c)["id"]
    response = c.patch(f"/v2/event-types/{eid}", headers=V2, json={"slug": "15min"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "CONFLICT"


def test_delete_answers_the_deleted_summary(c: TestClient) -> None:
    created = create(c)
    response = c.delete(f"/v2/event-types/{created['id']}", headers=V2)
    assert response.json()["data"] == {
        "id": created["id"],
        "lengthInMinutes": 60,
        "slug": "deep-dive",
        "title": "Deep dive",
    }
    assert c.get(f"/v2/event-types/{created['id']}", headers=V2).status_code == 404


def test_list_by_username_slug_and_usernames(c: TestClient) -> None:
    hidden = create(c, hidden=True)
    mine = c.get("/v2/event-types", headers=V2).json()["data"]  # no query: the caller's own, hidden ones too
    assert hidden["id"] in [e["id"] for e in mine]
    own = c.get("/v2/event-types?username=alice", headers=V2).json()["data"]
    assert hidden["id"] in [e["id"] for e in own]
    others = c.get("/v2/event-types?username=alice", headers=AS_BOB).json()["data"]
    assert hidden["id"] not in [e["id"] for e in others] and len(others) == len(own) - 1
    assert c.get("/v2/event-types?username=alice&eventSlug=deep-dive", headers=AS_BOB).json()["data"] == []
    (one,) = c.get("/v2/event-types?username=alice&eventSlug=30min", headers=AS_BOB).json()["data"]
    assert one["slug"] == "30min"
    assert all(f.get("hidden") is not True for f in one["bookingFields"])  # hidden booking fields left out
    assert c.get("/v2/event-types?username=nobody", headers=V2).json()["data"] == []
    (dynamic,) = c.get("/v2/event-types?usernames=alice,bob", headers=V2).json()["data"]
    assert dynamic["slug"] == "dynamic" and [u["username"] for u in dynamic["users"]] == ["alice", "bob"]
    assert dynamic["lengthInMinutesOptions"] == [15, 30, 45, 60, 90]


# team and organization team event types -----------------------------------------------------------


def team_body(**body: Any) -> dict[str, Any]:
    return {"title": "Team call", "slug": "team-call", "lengthInMinutes": 30, "schedulingType": "collective", **body}


def test_collective_hosts_are_all_fixed(c: TestClient) -> None:
    sales, users = ids(c, "teams")["acme-sales"], ids(c, "users")
    body = team_body(hosts=[{"userId": users["alice"]}, {"userId": users["bob"], "mandatory": False}])
    response = c.post(f"/v2/teams/{sales}/event-types", headers=V2, json=body)
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["schedulingType"] == "collective" and data["teamId"] == sales and data["ownerId"] is None
    assert [h["userId"] for h in data["hosts"]] == [users["alice"], users["bob"]]
    assert "mandatory" not in data["hosts"][0]
    assert data["locations"] == [{"type": "integration", "integration": "cal-video"}]  # the team default
    assert data["team"]["slug"] == "acme-sales"
    row = c.get(f"/v1/event-types/{data['id']}{V1}").json()["event_type"]
    assert row["schedulingType"] == "COLLECTIVE" and row["teamId"] == sales


def test_round_robin_hosts_keep_mandatory_and_priority(c: TestClient) -> None:
    sales, users = ids(c, "teams")["acme-sales"], ids(c, "users")
    hosts = [{"userId": users["alice"], "mandatory": True, "priority": "highest"}, {"userId": users["carol"]}]
    data = c.post(
        f"/v2/teams/{sales}/event-types", headers=V2, json=team_body(schedulingType="roundRobin", hosts=hosts)
    ).json()["data"]
    assert [(h["userId"], h["mandatory"], h["priority"]) for h in data["hosts"]] == [
        (users["alice"], True, "highest"),
        (users["carol"], False, "medium"),
    ]
    updated = c.patch(
        f"/v2/teams/{sales}/event-types/{data['id']}", headers=V2, json={"assignAllTeamMembers": True}
    ).json()["data"]
    assert updated["assignAllTeamMembers"] is True
    assert [h["userId"] for h in updated["hosts"]] == [users["alice"], users["bob"], users["carol"]]
    fetched = c.get(f"/v2/teams/{sales}/event-types/{data['id']}", headers=V2).json()["data"]
    assert fetched == updated


def test_team_refusals(c: TestClient) -> None:
    teams, users = ids(c, "teams"), ids(c, "users")
    sales, support, studio = teams["acme-sales"], teams["acme-support"], teams["design-studio"]
    outsider = c.post(f"/v2/teams/{sales}/event-types", headers=V2, json=team_body(hosts=[{"userId": users["dave"]}]))
    assert (outsider.status_code, message(outsider)) == (
        404,
        f"Invalid hosts: {users['dave']} are not members of team with id {sales}.",
    )
    taken = c.post(f"/v2/teams/{sales}/event-types", headers=V2, json=team_body(slug="demo"))
    assert (taken.status_code, message(taken)) == (400, "Team event type with this slug already exists")
    member = c.post(f"/v2/teams/{support}/event-types", headers=V2, json=team_body())
    assert (member.status_code, message(member)) == (
        403,
        "RolesGuard - user with id=1 does not have the minimum required role=TEAM_ADMIN within "
        f"team with id={support}.",
    )
    stranger = c.post(f"/v2/teams/{studio}/event-types", headers=V2, json=team_body())
    assert (stranger.status_code, message(stranger)) == (
        403,
        f"RolesGuard - User is not a member of the team with id={studio}.",
    )
    demo = ids(c, "event_types")["acme-sales/demo"]
    same_slug = c.patch(f"/v2/teams/{sales}/event-types/{demo}", headers=V2, json={"slug": "demo"})
    assert (same_slug.status_code, message(same_slug)) == (400, "Team event type with this slug already exists")
    assert c.get(f"/v2/teams/{sales}/event-types/999", headers=V2).status_code == 404
    assert (
        message(c.delete(f"/v2/teams/{sales}/event-types/999", headers=V2)) == "Event type with ID=999 does not exist."
    )


def test_organization_routes(c: TestClient) -> None:
    teams = ids(c, "teams")
    acme, support, studio = teams["acme"], teams["acme-support"], teams["design-studio"]
    # alice is only a MEMBER of acme-support, but OWNER of the organization: that is enough here
    created = c.post(f"/v2/organizations/{acme}/teams/{support}/event-types", headers=V2, json=team_body())
    assert created.status_code == 201 and created.json()["data"]["teamId"] == support
    listed = c.get(f"/v2/organizations/{acme}/teams/{support}/event-types?eventSlug=team-call", headers=V2)
    assert [e["slug"] for e in listed.json()["data"]] == ["team-call"]
    not_in_org = c.get(f"/v2/organizations/{acme}/teams/{studio}/event-types", headers=V2)
    assert (not_in_org.status_code, message(not_in_org)) == (404, f"IsTeamInOrg - Team ({studio}) not found.")
    not_an_org = c.post(f"/v2/organizations/{studio}/teams/{support}/event-types", headers=V2, json=team_body())
    assert not_an_org.status_code == 403 and message(not_an_org).startswith("IsOrgGuard")


def test_managed_event_types_have_children(c: TestClient) -> None:
    sales, users = ids(c, "teams")["acme-sales"], ids(c, "users")
    body = team_body(
        schedulingType="managed", slug="managed", hosts=[{"userId": users["bob"]}, {"userId": users["carol"]}]
    )
    created = c.post(f"/v2/teams/{sales}/event-types", headers=V2, json=body)
    assert created.status_code == 201
    parent, *children = created.json()["data"]
    assert parent["schedulingType"] == "managed" and parent["metadata"]["managedEventConfig"] == {}
    assert [h["userId"] for h in parent["hosts"]] == [users["bob"], users["carol"]]
    assert [(ch["ownerId"], ch["parentEventTypeId"], ch["teamId"], ch["schedulingType"]) for ch in children] == [
        (users["bob"], parent["id"], None, None),
        (users["carol"], parent["id"], None, None),
    ]
    # a child is its owner's own event type
    bobs = c.get("/v2/event-types?username=bob&eventSlug=managed", headers=AS_BOB).json()["data"]
    assert [e["id"] for e in bobs] == [children[0]["id"]]
    changed = c.patch(
        f"/v2/teams/{sales}/event-types/{parent['id']}",
        headers=V2,
        json={"lengthInMinutes": 50, "hosts": [{"userId": users["carol"]}, {"userId": users["alice"]}]},
    ).json()["data"]
    assert [(e["ownerId"], e["lengthInMinutes"]) for e in changed] == [
        (None, 50),
        (users["carol"], 50),
        (users["alice"], 50),
    ]
    assert c.delete(f"/v2/teams/{sales}/event-types/{parent['id']}", headers=V2).json()["data"] == {
        "id": parent["id"],
        "title": "Team call",
    }
    assert c.get(f"/v2/event-types/{children[1]['id']}", headers=V2).status_code == 404


def test_team_list_is_public_and_filters_by_slug(c: TestClient) -> None:
    sales = ids(c, "teams")["acme-sales"]
    listed = c.get(f"/v2/teams/{sales}/event-types", headers={"cal-api-version": "2024-06-14"})
    assert listed.status_code == 200 and [e["slug"] for e in listed.json()["data"]] == ["demo", "discovery"]
    one = c.get(f"/v2/teams/{sales}/event-types?eventSlug=discovery", headers=V2).json()["data"]
    assert [e["slug"] for e in one] == ["discovery"] and one[0]["schedulingType"] == "roundRobin"


# legacy 2024-04-15 ---------------------------------------------------------------------------------


def test_legacy_list_groups_the_callers_event_types(c: TestClient) -> None:
    data = c.get("/v2/event-types", headers=LEGACY).json()["data"]
    groups = data["eventTypeGroups"]
    assert [(g["teamId"], g["membershipRole"]) for g in groups] == [(None, None), (2, "OWNER"), (3, "MEMBER")]
    assert groups[0]["profile"]["slug"] == "alice" and groups[0]["bookerUrl"] == "https://acme.cal.com"
    assert [g["metadata"]["readOnly"] for g in groups] == [False, False, True]
    assert [e["slug"] for e in groups[1]["eventTypes"]] == ["demo", "discovery"]
    assert groups[1]["eventTypes"][1]["userIds"] == [1, 2, 3]
    assert len(data["profiles"]) == 3 and data["allUsersAcrossAllEventTypes"] == {}
    onboarding = groups[2]["eventTypes"][0]
    assert [child["owner"]["username"] for child in onboarding["children"]] == ["bob", "carol"]


def test_legacy_single_event_types(c: TestClient) -> None:
    mine = ids(c, "event_types")["alice/60min"]
    got = c.get(f"/v2/event-types/{mine}", headers=LEGACY).json()["data"]
    assert got["eventType"]["beforeEventBuffer"] == 10 and got["isUserOrganizationAdmin"] is True
    bobs = ids(c, "event_types")["bob/30min"]
    foreign = c.get(f"/v2/event-types/{bobs}", headers=LEGACY)
    assert (foreign.status_code, message(foreign)) == (403, f"User with ID=1 does not own event type with ID={bobs}")
    missing = c.get("/v2/event-types/999", headers=LEGACY)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "TRPCError"
    assert c.get("/v2/event-types/abc", headers=LEGACY).status_code == 400


def test_legacy_create_update_delete(c: TestClient) -> None:
    body = {"title": "Legacy", "slug": "legacy", "length": 20, "minimumBookingNotice": 30, "slotInterval": 10}
    created = c.post("/v2/event-types", headers=LEGACY, json=body)
    assert created.status_code == 201
    row = created.json()["data"]
    assert (row["length"], row["minimumBookingNotice"], row["slotInterval"]) == (20, 30, 10)
    assert row["locations"] == [{"type": "integrations:daily"}]
    again = c.post("/v2/event-types", headers=LEGACY, json=body)
    assert (again.status_code, message(again)) == (400, "User already has an event type with this slug.")
    updated = c.patch(
        f"/v2/event-types/{row['id']}", headers=LEGACY, json={"afterEventBuffer": 15, "seatsPerTimeSlot": 3}
    )
    assert updated.json()["data"]["afterEventBuffer"] == 15 and updated.json()["data"]["seatsPerTimeSlot"] == 3
    v2 = c.get(f"/v2/event-types/{row['id']}", headers=V2).json()["data"]
    assert v2["afterEventBuffer"] == 15 and v2["seats"]["seatsPerTimeSlot"] == 3 and v2["slotInterval"] == 10
    deleted = c.delete(f"/v2/event-types/{row['id']}", headers=LEGACY).json()["data"]
    assert deleted == {"id": row["id"], "length": 20, "slug": "legacy", "title": "Legacy"}


def test_legacy_public_routes(c: TestClient) -> None:
    create(c, hidden=True)
    public = c.get("/v2/event-types/alice/public").json()["data"]
    assert "deep-dive" not in [e["slug"] for e in public] and "30min" in [e["slug"] for e in public]
    nobody = c.get("/v2/event-types/nobody/public")
    assert (nobody.status_code, message(nobody)) == (404, 'User with username "nobody" not found')
    event = c.get("/v2/event-types/alice/60min/public").json()["data"]
    assert event["length"] == 60 and event["isDynamic"] is False and event["bookingFields"]
    team = c.get("/v2/event-types/acme-sales/discovery/public?isTeamEvent=true").json()["data"]
    assert team["schedulingType"] == "ROUND_ROBIN" and team["team"]["slug"] == "acme-sales"
    assert c.get("/v2/event-types/alice/nope/public").status_code == 404


# v1 --------------------------------------------------------------------------------------------------


def test_v1_event_type_crud(c: TestClient) -> None:
    body = {"title": "V1 call", "slug": "V1 Call!", "length": 25, "periodType": "ROLLING", "periodDays": 7}
    created = c.post(f"/v1/event-types{V1}", json=body)
    assert created.status_code == 200 and created.json()["message"] == "Event type created successfully"
    row = created.json()["event_type"]
    assert row["slug"] == "v1-call" and row["userId"] == 1 and row["periodType"] == "ROLLING"
    eid = row["id"]
    got = c.get(f"/v1/event-types/{eid}{V1}").json()["event_type"]
    assert got["link"].endswith("/v1-call") and got["scheduleId"] is not None
    edited = c.patch(
        f"/v1/event-types/{eid}{V1}",
        json={"slotInterval": 5, "metadata": {"multipleDuration": [25, 50]}, "periodType": "RANGE",
              "periodStartDate": "2026-02-01T00:00:00.000Z", "periodEndDate": "2026-02-10T00:00:00.000Z"},
    )  # fmt: skip
    assert edited.status_code == 200
    v2 = c.get(f"/v2/event-types/{eid}", headers=V2).json()["data"]
    assert v2["slotInterval"] == 5 and v2["lengthInMinutesOptions"] == [25, 50]
    assert v2["bookingWindow"] == {"type": "range", "value": ["2026-02-01", "2026-02-10"]}
    assert eid in [e["id"] for e in c.get(f"/v1/event-types{V1}").json()["event_types"]]
    deleted = c.delete(f"/v1/event-types/{eid}{V1}")
    assert deleted.json() == {"message": f"Event Type with id: {eid} deleted successfully"}


def test_v1_refusals(c: TestClient) -> None:
    bobs = ids(c, "event_types")["bob/30min"]
    for response in (
        c.get(f"/v1/event-types/{bobs}{V1}"),
        c.patch(f"/v1/event-types/{bobs}{V1}", json={"title": "x"}),
        c.delete(f"/v1/event-types/{bobs}{V1}"),
    ):
        assert (response.status_code, response.json()["message"]) == (403, "Forbidden")
    taken = c.post(f"/v1/event-types{V1}", json={"title": "x", "slug": "30min", "length": 30})
    assert taken.status_code == 400 and taken.json()["errors"][0]["location"] == "body.slug"
    not_admin = c.post(f"/v1/event-types{V1}", json={"title": "x", "slug": "x", "length": 30, "userId": 2})
    assert (not_admin.status_code, not_admin.json()["message"]) == (401, "ADMIN required for `userId`")
    support = ids(c, "teams")["acme-support"]
    team = c.post(f"/v1/event-types{V1}", json={"title": "x", "slug": "x", "length": 30, "teamId": support})
    assert (team.status_code, team.json()["message"]) == (401, "ADMIN required for `teamId`")
    assert c.get(f"/v1/event-types/999{V1}").status_code == 404


def test_v1_team_event_types(c: TestClient) -> None:
    teams, users = ids(c, "teams"), ids(c, "users")
    sales, studio = teams["acme-sales"], teams["design-studio"]
    body = {
        "title": "Team", "slug": "team-v1", "length": 30, "teamId": sales, "schedulingType": "COLLECTIVE",
        "hosts": [{"userId": users["alice"]}, {"userId": users["bob"], "isFixed": False}],
    }  # fmt: skip
    row = c.post(f"/v1/event-types{V1}", json=body).json()["event_type"]
    assert row["teamId"] == sales and row["userId"] is None
    team = c.get(f"/v2/teams/{sales}/event-types/{row['id']}", headers=V2).json()["data"]
    assert [h["userId"] for h in team["hosts"]] == [users["alice"], users["bob"]]
    listed = c.get(f"/v1/teams/{sales}/event-types{V1}").json()["event_types"]
    assert [e["slug"] for e in listed] == ["demo", "discovery", "team-v1"]
    assert c.get(f"/v1/teams/{studio}/event-types{V1}").json() == {"event_types": []}  # not a member
    dave = c.get(f"/v1/teams/{studio}/event-types?apiKey={DAVE}").json()["event_types"]
    assert dave == []
