"""Routing forms of an organization and its teams, and their responses: listing, filtering and
paging as the v2 repositories query them, and editing a response.

Read from apps/api/v2/src/modules/organizations/routing-forms/organizations-routing-forms.repository.ts
and organizations/teams/routing-forms/repositories/*.ts:

- An organization's forms are the forms of its teams (``team.parentId``), optionally of some of them
  (``teamIds``); personal forms are never listed. A team's forms are those with its ``teamId``.
- Filters compare ``createdAt``/``updatedAt`` with ``gte``/``lte``. The repositories spread one
  object per filter into the query, so when both bounds of one column are sent the later one
  (``before...``) replaces the earlier: only the upper bound applies, as on the server.
- Order: ``sortCreatedAt`` then ``sortUpdatedAt``, else the order the rows were made in. Paging is
  Prisma's: ``skip`` rows, then ``take`` (a negative ``take`` counts back from the end).
- A team's responses list reads only the createdAt filters and sort (its repository takes no others).
- Editing a response replaces its ``response`` JSON. It must be a response of that form in that
  organization's teams (or that team): anything else is Prisma's 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from emulator.domain.errors import DomainError
from emulator.world.records_routing_forms import RoutingForm, RoutingFormResponse
from emulator.world.store import World

PRISMA_MISSING = "Invalid Query: The requested record was not found."
R = TypeVar("R", RoutingForm, RoutingFormResponse)


@dataclass(frozen=True)
class Filters:
    """What a list query asks for (GetRoutingFormResponsesParams, GetRoutingFormsParams)."""

    sort_created: str | None = None  # asc | desc
    sort_updated: str | None = None
    after_created: datetime | None = None
    before_created: datetime | None = None
    after_updated: datetime | None = None
    before_updated: datetime | None = None
    routed_to_booking_uid: str | None = None
    team_ids: tuple[int, ...] | None = None
    skip: int = 0
    take: int = 250

    def created_only(self) -> Filters:
        """The team responses repository reads the createdAt filters and sort only."""
        return Filters(
            sort_created=self.sort_created,
            after_created=self.after_created,
            before_created=self.before_created,
            routed_to_booking_uid=self.routed_to_booking_uid,
            skip=self.skip,
            take=self.take,
        )


def _bounded(moment: datetime | None, after: datetime | None, before: datetime | None) -> bool:
    """One column's filter, the later spread (``before``) replacing the earlier one."""
    if before is not None:
        return moment is not None and moment <= before
    if after is not None:
        return moment is not None and moment >= after
    return True


def _ordered(rows: list[R], filters: Filters) -> list[R]:
    """orderBy [createdAt?, updatedAt?]: stable sorts, the last key applied first."""
    out = list(rows)
    epoch = datetime.min
    keys: list[tuple[Callable[[R], datetime], str]] = []
    if filters.sort_created:
        keys.append((lambda r: (r.created_at or epoch).replace(tzinfo=None), filters.sort_created))
    if filters.sort_updated:
        keys.append((lambda r: (r.updated_at or epoch).replace(tzinfo=None), filters.sort_updated))
    for key, direction in reversed(keys):
        out.sort(key=key, reverse=direction == "desc")
    return out


def page(rows: list[Any], skip: int, take: int) -> list[Any]:
    """Prisma's skip/take: a negative take takes that many rows back from the end (before skip)."""
    if skip < 0:
        raise DomainError(400, "skip must be a positive number")
    if take >= 0:
        return rows[skip : skip + take]
    end = len(rows) - skip
    return rows[max(end + take, 0) : max(end, 0)]


def _select(rows: list[R], filters: Filters) -> list[R]:
    kept = [
        r
        for r in rows
        if _bounded(r.created_at, filters.after_created, filters.before_created)
        and _bounded(r.updated_at, filters.after_updated, filters.before_updated)
    ]
    return page(_ordered(kept, filters), filters.skip, filters.take)


# forms ------------------------------------------------------------------------------------------


def org_forms(world: World, org_id: int, filters: Filters) -> list[RoutingForm]:
    teams = {t.id for t in world.all("teams") if t.parent_id == org_id}
    if filters.team_ids:
        teams &= set(filters.team_ids)
    return _select([f for f in world.all("routing_forms") if f.team_id in teams], filters)


def team_forms(world: World, team_id: int, filters: Filters) -> list[RoutingForm]:
    return _select([f for f in world.all("routing_forms") if f.team_id == team_id], filters)


def org_form(world: World, org_id: int, form_id: str) -> RoutingForm:
    """A form of one of the organization's teams (findFirstOrThrow: Prisma's 404 otherwise)."""
    form: RoutingForm | None = world.find("routing_forms", form_id)
    team = world.find("teams", form.team_id) if form is not None and form.team_id is not None else None
    if form is None or team is None or team.parent_id != org_id:
        raise DomainError(404, PRISMA_MISSING)
    return form


# responses --------------------------------------------------------------------------------------


def responses(world: World, form_id: str, filters: Filters) -> list[RoutingFormResponse]:
    uid = filters.routed_to_booking_uid
    rows = [
        r
        for r in world.all("routing_form_responses")
        if r.form_id == form_id and (not uid or r.routed_to_booking_uid == uid)
    ]
    return _select(rows, filters)


def update_response(
    world: World, response_id: int, form_id: str, form_is_theirs: Callable[[RoutingForm], bool], answers: Any
) -> RoutingFormResponse:
    """Replace a response's answers (``answers`` None: no change). Prisma's 404 when the response is
    not that form's, or the form not the caller's organization's (or team's)."""
    row: RoutingFormResponse | None = world.find("routing_form_responses", response_id)
    form: RoutingForm | None = world.find("routing_forms", form_id)
    if row is None or row.form_id != form_id or form is None or not form_is_theirs(form):
        raise DomainError(404, PRISMA_MISSING)
    if answers is None:
        return row
    updated: RoutingFormResponse = world.update(
        "routing_form_responses", row.id, response=answers, updated_at=world.clock.now()
    )
    return updated


def in_org_teams(world: World, org_id: int) -> Callable[[RoutingForm], bool]:
    def check(form: RoutingForm) -> bool:
        team = world.find("teams", form.team_id) if form.team_id is not None else None
        return team is not None and team.parent_id == org_id

    return check


def of_team(team_id: int) -> Callable[[RoutingForm], bool]:
    return lambda form: form.team_id == team_id
