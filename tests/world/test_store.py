"""The World: writes, transactions, snapshots and reset."""

from datetime import UTC, datetime

import pytest

from emulator.world import ids
from emulator.world.clock import Clock
from emulator.world.models import User
from emulator.world.store import RecordNotFound, World


def new_world() -> World:
    return World(Clock(datetime(2026, 1, 5, 9, tzinfo=UTC), frozen=True), seed=3)


def add_user(world: World, name: str) -> User:
    user = User(id=world.next_id("users"), username=name, email=f"{name}@example.com", name=name.title(), key=name)
    return world.insert("users", user)


def test_ids_come_from_per_table_counters() -> None:
    world = new_world()
    assert [add_user(world, n).id for n in ("a", "b")] == [1, 2]
    assert world.next_id("bookings") == 1
    assert world.by_key("users", "b").email == "b@example.com"


def test_update_replaces_the_record_and_get_raises_for_unknown() -> None:
    world = new_world()
    user = add_user(world, "a")
    world.update("users", user.id, name="Renamed")
    assert world.get("users", 1).name == "Renamed" and user.name == "A"
    with pytest.raises(RecordNotFound):
        world.get("users", 99)


def test_a_failed_transaction_changes_nothing_counters_included() -> None:
    world = new_world()
    add_user(world, "a")
    with pytest.raises(RuntimeError), world.transaction():
        add_user(world, "b")
        world.update("users", 1, name="Changed")
        world.delete("users", 1)
        raise RuntimeError("boom")
    assert list(world.tables["users"]) == [1]
    assert world.get("users", 1).name == "A"
    assert world.counters == {"users": 1}
    assert world.by_key("users", "b") is None
    assert add_user(world, "c").id == 2


def test_snapshot_restore_brings_back_records_counters_and_randomness() -> None:
    world = new_world()
    add_user(world, "a")
    snap = world.snapshot()
    uid_after_snapshot = ids.short_uid(world.rng)
    add_user(world, "b")
    world.update("users", 1, name="Changed")
    world.restore(snap)
    assert [u.name for u in world.all("users")] == ["A"]
    assert add_user(world, "c").id == 2
    assert ids.short_uid(world.rng) == uid_after_snapshot


def test_reset_returns_to_the_marked_base() -> None:
    world = new_world()
    add_user(world, "a")
    world.mark_base()
    add_user(world, "b")
    world.reset()
    assert [u.username for u in world.all("users")] == ["a"]
    assert world.counters["users"] == 1


def test_id_formats() -> None:
    world = new_world()
    uid = ids.short_uid(world.rng)
    assert 20 <= len(uid) <= 22 and uid.isalnum()
    key = ids.api_key(world.rng)
    assert key.startswith("cal_") and len(key) == 36
    assert ids.hash_api_key(key) == ids.hash_api_key(key[4:])
    assert len(ids.cuid(world.rng)) == 25
    assert ids.uuid4(world.rng)[14] == "4"
