"""Bulk, deterministic fake data for a fixture's ``generate:`` block.

Names come from faker, seeded with ``generate.seed`` (default: the file's seed), but only to fill
small pools once; every choice after that is drawn from the world's seeded random source, so the
same file always yields the same world and 50,000 bookings cost no faker calls at all.

Each generated user gets a schedule (Monday to Friday, 09:00-17:00 in one of the time zones) and a
30-minute event type. Bookings fall on those event types in working hours, on 30-minute slots
within ``days`` either side of now, and one organizer never has two at the same time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from emulator.world import fixture_times as times
from emulator.world import ids
from emulator.world.fixture_base import BuilderBase
from emulator.world.models import ApiKey, Attendee, Availability, Booking, EventType, Schedule, User
from emulator.world.yaml_source import DocPath

DEFAULT_TIME_ZONES = ("America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "America/Los_Angeles")
WORKING_HOURS = (Availability(days=(1, 2, 3, 4, 5), start="09:00", end="17:00"),)
SLOT_MINUTES = 30
SLOTS_PER_DAY = 16  # 09:00 to 16:30
POOL = 250
CANCELLED_SHARE = 0.15


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _name_pools(seed: int) -> tuple[list[str], list[str]]:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    return [fake.first_name() for _ in range(POOL)], [fake.last_name() for _ in range(POOL)]


def _slots(zone_name: str, now: datetime, days: int) -> list[datetime]:
    """Every working-hours slot start (UTC) in the window now +- days, for one time zone."""
    zone = ZoneInfo(zone_name)
    lo, hi = now - timedelta(days=days), now + timedelta(days=days)
    local_day = lo.astimezone(zone).date()
    last_day = hi.astimezone(zone).date()
    out: list[datetime] = []
    while local_day <= last_day:
        if local_day.weekday() < 5:
            for k in range(SLOTS_PER_DAY):
                local = datetime(local_day.year, local_day.month, local_day.day, 9 + k // 2, 30 * (k % 2), tzinfo=zone)
                start = local.astimezone(UTC)
                if lo <= start and start + timedelta(minutes=SLOT_MINUTES) <= hi:
                    out.append(start)
        local_day += timedelta(days=1)
    return out


def generate(b: BuilderBase, spec: dict[str, Any], path: DocPath) -> None:
    world, rng, now = b.world, b.rng, b.now
    n_users: int = spec.get("users", 0)
    n_bookings: int = spec.get("bookings", 0)
    days: int = spec.get("days", 30)
    prefix: str = spec.get("keyPrefix", "gen-")
    zones: list[str] = list(spec.get("timeZones") or DEFAULT_TIME_ZONES)
    for i, zone in enumerate(zones):
        if not times.is_time_zone(zone):
            b.error((*path, "timeZones", i), f"unknown time zone {zone!r} (use an IANA name such as Europe/London)")
            return
    if n_bookings and not n_users:
        b.error((*path, "bookings"), "generated bookings need generated users: set generate.users")
        return
    taken = (
        next((f"{prefix}{i}" for i in (1, n_users) if f"{prefix}{i}" in world.keys["users"]), None) if n_users else None
    )
    if taken:
        b.error((*path, "keyPrefix"), f"user key {taken!r} already exists: choose another generate.keyPrefix")
        return
    slots = {zone: _slots(zone, now, days) for zone in zones}
    first_names, last_names = _name_pools(spec.get("seed", b.seed))
    with_keys: bool = spec.get("apiKeys", False)

    # users, each with a schedule and a 30-minute event type
    users: list[tuple[User, EventType, list[datetime]]] = []
    domain_tag = _slug(prefix) if prefix else "gen"
    for n in range(1, n_users + 1):
        first, last = first_names[rng.randrange(POOL)], last_names[rng.randrange(POOL)]
        zone = zones[rng.randrange(len(zones))]
        key = f"{prefix}{n}"
        username = f"{_slug(first)}-{_slug(last)}-{domain_tag}-{n}"
        email = f"{username}@example.com"
        if email in b.ctx.emails or username in b.ctx.usernames:
            b.error(
                (*path, "users"), f"generated user {username!r} clashes with an existing user: set generate.keyPrefix"
            )
            return
        b.ctx.emails[email] = key
        b.ctx.usernames[username] = key
        user_id, schedule_id = world.next_id("users"), world.next_id("schedules")
        user = User(
            id=user_id,
            username=username,
            email=email,
            name=f"{first} {last}",
            time_zone=zone,
            default_schedule_id=schedule_id,
            created_date=now,
            key=key,
        )
        world.insert("users", user)
        world.insert(
            "schedules",
            Schedule(
                id=schedule_id,
                user_id=user_id,
                name="Working hours",
                time_zone=zone,
                availability=WORKING_HOURS,
                key=f"{key}/working-hours",
            ),
        )
        event_type = EventType(
            id=world.next_id("event_types"),
            title="30 Min Meeting",
            slug="30min",
            length=SLOT_MINUTES,
            owner_id=user_id,
            locations=({"type": "integrations:daily"},),
            key=f"{key}/30min",
        )
        world.insert("event_types", event_type)
        b.ctx.event_slugs.add(("user", user_id, "30min"))
        if with_keys:
            value = ids.api_key(rng)
            b.ctx.api_keys.add(value)
            world.insert(
                "api_keys",
                ApiKey(
                    id=ids.cuid(rng), user_id=user_id, key=value, hashed_key=ids.hash_api_key(value), created_at=now
                ),
            )
        users.append((user, event_type, slots[zone]))

    if not n_bookings:
        return
    capacity = sum(len(s) for _, _, s in users)
    if n_bookings > capacity:
        b.error(
            (*path, "bookings"),
            f"{n_bookings} bookings do not fit: {n_users} users have {capacity} half-hour slots "
            f"within {days} days of now",
        )
        return
    attendees = [
        (f"{first} {last}", f"{_slug(first)}.{_slug(last)}@example.net")
        for first, last in zip(first_names, reversed(last_names), strict=True)
    ]
    used: dict[int, set[int]] = {}
    one_day = timedelta(days=1)
    length = timedelta(minutes=SLOT_MINUTES)
    for _ in range(n_bookings):
        index = rng.randrange(n_users)
        while len(used.get(index, ())) >= len(users[index][2]):  # this organizer is full: the next one
            index = (index + 1) % n_users
        user, event_type, free = users[index]
        taken_slots = used.setdefault(index, set())
        slot = rng.randrange(len(free))
        while slot in taken_slots:
            slot = rng.randrange(len(free))
        taken_slots.add(slot)
        start = free[slot]
        name, email = attendees[rng.randrange(POOL)]
        uid = ids.short_uid(rng)
        cancelled = rng.random() < CANCELLED_SHARE
        world.insert(
            "bookings",
            Booking(
                id=world.next_id("bookings"),
                uid=uid,
                user_id=user.id,
                event_type_id=event_type.id,
                title=f"30 Min Meeting between {user.name} and {name}",
                start=start,
                end=start + length,
                status="CANCELLED" if cancelled else "ACCEPTED",
                attendees=(
                    Attendee(
                        id=world.next_id("attendees"),
                        name=name,
                        email=email,
                        time_zone=zones[rng.randrange(len(zones))],
                    ),
                ),
                responses={"name": name, "email": email},
                created_at=min(now, start - one_day),
                ical_uid=f"{uid}@Cal.com",
                location="integrations:daily",
            ),
        )
        b.ctx.booking_uids.add(uid)
