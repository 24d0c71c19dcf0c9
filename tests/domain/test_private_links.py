"""emulator/domain/private_links.py: expiry, the update's writes, and uses counted by bookings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from emulator.domain import private_links as links
from emulator.domain.errors import DomainError
from emulator.world.clock import Clock
from emulator.world.store import World

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def world() -> World:
    return World(Clock(NOW, frozen=True))


def test_a_counted_link_expires_when_its_uses_run_out(world: World) -> None:
    link = links.create(world, 7, None, 2)
    assert (link.max_usage_count, link.usage_count, links.is_expired(world, link)) == (2, 0, False)
    links.count_use(world, link.link)
    links.count_use(world, link.link)
    used = links.by_hash(world, link.link)
    assert used is not None and used.usage_count == 2 and links.is_expired(world, used)
    with pytest.raises(DomainError) as refused:
        links.check_usable(world, link.link)
    assert (refused.value.status, refused.value.message) == (400, "private_link_expired")


def test_a_dated_link_counts_no_uses_and_expires_after_its_date(world: World) -> None:
    link = links.create(world, 7, NOW + timedelta(hours=1), None)
    assert link.max_usage_count == 1  # the column's default, which only counted links use
    links.count_use(world, link.link)
    links.count_use(world, link.link)
    assert world.get(links.TABLE, link.id).usage_count == 0
    world.clock.set(NOW + timedelta(hours=2))
    assert links.is_expired(world, world.get(links.TABLE, link.id))


def test_update_always_writes_the_date(world: World) -> None:
    link = links.create(world, 7, NOW + timedelta(days=1), None)
    updated = links.update(world, 7, link.link, None, 5)
    assert (updated.expires_at, updated.max_usage_count) == (None, 5)
    with pytest.raises(DomainError) as missing:
        links.update(world, 8, link.link, None, 5)
    assert (missing.value.status, missing.value.message) == (404, "Updated link not found")


def test_create_needs_exactly_one_limit(world: World) -> None:
    for expires_at, count in ((None, None), (NOW, 3)):
        with pytest.raises(DomainError):
            links.create(world, 7, expires_at, count)
    assert world.all(links.TABLE) == []
