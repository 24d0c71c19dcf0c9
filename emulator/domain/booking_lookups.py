"""The questions every booking request asks of the bookings table, answered through the world's
lookups (world/lookups.py) instead of a pass over every booking: by uid, by organizer, by event
type, by attendee e-mail, by recurring series.

Bookings are grouped by status too (most of a busy world's bookings are cancelled or past, and a
question is nearly always about accepted or pending ones), so an answer costs what it holds. Each
lists its bookings status by status, each status in the order its bookings joined the group: callers
that need another order sort.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from emulator.world.lookups import KeysOf
from emulator.world.models import Booking
from emulator.world.store import World

BOOKINGS = "bookings"


def _uid(booking: Booking) -> tuple[str]:
    return (booking.uid,)


def _organizer(booking: Booking) -> tuple[tuple[int | None, str]]:
    return ((booking.user_id, booking.status),)


def _event_type(booking: Booking) -> tuple[tuple[int | None, str]]:
    return ((booking.event_type_id, booking.status),)


def _series(booking: Booking) -> tuple[str | None]:
    return (booking.recurring_event_id,)


def _attendee_emails(booking: Booking) -> Iterable[tuple[str, str]]:
    return {(attendee.email.lower(), booking.status) for attendee in booking.attendees}


def by_uid(world: World, uid: str) -> Booking | None:
    found: Booking | None = world.lookup(BOOKINGS, "uid", _uid).first(uid)
    return found


def _with_status(world: World, name: str, keys_of: KeysOf, value: Any, statuses: tuple[str, ...]) -> list[Booking]:
    lookup = world.lookup(BOOKINGS, name, keys_of)
    if len(statuses) == 1:
        return list(lookup.get((value, statuses[0])).values())
    return [booking for status in statuses for booking in lookup.get((value, status)).values()]


def of_organizer(world: World, user_id: int | None, *statuses: str) -> list[Booking]:
    """The bookings a user organizes, of these statuses (grouped by status, in the order given)."""
    return _with_status(world, "organizer", _organizer, user_id, statuses)


def of_event_type(world: World, event_type_id: int | None, *statuses: str) -> list[Booking]:
    """An event type's bookings of these statuses (grouped by status, in the order given)."""
    return _with_status(world, "event type", _event_type, event_type_id, statuses)


def with_attendee(world: World, email: str, *statuses: str) -> list[Booking]:
    """Bookings of these statuses with an attendee of that e-mail address (compared in lower case)."""
    return _with_status(world, "attendee", _attendee_emails, email.lower(), statuses)


def of_series(world: World, recurring_id: str | None) -> list[Booking]:
    found: list[Booking] = list(world.lookup(BOOKINGS, "series", _series).get(recurring_id).values())
    return found
