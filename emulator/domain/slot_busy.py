"""Busy times: the bookings that take a host's time away from the slots, with buffers around them.

Read from packages/lib/getBusyTimes.ts and packages/trpc/server/routers/viewer/slots/util.ts:
accepted bookings a host organises or attends, widened by that booking's event type buffers plus
this event type's opposite ones; pending bookings of this event type when it requires confirmation
that blocks the slot. A seated booking of this event type with seats left only blocks its buffers.
The booking being rescheduled does not block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from emulator.world.models import Booking, EventType, User
from emulator.world.store import World


def ts(moment: datetime) -> int:
    return int(moment.timestamp())


@dataclass
class WindowBookings:
    """One pass over the bookings for what a query needs: who is busy when, seats, limit counts."""

    by_user: dict[int, list[Booking]] = field(default_factory=dict)
    by_email: dict[str, list[Booking]] = field(default_factory=dict)
    of_event_type: list[Booking] = field(default_factory=list)  # accepted, any time


def collect(world: World, event_type: EventType, window_from: float, window_to: float) -> WindowBookings:
    found = WindowBookings()
    pending_blocks = event_type.requires_confirmation and event_type.requires_confirmation_will_block_slot
    low = datetime.fromtimestamp(window_from, UTC)
    high = datetime.fromtimestamp(window_to, UTC)
    for booking in world.tables["bookings"].values():
        status = booking.status
        if status == "ACCEPTED" and booking.event_type_id == event_type.id:
            found.of_event_type.append(booking)
        if status != "ACCEPTED" and not (
            status == "PENDING" and pending_blocks and booking.event_type_id == event_type.id
        ):
            continue
        if booking.start > high or booking.end < low:
            continue
        if booking.user_id is not None:
            found.by_user.setdefault(booking.user_id, []).append(booking)
        for attendee in booking.attendees:
            found.by_email.setdefault(attendee.email.lower(), []).append(booking)
    return found


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
    mine = {b.id: b for b in bookings.by_user.get(user.id, ())}
    for booking in bookings.by_email.get(user.email.lower(), ()):
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
