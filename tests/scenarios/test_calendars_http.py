"""Calendars over HTTP: connected calendars, busy times, the connect flow, Apple and ICS credentials,
selected and destination calendars, the unified calendar events, delegation credentials, and the
admin routes that play the providers. Dave has a Google account in the default world (primary
calendar selected and his destination calendar, a family calendar that is neither); the clock is
frozen at Monday 2026-01-05 09:00 UTC."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from tests.helpers import ALICE, error, ids

DAVE = {"Authorization": "Bearer cal_da7e0000000000000000000000000004"}
BOB = {"Authorization": "Bearer cal_b0b00000000000000000000000000002"}
SLOTS = {"cal-api-version": "2024-09-04"}
BOOKINGS = {"cal-api-version": "2024-08-13"}
PRIMARY, FAMILY = "dave.diaz@gmail.example", "family@group.calendar.example"
GUEST = {"name": "Roman", "email": "roman@guest.example", "timeZone": "Europe/Rome"}


def credential_id(c: TestClient, key: str = "dave-google") -> int:
    return int(ids(c, "credentials")[key])


def busy(c: TestClient, headers: dict[str, str], *calendars: tuple[int, str], **extra: str) -> Any:
    query = {"loggedInUsersTz": "UTC", "dateFrom": "2026-01-05", "dateTo": "2026-01-10", **extra}
    query = {k: v for k, v in query.items() if v != "-"}  # "-": leave the parameter out
    for i, (cid, external) in enumerate(calendars):
        query[f"calendarsToLoad[{i}][credentialId]"] = str(cid)
        query[f"calendarsToLoad[{i}][externalId]"] = external
    return c.get("/v2/calendars/busy-times", params=query, headers=headers)


def slot_starts(c: TestClient, event_type: str, day: str) -> list[str]:
    query = {"eventTypeId": ids(c, "event_types")[event_type], "start": f"{day}T00:00:00Z", "end": f"{day}T23:59:59Z"}
    response = c.get("/v2/slots", params=query, headers=SLOTS)
    assert response.status_code == 200, response.text
    return [s["start"] for slots in response.json()["data"].values() for s in slots]


def book(c: TestClient, event_type: str, start: str) -> Any:
    body = {"start": start, "eventTypeId": ids(c, "event_types")[event_type], "attendee": GUEST}
    return c.post("/v2/bookings", headers=BOOKINGS, json=body)


def events(c: TestClient) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = c.get("/_emulator/state/external_events").json()["records"]
    return records


# GET /v2/calendars ----------------------------------------------------------------------------------


def test_connected_calendars_and_destination(c: TestClient) -> None:
    data = c.get("/v2/calendars", headers=DAVE).json()["data"]
    [google] = data["connectedCalendars"]
    assert google["integration"]["type"] == "google_calendar" and google["credentialId"] == credential_id(c)
    assert google["primary"]["externalId"] == PRIMARY and google["primary"]["isSelected"] is True
    assert [(x["externalId"], x["isSelected"], x["readOnly"]) for x in google["calendars"]] == [
        (PRIMARY, True, False),
        (FAMILY, False, True),
    ]
    destination = data["destinationCalendar"]
    assert (destination["externalId"], destination["integrationTitle"]) == (PRIMARY, "Google Calendar")
    alice = c.get("/v2/calendars", headers=ALICE).json()["data"]
    assert alice == {"connectedCalendars": [], "destinationCalendar": {}}
    assert c.get("/v2/calendars").status_code == 401


# busy times -------------------------------------------------------------------------------------------


def test_busy_times_of_the_named_calendars(c: TestClient) -> None:
    cid = credential_id(c)
    response = busy(c, DAVE, (cid, PRIMARY))
    assert response.status_code == 200, response.text
    found = [(b["start"], b["end"]) for b in response.json()["data"]]
    # the dentist, then the weekly team lunch to the end of January (the window runs to the month's end)
    assert found[0] == ("2026-01-07T18:00:00.000Z", "2026-01-07T19:00:00.000Z")
    assert [s for s, _ in found[1:]] == [f"2026-01-{d}T20:00:00.000Z" for d in ("08", "15", "22", "29")]
    family = busy(c, DAVE, (cid, FAMILY)).json()["data"]
    assert family == [{"start": "2026-01-07T22:00:00.000Z", "end": "2026-01-07T23:00:00.000Z"}]
    assert busy(c, DAVE, (cid, PRIMARY), dateFrom="-").json()["data"] == []


def test_busy_times_refusals(c: TestClient) -> None:
    cid = credential_id(c)
    not_mine = busy(c, ALICE, (cid, PRIMARY))
    assert not_mine.status_code == 401 and error(not_mine)["message"] == "These credentials do not belong to you"
    missing = busy(c, DAVE)
    assert missing.status_code == 400 and "calendarsToLoad must be an array" in missing.text
    assert busy(c, DAVE, (cid, PRIMARY), loggedInUsersTz="").status_code == 400
    bad_id = c.get("/v2/calendars/busy-times?loggedInUsersTz=UTC&calendarsToLoad[0][credentialId]=x", headers=DAVE)
    assert bad_id.status_code == 400


def test_a_failing_provider(c: TestClient) -> None:
    cid = credential_id(c)
    assert c.post("/_emulator/providers/google/fail", json={"mode": "error"}).status_code == 200
    failed = busy(c, DAVE, (cid, PRIMARY))
    assert failed.status_code == 500
    assert error(failed)["message"] == "Unable to fetch connected calendars events. Please try again later."
    [google] = c.get("/v2/calendars", headers=DAVE).json()["data"]["connectedCalendars"]
    assert google["error"] == {"message": "Could not get connected calendars"} and "calendars" not in google
    check = c.get("/v2/calendars/google/check", headers=DAVE)
    assert check.status_code == 401 and error(check)["message"] == "Could not get connected calendars"
    # slots are computed without the failing calendar: the dentist no longer blocks 10:00 in Los Angeles
    assert "2026-01-07T18:00:00.000Z" in slot_starts(c, "dave/30min", "2026-01-07")
    assert c.delete("/_emulator/providers/google/fail").status_code == 200
    assert busy(c, DAVE, (cid, PRIMARY)).status_code == 200
    assert c.post("/_emulator/providers/nope/fail", json={}).status_code == 404


def test_a_revoked_credential(c: TestClient) -> None:
    cid = credential_id(c)
    assert "2026-01-07T18:00:00.000Z" not in slot_starts(c, "dave/30min", "2026-01-07")
    assert c.post(f"/_emulator/providers/credentials/{cid}/revoke").json()["invalid"] is True
    check = c.get("/v2/calendars/google/check", headers=DAVE)
    assert check.status_code == 400 and error(check)["message"] == "Invalid google OAuth credentials."
    [google] = c.get("/v2/calendars", headers=DAVE).json()["data"]["connectedCalendars"]
    assert google["error"]["message"] == "Access token expired or revoked"
    assert "2026-01-07T18:00:00.000Z" in slot_starts(c, "dave/30min", "2026-01-07")
    assert c.post("/_emulator/providers/credentials/999/revoke").status_code == 404


# the connect flow -----------------------------------------------------------------------------------


def connect(c: TestClient, headers: dict[str, str], **query: str) -> str:
    response = c.get("/v2/calendars/google/connect", params={"isDryRun": "false", **query}, headers=headers)
    assert response.status_code == 200, response.text
    url: str = response.json()["data"]["authUrl"]
    return url


def follow(c: TestClient, url: str) -> Any:
    parts = urlsplit(url)
    return c.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def test_connect_consent_save_and_the_slots_it_blocks(c: TestClient) -> None:
    """Bob connects Google with plain HTTP; a busy event added at the provider removes his slots and
    refuses a booking over it; his booking goes into the calendar and leaves it when cancelled."""
    auth_url = connect(c, BOB, redir="http://app.example/calendars")
    state = parse_qs(urlsplit(auth_url).query)["state"][0]
    assert urlsplit(auth_url).path == "/_emulator/providers/consent" and '"accessToken":"cal_b0b' in state
    consent = follow(c, auth_url + "&email=bob.brown%40gmail.example")
    assert consent.status_code == 302 and "/v2/calendars/google/save?" in consent.headers["location"]
    saved = follow(c, consent.headers["location"])
    assert saved.status_code == 301 and saved.headers["location"] == "http://app.example/calendars"

    data = c.get("/v2/calendars", headers=BOB).json()["data"]  # also makes the primary his destination
    [google] = data["connectedCalendars"]
    assert google["primary"]["externalId"] == "bob.brown@gmail.example" and google["primary"]["isSelected"]
    assert data["destinationCalendar"]["externalId"] == "bob.brown@gmail.example"

    assert "2026-01-07T15:00:00.000Z" in slot_starts(c, "bob/30min", "2026-01-07")
    added = c.post(
        "/_emulator/providers/events",
        json={"credentialId": google["credentialId"], "start": "2026-01-07T15:00:00Z", "end": "2026-01-07T16:00:00Z"},
    )
    assert added.status_code == 201, added.text
    starts = slot_starts(c, "bob/30min", "2026-01-07")
    assert "2026-01-07T15:00:00.000Z" not in starts and "2026-01-07T15:30:00.000Z" not in starts
    assert "2026-01-07T16:00:00.000Z" in starts
    refused = book(c, "bob/30min", "2026-01-07T15:30:00Z")
    assert refused.status_code == 400
    assert error(refused)["message"] == "User either already has booking at this time or is not available"

    made = book(c, "bob/30min", "2026-01-07T17:00:00Z")
    assert made.status_code == 201, made.text
    uid = made.json()["data"]["uid"]
    [written] = [e for e in events(c) if e["booking_uid"] == uid]
    assert (written["start"], written["end"]) == ("2026-01-07T17:00:00.000Z", "2026-01-07T17:30:00.000Z")
    references = c.get("/_emulator/state/booking_references").json()["records"]
    assert [r["type"] for r in references if r["uid"] == written["id"]] == ["google_calendar"]
    cancelled = c.post(f"/v2/bookings/{uid}/cancel", headers=BOOKINGS, json={"cancellationReason": "no"})
    assert cancelled.status_code == 200, cancelled.text
    assert [e for e in events(c) if e["booking_uid"] == uid] == []


def test_declined_consent_dry_runs_and_bad_states(c: TestClient) -> None:
    before = len(c.get("/_emulator/state/credentials").json()["records"])
    declined = follow(c, follow(c, connect(c, BOB) + "&deny=true").headers["location"])
    assert declined.status_code == 301 and declined.headers["location"] == "testserver"  # no redir: the origin
    dry = follow(c, follow(c, connect(c, BOB, isDryRun="true", redir="http://x.example")).headers["location"])
    assert dry.headers["location"] == "http://x.example"
    assert len(c.get("/_emulator/state/credentials").json()["records"]) == before
    stranger = c.get("/v2/calendars/google/save", params={"code": "abc", "state": '{"accessToken":"x","origin":"o"}'})
    assert stranger.status_code == 401 and error(stranger)["message"] == "Invalid Access token."
    broken = c.get("/v2/calendars/google/save", params={"code": "abc", "state": "origin=o"})
    assert broken.status_code == 400 and error(broken)["message"] == "accessToken - Required, "
    assert c.get("/v2/calendars/apple/connect?isDryRun=false", headers=BOB).status_code == 400
    assert c.get("/_emulator/providers/consent?provider=apple&redirect_uri=x").status_code == 400


# Apple and ICS feeds ------------------------------------------------------------------------------


def test_apple_credentials(c: TestClient) -> None:
    url = "/v2/calendars/apple/credentials"
    empty = c.post(url, headers=BOB, json={"username": "bob@icloud.example", "password": ""})
    assert empty.status_code == 400 and error(empty)["message"] == "Username or password cannot be empty"
    saved = c.post(url, headers=BOB, json={"username": "bob@icloud.example", "password": "app-specific"})
    assert saved.status_code == 201 and saved.json() == {"status": "success"}
    [apple] = c.get("/v2/calendars", headers=BOB).json()["data"]["connectedCalendars"]
    assert apple["integration"]["type"] == "apple_calendar" and apple["calendars"][0]["isSelected"]
    assert c.get("/v2/calendars/apple/check", headers=BOB).json() == {"status": "success"}
    assert (
        c.post("/v2/calendars/google/credentials", headers=BOB, json={"username": "a", "password": "b"}).status_code
        == 400
    )


def test_ics_feeds(c: TestClient) -> None:
    missing = c.get("/v2/calendars/ics-feed/check", headers=BOB)
    assert missing.status_code == 400 and error(missing)["message"] == "Credentials for Ics Feed calendar not found."
    bad = c.post("/v2/calendars/ics-feed/save", headers=BOB, json={"urls": ["ftp://x"]})
    assert bad.status_code == 400 and error(bad)["message"] == "Could not add ICS feeds, try using private ics feed."
    feeds = ["https://cal.example/a.ics", "https://cal.example/b.ics"]
    saved = c.post("/v2/calendars/ics-feed/save", headers=BOB, json={"urls": feeds})
    assert saved.status_code == 201, saved.text
    data = saved.json()["data"]
    assert (data["type"], data["appId"], data["invalid"], data["teamId"]) == (
        "ics-feed_calendar",
        "ics-feed",
        False,
        None,
    )
    [ics] = c.get("/v2/calendars", headers=BOB).json()["data"]["connectedCalendars"]
    assert [x["externalId"] for x in ics["calendars"]] == feeds and all(x["readOnly"] for x in ics["calendars"])
    assert c.get("/v2/calendars/ics-feed/check", headers=BOB).json() == {"status": "success"}


# check and disconnect -----------------------------------------------------------------------------


def test_check_a_connection(c: TestClient) -> None:
    assert c.get("/v2/calendars/google/check", headers=DAVE).json() == {"status": "success"}
    none = c.get("/v2/calendars/google/check", headers=ALICE)
    assert none.status_code == 400 and error(none)["message"] == "Credentials for google_calendar not found."
    outlook = c.get("/v2/calendars/office365/check", headers=DAVE)
    assert outlook.status_code == 400 and error(outlook)["message"] == "Credentials for office365_calendar not found."
    assert c.get("/v2/calendars/yahoo/check", headers=DAVE).status_code == 400


def test_disconnect(c: TestClient) -> None:
    cid = credential_id(c)
    other = c.post("/v2/calendars/google/disconnect", headers=ALICE, json={"id": cid})
    assert other.status_code == 404 and error(other)["message"] == "Calendar credentials not found"
    gone = c.post("/v2/calendars/google/disconnect", headers=DAVE, json={"id": cid})
    assert gone.status_code == 200, gone.text
    assert gone.json()["data"] == {
        "id": cid,
        "type": "google_calendar",
        "userId": ids(c, "users")["dave"],
        "teamId": None,
        "appId": "google-calendar",
        "invalid": False,
    }
    assert c.get("/v2/calendars", headers=DAVE).json()["data"] == {"connectedCalendars": [], "destinationCalendar": {}}
    assert "2026-01-07T18:00:00.000Z" in slot_starts(c, "dave/30min", "2026-01-07")


# selected and destination calendars -----------------------------------------------------------------


def test_selected_calendars_add_and_remove(c: TestClient) -> None:
    cid, day = credential_id(c), "2026-01-07"
    assert "2026-01-07T22:00:00.000Z" in slot_starts(c, "dave/30min", day)  # the family calendar is not checked
    body = {"integration": "google_calendar", "externalId": FAMILY, "credentialId": cid}
    added = c.post("/v2/selected-calendars", headers=DAVE, json=body)
    assert added.status_code == 201, added.text
    assert added.json()["data"] == {"userId": ids(c, "users")["dave"], **body}
    assert "2026-01-07T22:00:00.000Z" not in slot_starts(c, "dave/30min", day)
    query = {"integration": "google_calendar", "externalId": FAMILY, "credentialId": str(cid)}
    removed = c.delete("/v2/selected-calendars", params=query, headers=DAVE)
    assert removed.status_code == 200 and removed.json()["data"]["externalId"] == FAMILY
    again = c.delete("/v2/selected-calendars", params=query, headers=DAVE)
    assert again.status_code == 404 and error(again)["message"] == "No SelectedCalendar found."
    theirs = c.post("/v2/selected-calendars", headers=ALICE, json=body)
    assert theirs.status_code == 404 and error(theirs)["message"] == "Calendar credentials not found"


def test_an_event_types_own_selection_replaces_the_users(c: TestClient) -> None:
    layer = """
