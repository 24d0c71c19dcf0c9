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
from typing import TYPE_CHECKING, Any

import pytest

from emulator.testing import config as cfg
from emulator.testing import coverage as client_coverage
from emulator.testing import world_plan

if TYPE_CHECKING:
    from emulator.testing.handle import Calcom
    from emulator.testing.servers import Pool, free_port

    RunningEmulator = Calcom  # the handle's earlier name

__all__ = ["Calcom", "RunningEmulator", "free_port"]


def __getattr__(name: str) -> Any:
    """The names this module hands on, imported when first asked for: pytest loads the plugin in
    every session of an environment that has the emulator installed, and a session that uses no
    emulator should not pay for the emulator's imports."""
    if name in ("Calcom", "RunningEmulator"):
        from emulator.testing.handle import Calcom

        return Calcom
    if name == "free_port":
        from emulator.testing.servers import free_port

        return free_port
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_BASE = pytest.StashKey[cfg.Choice]()


def pytest_addoption(parser: pytest.Parser) -> None:
    for option, (name, text) in cfg.INI_OPTIONS.items():
        if name == "fixtures":
            parser.addini(option, f"calcom emulator: {text}", type="linelist")
        else:
            parser.addini(option, f"calcom emulator: {text}", type="string")
    parser.addini(cfg.TRANSPORT_OPTION, "calcom emulator: socket (default: a local server) or asgi (in-process)")
    client_coverage.add_options(parser)
    world_plan.add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "calcom(fixtures=..., clock=..., rate_limits=..., strict_versions=..., webhook_delivery=..., transport=...): "
        "run the test against an emulator with these settings (docs/pytest.md)",
    )
    world_plan.plan(config)  # a bad worlds option is a usage error before any test runs


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist's controller, before each worker starts: with worlds on, one emulator for all."""
    world_plan.configure_node(node, _base_choice)


def pytest_unconfigure(config: pytest.Config) -> None:
    world_plan.unconfigure(config)


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
def _calcom_pool(pytestconfig: pytest.Config) -> Iterator[Pool]:
    from emulator.testing.servers import Pool

    pool = Pool()
    yield pool
    try:
        client_coverage.collect(pytestconfig, pool)  # read while the instances still run
    finally:
        pool.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    client_coverage.finish(session.config)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    client_coverage.terminal_summary(terminalreporter, config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist's controller, as each worker finishes: its client coverage readings."""
    client_coverage.worker_done(node)


@pytest.fixture(scope="session")
def calcom_emulator(_calcom_pool: Pool, pytestconfig: pytest.Config) -> Calcom:
    """The session's emulator (settings from the ini file and CALCOM_EMULATOR_* variables)."""
    base = _base_choice(pytestconfig)
    return world_plan.session_handle(_calcom_pool, world_plan.plan(pytestconfig), base)


def _per_test(pool: Pool, request: pytest.FixtureRequest, choice: cfg.Choice) -> Iterator[Calcom]:
    marked = request.node.get_closest_marker("calcom") is not None
    yield from world_plan.per_test(pool, world_plan.plan(request.config), choice, request.node.nodeid, marked)


@pytest.fixture
def calcom(_calcom_pool: Pool, request: pytest.FixtureRequest) -> Iterator[Calcom]:
    """An emulator reset to its fixtures before the test (the marker's, if the test has one)."""
    yield from _per_test(_calcom_pool, request, _choice(request))


@pytest.fixture
def calcom_app(_calcom_pool: Pool, request: pytest.FixtureRequest) -> Iterator[Calcom]:
    """As ``calcom``, called in-process (no socket, no thread): pass ``calcom_app.client(...)``, or
    an httpx client on its transport, to code that accepts an injected client."""
    yield from _per_test(_calcom_pool, request, _choice(request, transport="asgi"))
