"""GET /_emulator/requests: every call with its headers and bodies, bounded, and filtered by the query."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.runtime import Runtime
from emulator.settings import Settings
from tests.helpers import ALICE, BOB_KEY

CLOCK = "2026-01-05T09:00:00Z"
HOOK = {"subscriberUrl": "https://hooks.example/new", "triggers": ["BOOKING_CREATED"], "active": True}


def journal(client: TestClient, query: str = "") -> list[dict[str, object]]:
    response = client.get("/_emulator/requests" + query)
    assert response.status_code == 200, response.text
    entries: list[dict[str, object]] = response.json()["requests"]
    return entries


def test_an_entry_keeps_the_request_and_the_answer(c: TestClient) -> None:
    created = c.post("/v2/webhooks", json=HOOK, headers={**ALICE, "x-trace": "t-1"})
    assert created.status_code == 201
    [entry] = journal(c)
    assert entry["operationId"] == "WebhooksController_createWebhook"
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/v2/webhooks", 201)
    assert entry["at"] == "2026-01-05T09:00:00.000Z" and entry["credential"] == "api_key:alice"
    headers = entry["requestHeaders"]
    assert isinstance(headers, dict) and headers["x-trace"] == "t-1"
    assert entry["requestJson"] == HOOK and entry["requestBody"] == created.request.content.decode()
    assert entry["requestBodySize"] == len(created.request.content) and entry["requestBodyTruncated"] is False
    assert entry["responseJson"] == created.json() and entry["responseBody"] == created.text
    response_headers = entry["responseHeaders"]
    assert isinstance(response_headers, dict) and response_headers["content-type"] == "application/json"
    assert "operation_id" not in entry


def test_a_call_without_a_body_has_none(c: TestClient) -> None:
    c.get("/v2/me", headers=ALICE)
    [entry] = journal(c)
    assert (entry["requestBody"], entry["requestJson"], entry["requestBodySize"]) == (None, None, 0)


@pytest.fixture(scope="module")
def small() -> Iterator[TestClient]:
    settings = Settings(clock=CLOCK, journal_limit=3, journal_body_limit=16)
    with TestClient(create_app(settings), raise_server_exceptions=False, headers=ALICE) as client:
        yield client


def test_bodies_are_cut_at_the_body_limit_and_say_so(small: TestClient) -> None:
    small.post("/_emulator/reset")
    small.post("/v2/webhooks", json=HOOK)
    [entry] = journal(small)
    assert isinstance(entry["requestBody"], str) and len(entry["requestBody"]) == 16
    assert entry["requestBodyTruncated"] is True and entry["requestJson"] is None
    assert isinstance(entry["requestBodySize"], int) and entry["requestBodySize"] > 16
    assert entry["responseBodyTruncated"] is True and entry["responseJson"] is None


def test_only_the_newest_entries_are_kept(small: TestClient) -> None:
    small.post("/_emulator/reset")
    for _ in range(5):
        small.get("/v2/me")
    answer = small.get("/_emulator/requests").json()
    assert [e["seq"] for e in answer["requests"]] == [5, 4, 3]
    assert (answer["kept"], answer["capacity"], answer["bodyLimit"]) == (3, 3, 16)


def test_filters_by_operation_status_credential_method_and_path(c: TestClient) -> None:
    c.get("/v2/me", headers=ALICE)
    c.get("/v2/me", headers={"Authorization": f"Bearer {BOB_KEY}"})
    c.post("/v2/webhooks", json=HOOK, headers=ALICE)
    c.get("/v2/bookings/nope", headers={**ALICE, "cal-api-version": "2024-08-13"})
    c.get("/v2/me")  # no credential: 401

    def ops(query: str) -> list[object]:
        return [(e["operationId"], e["status"]) for e in journal(c, query)]

    assert ops("?operationId=MeController_getMe") == [
        ("MeController_getMe", 401),
        ("MeController_getMe", 200),
        ("MeController_getMe", 200),
    ]
    assert ops("?status=201") == [("WebhooksController_createWebhook", 201)]
    assert [s for _, s in ops("?status=4xx")] == [401, 404]
    assert len(journal(c, "?credential=api_key:bob")) == 1
    assert ops("?method=post") == [("WebhooksController_createWebhook", 201)]
    assert ops("?path=/v2/bookings/*") == [("BookingsController_2024_08_13_getBooking", 404)]
    assert len(journal(c, "?path=/v2/**&status=200&credential=api_key:alice")) == 1
    assert len(journal(c, "?limit=2")) == 2 and c.get("/_emulator/requests?limit=2").json()["matched"] == 5


def test_filters_by_time_on_the_emulator_clock(c: TestClient) -> None:
    c.get("/v2/me", headers=ALICE)
    c.post("/_emulator/clock", json={"advance": "10m"})
    c.get("/v2/me", headers=ALICE)
    assert len(journal(c, "?since=2026-01-05T09:05:00Z")) == 1
    assert len(journal(c, "?until=2026-01-05T09:00:00Z")) == 1
    assert len(journal(c, "?since=2026-01-05T09:00:00Z&until=2026-01-05T09:10:00Z")) == 2


@pytest.mark.parametrize(
    "query",
    ["?status=abc", "?status=6xx", "?path=bookings", "?since=yesterday", "?limit=0", "?operation_id=x"],
)
def test_a_filter_that_cannot_match_is_a_400(c: TestClient, query: str) -> None:
    response = c.get("/_emulator/requests" + query)
    assert response.status_code == 400 and response.json()["error"]


def test_the_runtime_journal_reads_the_same_entries(runtime: Runtime, client: TestClient) -> None:
    client.post("/_emulator/reset")
    client.post("/v2/webhooks", json=HOOK)
    [entry] = runtime.journal.entries(path="/v2/webhooks", method="POST", status="2xx")
    assert entry.request_json() == HOOK and entry.response_json()["status"] == "success"
    assert entry.operation_id == "WebhooksController_createWebhook"
    assert runtime.journal.entries(credential="api_key:bob") == []
    client.post("/_emulator/reset")
    assert len(runtime.journal) == 0
