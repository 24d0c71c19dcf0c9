"""Validation throughput of the fast path and of openapi-core, and the emulator's start-up time.

    python benchmarks/validation.py [--json] [--rounds N] [--starts N]

Both validators run, in one process, over the same corpus (emulator.specs.samples: a valid
request and invalid variants for every operation, valid and invalid bodies for every documented
JSON response). Throughput is reported for requests and for responses separately, and for a
validation (one request plus one response: the two mean times added). Start-up is measured two
ways: a ``python -m emulator.cli serve`` subprocess from spawn to its first 200 on
/_emulator/health (polled every 10 ms), and ``Runtime.build(Settings())`` in process with the
imports already warm. Targets: the fast path at least 30x openapi-core, start-up under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from emulator.pipeline.corpus import sample_context
from emulator.pipeline.reference import ReferenceValidator
from emulator.pipeline.validation import FastValidator, Validator
from emulator.specs.loader import load_specs
from emulator.specs.operations import Operation
from emulator.specs.samples import Corpus, SampleRequest, SampleResponse, build_corpus
from emulator.specs.schemas import SchemaStore

TARGET_RATIO = 30.0
TARGET_START_S = 1.0


def _per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def time_requests(validator: Validator, cases: list[tuple[Operation, SampleRequest]], rounds: int) -> float:
    """Seconds per request validation. Fresh contexts each round (a context caches its parsed body)."""
    total = 0.0
    for _ in range(rounds):
        contexts = [sample_context(op, sample) for op, sample in cases]
        check = validator.request_problems
        start = time.perf_counter()
        for ctx in contexts:
            check(ctx)
        total += time.perf_counter() - start
    return total / (rounds * len(cases))


def time_responses(validator: Validator, cases: list[tuple[Operation, SampleResponse]], rounds: int) -> float:
    """Seconds per response validation."""
    check = validator.response_problems
    start = time.perf_counter()
    for _ in range(rounds):
        for op, sample in cases:
            check(op, sample.status, sample.body, sample.content_type)
    return (time.perf_counter() - start) / (rounds * len(cases))


def throughput(
    corpus: Corpus, validators: dict[str, Validator], rounds: dict[str, int], valid_only: bool = False
) -> dict[str, dict[str, float]]:
    requests = [(op, r) for op, r in corpus.requests if r.valid or not valid_only]
    responses = [(op, r) for op, r in corpus.responses if r.valid or not valid_only]
    out: dict[str, dict[str, float]] = {}
    for name, validator in validators.items():
        time_requests(validator, requests, 1)  # warm-up: lazy compilation, openapi-core's caches
        time_responses(validator, responses, 1)
        per_request = time_requests(validator, requests, rounds[name])
        per_response = time_responses(validator, responses, rounds[name])
        out[name] = {
            "requests_per_s": 1 / per_request,
            "responses_per_s": 1 / per_response,
            "validations_per_s": 1 / (per_request + per_response),
            "request_us": per_request * 1e6,
            "response_us": per_response * 1e6,
        }
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_to_health(timeout_s: float = 30.0) -> float:
    """Seconds from spawning ``python -m emulator.cli serve`` to the first 200 from its health check."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/_emulator/health"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "emulator.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    try:
        while time.perf_counter() - start < timeout_s:
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise RuntimeError(f"the emulator exited with {proc.returncode}:\n{err[-2000:]}")
            time.sleep(0.01)
        raise RuntimeError(f"no 200 from {url} within {timeout_s} s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def time_in_process(builds: int) -> tuple[list[float], dict[str, float]]:
    """Seconds per ``Runtime.build(Settings())``, and the last build's own timings (ms per phase)."""
    from emulator.runtime import Runtime
    from emulator.settings import Settings

    Runtime.build(Settings())  # imports and first-use caches warm
    times = []
    phases: dict[str, float] = {}
    for _ in range(builds):
        start = time.perf_counter()
        runtime = Runtime.build(Settings())
        times.append(time.perf_counter() - start)
        phases = {k: float(v) for k, v in runtime.timings.items() if k.endswith("_ms")}
    return times, phases


def measure(rounds: int, starts: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    specs = load_specs()
    corpus = build_corpus(specs)
    corpus_s = time.perf_counter() - t0
    validators: dict[str, Validator] = {
        "fast": FastValidator(SchemaStore(specs)),
        "openapi-core": ReferenceValidator(specs),
    }
    # openapi-core is slow enough that one timed pass over the corpus is plenty.
    results = throughput(corpus, validators, {"fast": rounds, "openapi-core": 1})
    valid = throughput(corpus, validators, {"fast": rounds, "openapi-core": 1}, valid_only=True)
    keys = ("requests_per_s", "responses_per_s", "validations_per_s")
    ratios = {key: results["fast"][key] / results["openapi-core"][key] for key in keys}
    valid_ratios = {key: valid["fast"][key] / valid["openapi-core"][key] for key in keys}
    spawn = [time_to_health() for _ in range(starts)]
    in_process, phases = time_in_process(starts)
    return {
        "corpus": {
            "operations": len(corpus.operations),
            "requests": len(corpus.requests),
            "responses": len(corpus.responses),
            "build_s": corpus_s,
        },
        "throughput": results,
        "ratio": ratios,
        "valid_only": {"throughput": valid, "ratio": valid_ratios},
        "startup": {
            "spawn_to_health_s": {"median": statistics.median(spawn), "all": spawn},
            "runtime_build_s": {"median": statistics.median(in_process), "all": in_process, "phases_ms": phases},
        },
        "targets": {
            "ratio_at_least": TARGET_RATIO,
            "ratio_met": min(ratios["validations_per_s"], valid_ratios["validations_per_s"]) >= TARGET_RATIO,
            "startup_under_s": TARGET_START_S,
            "startup_met": statistics.median(spawn) < TARGET_START_S,
        },
    }


def table(result: dict[str, Any]) -> str:
    corpus, tp, ratio, start = result["corpus"], result["throughput"], result["ratio"], result["startup"]
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}"  # noqa: E731
    rows = [
        f"corpus: {corpus['operations']} operations, {corpus['requests']} requests, {corpus['responses']} responses "
        f"(built in {corpus['build_s'] * 1000:.0f} ms)",
        "",
        f"{'per second':<22}{'fast':>14}{'openapi-core':>14}{'ratio':>9}",
    ]
    sets = (
        ("all cases", tp, ratio),
        ("valid cases only", result["valid_only"]["throughput"], result["valid_only"]["ratio"]),
    )
    for title, numbers, ratios in sets:
        rows.append(f"  {title}")
        for key, label in (
            ("requests_per_s", "requests"),
            ("responses_per_s", "responses"),
            ("validations_per_s", "request + response"),
        ):
            fast, ref = fmt(numbers["fast"][key]), fmt(numbers["openapi-core"][key])
            rows.append(f"{label:<22}{fast:>14}{ref:>14}{ratios[key]:>8.1f}x")
        rows.append(
            f"{'mean µs, req / resp':<22}{numbers['fast']['request_us']:>8.1f} /{numbers['fast']['response_us']:>4.1f}"
            f"{numbers['openapi-core']['request_us']:>9.0f} /{numbers['openapi-core']['response_us']:>4.0f}"
        )
    spawn, build = start["spawn_to_health_s"], start["runtime_build_s"]
    phases = ", ".join(f"{name.removesuffix('_ms')} {ms:.0f} ms" for name, ms in build["phases_ms"].items())
    rows += [
        "",
        f"start-up, spawn to first 200 on /_emulator/health: median {spawn['median'] * 1000:.0f} ms "
        f"({', '.join(f'{t * 1000:.0f}' for t in spawn['all'])})",
        f"Runtime.build(Settings()) in process, imports warm: median {build['median'] * 1000:.0f} ms ({phases})",
        "",
        f"targets: fast >= {TARGET_RATIO:.0f}x openapi-core: {'met' if result['targets']['ratio_met'] else 'MISSED'}; "
        f"start-up < {TARGET_START_S:.0f} s: {'met' if result['targets']['startup_met'] else 'MISSED'}",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes of the fast path over the corpus")
    parser.add_argument("--starts", type=int, default=5, help="emulator start-ups to time")
    args = parser.parse_args(argv)
    result = measure(args.rounds, args.starts)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
