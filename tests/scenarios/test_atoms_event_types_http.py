"""The event-type settings and conferencing atoms' event-type routes over HTTP: read, update (personal,
team, managed), the bulk lists and the move to the default conferencing app. Every answer is also held
to openapi/atoms/atoms.yaml by the server itself (an off-spec answer would be a 500).

Default world: alice owns the acme platform organization and acme-sales, bob is an org admin,
admin of acme-sales and owner of acme-support, carol is an org member, member of acme-sales and
admin of acme-support; dave is outside the organization."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE, BOB_KEY, CAROL_KEY, DAVE_KEY, error

BOB = {"Authorization": f"Bearer {BOB_KEY}"}
CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}
DAVE = {"Authorization": f"Bearer {DAVE_KEY}"}
TRPC_NOT_FOUND = "The requested resource was not found"
GENERIC_BAD_REQUEST = "Bad request: Please check your request data and try again"
SALES = "/v2/atoms/organizations/1/teams/2"
SUPPORT = "/v2/atoms/organizations/1/teams/3"
CAL_VIDEO_LOGO = "/app-store/dailyvideo/icon.svg"


def data(response: Any) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success"
    return body["data"]


def event_type(c: TestClient, eid: int, headers: dict[str, str] = ALICE) -> dict[str, Any]:
    found: dict[str, Any] = data(c.get(f"/v2/atoms/event-types/{eid}", headers=headers))["eventType"]
    return found


# reading ------------------------------------------------------------------------------------------------


def test_own_event_type_comes_with_its_editing_context(c: TestClient) -> None:
    got = data(c.get("/v2/atoms/event-types/1", headers=ALICE))
    shown = got["eventType"]
    assert (shown["id"], shown["title"], shown["length"], shown["userId"]) == (1, "15 Min Meeting", 15, 1)
    assert [u["id"] for u in shown["users"]] == [1] and shown["users"][0]["avatar"]
    assert shown["schedule"] == 1  # no schedule of its own: the owner's default
    assert shown["bookerUrl"] == "https://acme.cal.com" and shown["childrenCount"] == 0
    assert [f["name"] for f in shown["bookingFields"]][:2] == ["name", "email"]  # the system fields
    assert got["team"] is None and got["currentUserMembership"] is None and got["teamMembers"] == []
    assert got["isUserOrganizationAdmin"] is True
    assert got["locationOptions"][0]["options"][0] == {
        "label": "Cal Video",
        "value": "integrations:daily",
        "icon": CAL_VIDEO_LOGO,
    }


def test_someone_elses_event_type_is_not_found(c: TestClient) -> None:
    for headers, eid in ((CAROL, 1), (DAVE, 7), (ALICE, 999)):
        response = c.get(f"/v2/atoms/event-types/{eid}", headers=headers)
        assert response.status_code == 404 and error(response)["message"] == TRPC_NOT_FOUND


def test_team_event_type_needs_a_team_admin_or_an_org_admin(c: TestClient) -> None:
    refused = c.get("/v2/atoms/event-types/14", headers=CAROL)  # a member of acme-sales, not an admin
    assert refused.status_code == 403
    assert error(refused)["message"].startswith("Access denied. Either the team with ID=2 does not own")
    got = data(c.get("/v2/atoms/event-types/14", headers=BOB))
    assert got["team"]["id"] == 2 and got["currentUserMembership"] == "ADMIN"
    assert sorted(m["user"]["id"] for m in got["team"]["members"]) == [1, 2, 3]
    assert got["teamMembers"] == []  # only platform-managed members are kept
    assert got["eventType"]["users"] == [] and got["eventType"]["schedule"] is None


def test_managed_event_type_offers_the_members_default_location(c: TestClient) -> None:
    got = data(c.get("/v2/atoms/event-types/16", headers=CAROL))  # carol administers acme-support
    assert got["locationOptions"][0] == {
        "label": "Default",
        "options": [{"label": "Member's default app", "value": "", "icon": "/user-check.svg"}],
    }
    assert [child["owner"]["id"] for child in got["eventType"]["children"]] == [2, 3]


# lists ----------------------------------------------------------------------------------------------------


def test_user_list_has_every_personal_event_type_with_its_app_logo(c: TestClient) -> None:
    listed = data(c.get("/v2/atoms/event-types", headers=ALICE))["eventTypes"]
    assert [e["id"] for e in listed] == [1, 2, 3, 4, 5, 6]
    by_id = {e["id"]: e for e in listed}
    assert by_id[1]["logo"] == CAL_VIDEO_LOGO and by_id[4]["logo"] == CAL_VIDEO_LOGO  # no location: Cal Video
    assert "logo" not in by_id[3]  # in person belongs to no app
    assert by_id[4]["metadata"] == {"multipleDuration": [15, 30, 45, 60]} and by_id[4]["parentId"] is None
    # bob's managed child (17) is left out: its parent did not unlock locations
    assert [e["id"] for e in data(c.get("/v2/atoms/event-types", headers=BOB))["eventTypes"]] == [7]


def test_team_list_runs_the_team_admin_guards(c: TestClient) -> None:
    listed = data(c.get(f"{SALES}/event-types", headers=ALICE))["eventTypes"]
    assert listed == [
        {"id": 14, "title": "Product demo", "locations": [], "logo": CAL_VIDEO_LOGO},
        {"id": 15, "title": "Discovery call", "locations": [], "logo": CAL_VIDEO_LOGO},
    ]
    assert [e["id"] for e in data(c.get(f"{SUPPORT}/event-types", headers=CAROL))["eventTypes"]] == [16]
    assert c.get(f"{SALES}/event-types", headers=CAROL).status_code == 403


def test_bulk_move_to_the_default_app(c: TestClient) -> None:
    path = "/v2/atoms/event-types/bulk-update-to-default-location"
    unset = c.patch(path, headers=ALICE, json={"eventTypeIds": [3, 4]})
    assert unset.status_code == 400 and error(unset)["message"] == "Default conferencing app not set"
    assert event_type(c, 3)["locations"][0]["type"] == "inPerson"  # nothing written
    assert c.post("/v2/conferencing/daily-video/default", headers=ALICE).status_code == 200
    assert c.patch(path, headers=ALICE, json={"eventTypeIds": [3, 4, 7]}).json() == {"status": "success"}
    assert event_type(c, 3)["locations"] == [{"type": "integrations:daily"}]
    assert event_type(c, 4)["locations"] == [{"type": "integrations:daily"}]
    assert event_type(c, 7, BOB)["locations"] == []  # bob's, skipped
    empty = c.patch(path, headers=ALICE, json={"eventTypeIds": []})
    assert empty.status_code == 400  # at least one id


def test_bulk_move_of_team_event_types(c: TestClient) -> None:
    path = f"{SALES}/event-types/bulk-update-to-default-location"
    unset = c.patch(path, headers=ALICE, json={"eventTypeIds": [14]})
    assert unset.status_code == 400 and error(unset)["message"] == "Default conferencing app not set"
    made = c.post("/v2/organizations/1/teams/2/conferencing/daily-video/default", headers=ALICE)
    assert made.status_code == 200, made.text
    assert c.patch(path, headers=ALICE, json={"eventTypeIds": [14, 1]}).status_code == 200
    assert event_type(c, 14)["locations"] == [{"type": "integrations:daily"}]
    assert event_type(c, 1)["locations"] == [{"type": "integrations:daily"}]  # unchanged: not the team's


# updates ------------------------------------------------------------------------------------------------


def test_update_answers_what_it_read_before_writing(c: TestClient) -> None:
    body = {"title": "Quick chat", "length": 20, "bookingFields": [{"name": "topic", "type": "text"}]}
    answer = data(c.patch("/v2/atoms/event-types/1", headers=ALICE, json=body))
    assert answer["eventType"]["title"] == "15 Min Meeting" and answer["eventType"]["team"] is None
    shown = event_type(c, 1)
    assert (shown["title"], shown["length"]) == ("Quick chat", 20)
    custom = [f["name"] for f in shown["bookingFields"]]
    assert "topic" in custom and custom.count("email") == 1  # the system e-mail field was added


def test_update_connects_only_the_callers_own_schedule(c: TestClient) -> None:
    data(c.patch("/v2/atoms/event-types/2", headers=ALICE, json={"schedule": 2}))
    shown = event_type(c, 2)
    assert (shown["schedule"], shown["scheduleName"]) == (2, "Evenings")
    data(c.patch("/v2/atoms/event-types/2", headers=ALICE, json={"schedule": 3}))  # bob's: ignored
    assert event_type(c, 2)["schedule"] == 2
    data(c.patch("/v2/atoms/event-types/2", headers=ALICE, json={"schedule": None}))
    assert event_type(c, 2)["scheduleName"] is None
    refused = c.patch("/v2/atoms/event-types/2", headers=ALICE, json={"scheduleId": 3})
    assert refused.status_code == 404 and error(refused)["message"] == "User with ID=1 does not own schedule with ID=3"


def test_update_refusals_write_nothing(c: TestClient) -> None:
    other = c.patch("/v2/atoms/event-types/7", headers=ALICE, json={"title": "Mine now"})
    assert other.status_code == 404 and error(other)["message"] == "Event type with id 7 not found"
    cases: list[dict[str, Any]] = [
        {"title": "Seated", "seatsPerTimeSlot": 4, "recurringEvent": {"freq": 2, "count": 3, "interval": 1}},
        {"title": "Clash", "slug": "30min"},
        {"title": "Twice", "bookingFields": [{"name": "a", "type": "text"}, {"name": "a", "type": "text"}]},
        {"title": "Limits", "bookingLimits": {"PER_DAY": 5, "PER_WEEK": 2}},
    ]
    for body in cases:
        response = c.patch("/v2/atoms/event-types/1", headers=ALICE, json=body)
        assert response.status_code == 400 and error(response)["message"] == GENERIC_BAD_REQUEST, body
    for body in ({"title": "Typed", "length": "long"}, {"title": "Unknown", "colour": "red"}):
        response = c.patch("/v2/atoms/event-types/1", headers=ALICE, json=body)
        assert response.status_code == 400, response.text
    assert event_type(c, 1)["title"] == "15 Min Meeting"


def test_team_update_by_an_org_admin_sets_hosts(c: TestClient) -> None:
    hosts = [{"userId": 1, "isFixed": True}, {"userId": 3, "priority": 4, "weight": 50}]
    answer = data(c.patch(f"{SALES}/event-types/15", headers=BOB, json={"hosts": hosts}))
    assert answer["eventType"]["team"]["id"] == 2 and answer["eventType"]["team"]["parent"] == {"slug": "acme"}
    shown = event_type(c, 15, BOB)
    assert [(h["userId"], h["isFixed"], h["priority"], h["weight"]) for h in shown["hosts"]] == [
        (1, True, 2, 100),
        (3, False, 4, 50),
    ]
    wrong_team = c.patch(f"{SALES}/event-types/16", headers=BOB, json={"title": "x"})
    assert wrong_team.status_code == 404 and error(wrong_team)["message"] == "Event type with id 16 not found"
    mismatch = c.patch(f"{SALES}/event-types/15", headers=BOB, json={"teamId": 3, "title": "x"})
    assert mismatch.status_code == 401
    assert event_type(c, 15, BOB)["title"] == "Discovery call"


def test_team_admin_replaces_managed_children(c: TestClient) -> None:
    body = {"title": "Onboarding v2", "children": [{"owner": {"id": 2}, "hidden": False}]}
    answer = data(c.patch(f"{SUPPORT}/event-types/16", headers=CAROL, json=body))
    assert [child["userId"] for child in answer["eventType"]["children"]] == [2, 3]  # before the write
    shown = event_type(c, 16, CAROL)
    assert [child["owner"]["id"] for child in shown["children"]] == [2]
    assert event_type(c, 17, BOB)["title"] == "Onboarding v2"  # the child took the parent's title
    refused = c.patch(f"{SALES}/event-types/14", headers=CAROL, json={"title": "x"})
    assert refused.status_code == 403  # RolesGuard: carol is a member of acme-sales


# apps ------------------------------------------------------------------------------------------------------


def test_event_type_app_answers_the_app_with_the_callers_credentials(c: TestClient) -> None:
    stripe = data(c.get("/v2/atoms/event-types-app/stripe", headers=ALICE))["app"]
    assert (stripe["slug"], stripe["type"], stripe["categories"]) == ("stripe", "stripe_payment", ["payment"])
    assert (stripe["isInstalled"], stripe["userCredentialIds"], stripe["teams"]) == (False, [], [])
    assert "isSetupAlready" not in stripe and "credentialOwner" not in stripe
    video = data(c.get("/v2/atoms/event-types-app/daily-video", headers=ALICE))["app"]
    assert video["isInstalled"] is True and video["isGlobal"] is True
    assert data(c.get("/v2/atoms/event-types-app/no-such-app", headers=ALICE)) == {}
