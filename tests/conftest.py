"""Shared fixtures: one runtime per session (specs loaded and compiled once) and HTTP clients on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.runtime import Runtime
from emulator.settings import Settings
from tests.helpers import ALICE

# tests/plugin/ runs small suites that use the pytest plugin, as a downstream project would.
pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def runtime() -> Runtime:
    # Shared by many tests in one session, so no rate limits here; tests/pipeline/test_ratelimit.py
    # exercises them on emulators of its own.
    return Runtime.build(Settings(rate_limits="off"))


@pytest.fixture(scope="session")
def client(runtime: Runtime) -> Iterator[TestClient]:
    """Alice's client: v2 calls carry her API key; v1 calls add ?apiKey= themselves."""
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False, headers=ALICE) as c:
        yield c


@pytest.fixture(scope="session")
def anonymous(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def strict_client() -> Iterator[TestClient]:
    settings = Settings(strict_versions=True, rate_limits="off")
    with TestClient(create_app(settings), raise_server_exceptions=False, headers=ALICE) as c:
        yield c


@pytest.fixture(scope="module")
def frozen_app() -> Iterator[TestClient]:
    """A module's own emulator, its clock frozen at Monday 2026-01-05 09:00 UTC."""
    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z")), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def c(frozen_app: TestClient) -> TestClient:
    """The module's emulator, reset to the fixtures before each test."""
    frozen_app.post("/_emulator/reset")
    return frozen_app
