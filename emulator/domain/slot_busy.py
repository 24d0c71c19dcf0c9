"""Busy times: the bookings that take a host's time away from the slots, with buffers around them.

Read from packages/lib/getBusyTimes.ts and packages/trpc/server/routers/viewer/slots/util.ts:
accepted bookings a host organises or attends, widened by that booking's event type buffers plus
this event type's opposite ones; pending bookings of this event type when it requires confirmation
that blocks the slot. A seated booking of this event type with seats left only blocks its buffers.
The booking being rescheduled does not block.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cached_property

from emulator.domain import booking_lookups as lookups
from emulator.world.models import Booking, EventType, User
from emulator.world.store import World


def ts(moment: datetime) -> int:
    return int(moment.timestamp())


class WindowBookings:
    """The bookings a slot computation reads: who is busy in the window (as organizer, or as an
    attendee of someone else's booking) and the event type's accepted bookings of any time (for its
    limits and seats). Asked per host through the world's booking lookups (booking_lookups.py), so a
    computation reads the bookings of its hosts, not every booking of the world."""

    def __init__(self, world: World, event_type: EventType, window_from: float, window_to: float) -> None:
        self.world = world
        self.event_type = event_type
        self.low = datetime.fromtimestamp(window_from, UTC)
        self.high = datetime.fromtimestamp(window_to, UTC)
        self.pending_blocks = event_type.requires_confirmation and event_type.requires_confirmation_will_block_slot

        # Accepted bookings block; pending ones only of this event type, when it says they do.
        self.statuses = ("ACCEPTED", "PENDING") if self.pending_blocks else ("ACCEPTED",)

    def _blocks(self, booking: Booking) -> bool:
        """In the window, and (when pending) of this event type."""
        if booking.status == "PENDING" and booking.event_type_id != self.event_type.id:
            return False
        return not (booking.start > self.high or booking.end < self.low)

    def of_user(self, user_id: int) -> list[Booking]:
        """Bookings the user organizes that block the window."""
        return [b for b in lookups.of_organizer(self.world, user_id, *self.statuses) if self._blocks(b)]

    def with_attendee(self, email: str) -> list[Booking]:
        """Bookings with an attendee of that address (any case) that block the window."""
        return [b for b in lookups.with_attendee(self.world, email, *self.statuses) if self._blocks(b)]

    @cached_property
    def of_event_type(self) -> list[Booking]:
        """The event type's accepted bookings, any time."""
        return lookups.of_event_type(self.world, self.event_type.id, "ACCEPTED")


def collect(world: World, event_type: EventType, window_from: float, window_to: float) -> WindowBookings:
    return WindowBookings(world, event_type, window_from, window_to)


def reach_of_buffers(world: World, event_type: EventType) -> int:
    """How far outside the window a booking can still block it: its buffer plus ours. getBusyTimes
    widens its own query by the largest buffer; the slots path hands it bookings of the bare window
    and so misses those, which we do not copy (see docs/slots.md)."""
    theirs = max(
        (max(e.before_event_buffer, e.after_event_buffer) for e in world.tables["event_types"].values()), default=0
    )
    return (theirs + max(event_type.before_event_buffer, event_type.after_event_buffer)) * 60


def seats_taken(booking: Booking, host_emails: frozenset[str]) -> int:
    return sum(1 for a in booking.attendees if a.email.lower() not in host_emails)


def host_busy(
    world: World,
    event_type: EventType,
    user: User,
    bookings: WindowBookings,
    host_emails: frozenset[str],
    reschedule_uid: str | None,
    buffers: dict[int | None, tuple[int, int]],
) -> list[tuple[int, int]]:
    mine = {b.id: b for b in bookings.of_user(user.id)}
    for booking in bookings.with_attendee(user.email):
        mine.setdefault(booking.id, booking)
    seats = event_type.seats_per_time_slot
    busy: list[tuple[int, int]] = []
    for booking in mine.values():
        if booking.event_type_id not in buffers:
            other: EventType | None = (
                world.find("event_types", booking.event_type_id) if booking.event_type_id else None
            )
            buffers[booking.event_type_id] = (
                (other.before_event_buffer, other.after_event_buffer) if other is not None else (0, 0)
            )
        its_before, its_after = buffers[booking.event_type_id]
        before = (its_before + event_type.after_event_buffer) * 60
        after = (its_after + event_type.before_event_buffer) * 60
        start, end = ts(booking.start), ts(booking.end)
        if (
            seats
            and booking.event_type_id == event_type.id
            and any(a.seat_uid for a in booking.attendees)
            and seats_taken(booking, host_emails) < seats
        ):
            if before:
                busy.append((start - before, start))
            if after:
                busy.append((end, end + after))
            continue
        if booking.uid == reschedule_uid:
            continue
        busy.append((start - before, end + after))
    return busy
