"""Helpers shared by the fixture tests."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

import pytest

from emulator.world.clock import Clock
from emulator.world.fixtures import FixtureError, FixtureErrors, FixtureSource, load_world
from emulator.world.store import World

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday


def fresh_world() -> World:
    return World(Clock(NOW, frozen=True))


def source(text: str, name: str = "test.yaml") -> FixtureSource:
    return FixtureSource(name=name, text=textwrap.dedent(text).lstrip("\n"))


def load(*texts: str) -> World:
    world = fresh_world()
    load_world(world, [source(t, f"s{i}.yaml") for i, t in enumerate(texts)])
    return world


def errors_of(*texts: str) -> list[FixtureError]:
    world = fresh_world()
    with pytest.raises(FixtureErrors) as caught:
        load_world(world, [source(t) if len(texts) == 1 else source(t, f"s{i}.yaml") for i, t in enumerate(texts)])
    return caught.value.errors


def only_error(text: str) -> tuple[int, int, str]:
    errors = errors_of(text)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0].line, errors[0].column, errors[0].message


def state(world: World) -> str:
    return repr((world.tables, world.counters, world.keys, world.rng.getstate()))
