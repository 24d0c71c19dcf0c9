"""The world page: how many records each table holds, then users, organizations and teams, event types
and schedules, each list paged and every record linking to its JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from emulator.admin.ui.markup import (
    Html,
    badge,
    join,
    page_of,
    pager,
    pages_for,
    part_link,
    record_link,
    table,
    tag,
)
from emulator.domain.schedules import day_names
from emulator.world.models import EventType, Schedule, Team, User
from emulator.world.store import World

PAGE_SIZE = 100  # rows of each list on one page
PAGE = "/_emulator/ui/world"
WEEK = "/_emulator/ui/week"


def _sorted(world: World, name: str) -> list[Any]:
    return sorted(world.tables[name].values(), key=lambda r: r.id)


def _section(
    title: str,
    key: str,
    records: Sequence[Any],
    params: Mapping[str, str],
    headers: list[str],
    row: Callable[[Any], list[object]],
) -> Html:
    """One paged list; `key` is both its anchor and its page parameter (`usersPage=2`)."""
    pages = pages_for(len(records), PAGE_SIZE)
    number = page_of(params.get(f"{key}Page"), pages)
    shown = records[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    nav = pager(PAGE, params, f"{key}Page", number, pages)
    body = table(headers, (row(r) for r in shown), class_="records") if shown else tag("p", "none", class_="muted")
    return tag("section", tag("h2", f"{title} ({len(records)})"), body, nav, id=key)


def _who(world: World, user_id: int | None) -> object:
    if user_id is None:
        return ""
    user: User | None = world.find("users", user_id)
    return record_link(user.username if user else f"#{user_id}", "users", user_id)


def _team_name(world: World, team_id: int | None) -> object:
    if team_id is None:
        return ""
    team: Team | None = world.find("teams", team_id)
    return record_link(team.name if team else f"#{team_id}", "teams", team_id)


def _users(world: World, params: Mapping[str, str]) -> Html:
    def row(u: User) -> list[object]:
        return [
            record_link(u.id, "users", u.id),
            u.username,
            u.name,
            u.email,
            u.time_zone,
            u.plan,
            _team_name(world, u.organization_id),
            part_link("week", WEEK, {"user": u.id}),
        ]

    headers = ["id", "username", "name", "email", "time zone", "plan", "organization", "bookings"]
    return _section("Users", "users", _sorted(world, "users"), params, headers, row)


def _teams(world: World, params: Mapping[str, str]) -> Html:
    members = Counter(m.team_id for m in world.tables["memberships"].values())

    def row(t: Team) -> list[object]:
        kind = "organization" if t.is_organization else "sub-team" if t.parent_id else "team"
        return [
            record_link(t.id, "teams", t.id),
            t.name,
            t.slug,
            badge(kind, kind),
            _team_name(world, t.parent_id),
            t.plan,
            members[t.id],
        ]

    headers = ["id", "name", "slug", "kind", "organization", "plan", "members"]
    return _section("Organizations and teams", "teams", _sorted(world, "teams"), params, headers, row)


def _event_types(world: World, params: Mapping[str, str]) -> Html:
    def row(e: EventType) -> list[object]:
        owner = _who(world, e.owner_id) if e.owner_id is not None else _team_name(world, e.team_id)
        return [
            record_link(e.id, "event_types", e.id),
            e.title,
            e.slug,
            f"{e.length} min",
            owner,
            e.scheduling_type or "",
            "hidden" if e.hidden else "",
        ]

    headers = ["id", "title", "slug", "length", "owner", "scheduling", ""]
    return _section("Event types", "eventTypes", _sorted(world, "event_types"), params, headers, row)


def _hours(schedule: Schedule) -> str:
    parts = [f"{', '.join(d[:3] for d in day_names(a.days))} {a.start}-{a.end}" for a in schedule.availability]
    if schedule.overrides:
        parts.append(f"{len(schedule.overrides)} date override(s)")
    return "; ".join(parts) or "no hours"


def _schedules(world: World, params: Mapping[str, str]) -> Html:
    def row(s: Schedule) -> list[object]:
        user: User | None = world.find("users", s.user_id)
        default = user is not None and user.default_schedule_id == s.id
        return [
            record_link(s.id, "schedules", s.id),
            s.name,
            _who(world, s.user_id),
            s.time_zone,
            _hours(s),
            badge("default", "ok") if default else "",
        ]

    headers = ["id", "name", "user", "time zone", "hours", ""]
    return _section("Schedules", "schedules", _sorted(world, "schedules"), params, headers, row)


def _counts(world: World) -> Html:
    items = (
        tag(
            "li",
            tag("a", name, href=f"/_emulator/state/{name}", data_json=True),
            " ",
            tag("span", len(rows), class_="count"),
        )
        for name, rows in world.tables.items()
    )
    return tag("section", tag("h2", "Tables"), tag("ul", join(items), class_="counts"), id="tables")


def render(world: World, params: Mapping[str, str]) -> Html:
    return join(
        [
            tag("h1", "World"),
            _counts(world),
            _users(world, params),
            _teams(world, params),
            _event_types(world, params),
            _schedules(world, params),
        ]
    )
