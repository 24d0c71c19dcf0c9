"""Getting a headless Chromium and its driver for the dashboard's browser tests.

The tests use Debian's packages (/usr/bin/chromium, /usr/bin/chromedriver). A machine without them
gets them here, once per session, when it can: as root with apt-get, `apt-get update` then
`apt-get install -y --no-install-recommends chromium chromium-driver` (about 40 s on a Debian 12
machine with a package mirror at hand), each bounded by a timeout, their output kept for the message.
Where that cannot be done the browser tests are skipped with the reason, except under CI=true, where
a missing browser must fail the run rather than hide its tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PACKAGES = ("chromium", "chromium-driver")
UPDATE_TIMEOUT_S = 180
INSTALL_TIMEOUT_S = 600
# The machine's network is closed: without these Chromium stalls on its background fetches.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
)


@dataclass(frozen=True)
class Machine:
    """What the decision depends on, so it can be tested without touching the machine."""

    have_browser: bool
    root: bool
    apt: bool
    ci: bool


def this_machine() -> Machine:
    return Machine(
        have_browser=os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER),
        root=hasattr(os, "geteuid") and os.geteuid() == 0,
        apt=shutil.which("apt-get") is not None,
        ci=os.environ.get("CI", "").lower() == "true",
    )


def plan(machine: Machine) -> str:
    """ "ready", "install", or why the browser cannot be had."""
    if machine.have_browser:
        return "ready"
    if not machine.apt:
        return f"{CHROMIUM} or {CHROMEDRIVER} is missing and there is no apt-get to install {' '.join(PACKAGES)}"
    if not machine.root:
        return (
            f"{CHROMIUM} or {CHROMEDRIVER} is missing and installing them needs root: "
            f"sudo apt-get install -y --no-install-recommends {' '.join(PACKAGES)}"
        )
    return "install"


def _run(command: list[str], timeout: int) -> str | None:
    """None when the command succeeded, else what went wrong with the end of its output."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        return f"`{' '.join(command)}` did not finish within {timeout} s"
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-2000:]
        return f"`{' '.join(command)}` exited {done.returncode}:\n{tail}"
    return None


def install() -> str | None:
    """Install Debian's chromium and chromium-driver; None on success, else the problem."""
    problem = _run(["apt-get", "update"], UPDATE_TIMEOUT_S)
    if problem is not None:
        return problem
    return _run(["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES], INSTALL_TIMEOUT_S)


def refuse(reason: str, ci: bool) -> None:
    if ci:
        pytest.fail(f"the dashboard's browser tests need Chromium: {reason}", pytrace=False)
    pytest.skip(f"no browser for the dashboard's tests: {reason}")


def ensure(machine: Machine | None = None, installer: Callable[[], str | None] = install) -> float:
    """Make sure the browser is there (installing it when it can); the seconds an install took."""
    machine = machine or this_machine()
    decision = plan(machine)
    if decision == "ready":
        return 0.0
    if decision != "install":
        refuse(decision, machine.ci)
    started = time.monotonic()
    problem = installer()
    if problem is None and not this_machine().have_browser:
        problem = f"the install finished but {CHROMIUM} or {CHROMEDRIVER} is still missing"
    if problem is not None:
        refuse(problem, machine.ci)
    return time.monotonic() - started
