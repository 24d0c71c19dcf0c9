"""The pieces benchmarks/http_load.py and benchmarks/flames.py share: the emulator as
`calcom-emulator serve` runs it and its bare Starlette twin, both pinned to CPU 0, the four requests
they are loaded with, and wrk (pinned to CPU 1, one thread, 16 connections, `--latency`).

The emulator is `python -m emulator.cli serve` of the checkout this file lives in (PYTHONPATH and
working directory are that checkout), on uvicorn as `serve` starts it (access log off, no
websockets, httptools and uvloop), with rate limits on but a limit (1,000,000,000 a minute) that is
never reached, so the limiter's cost is measured. Its world is the default one plus 120 past
bookings of alice, so that her booking list has a full page. The bare twin is one Starlette app on
uvicorn with the same settings whose routes answer, JSON-encoded per request, the documents the
emulator answered (a POST's body is json.loads-ed first, as any JSON API would).

The four requests (`Kind`):

  me             GET /v2/me with alice's API key;
  bookings       GET /v2/bookings?take=100 (2024-08-13): a page of 100 bookings, checked;
  create-cancel  POST /v2/bookings at the next free slot of alice's 15-minute event type and
                 POST /v2/bookings/{uid}/cancel of each booking made (http_lua/create_cancel.lua);
                 the slots are read from the emulator at start (on its clock) and taken in turn;
  slots          GET /v2/slots of alice's 30-minute event type for a month (2024-09-04).

Any answer that is not 2xx fails the run (`parse_wrk`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KEY = "cal_a11ce000000000000000000000000001"  # alice's API key in the default world
BOOKER = "booker@bench.example"
CANCEL = {"cancellationReason": "bench"}  # the host cancelling must give a reason
BOOKINGS_VERSION = "2024-08-13"
CONNECTIONS = 16
RATE_LIMIT = "1000000000"  # a minute: on, but never reached
PAST_BOOKINGS = 120
SLOT_DAYS = 60  # days of 15-minute slots create-cancel cycles through
LUA = Path(__file__).resolve().parent / "http_lua" / "create_cancel.lua"

BARE_SERVER = """
import json, sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

def route(spec):
    document, status, headers = json.loads(spec["body"]), spec["status"], spec["headers"]
    if spec["method"] == "POST":
        async def answer(request):
            json.loads(await request.body())
            return JSONResponse(document, status_code=status, headers=headers)
    else:
        async def answer(request):
            return JSONResponse(document, status_code=status, headers=headers)
    return Route(spec["path"], answer, methods=[spec["method"]])

with open(sys.argv[2]) as config:
    app = Starlette(routes=[route(spec) for spec in json.load(config)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False, ws="none")
"""


@dataclass(frozen=True)
class Tools:
    wrk: str | None
    taskset: str | None

    def pinned(self, cpu: int, argv: Sequence[str]) -> list[str]:
        return [self.taskset, "-c", str(cpu), *argv] if self.taskset else list(argv)


def find_tools() -> Tools:
    return Tools(shutil.which("wrk"), shutil.which("taskset"))


@dataclass(frozen=True)
class Kind:
    """One request the benchmark loads a server with."""

    name: str
    label: str
    path: str
    headers: tuple[str, ...] = ()
    script_args: tuple[str, ...] | None = None  # create-cancel: the Lua script's arguments

    def from_slot(self, first: int) -> Kind:
        """create-cancel starting at the first-th slot (from 1) instead of the first."""
        assert self.script_args is not None
        slots_file, _, *rest = self.script_args
        return replace(self, script_args=(slots_file, str(first), *rest))


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Servers:
    emulator: str
    emulator_pid: int
    bare: str | None
    kinds: list[Kind]
    answers: dict[str, bytes]  # what the emulator answered, by the names of BARE_ROUTES
    slot_count: int
    emulator_module: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def call(
    base: str, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def expect(base: str, method: str, path: str, status: int, **kw: Any) -> bytes:
    got, body = call(base, method, path, **kw)
    if got != status:
        raise RuntimeError(f"{method} {path}: expected {status}, got {got}: {body[:500]!r}")
    return body


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def past_bookings_fixture() -> str:
    """Alice's past calls, layered on the default world: her booking list then has a full page."""
    lines = ["bookings:"]
    for i in range(PAST_BOOKINGS):
        lines += [
            f"  bench-past-{i}:",
            "    eventType: alice/30min",
            f"    start: today-{10 + i // 4}d@{1 + i % 4:02d}:00",
            f"    attendees: [{{name: Past Guest {i}, email: past{i}@bench.example}}]",
        ]
    return "\n".join(lines) + "\n"


def auth_headers(version: str | None = BOOKINGS_VERSION) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEY}", **({"cal-api-version": version} if version else {})}


