"""The project's own standards, enforced by the suite: ruff-clean and mypy-clean."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(
    shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(),
    reason="ruff not installed (pip install -e '.[test]')",
)
def test_ruff_is_clean() -> None:
    result = run("ruff", "check", "emulator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_the_package() -> None:
    pytest.importorskip("mypy")
    result = run("mypy", "emulator")
    assert result.returncode == 0, result.stdout + result.stderr
