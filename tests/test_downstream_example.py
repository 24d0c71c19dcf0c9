"""examples/downstream: a small booking client's own suite, run as its project would run it, against
the installed calcom-emulator and its pytest plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "downstream"


def test_the_downstream_example_suite_passes() -> None:
    pytest.importorskip("httpx", reason="the example's client is built on httpx (calcom-emulator[pytest])")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CALCOM_EMULATOR_", "PYTEST_"))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=EXAMPLE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
