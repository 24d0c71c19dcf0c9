"""World benchmarks, in process: loading fixtures, bulk generation, reset and snapshots.

    python benchmarks/world.py [--json]

Targets: default world loads in under 100 ms; 10,000 generated users with 50,000 bookings in
under 3 s; reset of the default world under 2 ms, also as the runtime does it (clock, tokens, journal,
deliveries) with the journal full of entries holding bodies.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import UTC, datetime

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.world.clock import Clock
from emulator.world.fixtures import FixtureSource, default_fixture_path, load_world, read_sources
from emulator.world.store import World

BULK = "seed: 1\ngenerate:\n  seed: 7\n  users: 10000\n  bookings: 50000\n"


def clock() -> Clock:
    return Clock(datetime(2026, 1, 5, 9, tzinfo=UTC), frozen=True)


def timed(fn: object, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t0) * 1000)
    return out


def runtime_reset_with_full_journal(rounds: int = 100) -> tuple[int, list[float]]:
    """Runtime.reset of the default world after the journal was filled to its limit with calls carrying
    a 2 KB request body and an 8 KB answer (the fill is not timed)."""
    runtime = Runtime.build(Settings(clock="2026-01-05T09:00:00Z"))
    journal = runtime.journal
    request = b'{"attendee": "' + b"x" * 2048 + b'"}'
    response = b'{"data": "' + b"y" * 8192 + b'"}'
    headers = {"authorization": "Bearer cal_a11ce000000000000000000000000001", "content-type": "application/json"}
    out = []
    for _ in range(rounds):
        for _ in range(journal.capacity):
            journal.record(
                at=runtime.clock.now(),
                method="POST",
                path="/v2/bookings",
                query="",
                operation_id="BookingsController_2024_08_13_createBooking",
                status=201,
                duration_ms=1.0,
                credential="api_key:alice",
                problems=[],
                request_headers=dict(headers),
                request_body=request,
                response_headers={"content-type": "application/json"},
                response_type="application/json",
                response_body=response,
            )
        t0 = time.perf_counter()
        runtime.reset()
        out.append((time.perf_counter() - t0) * 1000)
    return journal.capacity, out


def main() -> None:
    sources = read_sources([str(default_fixture_path())])

    def load_default() -> World:
        world = World(clock())
        load_world(world, sources)
        return world

    load_ms = timed(load_default, 10)
    world = load_default()
    world.mark_base()
    reset_ms = timed(world.reset, 200)
    snapshot_ms = timed(world.snapshot, 200)

    bulk_world = World(clock())
    t0 = time.perf_counter()
    load_world(bulk_world, [FixtureSource("<bulk>", BULK)])
    bulk_ms = (time.perf_counter() - t0) * 1000
    bulk_world.mark_base()
    bulk_reset_ms = timed(bulk_world.reset, 20)
    journal_entries, runtime_reset_ms = runtime_reset_with_full_journal()

    results = {
        "default_load_ms_median": round(statistics.median(load_ms), 2),
        "default_reset_ms_median": round(statistics.median(reset_ms), 4),
        "default_snapshot_ms_median": round(statistics.median(snapshot_ms), 4),
        "bulk_users": len(bulk_world.tables["users"]),
        "bulk_bookings": len(bulk_world.tables["bookings"]),
        "bulk_load_ms": round(bulk_ms, 1),
        "bulk_reset_ms_median": round(statistics.median(bulk_reset_ms), 3),
        "runtime_reset_journal_entries": journal_entries,
        "runtime_reset_full_journal_ms_median": round(statistics.median(runtime_reset_ms), 4),
        "runtime_reset_full_journal_ms_max": round(max(runtime_reset_ms), 4),
    }
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
        return
    targets = {
        "default_load_ms_median": 100,
        "default_reset_ms_median": 2,
        "bulk_load_ms": 3000,
        "runtime_reset_full_journal_ms_median": 2,
    }
    for name, value in results.items():
        target = targets.get(name)
        verdict = ""
        if target is not None:
            verdict = f"  ok (target < {target})" if value < target else f"  OVER TARGET {target}"
        print(f"{name:30} {value}{verdict}")


if __name__ == "__main__":
    main()