calendars:
  erin-google:
    user: erin
    calendars:
      - externalId: erin@gmail.example
        events: [{start: "2026-01-06T10:00:00Z", end: "2026-01-06T11:00:00Z"}]
      - externalId: erin-side@gmail.example
        primary: false
        selected: false
        selectedFor: [erin/30min]
        events: [{start: "2026-01-06T13:00:00Z", end: "2026-01-06T14:00:00Z"}]
"""
    assert c.post("/_emulator/fixtures?scope=test", content=layer).status_code == 200
    starts = slot_starts(c, "erin/30min", "2026-01-06")
    assert "2026-01-06T10:00:00.000Z" in starts and "2026-01-06T13:00:00.000Z" not in starts


def test_destination_calendar(c: TestClient) -> None:
    read_only = c.put(
        "/v2/destination-calendars", headers=DAVE, json={"integration": "google_calendar", "externalId": FAMILY}
    )
    assert read_only.status_code == 404 and error(read_only)["message"] == f"Could not find calendar {FAMILY}"
    body = {"integration": "google_calendar", "externalId": PRIMARY}
    updated = c.put("/v2/destination-calendars", headers=DAVE, json=body)
    assert updated.status_code == 200, updated.text
    assert updated.json()["data"] == {"userId": ids(c, "users")["dave"], **body, "credentialId": credential_id(c)}
    assert c.put("/v2/destination-calendars", headers=ALICE, json=body).status_code == 404


# the unified calendar event -------------------------------------------------------------------------


def test_unified_calendar_event(c: TestClient) -> None:
    made = book(c, "dave/30min", "2026-01-06T19:00:00Z")
    assert made.status_code == 201, made.text
    [event] = [e for e in events(c) if e["booking_uid"] == made.json()["data"]["uid"]]
    url = f"/v2/calendars/google/event/{event['id']}"
    got = c.get(url, headers=DAVE)
    assert got.status_code == 200, got.text
    data = got.json()["data"]
    assert (data["id"], data["source"], data["start"]["time"]) == (event["id"], "google", "2026-01-06T19:00:00.000Z")
    assert data["attendees"][0]["email"] == GUEST["email"]
    patched = c.patch(f"/v2/calendars/google/events/{event['id']}", headers=DAVE, json={"title": "Renamed"})
    assert patched.status_code == 200 and patched.json()["data"]["title"] == "Renamed"
    for response in (c.get(url, headers=ALICE), c.get("/v2/calendars/google/event/nope", headers=DAVE)):
        assert response.status_code == 404 and error(response)["message"] == "Booking reference not found"
    c.post("/_emulator/providers/google/fail", json={"mode": "timeout"})
    failed = c.get(url, headers=DAVE)
    assert failed.status_code == 404 and error(failed)["message"] == "Failed to retrieve meeting details"


# delegation credentials -----------------------------------------------------------------------------


def test_delegation_credentials(c: TestClient) -> None:
    layer = "teams:\n  beta:\n    isOrganization: true\n    plan: organization\n"
    layer += "    members: {alice: OWNER, carol: MEMBER}\n"
    assert c.post("/_emulator/fixtures?scope=test", content=layer).status_code == 200
    org = ids(c, "teams")["beta"]
    key = {"private_key": "k", "client_email": "svc@beta.iam.example", "client_id": "1"}
    body = {"workspacePlatformSlug": "google", "domain": "beta.example", "serviceAccountKey": [key]}
    created = c.post(f"/v2/organizations/{org}/delegation-credentials", headers=ALICE, json=body)
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert (data["enabled"], data["domain"], data["organizationId"]) == (False, "beta.example", org)
    assert data["workspacePlatform"] == {"name": "Google", "slug": "google"}
    enabled = c.patch(
        f"/v2/organizations/{org}/delegation-credentials/{data['id']}", headers=ALICE, json={"enabled": True}
    )
    assert enabled.status_code == 200 and enabled.json()["data"]["enabled"] is True
    unknown = c.patch(f"/v2/organizations/{org}/delegation-credentials/nope", headers=ALICE, json={"enabled": True})
    assert unknown.status_code == 404 and error(unknown)["message"] == "DelegationCredential with id nope not found"
    other = {**body, "workspacePlatformSlug": "zoho"}
    assert c.post(f"/v2/organizations/{org}/delegation-credentials", headers=ALICE, json=other).status_code == 404
    carol = {"Authorization": "Bearer cal_ca201000000000000000000000000003"}
    assert c.post(f"/v2/organizations/{org}/delegation-credentials", headers=carol, json=body).status_code == 403
    acme = ids(c, "teams")["acme"]  # a platform organization below the SCALE plan
    assert c.post(f"/v2/organizations/{acme}/delegation-credentials", headers=ALICE, json=body).status_code == 403
