"""Slot start times through free ranges, as Cal.com's getSlots (packages/lib/slots.ts) finds them.

Slots step through each free range every ``slotInterval ?? duration ?? length`` minutes, from the
range start (seconds dropped, a misaligned start rounded up to the next multiple of the largest of
60/30/20/15/10/5 minutes that divides the step, counted from the hour), while start + length - 1 s
fits in the range. A range that starts inside an earlier slot's step continues that slot's rhythm.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from emulator.domain.availability import Away, Range, local_date

ALIGNMENTS = (60, 30, 20, 15, 10, 5)


@dataclass(frozen=True, slots=True)
class Slot:
    start: int
    seats_booked: int | None = None  # seated event types: seats taken (bookings and seat holds)
    booking_uid: str | None = None  # seated: the booking that holds the slot's seats
    away: Away | None = None  # a single host's out-of-office day


def alignment(frequency: int) -> int:
    return next((a for a in ALIGNMENTS if frequency % a == 0), 1)


def generate(
    ranges: Sequence[Range],
    frequency: int,
    length: int,
    earliest: float,
    away: dict[date, Away] | None = None,
) -> list[Slot]:
    """Cal.com's getSlots: start times through every range, in the order it finds them."""
    frequency, length = max(frequency, 1), max(length, 1)
    step, span, align = frequency * 60, length * 60 - 1, alignment(frequency)
    slots: dict[int, Slot] = {}
    boundaries: list[int] = []
    for item in sorted(ranges, key=lambda r: r.start):
        start, offset = (item.start, item.offset) if item.start > earliest else (int(earliest), 0)
        start -= start % 60
        minute = (start + offset) // 60 % 60
        if minute % align:
            start += (math.ceil(minute / align) * align - minute) * 60
        position = bisect_left(boundaries, start) - 1  # the last slot boundary before this start
        if position >= 0 and boundaries[position] + step > start:
            previous = boundaries[position]
            start = previous if previous >= item.start else previous + step
        day_away = away.get(local_date(item.start, item.offset)) if away else None
        while start + span <= item.end:
            if start not in slots:
                insort(boundaries, start)
                slots[start] = Slot(start, away=day_away)
            start += step
    return list(slots.values())
