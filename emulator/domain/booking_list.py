"""The booking list: the caller's bookings (booking_access.Scope), filtered, sorted and paged as
getAllUserBookings does (packages/trpc/server/routers/viewer/bookings/get.handler.ts).

- Statuses (any of them): upcoming = ends now or later and not cancelled/rejected (a recurring
  occurrence only when accepted); recurring = upcoming occurrences of a series; past = ended and not
  cancelled/rejected; cancelled = cancelled or rejected; unconfirmed = pending and not ended. None: all.
- Attendee name and e-mail match exactly (trimmed); start on or after ``afterStart``, end on or before
  ``beforeEnd``; created and updated bounds inclusive.
- Event type and team filters include managed children. As on the server, ids that match no event
  type filter nothing.
- User filter (the organization list's ``userIds``): bookings those users organise or attend. Every id
  must be a member of a team or organization the caller administers (or be the caller alone);
  otherwise the tRPC FORBIDDEN, which the v2 filter answers with its generic 403.
- Order: one status alone sorts by start (past and cancelled newest first, others oldest first); a
  sort parameter wins (start, then end, created, updated); otherwise start, oldest first. Ties by id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from emulator.domain.booking_access import scope_of
from emulator.domain.errors import DomainError
from emulator.world.models import Booking, User
from emulator.world.store import World

CLOSED = ("CANCELLED", "REJECTED")
FORBIDDEN = "You don't have necessary permissions to access this resource"
DEFAULT_ORDER = {"upcoming": "asc", "recurring": "asc", "past": "desc", "cancelled": "desc", "unconfirmed": "asc"}


@dataclass(frozen=True)
class BookingFilter:
    statuses: tuple[str, ...] = ()
    attendee_email: str | None = None
    attendee_name: str | None = None
    booking_uid: str | None = None
    event_type_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    user_ids: tuple[int, ...] = ()
    after_start: datetime | None = None
    before_end: datetime | None = None
    after_created: datetime | None = None
    before_created: datetime | None = None
    after_updated: datetime | None = None
    before_updated: datetime | None = None
    sort: tuple[str, str] | None = None  # ("start" | "end" | "created" | "updated", "asc" | "desc")
    take: int = 100
    skip: int = 0


def _status_test(status: str, now: datetime) -> Callable[[Booking], bool]:
    def upcoming(b: Booking) -> bool:
        open_ = b.status == "ACCEPTED" if b.recurring_event_id else b.status not in CLOSED
        return b.end >= now and open_

    tests: dict[str, Callable[[Booking], bool]] = {
        "upcoming": upcoming,
        "recurring": lambda b: b.end >= now and b.recurring_event_id is not None and b.status not in CLOSED,
        "past": lambda b: b.end <= now and b.status not in CLOSED,
        "cancelled": lambda b: b.status in CLOSED,
        "unconfirmed": lambda b: b.end >= now and b.status == "PENDING",
    }
    return tests[status]


def _with_children(world: World, ids: set[int]) -> set[int]:
    return ids | {e.id for e in world.where("event_types", lambda e: e.parent_id in ids)}


def _event_type_ids(world: World, f: BookingFilter) -> tuple[set[int] | None, set[int] | None]:
    by_team = None
    if f.team_ids:
        teams = set(f.team_ids)
        found = _with_children(world, {e.id for e in world.where("event_types", lambda e: e.team_id in teams)})
        by_team = found or None
    by_id = None
    if f.event_type_ids:
        wanted = set(f.event_type_ids)
        found = _with_children(world, {e.id for e in world.where("event_types", lambda e: e.id in wanted)})
        by_id = found or None
    return by_team, by_id


def _between(value: datetime | None, low: datetime | None, high: datetime | None) -> bool:
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _order(f: BookingFilter) -> tuple[str, bool]:
    if len(f.statuses) == 1 and f.sort is None:
        return "start", DEFAULT_ORDER[f.statuses[0]] == "desc"
    if f.sort is not None:
        return f.sort[0], f.sort[1] == "desc"
    return "start", False


def _key(booking: Booking, field: str) -> float:
    moment = {
        "start": booking.start,
        "end": booking.end,
        "created": booking.created_at,
        "updated": booking.updated_at or booking.created_at,
    }[field]
    return moment.timestamp() if moment is not None else float("-inf")


def _user_filter(
    world: World, user: User, members: frozenset[int], user_ids: tuple[int, ...]
) -> Callable[[Booking], bool] | None:
    if not user_ids:
        return None
    if not all(uid in members for uid in user_ids) and user_ids != (user.id,):
        raise DomainError(403, FORBIDDEN, code="TRPCError")
    wanted = set(user_ids)
    emails = {u.email.lower() for u in world.all("users") if u.id in wanted}
    return lambda b: b.user_id in wanted or any(a.email.lower() in emails for a in b.attendees)


def list_bookings(world: World, user: User, f: BookingFilter) -> tuple[list[Booking], int]:
    """(one page of bookings, how many match in all)."""
    now = world.clock.now()
    scope = scope_of(world, user)
    sees = scope.sees
    by_user = _user_filter(world, user, scope.member_ids, f.user_ids)
    statuses = [_status_test(s, now) for s in dict.fromkeys(f.statuses)]
    by_team, by_id = _event_type_ids(world, f)
    email = f.attendee_email.strip() if f.attendee_email else None
    name = f.attendee_name.strip() if f.attendee_name else None
    uid = f.booking_uid.strip() if f.booking_uid else None

    def matches(b: Booking) -> bool:
        return (
            sees(b)
            and (not statuses or any(test(b) for test in statuses))
            and (by_team is None or b.event_type_id in by_team)
            and (by_id is None or b.event_type_id in by_id)
            and (by_user is None or by_user(b))
            and (name is None or any(a.name == name for a in b.attendees))
            and (email is None or any(a.email == email for a in b.attendees))
            and (uid is None or b.uid == uid)
            and (f.after_start is None or b.start >= f.after_start)
            and (f.before_end is None or b.end <= f.before_end)
            and _between(b.created_at, f.after_created, f.before_created)
            and _between(b.updated_at or b.created_at, f.after_updated, f.before_updated)
        )

    found: Sequence[Booking] = [b for b in world.tables["bookings"].values() if matches(b)]
    field, descending = _order(f)
    ordered = sorted(found, key=lambda b: (_key(b, field), b.id), reverse=descending)
    return ordered[f.skip : f.skip + f.take], len(ordered)


def pagination(skip: int, take: int, total: int) -> dict[str, int | bool]:
    """getPagination (apps/api/v2/src/lib/pagination/pagination.ts)."""
    safe_skip = max(0, min(skip, total))
    total_pages = -(-total // take) if take else 0
    current = 0 if total_pages == 0 else max(1, min(safe_skip // take + 1, total_pages))
    return {
        "returnedItems": max(0, min(total - safe_skip, take)),
        "totalItems": total,
        "itemsPerPage": take,
        "remainingItems": max(0, min(total - (safe_skip + take), total)),
        "currentPage": current,
        "totalPages": total_pages,
        "hasNextPage": safe_skip + take < total,
        "hasPreviousPage": safe_skip > 0,
    }
