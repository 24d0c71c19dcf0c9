"""Conferencing apps over HTTP: the installed list, Google Meet (which needs Google Calendar), Zoom
through the emulator's consent screen, the default app, a booking at a Zoom location, disconnecting,
and the organization team variants. Dave has a Google Calendar in the default world; bob has none."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from tests.helpers import ALICE, BOB_KEY, DAVE_KEY, error, ids

DAVE = {"Authorization": f"Bearer {DAVE_KEY}"}
BOB = {"Authorization": f"Bearer {BOB_KEY}"}
BOOKINGS = {"cal-api-version": "2024-08-13"}
EVENT_TYPES = {"cal-api-version": "2024-06-14"}


def connect_zoom(c: TestClient, headers: dict[str, str], prefix: str = "/v2/conferencing", **query: str) -> str:
    """auth-url, the consent screen, the callback: answers where the callback redirected."""
    answer = c.get(
        f"{prefix}/zoom/oauth/auth-url", params={"returnTo": "http://app.example/ok", **query}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    url = answer.json()["data"]["url"]
    assert "/_emulator/providers/consent?" in url
    consent = c.get(url, follow_redirects=False)
    assert consent.status_code == 302
    back = c.get(consent.headers["location"], follow_redirects=False)
    assert back.status_code == 301, back.text
    return str(back.headers["location"])


def free_starts(c: TestClient, event_type: int) -> list[str]:
    query = {"eventTypeId": event_type, "start": "2026-01-07T00:00:00Z", "end": "2026-01-08T23:59:59Z"}
    response = c.get("/v2/slots", params=query, headers={"cal-api-version": "2024-09-04"})
    assert response.status_code == 200, response.text
    return [s["start"] for slots in response.json()["data"].values() for s in slots]


def apps(c: TestClient, headers: dict[str, str], path: str = "/v2/conferencing") -> list[dict[str, Any]]:
    response = c.get(path, headers=headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["data"]
    return found


def test_zoom_connect_default_booking_and_disconnect(c: TestClient) -> None:
    assert apps(c, BOB) == []
    assert c.get("/v2/conferencing/default", headers=BOB).json() == {"status": "success"}
    assert connect_zoom(c, BOB, onErrorReturnTo="http://app.example/failed") == "http://app.example/ok"
    [zoom] = apps(c, BOB)
    assert zoom["type"] == "zoom_video" and zoom["userId"] == ids(c, "users")["bob"] and zoom["invalid"] is False

    assert c.post("/v2/conferencing/zoom/default", headers=BOB).json() == {"status": "success"}
    assert c.get("/v2/conferencing/default", headers=BOB).json()["data"] == {"appSlug": "zoom"}

    event_type = ids(c, "event_types")["bob/30min"]
    patched = c.patch(
        f"/v2/event-types/{event_type}",
        headers={**BOB, **EVENT_TYPES},
        json={"locations": [{"type": "integration", "integration": "zoom"}]},
    )
    assert patched.status_code == 200, patched.text
    starts = free_starts(c, event_type)
    body = {
        "start": starts[0],
        "eventTypeId": event_type,
        "attendee": {"name": "Roman", "email": "roman@guest.example", "timeZone": "Europe/Rome"},
    }
    first = c.post("/v2/bookings", headers=BOOKINGS, json=body)
    assert first.status_code == 201, first.text
    url = first.json()["data"]["meetingUrl"]
    assert url.startswith("https://zoom.us/j/")
    again = c.get(f"/v2/bookings/{first.json()['data']['uid']}", headers={**BOOKINGS, **BOB}).json()["data"]
    assert again["meetingUrl"] == url
    refs = [r for r in c.get("/_emulator/state/booking_references").json()["records"] if r["type"] == "zoom_video"]
    assert [r["meeting_url"] for r in refs] == [url]

    assert c.delete("/v2/conferencing/zoom/disconnect", headers=BOB).json() == {"status": "success"}
    assert apps(c, BOB) == []
    assert c.get("/v2/conferencing/default", headers=BOB).json() == {"status": "success"}
    # Without the app the booking falls back to Cal Video, as Cal.com's EventManager does.
    later = c.post("/v2/bookings", headers=BOOKINGS, json={**body, "start": starts[-1]})
    assert later.status_code == 201, later.text
    assert later.json()["data"]["meetingUrl"].startswith("https://app.cal.com/video/")


def test_callback_failures_go_to_on_error_and_change_nothing(c: TestClient) -> None:
    url = c.get(
        "/v2/conferencing/zoom/oauth/auth-url", params={"onErrorReturnTo": "http://app.example/no"}, headers=BOB
    ).json()["data"]["url"]
    state = parse_qs(urlsplit(url).query)["state"][0]
    assert json.loads(state)["accessToken"] == BOB_KEY
    denied = c.get(url + "&deny=true", follow_redirects=False)
    back = c.get(denied.headers["location"], follow_redirects=False)
    assert back.status_code == 301 and back.headers["location"] == "http://app.example/no"
    forged = json.dumps({"accessToken": "cal_nobody", "onErrorReturnTo": "http://app.example/no"})
    wrong = c.get("/v2/conferencing/zoom/oauth/callback", params={"state": forged, "code": "x"}, follow_redirects=False)
    assert wrong.headers["location"] == "http://app.example/no"
    assert apps(c, BOB) == []
    missing = c.get("/v2/conferencing/zoom/oauth/callback", params={"code": "x"}, follow_redirects=False)
    assert missing.status_code == 400
    garbled = c.get("/v2/conferencing/zoom/oauth/callback", params={"state": "{", "code": "x"}, follow_redirects=False)
    assert garbled.status_code == 400


def test_google_meet_needs_google_calendar(c: TestClient) -> None:
    refused = c.post("/v2/conferencing/google-meet/connect", headers=BOB)
    assert refused.status_code == 400
    assert error(refused)["message"] == "Google Meet app requires a Google Calendar connection"
    made = c.post("/v2/conferencing/google-meet/connect", headers=DAVE)
    assert made.status_code == 200, made.text
    assert made.json()["data"]["type"] == "google_video"
    twice = c.post("/v2/conferencing/google-meet/connect", headers=DAVE)
    assert error(twice)["message"] == "Google Meet is already connected."
    assert [a["type"] for a in apps(c, DAVE)] == ["google_video"]


def test_the_real_errors(c: TestClient) -> None:
    assert error(c.post("/v2/conferencing/zoom/connect", headers=BOB))["message"] == (
        "Invalid conferencing app. Available apps: GOOGLE_MEET."
    )
    assert c.get("/v2/conferencing/google-meet/oauth/auth-url", headers=BOB).status_code == 400
    assert error(c.post("/v2/conferencing/zoom/default", headers=BOB))["message"] == "zoom not connected."
    assert error(c.delete("/v2/conferencing/zoom/disconnect", headers=BOB))["message"] == "zoom not connected."
    assert c.post("/v2/conferencing/skype/default", headers=BOB).status_code == 400
    # Cal Video is global: it can be the default without a credential.
    assert c.post("/v2/conferencing/daily-video/default", headers=BOB).status_code == 200
    assert c.get("/v2/conferencing/default", headers=BOB).json()["data"] == {"appSlug": "daily-video"}


def test_the_guard(c: TestClient) -> None:
    assert c.get("/v2/conferencing").status_code == 401
    team = ids(c, "teams")
    path = f"/v2/organizations/{team['acme']}/teams/{team['acme-sales']}/conferencing"
    carol = {"Authorization": "Bearer cal_ca201000000000000000000000000003"}  # a member, not an admin
    assert c.get(path, headers=carol).status_code == 403


def test_team_zoom_through_the_user_callback(c: TestClient) -> None:
    team = ids(c, "teams")
    prefix = f"/v2/organizations/{team['acme']}/teams/{team['acme-sales']}/conferencing"
    assert apps(c, ALICE, prefix) == []
    assert connect_zoom(c, ALICE, prefix) == "http://app.example/ok"
    [zoom] = apps(c, ALICE, prefix)
    assert zoom["type"] == "zoom_video" and zoom["userId"] is None
    assert apps(c, ALICE) == []  # the team's, not alice's
    assert c.post(f"{prefix}/zoom/default", headers=ALICE).status_code == 200
    assert c.get(f"{prefix}/default", headers=ALICE).json()["data"] == {"appSlug": "zoom"}
    assert c.delete(f"{prefix}/zoom/disconnect", headers=ALICE).status_code == 200
    assert apps(c, ALICE, prefix) == []


def test_atoms_list_the_installed_apps(c: TestClient) -> None:
    def slugs() -> list[str]:
        response = c.get("/v2/atoms/conferencing", headers=BOB)
        assert response.status_code == 200, response.text
        return [item["slug"] for item in response.json()["data"]["items"]]

    assert slugs() == ["daily-video"]
    connect_zoom(c, BOB)
    assert slugs() == ["daily-video", "zoom"]
    [zoom] = [i for i in c.get("/v2/atoms/conferencing", headers=BOB).json()["data"]["items"] if i["slug"] == "zoom"]
    assert zoom["userCredentialIds"] == [apps(c, BOB)[0]["id"]] and zoom["appData"]["location"]["type"] == (
        "integrations:zoom"
    )


def test_the_default_app_is_the_location_of_an_event_type_without_one(c: TestClient) -> None:
    connect_zoom(c, BOB)
    assert c.post("/v2/conferencing/zoom/default", headers=BOB).status_code == 200
    made = c.post(
        "/v2/event-types",
        headers={**BOB, **EVENT_TYPES},
        json={
            "title": "Anywhere",
            "slug": "anywhere",
            "lengthInMinutes": 30,
            "locations": [{"type": "organizersDefaultApp"}],
        },
    )
    assert made.status_code == 201, made.text
    event_type = made.json()["data"]["id"]
    body = {
        "start": free_starts(c, event_type)[0],
        "eventTypeId": event_type,
        "attendee": {"name": "Roman", "email": "roman@guest.example", "timeZone": "Europe/Rome"},
    }
    booked = c.post("/v2/bookings", headers=BOOKINGS, json=body)
    assert booked.status_code == 201, booked.text
    assert booked.json()["data"]["meetingUrl"].startswith("https://zoom.us/j/")
