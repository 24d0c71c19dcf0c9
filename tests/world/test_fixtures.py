"""Fixture loading: the default world, determinism, layering, generated worlds, credentials, the check command."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from emulator.world import ids
from emulator.world.fixtures import (
    FixtureErrors,
    FixtureSource,
    check_command,
    credentials,
    default_fixture_path,
    fixture_schema,
    load_world,
    read_sources,
)
from emulator.world.store import World
from tests.world.fixtures_helpers import NOW, errors_of, fresh_world, load, source, state

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def default_world() -> World:
    world = fresh_world()
    load_world(world, read_sources([str(default_fixture_path())]))
    return world


def by_key(world: World, table: str, key: str) -> object:
    record = world.by_key(table, key)
    assert record is not None, f"{table} {key!r} missing"
    return record


# the default world ---------------------------------------------------------------------------


def test_default_world_counts(default_world: World) -> None:
    counts = {name: len(rows) for name, rows in default_world.tables.items() if rows}
    assert counts == {
        "users": 9,
        "api_keys": 7,
        "teams": 4,
        "memberships": 14,
        "oauth_clients": 1,
        "tokens": 4,
        "schedules": 10,
        "event_types": 18,
        "bookings": 27,
        "webhooks": 1,
        "selected_calendars": 1,
        "destination_calendars": 1,
        "out_of_office": 1,
        "credentials": 1,
        "provider_calendars": 2,
        "external_events": 3,
    }


def test_default_world_organization_teams_and_roles(default_world: World) -> None:
    w = default_world
    acme = w.by_key("teams", "acme")
    assert acme.is_organization and acme.plan == "organization"
    subs = sorted(t.key for t in w.all("teams") if t.parent_id == acme.id)
    assert subs == ["acme-sales", "acme-support"]
    assert {m.role for m in w.all("memberships")} == {"OWNER", "ADMIN", "MEMBER"}
    assert {m.role for m in w.all("memberships") if m.team_id == acme.id} == {"OWNER", "ADMIN", "MEMBER"}
    assert any(not m.accepted for m in w.all("memberships"))
    org_members = {u.key for u in w.all("users") if u.organization_id == acme.id}
    assert {"alice", "bob", "carol", "olivia", "liam"} <= org_members


def test_default_world_plans_billing_and_time_zones(default_world: World) -> None:
    users = default_world.all("users")
    assert {"free", "team", "organization"} <= {u.plan for u in users}
    assert {"active", "unpaid", "past_due"} == {u.billing_status for u in users}
    assert len({u.time_zone for u in users}) >= 3
    assert all(u.default_schedule_id is not None for u in users)
    alice = default_world.by_key("users", "alice")
    assert default_world.get("schedules", alice.default_schedule_id).key == "alice/working-hours"


def test_default_world_api_keys_are_fixed_and_in_the_real_format(default_world: World) -> None:
    keys = default_world.all("api_keys")
    assert {default_world.get("users", k.user_id).key for k in keys} == {
        "alice",
        "bob",
        "carol",
        "dave",
        "erin",
        "frank",
        "grace",
    }
    for key in keys:
        assert re.fullmatch(r"cal_[0-9a-f]{32}", key.key)
        assert key.hashed_key == ids.hash_api_key(key.key)
    assert default_world.by_key("users", "alice").id == next(k.user_id for k in keys if k.key.startswith("cal_a11ce"))


def test_default_world_platform_client_and_managed_users(default_world: World) -> None:
    w = default_world
    client = w.by_key("oauth_clients", "acme-platform")
    assert client.id == "cacmeplatform000000000001"
    assert client.secret == "acme-platform-secret-for-local-testing-only"
    assert client.organization_id == w.by_key("teams", "acme").id
    managed = [u for u in w.all("users") if u.platform_client_id == client.id]
    assert sorted(u.key for u in managed) == ["liam", "olivia"]
    assert w.by_key("users", "olivia").email == "olivia+cacmeplatform000000000001@customer.example"
    # Named and placed as the managed-users API does it: a generated username, an accepted MEMBER row.
    assert w.by_key("users", "olivia").username == "olivia-cacmeplatform000000000001-customer-example"
    for user in managed:
        rows = [(m.team_id, m.role, m.accepted) for m in w.all("memberships") if m.user_id == user.id]
        assert rows == [(client.organization_id, "MEMBER", True)]
        tokens = {t.kind: t for t in w.all("tokens") if t.user_id == user.id}
        assert set(tokens) == {"access", "refresh"}
        assert tokens["access"].expires_at == NOW + timedelta(minutes=60)
        assert tokens["refresh"].expires_at == NOW.replace(year=2027, hour=0)
        _header, payload, _ = tokens["access"].secret.split(".")
        claims = _claims(payload)
        assert claims["clientId"] == client.id and claims["ownerId"] == user.id
        assert claims["type"] == "access_token" and claims["expiresAt"] == int(
            tokens["access"].expires_at.timestamp() * 1000
        )
        assert set(claims) == {"clientId", "ownerId", "expiresAt", "jti", "type", "iat"}


def _claims(payload: str) -> dict[str, object]:
    import base64

    data: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return data


def test_default_world_event_types_of_every_kind(default_world: World) -> None:
    w = default_world
    lengths = {et.length for et in w.all("event_types") if et.owner_id == w.by_key("users", "alice").id}
    assert {15, 30, 60} <= lengths
    assert w.by_key("event_types", "alice/flexible").lengths == (15, 30, 45, 60)
    assert w.by_key("event_types", "alice/workshop").seats_per_time_slot == 5
    assert w.by_key("event_types", "alice/consultation").requires_confirmation
    demo = w.by_key("event_types", "acme-sales/demo")
    assert demo.scheduling_type == "COLLECTIVE" and all(h.is_fixed for h in demo.hosts) and len(demo.hosts) == 2
    rr = w.by_key("event_types", "acme-sales/discovery")
    assert rr.scheduling_type == "ROUND_ROBIN"
    assert [h.is_fixed for h in rr.hosts] == [True, False, False]
    managed = w.by_key("event_types", "acme-support/onboarding")
    assert managed.scheduling_type == "MANAGED"
    children = [et for et in w.all("event_types") if et.parent_id == managed.id]
    assert sorted(c.key for c in children) == ["bob/onboarding", "carol/onboarding"]
    assert all(c.team_id is None and c.owner_id is not None and c.length == 60 for c in children)


def test_default_world_schedules_with_overrides(default_world: World) -> None:
    w = default_world
    alice = w.by_key("schedules", "alice/working-hours")
    day_off, special = alice.overrides
    assert (day_off.start, day_off.end) == ("00:00", "00:00")
    assert day_off.date == (NOW + timedelta(days=7)).date()
    assert (special.start, special.end) == ("12:00", "15:00")
    assert alice.availability[0].days == (1, 2, 3, 4, 5)
    assert w.by_key("users", "alice").default_schedule_id == alice.id
    assert w.by_key("schedules", "alice/evenings").user_id == w.by_key("users", "alice").id


def test_default_world_bookings_in_every_status_past_and_future(default_world: World) -> None:
    bookings = default_world.all("bookings")
    past = {b.status for b in bookings if b.end <= NOW}
    future = {b.status for b in bookings if b.start > NOW}
    every = {"ACCEPTED", "PENDING", "CANCELLED", "REJECTED", "AWAITING_HOST"}
    assert past >= every and future >= every
    seated = default_world.by_key("bookings", "workshop-seated")
    assert len(seated.attendees) == 2 and all(a.seat_uid for a in seated.attendees)
    assert len({b.uid for b in bookings}) == len(bookings)
    assert all(b.user_id is not None for b in bookings)
    rr = default_world.by_key("bookings", "discovery-future-awaiting-host")
    assert rr.user_id == default_world.by_key("users", "alice").id  # the first host


def test_default_world_has_a_user_across_a_dst_change(default_world: World) -> None:
    w = default_world
    bob = w.by_key("users", "bob")
    assert bob.time_zone == "America/New_York"
    zone = ZoneInfo(bob.time_zone)
    dst = [w.by_key("bookings", k) for k in ("bob-dst-edt", "bob-dst-est")]
    offsets = {b.start.astimezone(zone).utcoffset() for b in dst}
    assert offsets == {timedelta(hours=-4), timedelta(hours=-5)}
    assert {b.start.astimezone(zone).hour for b in dst} == {9}


def test_default_world_webhook_and_out_of_office(default_world: World) -> None:
    (hook,) = default_world.all("webhooks")
    assert hook.user_id == default_world.by_key("users", "alice").id
    assert "BOOKING_CREATED" in hook.triggers and hook.secret
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", hook.id)
    (ooo,) = default_world.all("out_of_office")
    assert ooo.to_user_id == default_world.by_key("users", "bob").id


def test_default_world_never_overlaps_whatever_the_time_of_day() -> None:
    text = default_fixture_path().read_text()
    for hour in range(0, 24, 5):
        world = World()
        world.clock.set(NOW.replace(hour=hour, minute=17), frozen=True)
        load_world(world, [FixtureSource("default.yaml", text)])


# determinism --------------------------------------------------------------------------------


def test_same_file_same_world_uids_included() -> None:
    sources = read_sources([str(default_fixture_path())])
    first, second = fresh_world(), fresh_world()
    load_world(first, sources)
    load_world(second, sources)
    for table in first.tables:
        assert repr(first.tables[table]) == repr(second.tables[table]), table
    assert first.counters == second.counters


def test_a_different_seed_gives_different_uids() -> None:
    text = default_fixture_path().read_text()
    other = text.replace("seed: 20260105", "seed: 99")
    assert other != text
    a, b = fresh_world(), fresh_world()
    load_world(a, [FixtureSource("a", text)])
    load_world(b, [FixtureSource("b", other)])
    uids_a = {k: r.uid for k, r in a.tables["bookings"].items()}
    uids_b = {k: r.uid for k, r in b.tables["bookings"].items()}
    assert uids_a.keys() == uids_b.keys() and all(uids_a[k] != uids_b[k] for k in uids_a)
    assert a.by_key("users", "alice") == b.by_key("users", "alice")  # what the file fixes stays fixed


def test_explicit_values_win_over_generated_ones() -> None:
    world = load(
        """
        users:
          u: {email: u@x.io, apiKeys: [{key: cal_0123456789abcdef0123456789abcdef, id: key-1}, {}]}
        eventTypes:
          u/a: {owner: u, title: A, length: 30}
        bookings:
          b: {eventType: u/a, uid: my-uid, start: 2026-02-02T10:00:00Z, attendees: [{name: N, email: n@x.io}]}
        webhooks:
          h: {owner: u, id: 0b7c0c5e-0000-4000-8000-000000000000, subscriberUrl: http://h, triggers: [BOOKING_CREATED]}
        """
    )
    keys = world.all("api_keys")
    assert keys[0].id == "key-1" and keys[0].key == "cal_0123456789abcdef0123456789abcdef"
    assert re.fullmatch(r"cal_[0-9a-f]{32}", keys[1].key) and re.fullmatch(r"c[0-9a-z]{24}", keys[1].id)
    assert world.by_key("bookings", "b").uid == "my-uid"
    assert world.by_key("bookings", "b").ical_uid == "my-uid@Cal.com"
    assert world.by_key("webhooks", "h").id == "0b7c0c5e-0000-4000-8000-000000000000"


def test_ids_are_integers_in_file_order() -> None:
    world = load(
        """
        users:
          zed: {email: z@x.io}
          amy: {email: a@x.io}
        """
    )
    assert [world.by_key("users", k).id for k in ("zed", "amy")] == [1, 2]


# relative times and defaults -------------------------------------------------------------------


def test_relative_times_resolve_against_now() -> None:
    world = load(
        """
        now: 2026-03-10T15:45:00Z
        users: {u: {email: u@x.io, timeZone: Asia/Tokyo}}
        eventTypes: {u/a: {owner: u, title: A, length: 20}}
        bookings:
          b1: {eventType: u/a, start: now+90m, attendees: [{name: N, email: n@x.io}]}
          b2: {eventType: u/a, start: today-1d@08:30, end: today-1d@09:30, attendees: [{name: N, email: n@x.io}]}
          b3: {eventType: u/a, start: now-1w+2h, attendees: [{name: N, email: n@x.io, timeZone: Europe/Oslo}]}
        """
    )
    b1, b2, b3 = (world.by_key("bookings", k) for k in ("b1", "b2", "b3"))
    assert b1.start.isoformat() == "2026-03-10T17:15:00+00:00" and b1.end - b1.start == timedelta(minutes=20)
    assert (b2.start.isoformat(), b2.end.isoformat()) == ("2026-03-09T08:30:00+00:00", "2026-03-09T09:30:00+00:00")
    assert b3.start.isoformat() == "2026-03-03T17:45:00+00:00"
    assert b1.attendees[0].time_zone == "Asia/Tokyo"  # the organizer's, by default
    assert b3.attendees[0].time_zone == "Europe/Oslo"
    assert b1.title == "A between u and N"
    assert b1.status == "ACCEPTED"


def test_now_defaults_to_the_clock_truncated_to_the_minute() -> None:
    world = World()
    world.clock.set(NOW + timedelta(seconds=42, microseconds=7), frozen=True)
    load_world(world, [source("users: {u: {email: u@x.io}}")])
    assert world.by_key("users", "u").created_date == NOW


def test_first_schedule_is_the_default_unless_one_is_named() -> None:
    world = load(
        """
        users:
          a: {email: a@x.io}
          b: {email: b@x.io, defaultSchedule: b/second}
        schedules:
          a/first: {availability: [{days: [Mon], start: "9:00", end: "12:00"}]}
          a/second: {availability: []}
          b/first: {}
          b/second: {timeZone: Asia/Tokyo}
        """
    )
    a, b = world.by_key("users", "a"), world.by_key("users", "b")
    assert world.get("schedules", a.default_schedule_id).key == "a/first"
    assert world.get("schedules", b.default_schedule_id).key == "b/second"
    first = world.by_key("schedules", "a/first")
    assert first.availability[0].start == "09:00" and first.name == "first" and first.time_zone == "Europe/London"


def test_json_sources_work_with_line_numbers() -> None:
    good = json.dumps({"users": {"u": {"email": "u@x.io"}}})
    assert load(good).by_key("users", "u").email == "u@x.io"
    bad = '{\n  "users": {\n    "u": {"email": "u@x.io", "plan": "gold"}\n  }\n}\n'
    (error,) = errors_of(bad)
    assert (error.line, error.column) == (3, 38)
    assert "'gold' is not one of" in error.message


def test_yaml_anchors_and_merge_keys() -> None:
    world = load(
        """
        users:
          base: &person {email: base@x.io, timeZone: Asia/Tokyo, plan: team}
          other: {<<: *person, email: other@x.io}
        """
    )
    other = world.by_key("users", "other")
    assert (other.email, other.time_zone, other.plan) == ("other@x.io", "Asia/Tokyo", "team")


# layering -------------------------------------------------------------------------------------

BASE = """
seed: 1
users:
  alice: {email: alice@x.io, timeZone: Europe/London}
teams:
  acme: {isOrganization: true, members: {alice: OWNER}}
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
bookings:
  first: {eventType: alice/30min, start: 2026-02-02T10:00:00Z, attendees: [{name: N, email: n@x.io}]}
"""

EXTRA = """
seed: 2
users:
  bob: {email: bob@x.io}
teams:
  acme-sales: {parent: acme, members: {alice: ADMIN, bob: MEMBER}}
eventTypes:
  acme-sales/rr: {team: acme-sales, title: RR, length: 30, schedulingType: ROUND_ROBIN, hosts: [alice, bob]}
bookings:
  second: {eventType: alice/30min, start: 2026-02-02T10:30:00Z, attendees: [{name: N, email: n@x.io}]}
  third: {eventType: acme-sales/rr, organizer: bob, start: 2026-02-02T10:00:00Z, attendees: [{name: M, email: m@x.io}]}
"""


def test_layered_sources_refer_to_keys_of_earlier_ones() -> None:
    world = load(BASE, EXTRA)
    sales = world.by_key("teams", "acme-sales")
    assert sales.parent_id == world.by_key("teams", "acme").id
    assert world.by_key("bookings", "second").user_id == world.by_key("users", "alice").id
    assert [b.id for b in world.all("bookings")] == [1, 2, 3]


def test_layering_onto_a_populated_world_equals_loading_together() -> None:
    together = load(BASE, EXTRA)
    apart = fresh_world()
    load_world(apart, [source(BASE, "s0.yaml")])
    load_world(apart, [source(EXTRA, "s1.yaml")])
    assert repr(apart.tables) == repr(together.tables)


def test_a_later_layer_sees_earlier_bookings_when_checking_overlaps() -> None:
    world = load(BASE)
    clash = """
    bookings:
      clash: {eventType: alice/30min, start: 2026-02-02T10:15:00Z, attendees: [{name: N, email: n@x.io}]}
    """
    before = state(world)
    with pytest.raises(FixtureErrors) as caught:
        load_world(world, [source(clash)])
    (error,) = caught.value.errors
    assert (error.line, error.column) == (2, 3)
    assert "overlaps booking 'first' (loaded before)" in error.message
    assert state(world) == before


# generate --------------------------------------------------------------------------------------

GENERATED = """
seed: 3
generate: {users: 200, bookings: 1000}
"""


def test_generate_users_and_bookings() -> None:
    world = load(GENERATED)
    users = world.all("users")
    assert len(users) == 200 and len(world.all("bookings")) == 1000
    assert len(world.all("schedules")) == 200 and len(world.all("event_types")) == 200
    assert len({u.email for u in users}) == 200 and len({u.username for u in users}) == 200
    assert world.by_key("event_types", "gen-17/30min").owner_id == world.by_key("users", "gen-17").id
    statuses = Counter(b.status for b in world.all("bookings"))
    assert set(statuses) == {"ACCEPTED", "CANCELLED"}
    for booking in world.all("bookings"):
        organizer = world.get("users", booking.user_id)
        local = booking.start.astimezone(ZoneInfo(organizer.time_zone))
        assert local.weekday() < 5 and local.hour >= 9 and (local + timedelta(minutes=30)).hour <= 17
        assert abs(booking.start - NOW) <= timedelta(days=30)
        assert world.get("event_types", booking.event_type_id).owner_id == booking.user_id


def test_generated_bookings_never_overlap_per_organizer() -> None:
    world = load(GENERATED)
    per_user: dict[int, list[tuple[object, object]]] = {}
    for booking in world.all("bookings"):
        per_user.setdefault(booking.user_id, []).append((booking.start, booking.end))
    for spans in per_user.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # type: ignore[operator]


def test_generate_is_deterministic() -> None:
    assert state(load(GENERATED)) == state(load(GENERATED))
    other = load(GENERATED.replace("seed: 3", "seed: 4"))
    assert [b.uid for b in other.all("bookings")] != [b.uid for b in load(GENERATED).all("bookings")]


def test_generate_alongside_explicit_records_and_api_keys() -> None:
    world = load(
        """
        users: {admin: {email: admin@x.io}}
        generate: {users: 3, bookings: 5, apiKeys: true, keyPrefix: load-, timeZones: [Asia/Tokyo]}
        """
    )
    assert sorted(u.key for u in world.all("users")) == ["admin", "load-1", "load-2", "load-3"]
    assert len(world.all("api_keys")) == 3
    assert {u.time_zone for u in world.all("users") if u.key != "admin"} == {"Asia/Tokyo"}


def test_example_fixtures_load() -> None:
    for path in sorted((ROOT / "fixtures" / "examples").glob("*.yaml")):
        load_world(fresh_world(), read_sources([str(path)]))
    load_world(
        fresh_world(),
        read_sources([str(default_fixture_path()), str(ROOT / "fixtures/examples/team-round-robin.yaml")]),
    )


# credentials and the check command ---------------------------------------------------------------


def test_credentials_lists_every_credential(default_world: World) -> None:
    creds = credentials(default_world)
    kinds = Counter(c["kind"] for c in creds)
    assert kinds == {"apiKey": 7, "oauthClient": 1, "accessToken": 2, "refreshToken": 2}
    alice = next(c for c in creds if c["kind"] == "apiKey" and c["owner"] == "alice")
    assert alice == {
        "kind": "apiKey",
        "value": "cal_a11ce000000000000000000000000001",
        "owner": "alice",
        "expiresAt": None,
    }
    client = next(c for c in creds if c["kind"] == "oauthClient")
    assert client["secret"] == "acme-platform-secret-for-local-testing-only" and client["owner"] == "acme"
    access = next(c for c in creds if c["kind"] == "accessToken" and c["owner"] == "olivia")
    assert access["expiresAt"] == "2026-01-05T10:00:00.000Z"
    json.dumps(creds)


def test_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command([str(default_fixture_path())]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    bad = tmp_path / "bad.yaml"
    bad.write_text("users:\n  u: {email: u@x.io, plan: gold}\n")
    assert check_command([str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:2:28: 'gold' is not one of" in out
    assert check_command([str(tmp_path / "missing.yaml")]) == 1
    assert "cannot read the fixture file" in capsys.readouterr().out


def test_read_sources_reports_every_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(FixtureErrors) as caught:
        read_sources([str(tmp_path / "a.yaml"), str(default_fixture_path()), str(tmp_path / "b.yaml")])
    assert [e.file for e in caught.value.errors] == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]


# the schema and its documentation ------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(fixture_schema())


def test_every_field_of_the_schema_is_documented() -> None:
    docs = (ROOT / "docs" / "fixtures.md").read_text()
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(fixture_schema())
    missing = sorted(n for n in names if f"`{n}`" not in docs)
    assert not missing, f"not in docs/fixtures.md: {missing}"


def test_merge_keys_never_hide_explicit_values_or_their_positions() -> None:
    errors = errors_of(
        """
        users:
          base: &person {email: base@x.io, timeZone: Asia/Tokyo}
          other: {email: other@x.io, timeZone: Nowhere/Land, <<: *person}
        """
    )
    assert [(e.line, e.column, e.message.split(" (")[0]) for e in errors] == [
        (3, 40, "unknown time zone 'Nowhere/Land'")
    ]


def test_empty_sections_and_an_empty_file() -> None:
    world = load("users:\nteams:\n# nothing yet\n")
    assert not any(world.tables.values())
    assert not any(load("").tables.values())
