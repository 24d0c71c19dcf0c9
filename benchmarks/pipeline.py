"""Pipeline benchmarks, in one run:

1. the cost per request of the auth stages (v2 throttle, authenticate, authorize) for an API-key
   GET /v2/me (target: under 20 microseconds);
2. throughput of a full GET /v2/me through the emulator (routing, auth, rate limit, request and
   response validation, handler, journal) against a bare Starlette app answering the same JSON:
   over HTTP, both on uvicorn with the same settings and loaded by wrk in turns (target: at least
   40% of bare Starlette; needs `wrk`, e.g. apt-get install wrk), and in process through ASGI,
   which shows the application's own cost without the server's;
3. the same GET /v2/me in a named world (docs/worlds.md), by header and by path prefix, against the
   default world, in turns in the same run (target: at least 95% of the default world's throughput),
   in process and over HTTP.

    python benchmarks/pipeline.py [--json]
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator.app import create_app
from emulator.pipeline.auth import authenticate
from emulator.pipeline.chain import route
from emulator.pipeline.context import RequestContext
from emulator.pipeline.guards import authorize
from emulator.pipeline.ratelimit import throttle
from emulator.pipeline.versioning import select_version
from emulator.runtime import Runtime
from emulator.settings import Settings

KEY = "cal_a11ce000000000000000000000000001"
WORLD_HEADER = "x-calcom-emulator-world"


def auth_cost(runtime: Runtime, rounds: int = 20_000) -> float:
    """Microseconds per request spent in throttle + authenticate + authorize."""

    def context() -> RequestContext:
        ctx = RequestContext(
            runtime=runtime,
            api="v2",
            method="GET",
            path="/v2/me",
            query_string="",
            query=[],
            headers={"authorization": f"Bearer {KEY}"},
            raw_body=b"",
        )
        route(ctx)
        select_version(ctx)
        return ctx

    contexts = [context() for _ in range(rounds)]
    start = time.perf_counter()
    for ctx in contexts:
        throttle(ctx)
        authenticate(ctx)
        authorize(ctx)
    return (time.perf_counter() - start) / rounds * 1e6


async def drive(
    app: Any, path: str, headers: list[tuple[bytes, bytes]], rounds: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Requests per second through the ASGI interface, no network; per second of ``clock`` (wall time,
    or time.thread_time for the CPU the requests took, which a busy machine's other processes leave alone)."""

    async def one() -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": headers,
            "client": ("127.0.0.1", 1234),
            "server": ("127.0.0.1", 8080),
        }

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                assert message["status"] == 200, message

        await app(scope, receive, send)

    for _ in range(200):  # warm up
        await one()
    start = clock()
    for _ in range(rounds):
        await one()
    return rounds / (clock() - start)


async def named_worlds(app: Any, headers: list[tuple[bytes, bytes]], rounds: int = 60) -> tuple[float, float, float]:
    """Median requests per second of GET /v2/me in the default world, in a named world by header and
    by path prefix, per second of CPU: in many short turns, each round starting with the next of the
    three, so that machine noise and the place in a round hit all three alike."""
    named = [*headers, (WORLD_HEADER.encode(), b"bench")]
    kinds = [("default", "/v2/me", headers), ("header", "/v2/me", named), ("prefix", "/_worlds/bench/v2/me", headers)]
    seen: dict[str, list[float]] = {kind: [] for kind, _, _ in kinds}
    for turn in range(rounds):
        for kind, path, sent in kinds[turn % 3 :] + kinds[: turn % 3]:
            seen[kind].append(await drive(app, path, sent, 500, clock=time.thread_time))
    default, header, prefix = (statistics.median(seen[kind]) for kind, _, _ in kinds)
    return default, header, prefix


def worlds_summary(default: float, header: float, prefix: float) -> dict[str, Any]:
    return {
        "default_rps": round(default),
        "header_rps": round(header),
        "prefix_rps": round(prefix),
        "header_ratio": round(header / default, 3),
        "prefix_ratio": round(prefix / default, 3),
    }


def bare_app(body: dict[str, Any]) -> Starlette:
    async def me(request: Request) -> JSONResponse:
        return JSONResponse(body)

    return Starlette(routes=[Route("/v2/me", me)])


