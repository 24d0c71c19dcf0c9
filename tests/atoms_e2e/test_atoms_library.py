"""@calcom/atoms, the real library, against a running emulator: scenario.mjs mounts CalProvider with
react-dom in jsdom and walks the hooks a platform app uses (me, event types, the Booker's public event,
schedules, slots, reserve, book, list, cancel, calendars, conferencing, Stripe, e-mail codes).

The packages of package-lock.json are installed once with ``npm ci`` into a cache folder keyed by the
lockfile (``$CALCOM_EMULATOR_ATOMS_E2E_CACHE``, else ``~/.cache/calcom-emulator/atoms-e2e``); later runs
reuse it. ``CALCOM_EMULATOR_ATOMS_E2E=0`` skips the test, ``=1`` makes a missing Node.js a failure
instead of a skip (see docs/atoms.md). The emulator itself never needs Node.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.testing import Calcom
from emulator.testing.servers import start_server

HERE = Path(__file__).parent
SWITCH = "CALCOM_EMULATOR_ATOMS_E2E"
LOCKED = ("package.json", "package-lock.json", ".npmrc")
INSTALL_TIMEOUT_S = 600
RUN_TIMEOUT_S = 180
STEPS = [
    "me",
    "event types",
    "booker public event",
    "event type settings",
    "schedule",
    "schedule update",
    "available slots",
    "reserve",
    "create booking",
    "bookings upcoming",
    "cancel",
    "bookings cancelled",
    "connected calendars",
    "conferencing apps",
    "set default conferencing app",
    "default conferencing app",
    "conferencing event types",
    "move to default app",
    "stripe check",
    "booker email code",
]


def _node_or_skip() -> tuple[str, str]:
    switch = os.environ.get(SWITCH, "").strip().lower()
    if switch in ("0", "off", "false", "no"):
        pytest.skip(f"{SWITCH}={switch}")
    node, npm = shutil.which("node"), shutil.which("npm")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else ""
    if node is None or npm is None or int(version.lstrip("v").split(".")[0] or 0) < 20:
        message = f"Node.js 20+ with npm is needed for the atoms end-to-end test (found node {version or 'none'})"
        if switch in ("1", "on", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return node, npm


def _cache_root() -> Path:
    chosen = os.environ.get("CALCOM_EMULATOR_ATOMS_E2E_CACHE")
    if chosen:
        return Path(chosen)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "calcom-emulator" / "atoms-e2e"


def installed_modules(npm: str) -> Path:
    """node_modules for the lockfile, installed with ``npm ci`` on first use."""
    digest = hashlib.sha256(b"".join((HERE / name).read_bytes() for name in LOCKED)).hexdigest()[:16]
    target = _cache_root() / digest
    if (target / "node_modules" / ".package-lock.json").is_file():
        return target / "node_modules"
    staging = _cache_root() / f"{digest}.{os.getpid()}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in LOCKED:
        shutil.copy(HERE / name, staging / name)
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=staging,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_S,
    )
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise AssertionError(f"npm ci failed ({SWITCH}=0 skips this test):\n{done.stderr[-3000:]}")
    try:
        staging.rename(target)
    except OSError:  # another run finished first: use theirs
        shutil.rmtree(staging, ignore_errors=True)
    return target / "node_modules"


@pytest.fixture(scope="module")
def served() -> Iterator[Calcom]:
    """An emulator on a free local port, its clock frozen on Monday 2026-01-05 09:00 UTC."""
    instance = start_server(Runtime.build(Settings(clock="2026-01-05T09:00:00Z")))
    try:
        yield instance.handle
    finally:
        instance.stop()


def _lines(output: str) -> list[dict[str, Any]]:
    found = []
    for line in output.splitlines():
        if line.startswith("{"):
            try:
                found.append(json.loads(line))
            except ValueError:
                continue
    return found


def test_the_atoms_library_works_against_the_emulator(served: Calcom) -> None:
    node, npm = _node_or_skip()
    modules = installed_modules(npm)
    [token] = [c["value"] for c in served.credentials(owner="olivia", kind="accessToken")]
    env = {
        **os.environ,
        "ATOMS_E2E_MODULES": str(modules),
        "EMULATOR_URL": served.url,
        "ATOMS_E2E_ACCESS_TOKEN": token,
    }
    done = subprocess.run([node, str(HERE / "run.mjs")], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    lines = _lines(done.stdout)
    steps = [line for line in lines if "step" in line]
    failed = [line for line in steps if not line["ok"]]
    assert done.returncode == 0 and not failed, f"{failed or done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert [line["step"] for line in steps] == STEPS
    assert lines[-1] == {"done": True, "passed": len(STEPS), "failed": 0, "total": len(STEPS)}
    # what the hooks did is in the world
    uid = next(line["detail"] for line in steps if line["step"] == "create booking")
    [booking] = [b for b in served.state("bookings") if b["uid"] == uid]
    assert (booking["status"], booking["cancellation_reason"]) == ("CANCELLED", "Plans changed")
    olivia = next(u for u in served.state("users") if u["id"] == 8)
    assert olivia["metadata"]["defaultConferencingApp"]["appSlug"] == "daily-video"
    moved = next(e for e in served.state("event_types") if e["id"] == booking["event_type_id"])
    assert moved["locations"] == [{"type": "integrations:daily"}]
    assert served.state("outbox")  # the e-mail code went to the outbox, never into an answer