def _header_args(headers: dict[str, str]) -> tuple[str, ...]:
    return tuple(f"{name}: {value}" for name, value in headers.items())


def reset(servers: Servers) -> None:
    expect(servers.emulator, "POST", "/_emulator/reset", 200)


def _prepare(base: str, folder: Path) -> tuple[list[Kind], dict[str, bytes], int]:
    """The four kinds, what the emulator answers (by BARE_ROUTES' names), and the slots to book."""
    now = json.loads(expect(base, "GET", "/_emulator/clock", 200))["now"]
    tomorrow = datetime.fromisoformat(now.replace("Z", "+00:00")).date() + timedelta(days=1)
    listed = json.loads(expect(base, "GET", "/v2/event-types?username=alice", 200, headers=auth_headers("2024-06-14")))
    event_ids = {row["slug"]: row["id"] for row in listed["data"]}
    answers: dict[str, bytes] = {"me": expect(base, "GET", "/v2/me", 200, headers=auth_headers(None))}
    page = expect(base, "GET", "/v2/bookings?take=100", 200, headers=auth_headers())
    if len(json.loads(page)["data"]) != 100:
        raise RuntimeError(f"GET /v2/bookings?take=100 answered {len(json.loads(page)['data'])} bookings, not 100")
    answers["bookings"] = page
    month = f"/v2/slots?eventTypeId={event_ids['30min']}&start={tomorrow}&end={tomorrow + timedelta(days=29)}"
    answers["slots"] = expect(base, "GET", month, 200, headers={"cal-api-version": "2024-09-04"})
    starts = _slot_starts(base, event_ids["15min"], tomorrow)
    slots_file = folder / "slots.txt"
    slots_file.write_text("\n".join(starts) + "\n")
    booking = {
        "start": starts[0],
        "eventTypeId": event_ids["15min"],
        "attendee": {"name": "Bench Booker", "email": BOOKER, "timeZone": "Europe/London"},
    }
    answers["create"] = expect(base, "POST", "/v2/bookings", 201, body=booking, headers=auth_headers())
    uid = json.loads(answers["create"])["data"]["uid"]
    answers["cancel"] = expect(base, "POST", f"/v2/bookings/{uid}/cancel", 200, body=CANCEL, headers=auth_headers())
    expect(base, "POST", "/_emulator/reset", 200)
    kinds = [
        Kind("me", "GET /v2/me", "/v2/me", _header_args(auth_headers(None))),
        Kind("bookings", "GET /v2/bookings?take=100", "/v2/bookings?take=100", _header_args(auth_headers())),
        Kind(
            "create-cancel",
            "POST /v2/bookings + cancel",
            "/v2/bookings",
            script_args=(str(slots_file), "1", KEY, str(event_ids["15min"])),
        ),
        Kind("slots", "GET /v2/slots (a month)", month, ("cal-api-version: 2024-09-04",)),
    ]
    return kinds, answers, len(starts)


def _slot_starts(base: str, event_type_id: int, first: date) -> list[str]:
    starts: list[str] = []
    for offset in range(0, SLOT_DAYS, 30):  # a month a query
        begin, end = first + timedelta(days=offset), first + timedelta(days=offset + 29)
        path = f"/v2/slots?eventTypeId={event_type_id}&start={begin}&end={end}"
        days = json.loads(expect(base, "GET", path, 200, headers={"cal-api-version": "2024-09-04"}))["data"]
        starts += [slot["start"] for day in sorted(days) for slot in days[day]]
    if len(starts) < 10 * CONNECTIONS:
        raise RuntimeError(f"only {len(starts)} free slots to book")
    return starts


# What the emulator sends with every v2 answer besides the body's length and type: the rate-limit
# guard's headers and CORS. The bare twin sends them too (fixed values of the same length), so both
# servers write the same bytes and uvicorn does the same work for each.
API_HEADERS = {
    "X-RateLimit-Limit-Default": RATE_LIMIT,
    "X-RateLimit-Remaining-Default": str(int(RATE_LIMIT) - 1),
    "X-RateLimit-Reset-Default": "60",
    "access-control-allow-origin": "*",
}

