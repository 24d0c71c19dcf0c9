"""GET /_emulator/coverage/client: per operation, the statuses and error codes clients received and the
documented ones they never did; counts that outlive the journal's cap and resets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.admin.coverage_report import merge
from emulator.app import create_app
from emulator.pipeline.coverage_counter import MAX_CODES, OTHER_CODE, CoverageCounter, error_code
from emulator.settings import Settings
from tests.helpers import ALICE

CLOCK = "2026-01-05T09:00:00Z"


@pytest.fixture(scope="module")
def app() -> Iterator[TestClient]:
    settings = Settings(clock=CLOCK, journal_limit=2, rate_limit=3)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def c(app: TestClient) -> TestClient:
    app.post("/_emulator/reset")
    assert app.delete("/_emulator/coverage/client").status_code == 200
    return app


def report(client: TestClient) -> dict[str, Any]:
    response = client.get("/_emulator/coverage/client")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def row(body: dict[str, Any], operation_id: str) -> dict[str, Any]:
    [found] = [r for r in body["operations"] if r["operationId"] == operation_id]
    return found


def test_counts_outlive_the_journal_cap_and_resets(c: TestClient) -> None:
    for _ in range(3):
        assert c.get("/v2/me", headers=ALICE).status_code == 200
    c.post("/_emulator/reset")
    assert c.get("/v2/me").status_code == 401
    assert len(c.get("/_emulator/requests").json()["requests"]) == 1  # the reset emptied the journal
    me = row(report(c), "MeController_getMe")
    assert me["calls"] == 4
    assert me["statuses"] == {"200": 3, "401": 1}
    assert me["errorCodes"] == {"UnauthorizedException": 1}
    assert (me["api"], me["method"], me["path"], me["tag"]) == ("v2", "GET", "/v2/me", "Me")


def test_documented_answers_never_met_are_listed(c: TestClient) -> None:
    c.get("/v2/me", headers=ALICE)
    me = row(report(c), "MeController_getMe")
    assert me["documentedBy"]["200"] == ["spec"]
    assert me["documentedBy"]["429"] == ["rate limits"]
    assert me["documentedBy"]["498"] == ["token expiry"]  # /v2/me takes managed users' access tokens
    assert me["documented"] == list(me["documentedBy"])
    assert "200" not in me["unseen"] and {"401", "429", "498"} <= set(me["unseen"])


def test_a_rate_limit_and_an_expired_token_are_met(c: TestClient) -> None:
    statuses = [c.get("/v2/me", headers=ALICE).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    found = c.get("/_emulator/credentials").json()["credentials"]
    token = next(x["value"] for x in found if x["kind"] == "accessToken")
    c.post("/_emulator/clock", json={"advance": "2h"})
    assert c.get("/v2/me", headers={"Authorization": f"Bearer {token}"}).status_code == 498
    body = report(c)
    me = row(body, "MeController_getMe")
    assert me["statuses"] == {"200": 3, "429": 1, "498": 1}
    assert me["errorCodes"] == {"ThrottlerException": 1, "TokenExpiredException": 1}
    assert "429" not in me["unseen"] and "498" not in me["unseen"]
    assert body["totals"]["met"]["429"] == 1 and "429" not in body["totals"]["neverMet"]
    assert "409" in body["totals"]["neverMet"]


def test_faults_count_as_server_errors_and_dropped_connections(c: TestClient) -> None:
    c.post("/_emulator/faults", json={"operationId": "MeController_getMe", "status": 503, "times": 1})
    assert c.get("/v2/me", headers=ALICE).status_code == 503
    c.post("/_emulator/faults", json={"operationId": "MeController_getMe", "drop": True, "times": 1})
    c.get("/v2/me", headers=ALICE)  # the test client turns the aborted answer into a 500 of its own
    body = report(c)
    me = row(body, "MeController_getMe")
    assert me["statuses"] == {"503": 1, "dropped": 1}
    assert me["errorCodes"] == {"ServiceUnavailableException": 1}
    assert body["totals"]["met"]["5xx"] == 1 and body["totals"]["met"]["dropped"] == 1


def test_calls_to_no_operation_are_counted_apart(c: TestClient) -> None:
    assert c.get("/v2/no-such-thing", headers=ALICE).status_code == 404
    body = report(c)
    assert body["unrouted"] == {"calls": 1, "statuses": {"404": 1}, "errorCodes": {"NotFoundException": 1}}
    assert body["totals"]["calls"] == 1 and body["totals"]["called"] == 0


def test_totals_and_since(c: TestClient) -> None:
    c.get("/v2/me", headers=ALICE)
    c.get(f"/v1/me?apiKey={ALICE['Authorization'][7:]}")
    body = report(c)
    assert body["totals"]["called"] == 2 and body["totals"]["calls"] == 2
    assert body["totals"]["operations"] == len(body["operations"]) > 300
    assert body["since"] == "2026-01-05T09:00:00.000Z"  # the emulator clock's, frozen


def test_delete_starts_afresh(c: TestClient) -> None:
    c.get("/v2/me", headers=ALICE)
    cleared = c.delete("/_emulator/coverage/client").json()
    assert cleared["cleared"] == 1
    assert report(c)["totals"]["calls"] == 0


def test_the_same_report_as_html_and_text(c: TestClient) -> None:
    c.get("/v2/me", headers=ALICE)
    page = c.get("/_emulator/coverage/client?format=html")
    assert page.headers["content-type"].startswith("text/html")
    assert "MeController_getMe" in page.text and "<script" not in page.text and "http" not in page.text.lower()
    text = c.get("/_emulator/coverage/client?format=text").text
    assert text.startswith("calcom coverage: 1 of ") and "429 (rate limited)" in text


def test_a_bad_query_is_a_400(c: TestClient) -> None:
    assert c.get("/_emulator/coverage/client?format=xml").status_code == 400
    assert c.get("/_emulator/coverage/client?limit=3").status_code == 400


def test_reports_merge_per_operation(c: TestClient) -> None:
    c.get("/v2/me", headers=ALICE)
    first = report(c)
    c.delete("/_emulator/coverage/client")
    c.get("/v2/me")
    merged = merge([first, report(c)])
    assert row(merged, "MeController_getMe")["statuses"] == {"200": 1, "401": 1}
    assert merged["totals"]["calls"] == 2 and merged["totals"]["called"] == 1


def test_error_codes_are_read_from_v2_envelopes_only() -> None:
    envelope = b'{"status":"error","error":{"code":"ConflictException","message":"x"}}'
    assert error_code(409, envelope, "application/json") == "ConflictException"
    assert error_code(200, envelope, "application/json") is None
    assert error_code(400, b'{"statusCode":400,"message":"bad"}', "application/json") is None
    assert error_code(500, b"not json", "application/json") is None


def test_error_codes_per_operation_are_bounded() -> None:
    counter = CoverageCounter()
    now = datetime(2026, 1, 5, tzinfo=UTC)
    for n in range(MAX_CODES + 5):
        body = b'{"error":{"code":"Code%d"}}' % n
        counter.count(now, "op", 400, body, "application/json")
    codes = counter.rows["op"].codes
    assert len(codes) == MAX_CODES + 1 and codes[OTHER_CODE] == 5
