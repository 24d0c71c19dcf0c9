"""How long a test session and a server take to start, today and the old way, in one run.

    python benchmarks/startup.py [--json] [--repeats N] [--no-bytecode]

Every figure is the median of N fresh processes, in three modes:

- ``old``: CALCOM_EMULATOR_EAGER=1, which reads and writes no start-up cache and compiles every
  validator at start, as the emulator did before start-up was made lazy;
- ``cold``: an empty cache folder for every run (the first start on a machine, or after a change
  to the specs, overlays or guard tables);
- ``warm``: the cache filled by an earlier start (every later start, every xdist worker).

Measured:

- the pytest plugin's session start: the plugin's import (``python -X importtime``, which pytest
  pays in every session of the environment) plus, in the session, the time from
  ``pytest_sessionstart`` to the first test's first answer (a ``GET /v2/me`` through the
  ``calcom`` fixture's server); also, as a cross-check, the whole pytest command with the fixture
  minus the same command with a test that does not use it;
- ``calcom-emulator serve`` to its first answer: from spawning the command to the first 200 from
  ``GET /v2/me`` (a validated API call, not only the health check), polled every 5 ms.

Python's bytecode is cached in a folder of the run (PYTHONPYCACHEPREFIX), as an installed package
has it; ``--no-bytecode`` measures with PYTHONDONTWRITEBYTECODE=1, where every start compiles the
sources too. Targets: both under 0.5 s warm.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

TARGET_S = 0.5
MODES = ("old", "cold", "warm")
ALICE_KEY = "cal_a11ce000000000000000000000000001"  # the default world's organization owner
# The figure the issue measured before this work, on an idle machine, for reference in the report.
ISSUE_FIGURE_S = 1.6

CONFTEST = """
import time

import pytest

STARTED = []


def pytest_sessionstart(session: pytest.Session) -> None:
    STARTED.append(time.perf_counter())
"""

TEST_WITH = """
import json
import os
import time
import urllib.request

from conftest import STARTED


def test_first_answer(calcom):
    request = urllib.request.Request(
        calcom.url + "/v2/me", headers={"Authorization": "Bearer " + calcom.api_key("alice")}
    )
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200 and json.load(answer)["status"] == "success"
    with open(os.environ["STARTUP_RESULT"], "w") as out:
        out.write(str(time.perf_counter() - STARTED[0]))
"""

TEST_WITHOUT = """
import json
import urllib.request


