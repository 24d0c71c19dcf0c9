"""The optional admin token, and the contract the emulator publishes at /_emulator/openapi/{name}.json."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from emulator.admin.access import OPEN_PATHS, is_loopback
from emulator.admin.routes import routes
from emulator.admin.ui.shell import is_open as is_dashboard_shell
from emulator.app import create_app
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.testing.channel import call
from emulator.testing.servers import Instance, start_in_process, start_server

TOKEN = "s3cret-admin-token"


@pytest.fixture(scope="module")
def guarded() -> Iterator[TestClient]:
    settings = Settings(clock="2026-01-05T09:00:00Z", admin_token=TOKEN)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def admin_calls() -> list[tuple[str, str]]:
    calls = []
    for route in routes:
        assert isinstance(route, Route)
        path = re.sub(r"\{[^}]+\}", "1", route.path).replace("{provider}", "google")
        calls += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return calls


@pytest.mark.parametrize(("method", "path"), admin_calls())
def test_every_admin_route_but_health_needs_the_token(guarded: TestClient, method: str, path: str) -> None:
    answer = guarded.request(method, path)
    if path in OPEN_PATHS or is_dashboard_shell(path):
        assert answer.status_code != 401
        return
    assert answer.status_code == 401, answer.text
    assert "admin token" in answer.json()["error"]
    for headers in ({"Authorization": "Bearer wrong"}, {"x-calcom-emulator-admin-token": "wrong"}):
        assert guarded.request(method, path, headers=headers).status_code == 401


def test_the_token_opens_the_admin_api(guarded: TestClient) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/_emulator/credentials", headers=bearer).status_code == 200
    assert guarded.get("/_emulator/state/users", headers={"x-calcom-emulator-admin-token": TOKEN}).status_code == 200
    assert guarded.post("/_emulator/clock", json={"advance": "1m"}, headers=bearer).status_code == 200
    assert guarded.post("/_emulator/reset", headers=bearer).json() == {"status": "ok"}
    assert guarded.get("/_emulator/health").status_code == 200


def test_the_api_itself_is_not_behind_the_admin_token(guarded: TestClient) -> None:
    answer = guarded.get("/v2/me", headers={"Authorization": "Bearer cal_a11ce000000000000000000000000001"})
    assert answer.status_code == 200


@pytest.mark.parametrize("start", [start_in_process, start_server])
def test_the_plugin_sends_a_configured_token(start: Callable[[Runtime], Instance]) -> None:
    instance = start(Runtime.build(Settings(clock="2026-01-05T09:00:00Z", admin_token=TOKEN)))
    try:
        assert call(instance.handle.channel, "GET", "/_emulator/clock")["frozen"] is True
    finally:
        instance.stop()


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "example.com"))


def test_the_served_documents_are_the_enforced_ones(c: TestClient) -> None:
    v2 = c.get("/_emulator/openapi/v2.json")
    assert v2.status_code == 200
    # an overlay's correction (openapi/overlays/v2-me-keys-clients.yaml), absent from the pinned file
    logo = v2.json()["components"]["schemas"]["PlatformOAuthClientDto"]["properties"]["logo"]
    assert (logo["type"], logo["nullable"]) == ("string", True)
    v1 = c.get("/_emulator/openapi/v1.json").json()
    assert "get" in v1["paths"]["/me"]  # an operation an overlay adds (openapi/overlays/add-v1-me.yaml)
    for name in ("legacy", "atoms"):
        assert c.get(f"/_emulator/openapi/{name}.json").json()["paths"]
    missing = c.get("/_emulator/openapi/v3.json")
    assert missing.status_code == 404
    assert missing.json()["documents"] == ["atoms", "legacy", "v1", "v2"]


def test_serve_on_a_network_address_generates_and_prints_a_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    from emulator import cli

    served: list[Any] = []
    monkeypatch.delenv("CALCOM_EMULATOR_ADMIN_TOKEN", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 0
    token = served[0].runtime.settings.admin_token
    assert token and token in capsys.readouterr().out
    assert cli.main(["serve", "--port", "0"]) == 0  # loopback: open, as before
    assert served[1].runtime.settings.admin_token is None