# The bare twin's routes: method, path, status, and the name of the emulator's answer it gives.
BARE_ROUTES = (
    ("GET", "/v2/me", 200, "me"),
    ("GET", "/v2/bookings", 200, "bookings"),
    ("POST", "/v2/bookings", 201, "create"),
    ("POST", "/v2/bookings/{uid}/cancel", 200, "cancel"),
    ("GET", "/v2/slots", 200, "slots"),
)


def bare_answers_match(s: Servers) -> dict[str, bool]:
    """Whether the bare twin answers each route with the very bytes the emulator answered."""
    assert s.bare is not None
    return {
        name: call(s.bare, method, path.replace("{uid}", "x"), body=CANCEL if method == "POST" else None)[1]
        == s.answers[name]
        for method, path, _, name in BARE_ROUTES
    }


def _start(tools: Tools, argv: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(tools.pinned(0, argv), stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)


@contextmanager
def servers(tools: Tools, bare: bool = True) -> Iterator[Servers]:
    """The emulator (and the bare twin) running, pinned to CPU 0; every process ends on exit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="calcom-http-bench-") as tmp:
        folder = Path(tmp)
        try:
            where = subprocess.run(
                [sys.executable, "-c", "import emulator; print(emulator.__file__)"],
                env=env, cwd=ROOT, capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip
            (folder / "past.yaml").write_text(past_bookings_fixture())
            emu_port = free_port()
            serve = [sys.executable, "-m", "emulator.cli", "serve", "--port", str(emu_port)]
            serve += ["--rate-limits", "on", "--rate-limit", RATE_LIMIT]
            serve += ["--fixtures", str(ROOT / "fixtures" / "default.yaml"), "--fixtures", str(folder / "past.yaml")]
            processes.append(_start(tools, serve, folder / "emulator.log", env))
            emulator = f"http://127.0.0.1:{emu_port}"
            _wait(f"{emulator}/_emulator/health", processes[-1], folder / "emulator.log")
            kinds, answers, slot_count = _prepare(emulator, folder)
            bare_base = None
            if bare:
                routes = [
                    {
                        "method": method,
                        "path": path,
                        "status": status,
                        "body": answers[name].decode(),
                        "headers": API_HEADERS,
                    }
                    for method, path, status, name in BARE_ROUTES
                ]
                (folder / "bare.json").write_text(json.dumps(routes))
                bare_port = free_port()
                argv = [sys.executable, "-c", BARE_SERVER, str(bare_port), str(folder / "bare.json")]
                processes.append(_start(tools, argv, folder / "bare.log"))
                bare_base = f"http://127.0.0.1:{bare_port}"
                _wait(f"{bare_base}/v2/me", processes[-1], folder / "bare.log")
            yield Servers(emulator, processes[0].pid, bare_base, kinds, answers, slot_count, where)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wrk_argv(tools: Tools, base: str, kind: Kind, seconds: float) -> list[str]:
    assert tools.wrk is not None
    argv = [tools.wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    for header in kind.headers:
        argv += ["-H", header]
    if kind.script_args is None:
        return tools.pinned(1, [*argv, base + kind.path])
    return tools.pinned(1, [*argv, "-s", str(LUA), base + kind.path, "--", *kind.script_args])


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(out: str, kind: Kind) -> WrkResult:
    """wrk's figures; raises when an answer was not 2xx or a socket failed."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    latency = {p: re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M) for p in ("50", "99")}
    if rps is None or total is None or latency["50"] is None or latency["99"] is None:
        raise RuntimeError(f"{kind.label}: cannot read wrk's output:\n{out}")
    counts = {
        name: int(value) for name, value in re.findall(r"(\w+)=(\d+)", " ".join(re.findall(r"^BENCH (.*)$", out, re.M)))
    }
    failed = "Non-2xx" in out or "Socket errors" in out or counts.get("non2xx", 0) or counts.get("unparsed", 0)
    if failed:
        raise RuntimeError(f"{kind.label}: not every answer was 2xx:\n{out}")
    p50, p99 = (float(m.group(1)) * _UNITS_MS[m.group(2)] for m in (latency["50"], latency["99"]) if m)
    return WrkResult(float(rps.group(1)), p50, p99, int(total.group(1)), counts)


def run_wrk(tools: Tools, base: str, kind: Kind, seconds: float) -> WrkResult:
    done = subprocess.run(wrk_argv(tools, base, kind, seconds), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr}{done.stdout}")
    return parse_wrk(done.stdout, kind)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"
