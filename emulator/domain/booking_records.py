"""The booking records: statuses, lookups (by uid, a recurring series, the booking a reschedule made,
the event type), storing a new booking with its Cal Video reference, and the all-or-nothing wrapper
every write runs in.

Read from packages/lib/server/repository/booking.ts (the lookups the v2 bookings service makes),
the Booking/Attendee/BookingReference models of packages/prisma/schema.prisma and the Daily video
reference handleNewBooking's EventManager stores (packages/app-store/dailyvideo). Making bookings is
in booking_create.py, seats in booking_seats.py, rescheduling in booking_reschedule.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Concatenate, ParamSpec, TypeVar

from emulator.domain import booking_lookups as lookups
from emulator.domain import booking_rules as rules
from emulator.domain import calendar_events, conferencing
from emulator.world import ids
from emulator.world.models import Attendee, Booking, BookingReference, EventType
from emulator.world.store import World

ACCEPTED, PENDING, CANCELLED, AWAITING_HOST = "ACCEPTED", "PENDING", "CANCELLED", "AWAITING_HOST"
P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def atomic(world: World) -> Iterator[None]:
    """All or nothing: the records and counters (the world's transaction) and the random draws, so
    a refused request leaves the next uid where it was."""
    state = world.rng.getstate()
    try:
        with world.transaction():
            yield
    except BaseException:
        world.rng.setstate(state)
        raise


def all_or_nothing(fn: Callable[Concatenate[World, P], R]) -> Callable[Concatenate[World, P], R]:
    """Run ``fn(world, ...)`` atomically (see atomic)."""

    def run(world: World, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with atomic(world):
            return fn(world, *args, **kwargs)

    run.__doc__, run.__name__ = fn.__doc__, fn.__name__
    return run


# lookups --------------------------------------------------------------------------------------------


def find(world: World, uid: str) -> Booking | None:
    return lookups.by_uid(world, uid)


def series(world: World, recurring_id: str) -> list[Booking]:
    """The occurrences of a recurring booking, earliest first."""
    return sorted(lookups.of_series(world, recurring_id), key=lambda b: (b.start, b.id))


def rescheduled_to(world: World, booking: Booking) -> Booking | None:
    found: list[Booking] = world.where("bookings", lambda b: b.from_reschedule == booking.uid)
    return min(found, key=lambda b: b.id) if found else None


def event_type_of(world: World, booking: Booking) -> EventType | None:
    found: EventType | None = (
        world.find("event_types", booking.event_type_id) if booking.event_type_id is not None else None
    )
    return found


def is_recurring_event(event_type: EventType) -> bool:
    rule = event_type.recurring_event
    return rule is not None and rule.get("freq") is not None and bool(rule.get("count"))


# new records -----------------------------------------------------------------------------------------


def new_attendee(world: World, name: str, email: str, zone: str, locale: str, phone: str | None = None) -> Attendee:
    return Attendee(world.next_id("attendees"), name, email, zone, locale=locale, phone_number=phone)


def _add_video(world: World, booking: Booking) -> Booking:
    """Cal Video: the meeting link in the booking's metadata and a daily_video reference."""
    if booking.location != rules.CAL_VIDEO:
        return booking
    url = str(booking.metadata.get("videoCallUrl") or rules.video_url(booking.uid))
    room = ids.short_uid(world.rng)
    world.insert(
        "booking_references",
        BookingReference(
            world.next_id("booking_references"), booking.id, "daily_video", room, meeting_id=room, meeting_url=url
        ),
    )
    if booking.metadata.get("videoCallUrl") == url:
        return booking
    updated: Booking = world.update("bookings", booking.id, metadata={**booking.metadata, "videoCallUrl": url})
    return updated


def insert(world: World, draft: Booking) -> Booking:
    """Store a drafted booking (its id is given here) and its video meeting (Cal Video's or the app's);
    an accepted one goes into its destination calendar, and the one it replaces leaves it."""
    booking: Booking = world.insert("bookings", replace(draft, id=world.next_id("bookings")))
    booking = _add_video(world, conferencing.add_meeting(world, booking))
    if booking.from_reschedule:
        calendar_events.remove_booking_events(world, booking.from_reschedule)
    calendar_events.write_booking_event(world, booking)
    return booking
