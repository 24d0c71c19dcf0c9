"""Out-of-office entries: the v2 OOO service's checks (modules/ooo), shared by every OOO route.

Dates are ``YYYY-MM-DDTHH:MM:SS(.mmm)Z`` only ("Invalid Date." otherwise); the start becomes 00:00:00.000
UTC of its day and the end 23:59:59.999 UTC of its day, so an entry covers whole days.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from emulator.domain.errors import DomainError
from emulator.world import ids
from emulator.world.models import Membership, OutOfOffice
from emulator.world.store import World

REASONS = ("unspecified", "vacation", "travel", "sick", "public_holiday")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$")


def _day(value: Any, *, end: bool) -> datetime:
    if not isinstance(value, str) or not _ISO.match(value):
        raise DomainError(400, "Invalid Date.")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError as exc:
        raise DomainError(400, "Invalid Date.") from exc
    if end:
        return moment.replace(hour=23, minute=59, second=59, microsecond=999000)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def of_users(world: World, user_ids: set[int]) -> list[OutOfOffice]:
    found: list[OutOfOffice] = world.where("out_of_office", lambda o: o.user_id in user_ids)
    return sorted(found, key=lambda o: o.id)


def _can_redirect(world: World, user_id: int, to_user_id: int) -> bool:
    """The covering user must belong to a team in which the user is an accepted member."""
    teams_of_user = {m.team_id for m in world.all("memberships") if m.user_id == user_id and m.accepted}
    shared: list[Membership] = world.where(
        "memberships", lambda m: m.user_id == to_user_id and m.team_id in teams_of_user
    )
    return world.find("users", to_user_id) is not None and bool(shared)


def checked(world: World, user_id: int, body: dict[str, Any], *, create: bool) -> dict[str, Any]:
    """The entry's writes once the service's checks pass, in the service's order."""
    start = _day(body["start"], end=False) if "start" in body else None
    end = _day(body["end"], end=True) if "end" in body else None
    if (start is None) != (end is None):
        raise DomainError(400, "Please specify both ooo start and end time.")
    if start is not None and end is not None and start > end:
        raise DomainError(400, "Start date must be before end date.")
    to_user = body.get("toUserId")
    if start is not None and end is not None:
        loops = world.where(
            "out_of_office",
            lambda o: (
                o.to_user_id == user_id and (not to_user or o.user_id == to_user) and o.start <= end and o.end >= start
            ),
        )
        if loops:
            raise DomainError(400, "Booking redirect infinite not allowed.")
        if world.where("out_of_office", lambda o: o.user_id == user_id and o.start == start and o.end == end):
            raise DomainError(409, "Ooo entry already exists.")
    if to_user and to_user == user_id:
        raise DomainError(400, "Cannot redirect to self.")
    if to_user and not _can_redirect(world, user_id, int(to_user)):
        raise DomainError(400, "Cannot redirect to this user.")
    fields: dict[str, Any] = {}
    if start is not None and end is not None:
        fields.update(start=start, end=end)
    if "notes" in body:
        fields["notes"] = body["notes"]
    if "toUserId" in body:
        fields["to_user_id"] = to_user
    if body.get("reason") or create:
        fields["reason"] = body.get("reason") or "unspecified"
    return fields


def create(world: World, user_id: int, fields: dict[str, Any]) -> OutOfOffice:
    entry = OutOfOffice(
        id=world.next_id("out_of_office"),
        uuid=ids.uuid4(world.rng),
        user_id=user_id,
        created_at=world.clock.now(),
        **fields,
    )
    added: OutOfOffice = world.insert("out_of_office", entry)
    return added
