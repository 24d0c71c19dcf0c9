"""Dashboard benchmarks, in process: each page's server-side render time and size in a big world.

    python benchmarks/ui.py [--json]

The world is the default fixtures plus 10,000 generated users with 50,000 bookings; the journal holds
10,000 calls (a mix of operations, statuses and credentials, with JSON bodies) and the outbox 1,000
deliveries. Each page's content (GET /_emulator/ui/part/...) is asked for ROUNDS times through the ASGI
app; the render time is the route's own (its x-render-ms header), the round trip adds routing and the
transport. Target: every page renders in under 200 ms.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter

from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.domain.webhooks import Delivery
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.world.fixtures import FixtureSource, load_world

NOW = "2026-01-05T09:00:00Z"
BULK = "generate:\n  seed: 7\n  users: 10000\n  bookings: 50000\n  keyPrefix: bench-\n"
JOURNAL = 10_000
DELIVERIES = 1_000
ROUNDS = 20
TARGET_MS = 200.0
CALLS = (  # (method, path, operationId, status, credential)
    ("GET", "/v2/me", "MeController_getMe", 200, "api_key:alice"),
    ("POST", "/v2/bookings", "BookingsController_2024_08_13_createBooking", 201, "api_key:alice"),
    ("GET", "/v2/bookings", "BookingsController_2024_08_13_getBookings", 200, "api_key:bob"),
    ("GET", "/v2/slots", "SlotsController_2024_09_04_getAvailableSlots", 200, "api_key:carol"),
    ("POST", "/v2/bookings", "BookingsController_2024_08_13_createBooking", 400, "api_key:bob"),
    ("GET", "/v2/me", "MeController_getMe", 401, None),
    ("GET", "/v2/event-types", "EventTypesController_2024_06_14_getEventTypes", 404, "api_key:dave"),
)


def fill(runtime: Runtime) -> None:
    journal = runtime.journal
    request = json.dumps({"start": "2026-01-09T10:00:00Z", "eventTypeId": 2, "attendee": {"name": "x" * 40}}).encode()
    response = json.dumps({"status": "success", "data": {"id": 1, "title": "y" * 200, "hosts": [{"id": 1}] * 4}})
    for n in range(JOURNAL):
        method, path, operation, status, credential = CALLS[n % len(CALLS)]
        journal.record(
            at=runtime.clock.now(),
            method=method,
            path=path,
            query="",
            operation_id=operation,
            status=status,
            duration_ms=1.5,
            credential=credential,
            problems=[],
            request_headers={"authorization": "Bearer cal_x", "content-type": "application/json"},
            request_body=request if method == "POST" else b"",
            response_headers={"x-ratelimit-limit-default": "120"},
            response_type="application/json",
            response_body=response.encode(),
        )
    body = json.dumps({"triggerEvent": "BOOKING_CREATED", "payload": {"title": "z" * 500}})
    deliveries = [
        Delivery(
            "hook-1", "BOOKING_CREATED", "http://localhost:9000/hook", {"X-Cal-Signature-256": "ab" * 32}, body, NOW
        )
        for _ in range(DELIVERIES)
    ]
    runtime.deliveries.accept(deliveries, "record", runtime.clock.now)


def busiest_user(runtime: Runtime) -> int:
    organizers = Counter(b.user_id for b in runtime.world.tables["bookings"].values() if b.user_id is not None)
    return organizers.most_common(1)[0][0]


def main() -> None:
    settings = Settings(clock=NOW, rate_limits="off", journal_limit=JOURNAL, deliveries_limit=DELIVERIES)
    runtime = Runtime.build(settings)
    t0 = time.perf_counter()
    load_world(runtime.world, [FixtureSource("<bulk>", BULK)])
    build_ms = (time.perf_counter() - t0) * 1000
    fill(runtime)
    user = busiest_user(runtime)
    newest = runtime.journal.entries()[0].seq
    pages = {
        "world": "/_emulator/ui/part/world",
        "world_last_users_page": "/_emulator/ui/part/world?usersPage=101",
        "week_busiest_user": f"/_emulator/ui/part/week?user={user}&week=2026-01-05",
        "journal": "/_emulator/ui/part/journal",
        "journal_4xx": "/_emulator/ui/part/journal?status=4xx",
        "journal_last_page": "/_emulator/ui/part/journal?page=200",
        "journal_entry": f"/_emulator/ui/part/journal/{newest}",
        "webhooks": "/_emulator/ui/part/webhooks",
        "controls": "/_emulator/ui/part/controls",
        "coverage": "/_emulator/ui/part/coverage",
        "pulse": "/_emulator/ui/pulse",
        "shell": "/_emulator/ui/journal",
    }
    results: dict[str, object] = {
        "users": len(runtime.world.tables["users"]),
        "bookings": len(runtime.world.tables["bookings"]),
        "journal_entries": len(runtime.journal),
        "deliveries": len(runtime.deliveries.entries()),
        "bulk_load_ms": round(build_ms, 1),
    }
    with TestClient(create_app(runtime=runtime)) as client:
        for name, path in pages.items():
            render, trip, size = [], [], 0
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                answer = client.get(path)
                trip.append((time.perf_counter() - t0) * 1000)
                assert answer.status_code == 200, (path, answer.status_code, answer.text[:200])
                render.append(float(answer.headers.get("x-render-ms", trip[-1])))
                size = len(answer.content)
            results[name] = {
                "render_ms_median": round(statistics.median(render), 2),
                "render_ms_max": round(max(render), 2),
                "round_trip_ms_median": round(statistics.median(trip), 2),
                "bytes": size,
            }
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
        return
    for name, value in results.items():
        if not isinstance(value, dict):
            print(f"{name:24} {value}")
            continue
        median = value["render_ms_median"]
        verdict = f"ok (target < {TARGET_MS:g})" if median < TARGET_MS else f"OVER TARGET {TARGET_MS:g}"
        print(
            f"{name:24} render {median:8.2f} ms (max {value['render_ms_max']:.2f})  "
            f"round trip {value['round_trip_ms_median']:8.2f} ms  {value['bytes']:>8} bytes  {verdict}"
        )


if __name__ == "__main__":
    main()
