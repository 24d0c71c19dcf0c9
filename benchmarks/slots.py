"""Slot computation time for the two budgets of DESIGN.md.

    python benchmarks/slots.py [--json] [--rounds N]

1. One host working every day around the clock, 1,000 accepted bookings in the next 30 days, slots
   of a 30-minute event type for those 30 days. Target: under 20 ms.
2. A round-robin team event with 10 hosts in five time zones, 100 bookings each (1,000 in all),
   the same 30 days. Target: under 100 ms.
3. The single host of 1. with 3 selected provider calendars of 500 busy events each over the same 30
   days (docs/calendars.md). Target: under 30 ms.

Each figure is the median of ``--rounds`` runs of ``emulator.domain.slots.available_slots`` on a
world built once (seeded, so every run sees the same bookings); the HTTP figure adds routing,
validation of the request and of the (large) response, and JSON encoding: GET /v2/slots through
Starlette's TestClient on the same world.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from emulator.domain.slots import SlotQuery, available_slots
from emulator.world.clock import Clock
from emulator.world.models import Attendee, Availability, Booking, EventType, Host, Schedule, SelectedCalendar, User
from emulator.world.records_calendars import Credential, ExternalEvent, ProviderCalendar
from emulator.world.store import World

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DAYS = 30
TARGETS_MS = {
    "single host, 1,000 bookings": 20.0,
    "round robin, 10 hosts": 100.0,
    "3 calendars, 1,500 events": 30.0,
}
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "America/Los_Angeles"]


def _user(world: World, name: str, zone: str, hours: tuple[str, str], days: tuple[int, ...]) -> User:
    user = world.insert("users", User(world.next_id("users"), name, f"{name}@bench.example", name, time_zone=zone))
    schedule = Schedule(world.next_id("schedules"), user.id, "hours", zone, (Availability(days, *hours),))
    world.insert("schedules", schedule)
    return world.update("users", user.id, default_schedule_id=schedule.id)  # type: ignore[no-any-return]


def _bookings(world: World, rng: random.Random, user: User, event: EventType, count: int) -> None:
    for _ in range(count):
        start = NOW + timedelta(minutes=15 * rng.randrange(DAYS * 24 * 4))
        booking_id = world.next_id("bookings")
        world.insert(
            "bookings",
            Booking(
                booking_id,
                f"bench-{booking_id}",
                user.id,
                event.id,
                "Bench",
                start,
                start + timedelta(minutes=rng.choice((15, 30, 45, 60))),
                attendees=(Attendee(booking_id, "Guest", f"guest{booking_id}@bench.example", "UTC"),),
            ),
        )


def single_host_world() -> tuple[World, EventType]:
    world, rng = World(Clock(NOW, frozen=True)), random.Random(1)
    host = _user(world, "host", "Europe/London", ("00:00", "23:59"), (0, 1, 2, 3, 4, 5, 6))
    event = world.insert("event_types", EventType(world.next_id("event_types"), "Call", "call", 30, owner_id=host.id))
    _bookings(world, rng, host, event, 1000)
    return world, event


def round_robin_world() -> tuple[World, EventType]:
    world, rng = World(Clock(NOW, frozen=True)), random.Random(2)
    hosts = [_user(world, f"host{i}", ZONES[i % len(ZONES)], ("09:00", "17:00"), (1, 2, 3, 4, 5)) for i in range(10)]
    event = world.insert(
        "event_types",
        EventType(
            world.next_id("event_types"),
            "Demo",
            "demo",
            30,
            scheduling_type="ROUND_ROBIN",
            hosts=tuple(Host(h.id) for h in hosts),
            before_event_buffer=5,
            after_event_buffer=5,
        ),
    )
    for host in hosts:
        _bookings(world, rng, host, event, 100)
    return world, event


def calendars_world() -> tuple[World, EventType]:
    """The single host with three selected Google calendars of 500 events each in the 30 days."""
    world, rng = World(Clock(NOW, frozen=True)), random.Random(3)
    host = _user(world, "host", "Europe/London", ("00:00", "23:59"), (0, 1, 2, 3, 4, 5, 6))
    event = world.insert("event_types", EventType(world.next_id("event_types"), "Call", "call", 30, owner_id=host.id))
    credential = world.insert(
        "credentials", Credential(1, "google_calendar", "google-calendar", host.id, "host@gmail.example")
    )
    for n in range(3):
        external = f"cal{n}@group.calendar.example"
        calendar = world.insert("provider_calendars", ProviderCalendar(n + 1, credential.id, external, external))
        world.insert(
            "selected_calendars",
            SelectedCalendar(f"{host.id}_google_calendar_{external}", host.id, "google_calendar", external, 1),
        )
        for i in range(500):
            start = NOW + timedelta(minutes=15 * rng.randrange(DAYS * 24 * 4))
            minutes = rng.choice((15, 30, 60))
            world.insert(
                "external_events",
                ExternalEvent(f"e{n}-{i}", calendar.id, start, start + timedelta(minutes=minutes)),
            )
    return world, event


def _query(event: EventType) -> SlotQuery:
    start = int(NOW.timestamp())
    return SlotQuery(event, start, start + DAYS * 86400)


def median_ms(run: Callable[[], object], rounds: int) -> float:
    run()  # warm caches (zoneinfo, imports)
    samples = []
    for _ in range(rounds):
        began = time.perf_counter()
        run()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def http_ms(world: World, event: EventType, rounds: int) -> float:
    from starlette.testclient import TestClient

    from emulator.app import create_app
    from emulator.runtime import Runtime
    from emulator.settings import Settings

    runtime = Runtime.build(Settings(clock=NOW.isoformat()))
    runtime.world.tables, runtime.world.counters = world.tables, world.counters
    params = {"eventTypeId": event.id, "start": "2026-01-05", "end": "2026-02-03"}
    with TestClient(create_app(runtime=runtime)) as client:

        def call() -> None:
            response = client.get("/v2/slots", params=params, headers={"cal-api-version": "2024-09-04"})
            assert response.status_code == 200, response.text

        return median_ms(call, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    results = {}
    for name, build in (
        ("single host, 1,000 bookings", single_host_world),
        ("round robin, 10 hosts", round_robin_world),
        ("3 calendars, 1,500 events", calendars_world),
    ):
        world, event = build()
        slots = available_slots(world, _query(event))
        results[name] = {
            "slots": sum(len(day) for day in slots.days.values()),
            "domain_ms": round(median_ms(lambda w=world, e=event: available_slots(w, _query(e)), args.rounds), 2),
            "http_ms": round(http_ms(world, event, max(3, args.rounds // 3)), 2),
            "target_ms": TARGETS_MS[name],
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, figures in results.items():
        verdict = "ok" if figures["domain_ms"] < figures["target_ms"] else "OVER TARGET"
        print(
            f"{name:30} {figures['slots']:5} slots  {figures['domain_ms']:7.2f} ms computed "
            f"(target {figures['target_ms']:.0f} ms: {verdict})  {figures['http_ms']:7.2f} ms over HTTP"
        )


if __name__ == "__main__":
    main()
