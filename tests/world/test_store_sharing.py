"""Copy-on-write tables: snapshots and forked worlds share records until one of them writes."""

from datetime import UTC, datetime

import pytest

from emulator.world import ids
from emulator.world.clock import Clock
from emulator.world.models import User
from emulator.world.store import World


def clock() -> Clock:
    return Clock(datetime(2026, 1, 5, 9, tzinfo=UTC), frozen=True)


def add_user(world: World, name: str) -> User:
    user = User(id=world.next_id("users"), username=name, email=f"{name}@example.com", name=name.title(), key=name)
    return world.insert("users", user)


def loaded() -> World:
    world = World(clock(), seed=3)
    for name in ("a", "b"):
        add_user(world, name)
    world.mark_base()
    return world


def test_a_snapshot_shares_tables_until_a_write_copies_one() -> None:
    world = loaded()
    snap = world.snapshot()
    assert world.tables["users"] is snap.tables["users"] and world.owned_tables() == 0
    world.update("users", 1, name="Changed")
    assert world.tables["users"] is not snap.tables["users"] and world.owned_tables() == 1
    assert snap.tables["users"][1].name == "A" and world.get("users", 1).name == "Changed"
    assert world.tables["bookings"] is snap.tables["bookings"]  # untouched tables stay shared


def test_forked_worlds_write_apart_and_leave_their_base_alone() -> None:
    base = loaded()
    snap = base.base
    assert snap is not None
    red, blue = World.forked(snap, clock(), "red"), World.forked(snap, clock(), "blue")
    add_user(red, "r")
    blue.delete("users", 1)
    assert [u.username for u in red.all("users")] == ["a", "b", "r"]
    assert [u.username for u in blue.all("users")] == ["b"]
    assert [u.username for u in base.all("users")] == ["a", "b"] and base.counters == {"users": 2}
    assert red.by_key("users", "r") is not None and blue.by_key("users", "r") is None
    assert red.counters == {"users": 3} and blue.counters == {"users": 2}
    # Each world has its own random source, seeded by its seed: apart from each other, same every run.
    assert ids.short_uid(red.rng) != ids.short_uid(blue.rng)
    again = World.forked(snap, clock(), "red")
    assert ids.short_uid(again.rng) == ids.short_uid(World.forked(snap, clock(), "red").rng)


def test_a_forked_world_resets_to_its_start_and_its_own_seed() -> None:
    snap = loaded().base
    assert snap is not None
    world = World.forked(snap, clock(), "w")
    first = ids.short_uid(world.rng)
    add_user(world, "c")
    world.reset()
    assert [u.username for u in world.all("users")] == ["a", "b"] and world.counters == {"users": 2}
    assert ids.short_uid(world.rng) == first
    world.clear()
    assert world.all("users") == [] and ids.short_uid(world.rng) == first  # clear seeds it the same way


def test_a_failed_transaction_in_a_fork_leaves_the_shared_tables_as_they_were() -> None:
    base = loaded()
    snap = base.base
    assert snap is not None
    world = World.forked(snap, clock(), "tx")
    with pytest.raises(RuntimeError), world.transaction():
        add_user(world, "c")
        world.update("users", 1, name="Changed")
        raise RuntimeError("boom")
    assert [u.name for u in world.all("users")] == ["A", "B"] and world.counters == {"users": 2}
    assert [u.name for u in base.all("users")] == ["A", "B"] and snap.counters == {"users": 2}
    assert snap.keys["users"] == {"a": 1, "b": 2}


def test_restoring_a_snapshot_after_more_writes_still_gives_it_back() -> None:
    world = loaded()
    snap = world.snapshot()
    add_user(world, "c")
    later = world.snapshot()
    world.delete("users", 1)
    world.restore(snap)
    assert [u.username for u in world.all("users")] == ["a", "b"]
    world.restore(later)
    assert [u.username for u in world.all("users")] == ["a", "b", "c"]
    add_user(world, "d")
    assert len(later.tables["users"]) == 3 and len(snap.tables["users"]) == 2
