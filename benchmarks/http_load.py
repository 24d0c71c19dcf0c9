"""Throughput and latency over HTTP: the emulator as `calcom-emulator serve` runs it, against a bare
Starlette app on the same uvicorn settings answering the same bytes, both loaded by wrk.

    python benchmarks/http_load.py [--seconds N] [--rounds N] [--trend N] [--json]

Four requests, each against its bare twin (benchmarks/http_servers.py says how the servers run):
GET /v2/me with an API key; GET /v2/bookings?take=100 (a page of 100); POST /v2/bookings followed
by POST /v2/bookings/{uid}/cancel (a wrk Lua script, both kinds counted; every answer must be 2xx);
GET /v2/slots for a month of one event type. Both servers are pinned to CPU 0 (`taskset -c 0`),
wrk to CPU 1: one wrk thread, 16 connections, `--latency`.

Runs go in turns, each round starting with the next candidate, so that machine noise hits every
candidate alike; the world is reset (POST /_emulator/reset) before every emulator run. Printed per
request: the medians over the rounds of emulator and bare req/s, their ratio, and p50 and p99
latency of both. Then create-cancel runs `--trend` times back to back without a reset, showing
whether throughput falls as the bookings table grows.

Targets: GET /v2/me at least 80% of bare Starlette with p99 under 10 ms; create-cancel at least 50%.
Without wrk the benchmark says so and exits 0; without taskset it runs unpinned and says so.
(Not named http.py: in this folder that name would hide the standard library's http package from
every benchmark run as a script.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from typing import Any

from http_servers import (
    BOOKER,
    CANCEL,
    CONNECTIONS,
    Servers,
    Tools,
    WrkResult,
    auth_headers,
    bare_answers_match,
    expect,
    find_tools,
    load_average,
    reset,
    run_wrk,
    servers,
)

TARGETS = {"me_ratio": 0.8, "create_cancel_ratio": 0.5, "me_p99_ms": 10.0}


def bookings_count(base: str) -> int:
    page = json.loads(expect(base, "GET", "/v2/bookings?take=1", 200, headers=auth_headers()))
    total: int = page["pagination"]["totalItems"]
    return total


def cancel_leftovers(base: str) -> int:
    """Cancel the bench's bookings still upcoming (made by requests wrk stopped waiting for)."""
    time.sleep(0.3)  # let the server finish what wrk sent last
    query = f"/v2/bookings?attendeeEmail={BOOKER}&status=upcoming&take=250"
    uids = [row["uid"] for row in json.loads(expect(base, "GET", query, 200, headers=auth_headers()))["data"]]
    for uid in uids:
        expect(base, "POST", f"/v2/bookings/{uid}/cancel", 200, body=CANCEL, headers=auth_headers())
    return len(uids)


def measure(tools: Tools, s: Servers, seconds: float, rounds: int) -> dict[str, dict[str, list[WrkResult]]]:
    assert s.bare is not None
    candidates = [(kind, side) for kind in s.kinds for side in ("emulator", "bare")]
    seen: dict[str, dict[str, list[WrkResult]]] = {kind.name: {"emulator": [], "bare": []} for kind in s.kinds}
    for kind, side in candidates:  # warm up both sides of every kind
        if side == "emulator":
            reset(s)
        run_wrk(tools, s.emulator if side == "emulator" else s.bare, kind, 1)
    for turn in range(rounds):
        for kind, side in candidates[turn % len(candidates) :] + candidates[: turn % len(candidates)]:
            if side == "emulator":
                reset(s)
            seen[kind.name][side].append(run_wrk(tools, s.emulator if side == "emulator" else s.bare, kind, seconds))
    return seen


def trend(tools: Tools, s: Servers, seconds: float, segments: int) -> list[dict[str, Any]]:
    """create-cancel back to back without a reset: req/s of each segment and the bookings after it."""
    kind = next(k for k in s.kinds if k.name == "create-cancel")
    reset(s)
    first, rows = 1, []
    for _ in range(segments):
        result = run_wrk(tools, s.emulator, kind.from_slot(first), seconds)
        first += result.counts.get("creates", 0) + 4 * CONNECTIONS  # past the slots of unanswered creates
        rows.append(
            {
                "rps": round(result.rps),
                "leftovers": cancel_leftovers(s.emulator),
                "bookings": bookings_count(s.emulator),
            }
        )
    return rows


