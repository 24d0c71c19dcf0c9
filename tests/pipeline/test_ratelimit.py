"""Rate limits over HTTP, windows moved by the emulator clock instead of sleeping."""

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.pipeline.limiter import RateLimiter
from emulator.settings import Settings

ALICE = {"Authorization": "Bearer cal_a11ce000000000000000000000000001"}


@pytest.fixture
def limited() -> Iterator[TestClient]:
    settings = Settings(clock="2026-01-05T09:00:00Z", rate_limit=3)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def test_fixed_window_counts_and_headers() -> None:
    limiter = RateLimiter()
    verdicts = [limiter.hit("k", 2, 1_000.0) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert [v.remaining for v in verdicts] == [1, 0, 0]
    assert verdicts[0].reset_s == 60
    # Blocked for the block duration from the refused call, then a fresh window.
    assert not limiter.hit("k", 2, 60_500.0).allowed
    assert limiter.hit("k", 2, 61_000.0).allowed


def test_v2_429_after_the_limit_with_headers_and_recovery_on_the_clock(limited: TestClient) -> None:
    answers = [limited.get("/v2/me", headers=ALICE) for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert [r.headers["X-RateLimit-Remaining-Default"] for r in answers] == ["2", "1", "0"]
    assert answers[0].headers["X-RateLimit-Limit-Default"] == "3"
    assert answers[0].headers["X-RateLimit-Reset-Default"] == "60"
    refused = limited.get("/v2/me", headers=ALICE)
    assert refused.status_code == 429
    assert refused.headers["X-RateLimit-Remaining-Default"] == "0"
    assert refused.json()["error"] == {
        "code": "ThrottlerException",
        "message": "CustomThrottlerGuard - Too many requests. Please try again later.",
        "details": "CustomThrottlerGuard - Too many requests. Please try again later.",
    }
    limited.post("/_emulator/clock", json={"advance": "59s"})
    assert limited.get("/v2/me", headers=ALICE).status_code == 429
    limited.post("/_emulator/clock", json={"advance": "2s"})
    recovered = limited.get("/v2/me", headers=ALICE)
    assert recovered.status_code == 200 and recovered.headers["X-RateLimit-Remaining-Default"] == "2"


def test_trackers_are_separate_per_credential(limited: TestClient) -> None:
    for _ in range(3):
        limited.get("/v2/me", headers=ALICE)
    assert limited.get("/v2/me", headers=ALICE).status_code == 429
    bob = {"Authorization": "Bearer cal_b0b00000000000000000000000000002"}
    assert limited.get("/v2/me", headers=bob).status_code != 429


def test_unknown_api_keys_are_refused_by_the_throttler(limited: TestClient) -> None:
    response = limited.get("/v2/me", headers={"Authorization": "Bearer cal_00000000000000000000000000000000"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "CustomThrottlerGuard - Invalid API Key"


def test_a_per_key_limit_from_fixtures() -> None:
    text = (
        "users:\n  kim:\n    email: kim@example.com\n    name: Kim\n    timeZone: UTC\n"
        "    apiKeys:\n      - key: cal_4b000000000000000000000000000001\n        rateLimit: 1\n"
    )
    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z"))) as c:
        assert c.post("/_emulator/fixtures", content=text).status_code == 200
        kim = {"Authorization": "Bearer cal_4b000000000000000000000000000001"}
        first = c.get("/v2/me", headers=kim)
        assert first.headers["X-RateLimit-Limit-Default"] == "1"
        assert c.get("/v2/me", headers=kim).status_code == 429


def test_limits_can_be_switched_off() -> None:
    with TestClient(create_app(Settings(rate_limits="off", rate_limit=1))) as c:
        responses = [c.get("/v2/me", headers=ALICE) for _ in range(3)]
        assert [r.status_code for r in responses] == [200, 200, 200]
        assert "X-RateLimit-Limit-Default" not in responses[0].headers


def test_reset_clears_the_windows(limited: TestClient) -> None:
    for _ in range(4):
        limited.get("/v2/me", headers=ALICE)
    limited.post("/_emulator/reset")
    assert limited.get("/v2/me", headers=ALICE).status_code == 200


def test_a_per_client_limit_from_fixtures_covers_its_tokens() -> None:
    text = (
        "teams:\n  tiny-org:\n    isOrganization: true\n    isPlatform: true\n    platformPlan: ESSENTIALS\n"
        "    members: {alice: OWNER}\n"
        "oauthClients:\n  tiny:\n    name: Tiny\n    organization: tiny-org\n    id: ctinyclient00000000000001\n"
        "    secret: tiny-secret\n    rateLimit: 2\n"
        "    managedUsers:\n      pia: {email: pia@x.example, name: Pia, timeZone: UTC, accessToken: pia-token}\n"
    )
    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z"))) as c:
        assert c.post("/_emulator/fixtures", content=text).status_code == 200, c.post("/_emulator/fixtures").text
        token = {"Authorization": "Bearer pia-token"}
        statuses = [c.get("/v2/me", headers=token).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        client = {"x-cal-client-id": "ctinyclient00000000000001", "x-cal-secret-key": "tiny-secret"}
        assert c.get("/v2/me", headers=client).headers["X-RateLimit-Limit-Default"] == "2"
