"""Worlds benchmarks, in process (docs/worlds.md):

1. memory: 1,000 named worlds made from the default fixtures, each answering one GET /v2/me (so each
   has a journal entry and a rate-limit window), over the server with the default world alone
   (target: under 50 MB more), measured twice: the process's resident set (first, on a fresh heap)
   and Python's own allocations (tracemalloc, in a run of its own);
2. creation: the time to make one world (Worlds.select of a new name; target under 1 ms, the median
   on the wall clock and the 99th percentile in CPU time, as a loaded machine's scheduler adds whole
   time slices of 4 ms to the wall-clock tail), and a first request naming a new world against one
   naming an existing world, through the ASGI app;
3. dropping: after every world is dropped, what is left of the allocations they made.

    python benchmarks/worlds.py [--json] [--worlds N]
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import sys
import time
import tracemalloc
from typing import Any

from emulator.app import EmulatorApp, create_app
from emulator.settings import Settings

KEY = b"Bearer cal_a11ce000000000000000000000000001"
PAGE = 4096


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


async def get_me(app: EmulatorApp, world: str | None) -> None:
    headers = [(b"authorization", KEY)]
    if world is not None:
        headers.append((b"x-calcom-emulator-world", world.encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/v2/me",
        "raw_path": b"/v2/me",
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


def new_app() -> EmulatorApp:
    app = create_app(Settings(clock="2026-01-05T09:00:00Z", worlds_limit=100_000))
    asyncio.run(get_me(app, None))  # warm: the first request compiles /v2/me's validators
    return app


def memory(count: int, traced: bool) -> tuple[float, float]:
    """(MB more with `count` worlds than with one, MB left after dropping them all)."""
    app = new_app()

    async def fill() -> None:
        for i in range(count):
            await get_me(app, f"w{i}")

    gc.collect()
    if traced:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
    else:
        before = rss_bytes()
    asyncio.run(fill())
    gc.collect()
    after = tracemalloc.get_traced_memory()[0] if traced else rss_bytes()
    for i in range(count):
        app.worlds.drop(f"w{i}")
    gc.collect()
    dropped = tracemalloc.get_traced_memory()[0] if traced else rss_bytes()
    if traced:
        tracemalloc.stop()
    return (after - before) / 1e6, (dropped - before) / 1e6


def creation(count: int) -> dict[str, float]:
    app = new_app()
    worlds = app.worlds
    made, cpu = [], []
    for i in range(count):
        c0, t0 = time.thread_time_ns(), time.perf_counter()
        worlds.select(f"c{i}")
        made.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time_ns() - c0) / 1e6)

    async def first_and_again() -> tuple[list[float], list[float]]:
        first, again = [], []
        for i in range(200):
            t0 = time.perf_counter()
            await get_me(app, f"r{i}")
            first.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            await get_me(app, f"r{i}")
            again.append((time.perf_counter() - t0) * 1000)
        return first, again

    first, again = asyncio.run(first_and_again())
    return {
        "create_ms_median": statistics.median(made),
        "create_ms_p99": sorted(made)[int(len(made) * 0.99)],
        # CPU time of this thread: what the wall-clock tail is once another process's time slices are taken out
        "create_cpu_ms_p99": sorted(cpu)[int(len(cpu) * 0.99)],
        "first_request_ms_median": statistics.median(first),
        "later_request_ms_median": statistics.median(again),
    }


def main() -> None:
    count = int(sys.argv[sys.argv.index("--worlds") + 1]) if "--worlds" in sys.argv else 1000
    # The resident set first: once a run has freed its worlds, the next one reuses that memory.
    rss_mb, rss_left_mb = memory(count, traced=False)
    traced_mb, traced_left_mb = memory(count, traced=True)
    timing = creation(count)
    results = {
        "worlds": count,
        "traced_mb_more": round(traced_mb, 2),
        "traced_mb_left_after_drop": round(traced_left_mb, 3),
        "rss_mb_more": round(rss_mb, 2),
        "rss_mb_left_after_drop": round(rss_left_mb, 2),
        **{name: round(value, 4) for name, value in timing.items()},
    }
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
        return
    targets = {"traced_mb_more": 50, "rss_mb_more": 50, "create_ms_median": 1, "create_cpu_ms_p99": 1}
    for name, value in results.items():
        target = targets.get(name)
        verdict = ""
        if target is not None:
            verdict = f"  ok (target < {target})" if value < target else f"  OVER TARGET {target}"
        print(f"{name:30} {value}{verdict}")


if __name__ == "__main__":
    main()
