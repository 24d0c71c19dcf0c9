"""Worlds for the pytest plugin (docs/pytest.md, "Worlds and pytest-xdist").

With ``calcom_worlds = worker`` every pytest-xdist worker (or the one process without xdist) gets a
world of its own on one shared emulator, reset before each test; with ``test`` every test gets a
fresh world, dropped after it. The emulator is the one at ``calcom_url`` when set (a CI service, a
container), else one this session starts: under xdist the controller starts it and hands its URL
to the workers, so N workers share one server instead of starting N. ``off`` (the default) keeps a
server per process, reset before each test.

Names are deterministic: ``<prefix><worker>`` and ``<prefix>t-<digest of the test id>``, so a test's
world (and the keys and uids it makes) is the same run to run, whichever worker runs it. The prefix
keeps sessions that share one emulator (parallel CI jobs) apart.

This module is imported when the plugin loads: it imports nothing heavy until a fixture needs it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from emulator.settings import ENV_PREFIX

if TYPE_CHECKING:
    from emulator.testing.config import Choice
    from emulator.testing.handle import Calcom
    from emulator.testing.servers import Pool

WORLDS_OPTION, WORLDS_ENV = "calcom_worlds", ENV_PREFIX + "WORLDS"
URL_OPTION, URL_ENV = "calcom_url", ENV_PREFIX + "URL"
PREFIX_OPTION, PREFIX_ENV = "calcom_world_prefix", ENV_PREFIX + "WORLD_PREFIX"
MODES = ("off", "worker", "test")
WORKER_URL = "calcom_emulator_url"  # the key in xdist's workerinput carrying the controller's emulator

_PLAN = pytest.StashKey["Plan"]()
_SHARED = pytest.StashKey["Pool"]()


@dataclass(frozen=True)
class Plan:
    mode: str  # off | worker | test
    url: str | None  # the shared emulator: calcom_url, or the one the xdist controller started
    prefix: str
    worker: str  # the xdist worker id (gw0, gw1...) or "main"

    @property
    def worlds(self) -> bool:
        return self.mode != "off"

    def worker_world(self) -> str:
        return self.prefix + self.worker

    def test_world(self, nodeid: str) -> str:
        return f"{self.prefix}t-{hashlib.sha256(nodeid.encode()).hexdigest()[:16]}"


def add_options(parser: pytest.Parser) -> None:
    parser.addini(
        WORLDS_OPTION,
        "calcom emulator: off (default: a server per process), worker (a world per xdist worker on one shared "
        "server) or test (a fresh world per test)",
    )
    parser.addini(URL_OPTION, "calcom emulator: URL of an emulator already running, used instead of starting one")
    parser.addini(PREFIX_OPTION, "calcom emulator: text before every world name (keeps sessions sharing one apart)")
    parser.getgroup("calcom").addoption(
        "--calcom-worlds",
        dest="calcom_worlds",
        choices=MODES,
        default=None,
        help=f"worlds on one shared emulator: off, worker or test (also {WORLDS_ENV}, ini {WORLDS_OPTION})",
    )


def plan(config: pytest.Config) -> Plan:
    """The session's plan: the command line beats a CALCOM_EMULATOR_* variable, which beats the ini file."""
    if _PLAN not in config.stash:
        env = os.environ

        def chosen(option: str, variable: str, flag: str | None = None) -> str:
            given = config.getoption(flag) if flag else None
            return str(given or env.get(variable) or config.getini(option) or "").strip()

        mode = chosen(WORLDS_OPTION, WORLDS_ENV, "calcom_worlds").lower() or "off"
        if mode not in MODES:
            raise pytest.UsageError(f"{WORLDS_ENV} ({WORLDS_OPTION}) must be off, worker or test, not {mode!r}")
        workerinput: dict[str, Any] = getattr(config, "workerinput", {})
        url = chosen(URL_OPTION, URL_ENV).rstrip("/") or workerinput.get(WORKER_URL)
        worker = str(workerinput.get("workerid") or env.get("PYTEST_XDIST_WORKER") or "main")
        made = Plan(mode, url, chosen(PREFIX_OPTION, PREFIX_ENV), worker)
        if made.worlds:
            from emulator.worlds import NAME, NAME_RULE

            for name in (made.worker_world(), made.test_world("")):
                if NAME.fullmatch(name) is None:
                    raise pytest.UsageError(
                        f"{PREFIX_ENV} ({PREFIX_OPTION}) makes the world name {name!r}; a name is {NAME_RULE}"
                    )
        config.stash[_PLAN] = made
    return config.stash[_PLAN]


def root(pool: Pool, made: Plan, choice: Choice) -> Calcom:
    """The emulator the session's worlds live on: the shared one for a socket, else this process's."""
    if made.url is not None and choice.transport == "socket":
        return pool.remote(made.url, choice.settings.admin_token)
    return pool.get(choice.settings, choice.transport)


def session_handle(pool: Pool, made: Plan, choice: Choice) -> Calcom:
    """``calcom_emulator``: the worker's world with worlds on, else the emulator itself."""
    handle = root(pool, made, choice)
    return pool.keep(handle.world(made.worker_world())) if made.worlds else handle


def per_test(pool: Pool, made: Plan, choice: Choice, nodeid: str, marked: bool) -> Iterator[Calcom]:
    """``calcom`` and ``calcom_app``: a test's own fresh world, the worker's world reset, or (for a test
    whose marker asks for settings of its own, or with worlds off) an emulator reset before the test."""
    fresh = made.mode == "test" and not marked
    if marked:
        handle = pool.get(choice.settings, choice.transport)
    elif fresh:
        server = root(pool, made, choice)
        name = made.test_world(nodeid)
        server.drop_world(name)  # one a session sharing the emulator left behind must not leak in
        handle = server.world(name)
    else:
        handle = session_handle(pool, made, choice)
    if not fresh:
        handle.reset()
    try:
        yield handle
    finally:
        handle.end_test()
        if fresh:
            handle.drop_world()


def configure_node(node: Any, base_choice: Callable[[pytest.Config], Choice]) -> None:
    """In the xdist controller, before a worker starts: with worlds on, no calcom_url and a socket
    transport, start one emulator here (once) and tell the worker its URL."""
    config: pytest.Config = node.config
    made = plan(config)
    base = base_choice(config)
    if not made.worlds or made.url is not None or base.transport != "socket":
        return
    if _SHARED not in config.stash:
        from emulator.testing.servers import Pool

        config.stash[_SHARED] = Pool()
    node.workerinput[WORKER_URL] = config.stash[_SHARED].get(base.settings, "socket").url


def unconfigure(config: pytest.Config) -> None:
    """Stop the emulator the controller started for its workers."""
    shared = config.stash.get(_SHARED, None)
    if shared is not None:
        shared.close()
        del config.stash[_SHARED]