def test_nothing():
    assert json and urllib.request
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Bench:
    def __init__(self, workdir: Path, bytecode: bool) -> None:
        self.workdir = workdir
        self.project = workdir / "project"
        self.project.mkdir()
        (self.project / "conftest.py").write_text(CONFTEST)
        (self.project / "test_with.py").write_text(TEST_WITH)
        (self.project / "test_without.py").write_text(TEST_WITHOUT)
        (self.project / "pytest.ini").write_text("[pytest]\n")
        self.warm_cache = workdir / "warm-cache"
        self.cold_runs = 0
        env = {k: v for k, v in os.environ.items() if not k.startswith("CALCOM_EMULATOR_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if bytecode:
            env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        self.base_env = env

    def env(self, mode: str) -> dict[str, str]:
        env = dict(self.base_env)
        if mode == "old":
            env["CALCOM_EMULATOR_EAGER"] = "1"
            env["CALCOM_EMULATOR_CACHE_DIR"] = str(self.workdir / "unused-cache")
        elif mode == "cold":
            self.cold_runs += 1
            env["CALCOM_EMULATOR_CACHE_DIR"] = str(self.workdir / f"cold-cache-{self.cold_runs}")
        else:
            env["CALCOM_EMULATOR_CACHE_DIR"] = str(self.warm_cache)
        return env

    def pytest_session(self, mode: str) -> tuple[float, float, float]:
        """(session start to first answer, in process; the whole pytest command; its CPU time), seconds."""
        result = self.workdir / "result.txt"
        result.unlink(missing_ok=True)
        env = {**self.env(mode), "STARTUP_RESULT": str(result)}
        start, cpu = time.perf_counter(), children_cpu()
        self._pytest("test_with.py", env)
        wall = time.perf_counter() - start
        return float(result.read_text()), wall, children_cpu() - cpu

    def pytest_without(self) -> tuple[float, float]:
        """(the pytest command with a test that does not use the fixture, its CPU time), seconds."""
        start, cpu = time.perf_counter(), children_cpu()
        self._pytest("test_without.py", self.env("warm"))
        return time.perf_counter() - start, children_cpu() - cpu

    def _pytest(self, file: str, env: dict[str, str]) -> None:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", file]
        done = subprocess.run(command, cwd=self.project, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")

    def plugin_import(self) -> float:
        """Seconds importing emulator.pytest_plugin, pytest already imported (as pytest loads it)."""
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import pytest; import emulator.pytest_plugin"],
            env=self.base_env,
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.search(r"\|\s*(\d+) \|\s*emulator\.pytest_plugin$", done.stderr, re.MULTILINE)
        if found is None:
            raise RuntimeError("no import time for emulator.pytest_plugin:\n" + done.stderr[-2000:])
        return int(found[1]) / 1e6

    def serve(self, mode: str, timeout_s: float = 60.0) -> tuple[float, float]:
        """Seconds from spawning `calcom-emulator serve` to its first 200 from GET /v2/me, and the CPU
        time the server used (until it was stopped right after that answer)."""
        port = free_port()
        cpu = children_cpu()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/v2/me", headers={"Authorization": f"Bearer {ALICE_KEY}"}
        )
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "emulator.cli", "serve", "--port", str(port), "--log-level", "warning"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=self.env(mode),
        )
        try:
            elapsed = self._first_answer(proc, request, start, timeout_s)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return elapsed, children_cpu() - cpu

    @staticmethod
    def _first_answer(
        proc: subprocess.Popen[bytes], request: urllib.request.Request, start: float, timeout_s: float
    ) -> float:
        while time.perf_counter() - start < timeout_s:
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise RuntimeError(f"the emulator exited with {proc.returncode}:\n{err[-2000:]}")
            time.sleep(0.005)
        raise RuntimeError(f"no 200 from GET /v2/me within {timeout_s} s")


def children_cpu() -> float:
    """User and system CPU seconds of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median(values: list[float]) -> float:
    return statistics.median(values)


def measure(repeats: int, bytecode: bool) -> dict[str, Any]:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="calcom-startup-") as folder:
        bench = Bench(Path(folder), bytecode)
        # Warm-up, not measured: bytecode written, the warm cache filled, the file system's caches hot.
        bench.pytest_session("warm")
        bench.serve("warm")
        bench.pytest_without()
        sessions: dict[str, list[tuple[float, float, float]]] = {mode: [] for mode in MODES}
        serves: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
        without: list[tuple[float, float]] = []
        imports: list[float] = []
        for _ in range(repeats):
            # Interleaved, so that a change of load on the machine touches every mode alike; each
            # command with the fixture is compared with the command without it of the same round.
            without.append(bench.pytest_without())
            for mode in MODES:
                sessions[mode].append(bench.pytest_session(mode))
                serves[mode].append(bench.serve(mode))
            imports.append(bench.plugin_import())
    plugin_import = median(imports)
    session: dict[str, Any] = {}
    for mode in MODES:
        runs = sessions[mode]
        in_process = median([first for first, _, _ in runs])
        paired = list(zip(runs, without, strict=True))
        session[mode] = {
            "plugin_import_s": plugin_import,
            "first_answer_s": in_process,
            "total_s": plugin_import + in_process,
            "command_minus_without_s": median([run[1] - base[0] for run, base in paired]),
            "command_cpu_minus_without_s": median([run[2] - base[1] for run, base in paired]),
            "all_first_answer_s": [first for first, _, _ in runs],
            "all_command_cpu_s": [cpu for _, _, cpu in runs],
        }
    serve: dict[str, dict[str, Any]] = {
        mode: {
            "median_s": median([wall for wall, _ in serves[mode]]),
            "cpu_s": median([cpu for _, cpu in serves[mode]]),
            "all_s": [wall for wall, _ in serves[mode]],
            "all_cpu_s": [cpu for _, cpu in serves[mode]],
        }
        for mode in MODES
    }
    return {
        "repeats": repeats,
        "bytecode_cached": bytecode,
        "load_average": {"before": load_before[0], "after": os.getloadavg()[0], "cpus": os.cpu_count()},
        "pytest_without_calcom_s": median([wall for wall, _ in without]),
        "all_pytest_without_cpu_s": [cpu for _, cpu in without],
        "plugin_session_start": session,
        "serve_first_answer": serve,
        "targets": {
            "under_s": TARGET_S,
            "plugin_met": session["warm"]["total_s"] < TARGET_S,
            "serve_met": serve["warm"]["median_s"] < TARGET_S,
        },
        "issue_figure_s": ISSUE_FIGURE_S,
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def table(result: dict[str, Any]) -> str:
    session, serve, load = result["plugin_session_start"], result["serve_first_answer"], result["load_average"]
    rows = [
        f"{result['repeats']} runs per figure (medians), bytecode "
        + ("cached" if result["bytecode_cached"] else "not cached (PYTHONDONTWRITEBYTECODE=1)")
        + f"; load average {load['before']:.1f} before, {load['after']:.1f} after, on {load['cpus']} CPUs",
        "",
        f"{'':40}{'old (eager)':>13}{'cold cache':>13}{'warm cache':>13}{'warm/old':>10}{'target':>11}",
    ]

    def row(title: str, values: dict[str, float], target: bool) -> str:
        ratio = values["warm"] / values["old"] if values["old"] else float("nan")
        cells = "".join(f"{ms(values[mode]):>13}" for mode in MODES)
        return f"{title:40}{cells}{ratio:>9.2f}x{('< ' + ms(TARGET_S)) if target else '':>11}"

    def of(figures: dict[str, Any], name: str) -> dict[str, float]:
        return {mode: figures[mode][name] for mode in MODES}

    rows += [
        row("plugin session start", of(session, "total_s"), True),
        row("  plugin import", of(session, "plugin_import_s"), False),
        row("  session start to first answer", of(session, "first_answer_s"), False),
        row("  pytest command, minus without fixture", of(session, "command_minus_without_s"), False),
        row("  the same in CPU time", of(session, "command_cpu_minus_without_s"), False),
        row("serve to first answer (GET /v2/me)", of(serve, "median_s"), True),
        row("  CPU time of the server", of(serve, "cpu_s"), False),
    ]
    targets = result["targets"]
    rows += [
        "",
        f"pytest command without the fixture: {ms(result['pytest_without_calcom_s'])}; "
        f"the issue's figure before this work: {ms(result['issue_figure_s'])} (idle machine)",
        f"targets (warm, under {ms(TARGET_S)}): plugin {'met' if targets['plugin_met'] else 'NOT met'}, "
        f"serve {'met' if targets['serve_met'] else 'NOT met'}",
    ]
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-bytecode", action="store_true", help="measure with PYTHONDONTWRITEBYTECODE=1")
    args = parser.parse_args()
    result = measure(args.repeats, bytecode=not args.no_bytecode)
    print(json.dumps(result, indent=2) if args.json else table(result))


if __name__ == "__main__":
    main()
