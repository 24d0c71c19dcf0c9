"""Every admin input is bounded: out-of-range clocks, latencies, strings and bodies are a JSON 400/413
naming the field and the bound, never a 500 or a request that never returns."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.world import fixtures as fixture_loader
from tests.helpers import ALICE, ALICE_KEY


def refused(response: Any, field: str, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["field"] == field
    assert body["bound"]
    return body


@pytest.mark.parametrize("advance", ["99999999999d", 1e308, -1e308, "-99999999999d", 10**300, "7200000000000s"])
def test_an_advance_past_the_clock_range_is_a_400_naming_advance(c: TestClient, advance: object) -> None:
    before = c.get("/_emulator/clock").json()
    body = refused(c.post("/_emulator/clock", json={"advance": advance}), "advance")
    assert "1900" in body["bound"] and "9000" in body["bound"]
    assert c.get("/_emulator/clock").json() == before


@pytest.mark.parametrize("instant", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1899-12-31T23:59:59Z"])
def test_a_set_outside_the_fixture_years_is_a_400_and_slots_still_answer(c: TestClient, instant: str) -> None:
    refused(c.post("/_emulator/clock", json={"set": instant}), "set")
    slots = c.get(
        "/v2/slots",
        params={"eventTypeSlug": "30min", "username": "alice", "start": "2026-01-06", "end": "2026-01-07"},
        headers={**ALICE, "cal-api-version": "2024-09-04"},
    )
    assert slots.status_code == 200, slots.text


def test_the_clock_reaches_the_edges_of_its_range(c: TestClient) -> None:
    assert c.post("/_emulator/clock", json={"set": "9000-06-01T00:00:00Z"}).json()["now"].startswith("9000-06-01")
    assert c.post("/_emulator/clock", json={"set": "1900-01-02T00:00:00Z"}).json()["now"].startswith("1900-01-02")
    refused(c.post("/_emulator/clock", json={"advance": "-2d"}), "advance")


@pytest.mark.parametrize("latency", [1e308, 60_001, -1])
def test_a_fault_latency_over_a_minute_is_refused(c: TestClient, latency: float) -> None:
    body = refused(c.post("/_emulator/faults", json={"path": "/v2/me", "latencyMs": latency}), "latencyMs")
    assert "60000" in body["bound"]
    assert c.get("/_emulator/faults").json()["faults"] == []


def test_fault_strings_and_times_are_bounded(c: TestClient) -> None:
    refused(c.post("/_emulator/faults", json={"path": "/v2/me", "status": 500, "message": "x" * 1001}), "message")
    refused(c.post("/_emulator/faults", json={"path": "/v2/me", "status": 500, "times": 10**7}), "times")
    ok = c.post("/_emulator/faults", json={"path": "/v2/me", "latencyMs": 60_000, "times": 1})
    assert ok.status_code == 201


def test_provider_inputs_are_bounded(c: TestClient) -> None:
    refused(c.post("/_emulator/providers/google/fail", json={"mode": "timeout", "delayMs": 10**12}), "delayMs")
    event = {"credentialId": 1, "start": "9999-01-01T00:00:00Z", "end": "9999-01-01T01:00:00Z"}
    answer = c.post("/_emulator/providers/events", json=event)
    assert answer.status_code in (400, 404)  # 404 when the world has no such credential
    if answer.status_code == 400:
        assert answer.json()["field"] == "start"


def test_journal_filters_are_bounded(c: TestClient) -> None:
    refused(c.get("/_emulator/requests", params={"limit": "9" * 5000}), "limit")
    refused(c.get("/_emulator/requests", params={"since": "0001-01-01T00:00:00Z"}), "since")


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"set": "\\ud800"}',
        b"\xff\xfe",
        b'{"a":' * 70 + b"1" + b"}" * 70,
    ],
)
def test_bad_json_bodies_are_a_json_400(c: TestClient, raw: bytes) -> None:
    for path in ("/_emulator/clock", "/_emulator/faults", "/_emulator/providers/google/fail"):
        answer = c.post(path, content=raw, headers={"content-type": "application/json"})
        assert answer.status_code == 400, (path, answer.text)
        assert answer.json()["error"]


def test_a_body_past_the_byte_cap_is_a_413(c: TestClient) -> None:
    raw = json.dumps({"message": "x" * (1024 * 1024)}).encode()
    answer = c.post("/_emulator/faults", content=raw, headers={"content-type": "application/json"})
    refused(answer, "body", 413)


def _world(c: TestClient) -> Any:
    return c.get("/_emulator/state").json()


def test_a_replace_that_fails_after_parsing_leaves_the_world_as_it_was(c: TestClient) -> None:
    before = _world(c)
    bad = "bookings:\n  ghost:\n    eventType: nobody/nothing\n    start: today+1d@10:00\n"
    answer = c.post("/_emulator/fixtures", params={"mode": "replace"}, content=bad)
    assert answer.status_code == 400, answer.text
    assert _world(c) == before
    assert c.get("/v2/me", headers={"Authorization": f"Bearer {ALICE_KEY}"}).status_code == 200


def test_a_late_loader_failure_is_a_400_and_the_world_stays(c: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _world(c)

    def broken(self: object) -> None:
        raise RuntimeError("something the loader met late")

    monkeypatch.setattr(fixture_loader.SourceBuilder, "run", broken)
    answer = c.post("/_emulator/fixtures", params={"mode": "replace"}, content="users: {}\n")
    monkeypatch.undo()
    assert answer.status_code == 400, answer.text
    assert "nothing was loaded" in answer.json()["error"]
    assert _world(c) == before
    assert c.get("/v2/me", headers={"Authorization": f"Bearer {ALICE_KEY}"}).status_code == 200
