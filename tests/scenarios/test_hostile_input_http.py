"""Inputs that once reached a server error: each is a 400 in the called API's shape, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, BOB_KEY, error

V2 = {"Authorization": f"Bearer {ALICE_KEY}", "content-type": "application/json"}
RESERVE = {**V2, "cal-api-version": "2024-09-04"}
SCHEDULES = {**V2, "cal-api-version": "2024-06-11"}


def nested(depth: int) -> str:
    return '{"name": "x", "timeZone": "Europe/London", "isDefault": false, "extra": ' + "[" * depth + "]" * depth + "}"


def schedule_count(c: TestClient) -> int:
    records: list[Any] = c.get("/_emulator/state/schedules").json()["records"]
    return len(records)


@pytest.mark.parametrize("depth", [65, 300, 5000])
def test_json_nested_too_deep_is_a_400_in_v2(c: TestClient, depth: int) -> None:
    before = schedule_count(c)
    response = c.post("/v2/schedules", content=nested(depth), headers=SCHEDULES)
    assert response.status_code == 400, response.text
    assert "nested deeper than 64 levels" in error(response)["message"]
    assert schedule_count(c) == before


def test_json_within_the_depth_limit_reaches_validation(c: TestClient) -> None:
    response = c.post("/v2/schedules", content=nested(60), headers=SCHEDULES)
    assert response.status_code in (201, 400)  # the spec decides; what matters is no server error
    assert response.status_code < 500


def test_json_nested_too_deep_is_a_400_in_v1(c: TestClient) -> None:
    body = '{"title": "x", "slug": "x", "length": 30, "metadata": ' + "[" * 300 + "]" * 300 + "}"
    response = c.post(f"/v1/event-types?apiKey={ALICE_KEY}", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "nested deeper than 64 levels" in response.json()["message"]


def test_a_lone_surrogate_is_a_400(c: TestClient) -> None:
    before = schedule_count(c)
    body = '{"name": "\\ud800", "timeZone": "Europe/London", "isDefault": false}'
    response = c.post("/v2/schedules", content=body, headers=SCHEDULES)
    assert response.status_code == 400
    assert "lone UTF-16 surrogate" in error(response)["message"]
    assert schedule_count(c) == before
    pair = '{"name": "\\ud83d\\ude00 focus", "timeZone": "Europe/London", "isDefault": false}'  # a real pair is fine
    created = c.post("/v2/schedules", content=pair, headers=SCHEDULES)
    assert created.status_code == 201 and created.json()["data"]["name"] == "\U0001f600 focus"


@pytest.mark.parametrize("value", ["9223372036854775808", "6.8e154", "1e400", "-99999999999999999999999"])
def test_numbers_out_of_range_are_a_400(c: TestClient, value: str) -> None:
    body = '{"eventTypeId": 1, "slotStart": "2026-01-07T10:00:00Z", "reservationDuration": ' + value + "}"
    response = c.post("/v2/slots/reservations", content=body, headers=RESERVE)
    assert response.status_code == 400, response.text
    assert c.get("/_emulator/state/reservations").json()["records"] == []


def test_a_v1_event_type_host_without_a_user_is_a_400(c: TestClient) -> None:
    body = {"title": "Hosted", "slug": "hosted", "length": 30, "hosts": [{}]}
    response = c.post(f"/v1/event-types?apiKey={ALICE_KEY}", json=body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["location"] == "body.hosts[0].userId"


def test_head_on_a_v2_get_route_answers_like_get_without_a_body(c: TestClient) -> None:
    got = c.get("/v2/me", headers=V2)
    head = c.head("/v2/me", headers=V2)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert c.head("/v2/me").status_code == 401


def test_a_repeated_authorization_header_counts_its_first_value_as_on_node(c: TestClient) -> None:
    first_alice = [("Authorization", f"Bearer {ALICE_KEY}"), ("Authorization", f"Bearer {BOB_KEY}")]
    me = c.get("/v2/me", headers=first_alice)
    assert me.status_code == 200 and me.json()["data"]["username"] == "alice"
    first_bad = [("Authorization", "Bearer cal_nope"), ("Authorization", f"Bearer {ALICE_KEY}")]
    assert c.get("/v2/me", headers=first_bad).status_code == 401


def test_a_v2_body_over_100_kb_is_the_parsers_413_before_routing(c: TestClient) -> None:
    big = '{"name": "' + "x" * (100 * 1024) + '", "timeZone": "Europe/London", "isDefault": false}'
    before = schedule_count(c)
    response = c.post("/v2/schedules", content=big, headers=SCHEDULES)
    assert response.status_code == 413
    assert response.json() == {"statusCode": 413, "message": "request entity too large"}
    assert c.post("/v2/no-such-route", content=big, headers=SCHEDULES).status_code == 413
    assert schedule_count(c) == before
    small = '{"name": "' + "x" * 1000 + '", "timeZone": "Europe/London", "isDefault": false}'
    assert c.post("/v2/schedules", content=small, headers=SCHEDULES).status_code == 201


def test_a_v1_body_over_1_mb_is_a_413(c: TestClient) -> None:
    big = '{"title": "' + "x" * (1024 * 1024) + '", "slug": "big", "length": 30}'
    response = c.post(f"/v1/event-types?apiKey={ALICE_KEY}", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"message": "Body exceeded 1mb limit"}
