"""Private links of event types over HTTP: a user's (/v2/event-types/{id}/private-links, served without
a cal-api-version) and an organization team's (/v2/organizations/{orgId}/teams/{teamId}/event-types/
{id}/private-links); expiry by date and by uses; booking through a link with the booking core's
``hashedLink``. The clock is frozen at Monday 2026-01-05 09:00 UTC."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, BOB_KEY, CAROL_KEY, error, ids

ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}
BOB = {"Authorization": f"Bearer {BOB_KEY}"}
CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}
DAILY = {"value": "integrations:daily", "optionValue": ""}


def links_url(c: TestClient, key: str = "alice/30min") -> str:
    return f"/v2/event-types/{ids(c, 'event_types')[key]}/private-links"


def create(c: TestClient, body: dict[str, Any], url: str | None = None) -> dict[str, Any]:
    response = c.post(url or links_url(c), headers=ALICE, json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def stored(c: TestClient) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = c.get("/_emulator/state/hashed_links").json()["records"]
    return records


# user links ---------------------------------------------------------------------------------------------


def test_user_links_crud(c: TestClient) -> None:
    eid = ids(c, "event_types")["alice/30min"]
    counted = create(c, {"maxUsageCount": 3})
    link = counted["linkId"]
    assert len(link) == 22
    assert counted == {
        "linkId": link,
        "eventTypeId": eid,
        "isExpired": False,
        "bookingUrl": f"https://cal.com/d/{link}",
        "maxUsageCount": 3,
        "usageCount": 0,
    }
    dated = create(c, {"expiresAt": "2026-02-01T00:00:00Z"})
    assert {k: dated[k] for k in ("eventTypeId", "isExpired", "expiresAt")} == {
        "eventTypeId": eid,
        "isExpired": False,
        "expiresAt": "2026-02-01T00:00:00.000Z",
    }
    assert "maxUsageCount" not in dated
    listed = c.get(links_url(c), headers=ALICE)
    assert listed.status_code == 200 and listed.json()["data"] == [counted, dated]

    raised = c.patch(f"{links_url(c)}/{link}", headers=ALICE, json={"maxUsageCount": 10})
    assert raised.status_code == 200 and raised.json()["data"] == {**counted, "maxUsageCount": 10}
    # The update writes expiresAt every time: a usage update turns a dated link into a counted one.
    turned = c.patch(f"{links_url(c)}/{dated['linkId']}", headers=ALICE, json={"maxUsageCount": 2})
    assert turned.json()["data"] == {**counted, "linkId": dated["linkId"], "bookingUrl": dated["bookingUrl"],
                                     "maxUsageCount": 2}  # fmt: skip
    past = c.patch(f"{links_url(c)}/{link}", headers=ALICE, json={"expiresAt": "2026-01-01T00:00:00Z"})
    assert past.json()["data"]["isExpired"] is True and past.json()["data"]["expiresAt"] == "2026-01-01T00:00:00.000Z"

    deleted = c.delete(f"{links_url(c)}/{link}", headers=ALICE)
    assert deleted.status_code == 200
    assert deleted.json()["data"] == {"linkId": link, "message": "Private link deleted successfully"}
    assert [x["linkId"] for x in c.get(links_url(c), headers=ALICE).json()["data"]] == [dated["linkId"]]


def test_link_hashes_come_from_the_seed(c: TestClient) -> None:
    first = create(c, {"maxUsageCount": 1})["linkId"]
    c.post("/_emulator/reset")
    assert create(c, {"maxUsageCount": 1})["linkId"] == first


def test_create_takes_exactly_one_limit(c: TestClient) -> None:
    neither = c.post(links_url(c), headers=ALICE, json={})
    assert neither.status_code == 400
    assert error(neither)["message"] == "Either expiresAt or maxUsageCount must be provided"
    both = c.post(links_url(c), headers=ALICE, json={"maxUsageCount": 2, "expiresAt": "2026-02-01T00:00:00Z"})
    assert both.status_code == 400 and error(both)["message"] == "Provide only one of expiresAt or maxUsageCount"
    fraction = c.post(links_url(c), headers=ALICE, json={"maxUsageCount": 1.5})
    assert fraction.status_code == 400
    assert error(fraction)["details"]["errors"][0]["constraints"] == {
        "isInt": "maxUsageCount must be an integer number"
    }
    assert stored(c) == []


def test_user_link_guards_and_not_found(c: TestClient) -> None:
    eid = ids(c, "event_types")["alice/30min"]
    theirs = c.post(links_url(c), headers=BOB, json={"maxUsageCount": 1})
    assert theirs.status_code == 404 and error(theirs)["message"] == f"Event type with id {eid} not found"
    zero = c.get("/v2/event-types/0/private-links", headers=ALICE)
    assert zero.status_code == 400 and error(zero)["message"] == "Invalid eventTypeId param."
    anonymous = c.get(links_url(c))
    assert anonymous.status_code == 403 and error(anonymous)["message"].startswith(
        "PermissionsGuard - no authentication"
    )
    unknown = c.patch(f"{links_url(c)}/nope", headers=ALICE, json={"maxUsageCount": 2})
    assert unknown.status_code == 404 and error(unknown)["message"] == "Updated link not found"
    gone = c.delete(f"{links_url(c)}/nope", headers=ALICE)
    assert gone.status_code == 404 and error(gone)["message"] == "Deleted link not found"
    # The controller declares no version, so only the default (2024-04-15) reaches it.
    versioned = c.get(links_url(c), headers={**ALICE, "cal-api-version": "2024-06-14"})
    assert versioned.status_code == 404


def test_links_go_with_their_event_type(c: TestClient) -> None:
    create(c, {"maxUsageCount": 1})
    eid = ids(c, "event_types")["alice/30min"]
    assert c.delete(f"/v2/event-types/{eid}", headers={**ALICE, "cal-api-version": "2024-06-14"}).status_code == 200
    assert stored(c) == []


# organization team links ------------------------------------------------------------------------------------


def org_links_url(c: TestClient, team: str = "acme-sales", event_type: str = "acme-sales/demo") -> str:
    teams, event_types = ids(c, "teams"), ids(c, "event_types")
    return f"/v2/organizations/{teams['acme']}/teams/{teams[team]}/event-types/{event_types[event_type]}/private-links"


def test_org_team_links(c: TestClient) -> None:
    url = org_links_url(c)
    made = c.post(url, headers=BOB, json={"maxUsageCount": 5})
    assert made.status_code == 201, made.text
    link = made.json()["data"]
    assert (link["eventTypeId"], link["maxUsageCount"], link["usageCount"]) == (
        ids(c, "event_types")["acme-sales/demo"],
        5,
        0,
    )
    assert c.get(url, headers=ALICE).json()["data"] == [link]
    dated = c.patch(f"{url}/{link['linkId']}", headers=BOB, json={"expiresAt": "2026-01-01T00:00:00Z"})
    assert dated.status_code == 200 and dated.json()["data"]["isExpired"] is True
    assert c.delete(f"{url}/{link['linkId']}", headers=BOB).json()["data"]["linkId"] == link["linkId"]
    assert c.get(url, headers=BOB).json()["data"] == []


def test_org_team_link_guards_and_not_found(c: TestClient) -> None:
    teams, users = ids(c, "teams"), ids(c, "users")
    member = c.get(org_links_url(c), headers=CAROL)
    assert member.status_code == 403
    assert error(member)["message"] == (
        f"RolesGuard - user with id={users['carol']} does not have the minimum required role=TEAM_ADMIN "
        f"within organization with id={teams['acme']} team with id={teams['acme-sales']}."
    )
    other_team = c.post(org_links_url(c, event_type="acme-support/onboarding"), headers=BOB, json={"maxUsageCount": 1})
    eid = ids(c, "event_types")["acme-support/onboarding"]
    assert other_team.status_code == 404 and error(other_team)["message"] == f"Event type with id {eid} not found"
    foreign = c.get(org_links_url(c, team="design-studio"), headers=ALICE)
    assert foreign.status_code == 404
    assert error(foreign)["message"] == f"IsTeamInOrg - Team ({teams['design-studio']}) not found."
    assert stored(c) == []


# booking through a link -----------------------------------------------------------------------------------


def booking_body(start: str, link: str | None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "eventTypeId": 2,  # alice/30min
        "start": start,
        "timeZone": "Europe/London",
        "language": "en",
        "metadata": {},
        "responses": {"name": "Zoe Zed", "email": "zoe@example.com", "location": DAILY},
        **extra,
    }
    if link is not None:
        body.update(hashedLink=link, hasHashedBookingLink=True)
    return body


def bookings_count(c: TestClient) -> int:
    return len(c.get("/_emulator/state/bookings").json()["records"])


def test_a_counted_link_books_until_used_up(c: TestClient) -> None:
    link = create(c, {"maxUsageCount": 1})["linkId"]
    booked = c.post("/v2/bookings", json=booking_body("2026-01-06T11:00:00.000Z", link))
    assert booked.status_code == 201, booked.text
    after = c.get(links_url(c), headers=ALICE).json()["data"][0]
    assert (after["usageCount"], after["isExpired"]) == (1, True)
    before = bookings_count(c)
    refused = c.post("/v2/bookings", json=booking_body("2026-01-06T12:00:00.000Z", link))
    assert refused.status_code == 400
    assert error(refused) == {
        "code": "HttpException",
        "message": "private_link_expired",
        "details": "private_link_expired",
    }
    assert bookings_count(c) == before


def test_a_dated_link_books_until_its_date_without_counting(c: TestClient) -> None:
    live = create(c, {"expiresAt": "2026-02-01T00:00:00Z"})["linkId"]
    for start in ("2026-01-06T11:00:00.000Z", "2026-01-06T12:00:00.000Z"):
        assert c.post("/v2/bookings", json=booking_body(start, live)).status_code == 201
    assert [r["usage_count"] for r in stored(c)] == [0]
    ended = create(c, {"expiresAt": "2026-01-05T08:00:00Z"})["linkId"]
    refused = c.post("/v2/bookings", json=booking_body("2026-01-06T13:00:00.000Z", ended))
    assert refused.status_code == 400 and error(refused)["message"] == "private_link_expired"


def test_unknown_or_unflagged_links(c: TestClient) -> None:
    unknown = c.post("/v2/bookings", json=booking_body("2026-01-06T11:00:00.000Z", "no-such-link"))
    assert unknown.status_code == 400 and error(unknown)["message"] == "private_link_expired"
    link = create(c, {"maxUsageCount": 1})["linkId"]
    # Without hasHashedBookingLink the core ignores the hash: the booking goes through, the link is unused.
    plain = c.post("/v2/bookings", json=booking_body("2026-01-06T11:00:00.000Z", None, hashedLink=link))
    assert plain.status_code == 201, plain.text
    assert [r["usage_count"] for r in stored(c)] == [0]


def test_v1_bookings_go_through_links_too(c: TestClient) -> None:
    link = create(c, {"maxUsageCount": 1})["linkId"]
    body = booking_body("2026-01-06T11:00:00.000Z", link, end="2026-01-06T11:30:00.000Z")
    assert c.post(f"/v1/bookings?apiKey={ALICE_KEY}", json=body).status_code == 200
    body.update(start="2026-01-06T12:00:00.000Z", end="2026-01-06T12:30:00.000Z")
    refused = c.post(f"/v1/bookings?apiKey={ALICE_KEY}", json=body)
    assert refused.status_code == 400 and refused.json() == {"message": "private_link_expired"}
