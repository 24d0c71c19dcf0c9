"""emulator/domain/event_types.py: slugs, roles, hosts, managed children and field rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulator.domain import event_types as rules
from emulator.domain.event_type_fields import reachable_attendee, with_system_fields
from emulator.domain.event_type_limits import (
    limits_from_api,
    limits_to_api,
    period_from_window,
    seats_problem,
    window_from_period,
)
from emulator.world.clock import Clock
from emulator.world.models import EventType, Host, Membership, Team, User
from emulator.world.store import World


@pytest.fixture
def world() -> World:
    world = World(Clock(datetime(2026, 1, 5, 9, tzinfo=UTC), frozen=True))
    for uid, name in enumerate(("ann", "ben", "cat", "dan", "root"), start=1):
        world.insert(
            "users",
            User(
                id=uid,
                username=name,
                email=f"{name}@x.io",
                name=name.title(),
                role="ADMIN" if name == "root" else "USER",
            ),
        )
    world.insert("teams", Team(id=10, name="Org", slug="org", is_organization=True))
    world.insert("teams", Team(id=11, name="Sales", slug="sales", parent_id=10))
    world.insert("teams", Team(id=12, name="Solo", slug="solo"))
    memberships = [(10, 1, "OWNER"), (11, 1, "MEMBER"), (11, 2, "ADMIN"), (11, 3, "MEMBER"), (12, 4, "OWNER")]
    for i, (team, user, role) in enumerate(memberships, start=1):
        world.insert("memberships", Membership(id=i, team_id=team, user_id=user, role=role))
    return world


def test_slugify_follows_cal_com() -> None:
    assert rules.slugify("  Intro Call! ") == "intro-call"
    assert rules.slugify("Café_au lait#2") == "cafe-au-lait-2"
    assert rules.slugify("--a--b--") == "a-b"


def test_membership(world: World) -> None:
    assert rules.member_ids(world, 11) == [1, 2, 3]
    member = rules.membership(world, 11, 2)
    assert member is not None and member.role == "ADMIN"
    assert rules.membership(world, 11, 4) is None
    assert rules.team_of_org(world, 11, 10) is not None and rules.team_of_org(world, 12, 10) is None


def test_hosts(world: World) -> None:
    collective = rules.hosts_for("COLLECTIVE", [(1, False, 4)])
    assert collective == (Host(user_id=1, is_fixed=True, priority=2),)
    assert rules.hosts_for("ROUND_ROBIN", [(1, True, 4)]) == (Host(user_id=1, is_fixed=True, priority=4),)
    assert [h.user_id for h in rules.all_members_as_hosts(world, 11, "ROUND_ROBIN")] == [1, 2, 3]
    assert rules.not_members(world, 11, [1, 4, 5]) == [4, 5]
    assert (rules.host_priority("highest"), rules.host_priority(None), rules.priority_label(0)) == (4, 2, "lowest")


@pytest.mark.parametrize(
    ("window", "columns"),
    [
        ({"type": "businessDays", "value": 5, "rolling": True}, {"period_type": "ROLLING_WINDOW", "period_days": 5}),
        ({"type": "calendarDays", "value": 14}, {"period_type": "ROLLING", "period_days": 14}),
        ({"disabled": True}, {"period_type": "UNLIMITED"}),
    ],
)
def test_booking_window_round_trips(window: dict[str, object], columns: dict[str, object]) -> None:
    mapped = period_from_window(window)
    assert {k: mapped[k] for k in columns} == columns
    event_type = EventType(id=1, title="t", slug="t", length=30, **mapped)
    back = window_from_period(event_type)
    expected = {**window, "rolling": bool(window.get("rolling"))} if "type" in window else window
    assert back == expected


def test_range_window() -> None:
    mapped = period_from_window({"type": "range", "value": ["2026-02-01", "2026-02-28"]})
    assert mapped["period_start_date"] == datetime(2026, 2, 1, tzinfo=UTC)
    event_type = EventType(id=1, title="t", slug="t", length=30, **mapped)
    assert window_from_period(event_type) == {"type": "range", "value": ["2026-02-01", "2026-02-28"]}


def test_limits_and_seat_rules() -> None:
    assert limits_from_api({"day": 2, "year": 50}) == {"PER_DAY": 2, "PER_YEAR": 50}
    assert limits_from_api({"disabled": True, "day": 2}) == {}
    assert limits_to_api({"PER_WEEK": 3}) == {"week": 3} and limits_to_api(None) is None
    assert seats_problem(None, 3, True) is None
    assert (
        seats_problem(5, 2, False) == "Seats Validation failed: Seats are enabled but more than one location provided."
    )
    assert seats_problem(5, 1, True) == "Seats Validation failed: Seats are enabled but requiresConfirmation is true."


def test_booking_form_system_fields() -> None:
    custom = {"name": "company", "type": "text", "label": "Company", "required": True, "editable": "user"}
    fields = with_system_fields([custom, {"name": "email", "type": "email", "required": False}])
    names = [f["name"] for f in fields]
    assert names == ["name", "email", "attendeePhoneNumber", "location", "company", "title", "notes", "guests",
                     "rescheduleReason"]  # fmt: skip
    assert not reachable_attendee(fields)  # the e-mail was made optional and the phone is hidden
    assert reachable_attendee(with_system_fields([]))
    assert next(f for f in with_system_fields([], disable_guests=True) if f["name"] == "guests")["hidden"]


def test_slug_clashes(world: World) -> None:
    rules.create(world, title="a", slug="intro", length=30, owner_id=1)
    rules.create(world, title="t", slug="intro", length=30, team_id=11, scheduling_type="COLLECTIVE")
    assert rules.slug_owner_clash(world, 1, "intro") is not None
    assert rules.slug_owner_clash(world, 2, "intro") is None
    assert rules.slug_team_clash(world, 11, "intro") is not None
    assert rules.slug_team_clash(world, 11, "intro", except_id=2) is None


def test_managed_children_follow_their_parent(world: World) -> None:
    own = rules.create(world, title="Mine", slug="onboarding", length=15, owner_id=2)
    parent = rules.create(
        world, title="Onboarding", slug="onboarding", length=45, team_id=11, scheduling_type="MANAGED",
        metadata={"managedEventConfig": {}},
    )  # fmt: skip
    children = rules.sync_children(world, parent, [2, 3])
    assert [(ch.owner_id, ch.parent_id, ch.team_id, ch.length) for ch in children] == [
        (2, parent.id, None, 45),
        (3, parent.id, None, 45),
    ]
    assert world.find("event_types", own.id) is None  # Cal.com replaces the owner's event type with that slug
    parent = rules.update(world, parent, length=60)
    again = rules.sync_children(world, parent, [3, 1])
    assert [(ch.owner_id, ch.length) for ch in again] == [(3, 60), (1, 60)]
    assert again[0].id == children[1].id  # kept, not recreated
    assert [ch.owner_id for ch in rules.children_of(world, parent.id)] == [3, 1]
    rules.delete(world, parent)
    assert rules.children_of(world, parent.id) == [] and rules.owned_by(world, 3) == []


def test_lookups(world: World) -> None:
    rules.create(world, title="a", slug="a", length=30, owner_id=1, hidden=True)
    rules.create(world, title="b", slug="b", length=30, owner_id=1)
    assert [e.slug for e in rules.owned_by(world, 1)] == ["a", "b"]
    assert [e.slug for e in rules.owned_by(world, 1, include_hidden=False)] == ["b"]
    assert rules.user_by_username(world, "ann") is not None
    world.update("users", 1, organization_id=10)
    assert rules.user_by_username(world, "ann", org_slug="org") is not None
    assert rules.user_by_username(world, "ben", org_id=10) is None
    assert rules.column(rules.owned_by(world, 1)[0], "forwardParamsSuccessRedirect") is True
