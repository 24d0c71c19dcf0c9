"""The calcom-emulator command as a person meets it: a mistake is one line on stderr and a non-zero exit
(2 for usage), never a traceback; --version and --help say what it is and which variables it reads."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

import emulator
from emulator.settings import Settings, env_name

SCRIPT = Path(sys.executable).parent / "calcom-emulator"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "emulator.cli"]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALCOM_EMULATOR_")}
    env.update(extra)
    return env


def run(
    *args: str, env: dict[str, str] | None = None, command: list[str] = COMMAND
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env or environment(), timeout=120, check=False
    )


def one_line_error(result: subprocess.CompletedProcess[str], status: int, *words: str) -> None:
    assert result.returncode == status, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert all(word in lines[0] for word in words), lines[0]


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["serve"], {"CALCOM_EMULATOR_PORT": "abc"}, ["CALCOM_EMULATOR_PORT", "'abc'"]),
        (["serve", "--clock", "tomorrow"], {}, ["--clock", "ISO 8601", "'tomorrow'"]),
        (["serve"], {"CALCOM_EMULATOR_WEBHOOK_DELIVERY": "email"}, ["CALCOM_EMULATOR_WEBHOOK_DELIVERY", "record"]),
        (["serve"], {"CALCOM_EMULATOR_LENIENT": "maybe"}, ["CALCOM_EMULATOR_LENIENT"]),
        (["serve", "--journal-limit", "0"], {}, ["--journal-limit"]),
        (["serve", "--port", "x"], {}, ["--port", "serve --help"]),
        (["serve", "--specs", "/does/not/exist"], {}, ["/does/not/exist", "not a folder"]),
        (["coverage", "--specs", "/does/not/exist"], {}, ["/does/not/exist", "not a folder"]),
        (["launch"], {}, ["launch"]),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], env: dict[str, str], words: list[str]) -> None:
    one_line_error(run(*args, env=environment(**env)), 2, *words)


def test_missing_specs_are_one_line(tmp_path: Path) -> None:
    # Everywhere the emulator looks is empty: the checkout's copies are hidden, the cache is a new folder.
    starter = (
        "import sys; from pathlib import Path; import emulator.specs.lock as lock; "
        f"lock.upstream_dir = lambda: Path({str(tmp_path / 'none')!r}); "
        "from emulator.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = run("serve", env=environment(XDG_CACHE_HOME=str(tmp_path)), command=[sys.executable, "-c", starter])
    one_line_error(result, 2, "was not found", "specs sync")


def test_a_reader_that_goes_away_is_one_line_not_a_traceback() -> None:
    # `calcom-emulator coverage | head -1`, with a pipe too small for the listing so the write must fail.
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    process = subprocess.Popen([*COMMAND, "coverage"], stdout=write_end, stderr=subprocess.PIPE, env=environment())
    os.close(write_end)
    first = os.read(read_end, 64)
    os.close(read_end)
    _, stderr = process.communicate(timeout=120)
    assert first.startswith(b"# spec operations")
    one_line_error(subprocess.CompletedProcess([], process.returncode, "", stderr.decode()), 1, "output closed")


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"calcom-emulator {emulator.__version__}"


def test_serve_help_lists_every_environment_variable() -> None:
    result = run("serve", "--help")
    assert result.returncode == 0
    for f in fields(Settings):
        line = next((line for line in result.stdout.splitlines() if line.strip().startswith(env_name(f))), None)
        assert line is not None, f"{env_name(f)} is not in serve --help"
        assert len(line.split()) > 1, f"{env_name(f)} has no meaning in serve --help"
    assert "[default: record]" in result.stdout
