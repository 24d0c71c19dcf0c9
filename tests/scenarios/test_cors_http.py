"""Browsers on another origin: preflights and Access-Control-Allow-Origin, as the v2 server answers them."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.helpers import ALICE, ALICE_KEY

ORIGIN = {"Origin": "http://localhost:5173"}
PREFLIGHT = {**ORIGIN, "Access-Control-Request-Method": "GET"}
V2_HEADERS = (
    "x-cal-client-id,x-cal-secret-key,x-cal-platform-embed,cal-api-version,Accept,Authorization,Content-Type,Origin"
)


def test_a_v2_preflight_is_answered_204_with_the_servers_policy(c: TestClient) -> None:
    response = c.options("/v2/me", headers={**PREFLIGHT, "Access-Control-Request-Headers": "authorization"})
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "GET,PATCH,DELETE,HEAD,POST,PUT,OPTIONS"
    assert response.headers["access-control-allow-headers"] == V2_HEADERS
    assert response.headers["access-control-max-age"] == "86400"


def test_preflights_run_before_routing_guards_and_the_journal(c: TestClient) -> None:
    # The cors middleware answers any OPTIONS, even for a path no controller serves, with no credential.
    for path in ("/v2/bookings/some-uid/cancel", "/v2/no-such-route", "/v2/slots/reservations"):
        assert c.options(path, headers=PREFLIGHT).status_code == 204
    journal = c.get("/_emulator/requests").json()["requests"]
    assert [e for e in journal if e["method"] == "OPTIONS"] == []


def test_every_v2_answer_allows_any_origin_errors_included(c: TestClient) -> None:
    ok = c.get("/v2/me", headers={**ALICE, **ORIGIN})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "*"
    refused = c.get("/v2/me", headers=ORIGIN)
    assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == "*"
    missing = c.get("/v2/nowhere", headers=ORIGIN)
    assert missing.status_code == 404 and missing.headers["access-control-allow-origin"] == "*"


def test_v1_sends_no_cors_headers_as_the_v1_server(c: TestClient) -> None:
    response = c.get(f"/v1/me?apiKey={ALICE_KEY}", headers=ORIGIN)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = c.options("/v1/me", headers=PREFLIGHT)
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers


def test_the_admin_api_allows_any_origin_and_the_headers_asked_for(c: TestClient) -> None:
    asked = "content-type,x-calcom-emulator-world"
    preflight = c.options("/_emulator/reset", headers={**PREFLIGHT, "Access-Control-Request-Headers": asked})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-allow-headers"] == asked
    health = c.get("/_emulator/health", headers=ORIGIN)
    assert health.status_code == 200 and health.headers["access-control-allow-origin"] == "*"
