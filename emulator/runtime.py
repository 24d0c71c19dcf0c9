"""Runtime: everything one emulator instance holds, built once from Settings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from emulator.api.registry import HANDLERS
from emulator.domain import plans
from emulator.domain.access import load_access
from emulator.pipeline.context import Handler
from emulator.pipeline.coverage_counter import CoverageCounter
from emulator.pipeline.fault_rules import FaultBook
from emulator.pipeline.journal import Journal
from emulator.pipeline.limiter import RateLimiter
from emulator.pipeline.routing import Router
from emulator.pipeline.validation import FastValidator, Validator
from emulator.pipeline.webhook_outbox import Outbox
from emulator.settings import Settings
from emulator.specs import cache as startup_cache
from emulator.specs.loader import SpecSet, load_specs
from emulator.specs.operations import Operation
from emulator.specs.schemas import SchemaStore
from emulator.world.clock import Clock, ClockState, parse_instant
from emulator.world.fixtures import FixtureSource, default_fixture_path, load_world, read_sources
from emulator.world.store import Snapshot, World


@dataclass(frozen=True)
class Origin:
    """Where a forked world starts: a world's base, the clock as it was then, and the seed it had."""

    world: Snapshot
    clock: ClockState | None
    instant: datetime | None
    seed: int | str


@dataclass
class Runtime:
    settings: Settings
    specs: SpecSet
    schemas: SchemaStore
    router: Router
    validator: Validator
    clock: Clock
    world: World
    sources: list[FixtureSource]
    journal: Journal
    handlers: dict[str, Handler]
    timings: dict[str, float] = field(default_factory=dict)
    snapshots: dict[str, Snapshot] = field(default_factory=dict)  # at most settings.snapshots_limit
    limiter: RateLimiter = field(default_factory=RateLimiter)
    faults: FaultBook = field(default_factory=FaultBook)
    deliveries: Outbox = field(default_factory=Outbox)  # webhook deliveries, newest first
    # What clients received per operation; outlives resets, shared with forked worlds (docs/coverage.md)
    client_coverage: CoverageCounter = field(default_factory=CoverageCounter)
    # The clock as it was when the base world was loaded, and that instant: what reset returns to.
    base_clock: ClockState | None = None
    base_instant: datetime | None = None
    snapshot_count: int = 0

    def __post_init__(self) -> None:
        # Built or forked, the world keeps at most the configured number of outbox messages.
        self.world.message_limit = self.settings.outbox_limit

    def mark_base(self) -> None:
        """The world as it is now, with the clock as it is now, is what reset returns to."""
        self.world.mark_base()
        self.base_clock = self.clock.state()
        self.base_instant = self.clock.now()

    def reset(self) -> None:
        """Back to the loaded world: its records, the clock as it was then (tokens re-anchored to the reset
        instant, see docs/admin-api.md), an empty journal, no fault rules, rate-limit windows or deliveries."""
        if self.base_clock is not None:
            self.clock.restore(self.base_clock)
        self.world.reset()
        self._reanchor_tokens()
        self.journal.clear()
        self.limiter.clear()
        self.faults.reset()
        self.deliveries.clear()

    def _reanchor_tokens(self) -> None:
        """A running clock has moved on since the load: the fixtures' tokens get the lifetime they had at load,
        counted from now (whole minutes), so a long test run never meets its own fixtures' tokens expired."""
        if self.base_instant is None or self.clock.frozen:
            return
        minutes = int((self.clock.now() - self.base_instant).total_seconds() // 60)
        if minutes <= 0:
            return
        shift = timedelta(minutes=minutes)
        for token in self.world.all("tokens"):  # through the world: its tables are copy-on-write
            self.world.update("tokens", token.id, expires_at=token.expires_at + shift)

    def take_snapshot(self) -> str:
        """Remember the world under a new id; past settings.snapshots_limit the oldest is forgotten."""
        self.snapshot_count += 1
        snapshot_id = str(self.snapshot_count)
        self.snapshots[snapshot_id] = self.world.snapshot()
        while len(self.snapshots) > self.settings.snapshots_limit:
            del self.snapshots[next(iter(self.snapshots))]
        return snapshot_id

    def origin(self) -> Origin:
        """What reset returns to, kept apart from this runtime: the start of worlds forked later."""
        base = self.world.base if self.world.base is not None else self.world.snapshot()
        return Origin(base, self.base_clock, self.base_instant, self.world.seed)

    def fork(self, name: str, origin: Origin | None = None) -> Runtime:
        """A world of its own named ``name``, started from ``origin`` (by default this runtime's base),
        sharing everything that is not state: settings, specs, validators, router, handlers. Its records
        are shared until it writes (world/store.py); its clock, journal, rate-limit windows, fault rules,
        deliveries and snapshots are its own. Its random source is seeded from the name, so the keys
        and uids it makes differ from other worlds' yet repeat run to run."""
        start = origin or self.origin()
        clock = Clock()
        if start.clock is not None:
            clock.restore(start.clock)
        forked = replace(
            self,
            clock=clock,
            world=World.forked(start.world, clock, f"{start.seed}/{name}"),
            journal=Journal(self.settings.journal_limit, self.settings.journal_body_limit),
            snapshots={},
            limiter=RateLimiter(),
            faults=FaultBook(),
            deliveries=Outbox.of(self.settings),
            base_clock=start.clock,
            base_instant=start.instant,
            snapshot_count=0,
        )
        forked._reanchor_tokens()
        return forked

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        import emulator.api.handlers  # noqa: F401  registers every handler module

        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        specs = load_specs(settings.specs)
        t1 = time.perf_counter()
        schemas = SchemaStore(specs)
        # Validators are compiled on each operation's first use; CALCOM_EMULATOR_EAGER compiles them all now.
        compiled = schemas.precompile(specs.operations) if startup_cache.eager() else 0
        t2 = time.perf_counter()
        validator: Validator
        if settings.validator == "openapi-core":
            from emulator.pipeline.reference import ReferenceValidator

            validator = ReferenceValidator(specs)
        else:
            validator = FastValidator(schemas)
        timings.update(load_ms=(t1 - t0) * 1000, compile_ms=(t2 - t1) * 1000, validators=compiled)
        clock = Clock(parse_instant(settings.clock), frozen=True) if settings.clock else Clock()
        t3 = time.perf_counter()
        # The guard and plan tables are read once here, not on the first request.
        load_access()
        plans.rules()
        timings["access_ms"] = (time.perf_counter() - t3) * 1000
        t3 = time.perf_counter()
        sources = read_sources(list(settings.fixtures) or [str(default_fixture_path())])
        world = World(clock)
        load_world(world, sources)
        timings["world_ms"] = (time.perf_counter() - t3) * 1000
        runtime = cls(
            settings=settings,
            specs=specs,
            schemas=schemas,
            router=Router(specs.operations),
            validator=validator,
            clock=clock,
            world=world,
            sources=sources,
            journal=Journal(settings.journal_limit, settings.journal_body_limit),
            handlers=dict(HANDLERS),
            timings=timings,
            deliveries=Outbox.of(settings),
        )
        runtime.mark_base()
        return runtime

    def coverage(self, op: Operation) -> str:
        """How an operation is served: a hand-written handler, the generic one, or not yet."""
        return "domain" if op.operation_id in self.handlers else "unbound"

    def describe(self) -> dict[str, Any]:
        return {
            "operations": {
                name: sum(1 for op in self.specs.operations if op.document == name and not op.added)
                for name in self.specs.documents
            },
            "added": sum(1 for op in self.specs.operations if op.added),
            "spec_sha256": self.specs.hashes,
        }