def summarize(s: Servers, seen: dict[str, dict[str, list[WrkResult]]]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for kind in s.kinds:
        sides = {}
        for side, results in seen[kind.name].items():
            sides[side] = {
                "rps": round(statistics.median(r.rps for r in results)),
                "p50_ms": round(statistics.median(r.p50_ms for r in results), 2),
                "p99_ms": round(statistics.median(r.p99_ms for r in results), 2),
            }
        rows[kind.name] = {
            "request": kind.label,
            **{f"{side}_{key}": value for side, figures in sides.items() for key, value in figures.items()},
            "ratio": round(sides["emulator"]["rps"] / sides["bare"]["rps"], 3),
        }
    return rows


def targets(rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    me, booking = rows["me"], rows["create-cancel"]
    return {
        "GET /v2/me ratio >= 0.8": {"value": me["ratio"], "met": me["ratio"] >= TARGETS["me_ratio"]},
        "POST+cancel ratio >= 0.5": {
            "value": booking["ratio"],
            "met": booking["ratio"] >= TARGETS["create_cancel_ratio"],
        },
        "GET /v2/me p99 < 10 ms": {"value": me["emulator_p99_ms"], "met": me["emulator_p99_ms"] < TARGETS["me_p99_ms"]},
    }


def print_report(results: dict[str, Any]) -> None:
    print(f"emulator: {results['emulator_module']}")
    print(f"load average before {results['load_before']}, after {results['load_after']}; {results['pinning']}")
    print(f"wrk -t1 -c{CONNECTIONS} --latency; {results['rounds']} rounds of {results['seconds']:g} s; medians")
    print(
        f"{'request':28} {'emulator':>9} {'bare':>9} {'ratio':>6}   {'p50 ms emu/bare':>15}   {'p99 ms emu/bare':>15}"
    )
    for row in results["requests"].values():
        p50 = f"{row['emulator_p50_ms']:.2f} / {row['bare_p50_ms']:.2f}"
        p99 = f"{row['emulator_p99_ms']:.2f} / {row['bare_p99_ms']:.2f}"
        rates = f"{row['emulator_rps']:>9,} {row['bare_rps']:>9,} {row['ratio']:>6.0%}"
        print(f"{row['request']:28} {rates}   {p50:>15}   {p99:>15}")
    print("(req/s; create-cancel counts creates and cancels alike)")
    print(f"bare twin answers the emulator's bytes: {results['same_bytes']}")
    for name, target in results["targets"].items():
        print(f"target {name}: {target['value']} {'met' if target['met'] else 'NOT met'}")
    rows = results["create_cancel_trend"]
    if rows:
        print(f"create-cancel back to back without a reset, {results['seconds']:g} s a segment:")
        print("  req/s (alice's bookings after it): " + ", ".join(f"{r['rps']:,} ({r['bookings']:,})" for r in rows))
        print(f"  last segment / first: {rows[-1]['rps'] / rows[0]['rps']:.0%}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5, help="length of one wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="turns over every candidate (default 3)")
    parser.add_argument(
        "--trend", type=int, default=6, help="create-cancel segments run back to back (default 6; 0: none)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    args = parser.parse_args(argv)
    tools = find_tools()
    if tools.wrk is None:
        print("http benchmark skipped: wrk not found (apt-get install wrk)")
        return 0
    pinning = "servers on CPU 0, wrk on CPU 1" if tools.taskset else "unpinned (taskset not found)"
    if not tools.taskset and not args.json:
        print("taskset not found: running unpinned")
    load_before = load_average()
    with servers(tools) as s:
        seen = measure(tools, s, args.seconds, args.rounds)
        rows = summarize(s, seen)
        results: dict[str, Any] = {
            "emulator_module": s.emulator_module,
            "load_before": load_before,
            "pinning": pinning,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "slots_cycled": s.slot_count,
            "requests": rows,
            "same_bytes": bare_answers_match(s),
            "targets": targets(rows),
            "create_cancel_trend": trend(tools, s, args.seconds, args.trend) if args.trend > 0 else [],
        }
    results["load_after"] = load_average()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_report(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
