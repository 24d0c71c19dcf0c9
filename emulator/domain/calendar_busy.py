"""Busy times from the providers: what the selected calendars hold in a window.

Read from packages/lib/CalendarManager.ts (getBusyCalendarTimes), packages/lib/getUserAvailability.ts
and apps/api/v2/src/ee/calendars/services/calendars.service.ts (getBusyTimes):

- For slots, a host is busy during the events of the calendars selected for conflict checking: the
  event type's own selection when it has one for that host, else the user's. Events a booking wrote
  into a destination calendar are left out, as the booking itself already blocks its time (with its
  buffers), and a provider that refuses (revoked token, made to fail) contributes nothing: Cal.com
  logs the failure and computes slots without that calendar.
- GET /v2/calendars/busy-times reads the calendars the caller names; every credential must be the
  caller's (401 otherwise) and any refusing provider fails the whole call (500). Its window runs
  from 11 hours before ``dateFrom`` to 14 hours after the end of ``dateTo``'s month, as
  getBusyCalendarTimes widens it for callers in far-off zones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from emulator.domain import calendars as cals
from emulator.domain.errors import DomainError
from emulator.world.models import EventType, SelectedCalendar, User
from emulator.world.records_calendars import ExternalEvent
from emulator.world.store import World

WEEK = 7 * 86_400
NOT_YOURS = "These credentials do not belong to you"
UNAVAILABLE = "Unable to fetch connected calendars events. Please try again later."


def occurrences(event: ExternalEvent, low: float, high: float) -> Iterator[tuple[int, int]]:
    """The event's (start, end) in seconds that overlap [low, high); weekly events repeat."""
    start, end = int(event.start.timestamp()), int(event.end.timestamp())
    if not event.weekly:
        if start < high and end > low:
            yield start, end
        return
    until = event.until.timestamp() if event.until is not None else float("inf")
    step = max(0, -(-(int(low) - end) // WEEK))  # the first repetition that can still reach the window
    shift = step * WEEK
    while start + shift < high and start + shift < until:
        if end + shift > low:
            yield start + shift, end + shift
        shift += WEEK


def _selections(world: World, user_ids: set[int], event_type_id: int | None) -> dict[int, list[SelectedCalendar]]:
    """Per user, the calendars checked for conflicts: the event type's own selection, else the user's."""
    own: dict[int, list[SelectedCalendar]] = {}
    users: dict[int, list[SelectedCalendar]] = {}
    for row in world.tables["selected_calendars"].values():
        if row.user_id not in user_ids:
            continue
        if row.event_type_id is None:
            users.setdefault(row.user_id, []).append(row)
        elif event_type_id and row.event_type_id == event_type_id:
            own.setdefault(row.user_id, []).append(row)
    return {uid: own.get(uid) or users.get(uid, []) for uid in user_ids}


def _calendar_ids(world: World, user_id: int, picked: Iterable[tuple[int | None, str, str]]) -> set[int]:
    """The provider calendars behind (credential id, integration, external id) picks of one user,
    through credentials the provider honours now."""
    wanted = list(picked)
    if not wanted:
        return set()
    usable = {c.id: c for c in cals.user_credentials(world, user_id) if cals.refusal(world, c) is None}
    found: set[int] = set()
    for cal in world.tables["provider_calendars"].values():
        credential = usable.get(cal.credential_id)
        if credential is None:
            continue
        for credential_id, integration, external_id in wanted:
            if (
                cal.external_id == external_id
                and credential.type == integration
                and credential_id in (None, credential.id)
            ):
                found.add(cal.id)
    return found


def hosts_busy(
    world: World, users: Iterable[User], event_type: EventType, low: float, high: float
) -> dict[int, list[tuple[int, int]]]:
    """Each host's busy intervals from their selected calendars in [low, high): one pass over the
    events for the whole slot computation."""
    ids = {u.id for u in users}
    if not ids or not world.tables["external_events"]:
        return {}
    readers: dict[int, list[int]] = {}  # provider calendar id -> the hosts who check it
    for uid, rows in _selections(world, ids, event_type.id or None).items():
        picks = ((s.credential_id, s.integration, s.external_id) for s in rows)
        for calendar_id in _calendar_ids(world, uid, picks) if rows else ():
            readers.setdefault(calendar_id, []).append(uid)
    out: dict[int, list[tuple[int, int]]] = {}
    if not readers:
        return out
    for event in world.tables["external_events"].values():
        who = readers.get(event.calendar_id)
        if who is None or event.booking_uid is not None or event.status == "cancelled":
            continue
        if event.weekly:
            spans = list(occurrences(event, low, high))
        else:
            start, end = event.start.timestamp(), event.end.timestamp()
            if start >= high or end <= low:
                continue
            spans = [(int(start), int(end))]
        for uid in who:
            out.setdefault(uid, []).extend(spans)
    return out


# GET /v2/calendars/busy-times ----------------------------------------------------------------------


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise DomainError(400, f"{name} must be a valid date in the YYYY-MM-DD format") from None


def api_window(date_from: str, date_to: str) -> tuple[datetime, datetime]:
    first = _day(date_from, "dateFrom")
    last = _day(date_to, "dateTo")
    start = datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(hours=11)
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    end = datetime(following.year, following.month, following.day, tzinfo=UTC) - timedelta(milliseconds=1)
    return start, end + timedelta(hours=14)


def busy_times(
    world: World, user: User, to_load: list[tuple[int, str]], date_from: str, date_to: str
) -> list[tuple[datetime, datetime]]:
    """The busy intervals of the named calendars (credential id, external id), earliest first."""
    start, end = api_window(date_from, date_to)
    mine = {c.id: c for c in cals.user_credentials(world, user.id)}
    if any(credential_id not in mine for credential_id, _ in to_load):
        raise DomainError(401, NOT_YOURS)
    if any(cals.refusal(world, mine[credential_id]) is not None for credential_id, _ in to_load):
        raise DomainError(500, UNAVAILABLE)
    picks = [(cid, mine[cid].type, external_id) for cid, external_id in to_load]
    calendar_ids = _calendar_ids(world, user.id, picks)
    spans: set[tuple[int, int]] = set()
    for event in world.tables["external_events"].values():
        if event.calendar_id in calendar_ids and event.status != "cancelled":
            spans.update(occurrences(event, start.timestamp(), end.timestamp()))
    return [(datetime.fromtimestamp(s, UTC), datetime.fromtimestamp(e, UTC)) for s, e in sorted(spans)]
