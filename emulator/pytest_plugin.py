"""pytest fixtures for suites that test code talking to Cal.com (docs/pytest.md).

``calcom_emulator`` (session) is one emulator for the session, on a free local port in a background
thread (or called in-process with ``calcom_transport = asgi``). ``calcom`` (per test) is an emulator
reset to its fixtures before the test: the session's, or for a test marked
``@pytest.mark.calcom(...)`` one with those settings (one per distinct settings, kept for the
session). ``calcom_app`` is ``calcom`` called in-process. All three give a ``Calcom`` handle
(emulator/testing/handle.py). Settings: marker > CALCOM_EMULATOR_* variables > ini options.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator.testing import config as cfg
from emulator.testing.handle import Calcom
from emulator.testing.servers import Pool, free_port

RunningEmulator = Calcom  # the handle's earlier name
__all__ = ["Calcom", "RunningEmulator", "free_port"]

_BASE = pytest.StashKey[cfg.Choice]()


def pytest_addoption(parser: pytest.Parser) -> None:
    for option, (name, text) in cfg.INI_OPTIONS.items():
        if name == "fixtures":
            parser.addini(option, f"calcom emulator: {text}", type="linelist")
        else:
            parser.addini(option, f"calcom emulator: {text}", type="string")
    parser.addini(cfg.TRANSPORT_OPTION, "calcom emulator: socket (default: a local server) or asgi (in-process)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "calcom(fixtures=..., clock=..., rate_limits=..., strict_versions=..., webhook_delivery=..., transport=...): "
        "run the test against an emulator with these settings (docs/pytest.md)",
    )


def _env() -> dict[str, str]:
    return dict(os.environ)


def _base_choice(pytest_config: pytest.Config) -> cfg.Choice:
    if _BASE not in pytest_config.stash:
        values = {option: pytest_config.getini(option) for option in cfg.INI_OPTIONS}
        env = _env()
        try:
            fields = cfg.from_ini(values, pytest_config.rootpath, env)
            settings = cfg.resolve(fields, {})
        except cfg.ConfigError as exc:
            raise pytest.UsageError(str(exc)) from exc
        transport = cfg.transport_of(pytest_config.getini(cfg.TRANSPORT_OPTION), None, env)
        pytest_config.stash[_BASE] = cfg.Choice(settings, transport)
    return pytest_config.stash[_BASE]


def _choice(request: pytest.FixtureRequest, transport: str | None = None) -> cfg.Choice:
    """The settings and transport for this test: the session's, changed by its calcom marker."""
    base = _base_choice(request.config)
    marker = request.node.get_closest_marker("calcom")
    if marker is None:
        return cfg.Choice(base.settings, transport or base.transport)
    if marker.args:
        raise pytest.UsageError("@pytest.mark.calcom takes keywords only, e.g. @pytest.mark.calcom(clock='...')")
    values = {option: request.config.getini(option) for option in cfg.INI_OPTIONS}
    env = _env()
    try:
        ini_fields = cfg.from_ini(values, request.config.rootpath, env)
        fields, marked_transport = cfg.from_marker(marker.kwargs, Path(request.node.path).parent)
        settings = cfg.resolve(ini_fields, fields)
    except cfg.ConfigError as exc:
        raise pytest.UsageError(f"{request.node.nodeid}: {exc}") from exc
    chosen = transport or cfg.transport_of(request.config.getini(cfg.TRANSPORT_OPTION), marked_transport, env)
    return cfg.Choice(settings, chosen)


@pytest.fixture(scope="session")
def _calcom_pool() -> Iterator[Pool]:
    pool = Pool()
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def calcom_emulator(_calcom_pool: Pool, pytestconfig: pytest.Config) -> Calcom:
    """The session's emulator (settings from the ini file and CALCOM_EMULATOR_* variables)."""
    base = _base_choice(pytestconfig)
    return _calcom_pool.get(base.settings, base.transport)


def _per_test(pool: Pool, choice: cfg.Choice) -> Iterator[Calcom]:
    handle = pool.get(choice.settings, choice.transport)
    handle.reset()
    try:
        yield handle
    finally:
        handle.end_test()


@pytest.fixture
def calcom(_calcom_pool: Pool, request: pytest.FixtureRequest) -> Iterator[Calcom]:
    """An emulator reset to its fixtures before the test (the marker's, if the test has one)."""
    yield from _per_test(_calcom_pool, _choice(request))


@pytest.fixture
def calcom_app(_calcom_pool: Pool, request: pytest.FixtureRequest) -> Iterator[Calcom]:
    """As ``calcom``, called in-process (no socket, no thread): pass ``calcom_app.client(...)``, or
    an httpx client on its transport, to code that accepts an injected client."""
    yield from _per_test(_calcom_pool, _choice(request, transport="asgi"))