BARE_SERVER = """
import json, sys
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
import uvicorn
BODY = json.loads(sys.argv[2])
async def me(request):
    return JSONResponse(BODY)
uvicorn.run(Starlette(routes=[Route("/v2/me", me)]), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


def _wrk(url: str, *headers: str) -> float:
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        ["wrk", "-t1", "-c16", "-d4s", "-H", f"Authorization: Bearer {KEY}", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match and "Non-2xx" not in out, out
    return float(match.group(1))


def http_ratio(body: dict[str, Any], rounds: int = 4) -> tuple[float, float, float, float] | None:
    """Median requests per second over HTTP: (emulator, bare Starlette, a named world by header, by
    prefix); None without wrk."""
    if shutil.which("wrk") is None:
        return None
    root = Path(__file__).resolve().parents[1]
    emu_port, bare_port = _port(), _port()
    env = {**os.environ, "PYTHONPATH": str(root)}
    emulator = subprocess.Popen(
        [sys.executable, "-m", "emulator.cli", "serve", "--port", str(emu_port), "--rate-limits", "off"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=root,
    )
    bare = subprocess.Popen(
        [sys.executable, "-c", BARE_SERVER, str(bare_port), json.dumps(body)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{emu_port}/_emulator/health")
        _wait(f"http://127.0.0.1:{bare_port}/v2/me")
        base = f"http://127.0.0.1:{emu_port}"
        _wrk(f"{base}/v2/me", f"{WORLD_HEADER}: bench")  # make the world before timing it
        runs: list[tuple[str, tuple[str, ...]]] = [
            (f"{base}/v2/me", ()),
            (f"http://127.0.0.1:{bare_port}/v2/me", ()),
            (f"{base}/v2/me", (f"{WORLD_HEADER}: bench",)),
            (f"{base}/_worlds/bench/v2/me", ()),
        ]
        seen: list[list[float]] = [[] for _ in runs]
        for turn in range(rounds):  # in turns, each round starting with the next, so noise hits all alike
            for index in [(turn + i) % len(runs) for i in range(len(runs))]:
                url, extra = runs[index]
                seen[index].append(_wrk(url, *extra))
        emu, plain, header, prefix = (statistics.median(s) for s in seen)
        return emu, plain, header, prefix
    finally:
        emulator.terminate()
        bare.terminate()


def main() -> None:
    runtime = Runtime.build(Settings(rate_limit=10**9))
    micro = auth_cost(runtime)
    app = create_app(runtime=runtime)
    headers = [(b"authorization", f"Bearer {KEY}".encode())]
    sample: dict[str, Any] = {}

    async def run() -> tuple[float, float]:
        emulator_rps = await drive(app, "/v2/me", headers, 5_000)
        bare_rps = await drive(bare_app(sample), "/v2/me", headers, 5_000)
        return emulator_rps, bare_rps

    from starlette.testclient import TestClient

    with TestClient(app) as c:
        sample.update(c.get("/v2/me", headers={"Authorization": f"Bearer {KEY}"}).json())
    emulator_rps, bare_rps = asyncio.run(run())
    worlds = asyncio.run(named_worlds(app, headers))
    http = http_ratio(sample)
    results: dict[str, Any] = {
        "auth_stages_us_per_request": round(micro, 2),
        "in_process": {
            "emulator_rps": round(emulator_rps),
            "bare_starlette_rps": round(bare_rps),
            "ratio": round(emulator_rps / bare_rps, 3),
        },
        "named_world_in_process": worlds_summary(*worlds),
    }
    if http is not None:
        results["http"] = {
            "emulator_rps": round(http[0]),
            "bare_starlette_rps": round(http[1]),
            "ratio": round(http[0] / http[1], 3),
        }
        results["named_world_http"] = worlds_summary(http[0], http[2], http[3])
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
        return
    print(f"auth stages (throttle + authenticate + authorize): {micro:.2f} µs/request (target < 20)")
    if http is not None:
        print(
            f"over HTTP (uvicorn, wrk): emulator {http[0]:,.0f} req/s, bare Starlette {http[1]:,.0f} req/s, "
            f"ratio {http[0] / http[1]:.0%} (target >= 40%)"
        )
    else:
        print("over HTTP: skipped (install wrk)")
    print(
        f"in process (ASGI, no server): emulator {emulator_rps:,.0f} req/s, bare Starlette {bare_rps:,.0f} req/s, "
        f"ratio {emulator_rps / bare_rps:.0%}"
    )
    for label, key in (("in process", "named_world_in_process"), ("over HTTP", "named_world_http")):
        if key in results:
            w = results[key]
            print(
                f"named world {label}: default {w['default_rps']:,} req/s, by header {w['header_rps']:,} "
                f"({w['header_ratio']:.0%}), by prefix {w['prefix_rps']:,} ({w['prefix_ratio']:.0%}) (target >= 95%)"
            )


if __name__ == "__main__":
    main()
