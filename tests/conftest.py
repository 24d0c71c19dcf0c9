"""Shared fixtures: one runtime per session (specs loaded and compiled once) and HTTP clients on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.runtime import Runtime
from emulator.settings import Settings


@pytest.fixture(scope="session")
def runtime() -> Runtime:
    # Shared by many tests in one session, so no rate limits here; tests/pipeline/test_ratelimit.py
    # exercises them on emulators of its own.
    return Runtime.build(Settings(rate_limits="off"))


@pytest.fixture(scope="session")
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def strict_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(strict_versions=True, rate_limits="off")), raise_server_exceptions=False) as c:
        yield c
