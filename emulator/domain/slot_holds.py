"""What hides or fills a slot once it is generated: other people's holds and the seats already taken.

Read from packages/trpc/server/routers/viewer/slots/util.ts (_getReservedSlotsAndCleanupExpired and
_getCurrentSeats in getAvailableSlots). Unexpired holds (reservations)
on any host hide the slots they overlap; seat holds count as taken seats instead. Reading an event
type's slots first clears its expired holds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from emulator.domain.slot_busy import seats_taken, ts
from emulator.world.models import Booking, Reservation
from emulator.world.store import World


def overlaps(intervals: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> bool:
    """Whether [start, end) meets any of the sorted, disjoint intervals."""
    index = bisect_right(starts, start) - 1
    if index >= 0 and intervals[index][1] > start:
        return True
    index += 1
    return index < len(intervals) and intervals[index][0] < end


def live_holds(world: World, host_ids: Iterable[int], now: float, booker_uid: str | None = None) -> list[Reservation]:
    hosts = set(host_ids)
    return [
        r
        for r in world.tables["reservations"].values()
        if r.user_id in hosts and r.release_at.timestamp() > now and (booker_uid is None or r.uid != booker_uid)
    ]


def release_expired_holds(world: World, event_type_id: int) -> None:
    """Cal.com clears an event type's expired holds whenever its slots are read."""
    now = world.clock.now()
    for hold in world.where("reservations", lambda r: r.event_type_id == event_type_id and r.release_at <= now):
        world.delete("reservations", hold.id)


@dataclass(slots=True)
class Seats:
    booking_uid: str | None
    taken: int


def current_seats(
    bookings: Iterable[Booking], date_from: float, date_to: float, host_emails: frozenset[str]
) -> dict[int, Seats]:
    seats: dict[int, Seats] = {}
    for booking in bookings:
        start = ts(booking.start)
        if date_from <= start <= date_to:
            seats[start] = Seats(booking.uid, seats_taken(booking, host_emails))
    return seats
