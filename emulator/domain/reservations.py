"""Slot holds (Cal.com's SelectedSlots): a slot kept from others for a few minutes while someone books.

Read from apps/api/v2/src/modules/slots/slots-2024-09-04/services/slots.service.ts and the 2024-04-15
service and repositories:

- A hold lasts 5 minutes on the world clock unless an authenticated caller asks for another length;
  only the event type's owner, someone sharing an accepted team membership with the owner, or (team
  events) an accepted member of the team or of its organization may ask.
- 2024-09-04 refuses (422) a slot that overlaps an accepted, pending or awaiting-host booking of the
  event type (for seated events: only when the booking has no seat left), or an unexpired hold of the
  same event type. Updating a hold runs the same checks, its own hold included, as the server does.
- The hold belongs to the event type's owner, or to its first host.
- The legacy reserve keeps one hold per host under the caller's ``uid`` (cookie) and checks nothing;
  for seated events it holds only when ``bookingUid`` names a booking with seats left.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from emulator.world import ids
from emulator.world.models import Booking, EventType, Reservation, User
from emulator.world.store import World

DEFAULT_HOLD_MINUTES = 5
BLOCKING_STATUSES = ("ACCEPTED", "PENDING", "AWAITING_HOST")


class HoldRefused(Exception):
    """A hold the server refuses; ``kind`` is bad_request, unprocessable or not_found."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def slot_minutes(event_type: EventType, slot_duration: int | None) -> int:
    """The hold's length: the event's, or one of its offered lengths."""
    if not slot_duration:
        return event_type.length
    if not event_type.lengths:
        raise HoldRefused(
            "bad_request", "You passed 'slotDuration' but this event type is not a variable length event type."
        )
    if slot_duration not in event_type.lengths:
        offered = ", ".join(str(n) for n in event_type.lengths)
        raise HoldRefused(
            "bad_request",
            "Provided 'slotDuration' is not one of the possible lengths for the event type. "
            f"The possible lengths for this variable length event type are: {offered}",
        )
    return slot_duration


def may_set_hold_length(world: World, user: User, event_type: EventType) -> bool:
    def accepted_teams(user_id: int) -> set[int]:
        return {m.team_id for m in world.where("memberships", lambda m: m.user_id == user_id and m.accepted)}

    if event_type.owner_id is not None:
        return user.id == event_type.owner_id or bool(accepted_teams(user.id) & accepted_teams(event_type.owner_id))
    if event_type.team_id is not None:
        mine = accepted_teams(user.id)
        if event_type.team_id in mine:
            return True
        team = world.find("teams", event_type.team_id)
        return team is not None and team.parent_id is not None and team.parent_id in mine
    return False


def _overlapping_booking(world: World, event_type_id: int, start: datetime, end: datetime) -> Booking | None:
    found: list[Booking] = sorted(
        world.where(
            "bookings",
            lambda b: (
                b.event_type_id == event_type_id and b.status in BLOCKING_STATUSES and b.start < end and b.end > start
            ),
        ),
        key=lambda b: b.id,
    )
    return found[0] if found else None


def check_free(world: World, event_type: EventType, start: datetime, end: datetime, start_text: str) -> None:
    """The 422s of 2024-09-04 reservations, in the server's order."""
    booking = _overlapping_booking(world, event_type.id, start, end)
    seats = event_type.seats_per_time_slot
    if seats and booking is not None and booking.attendees and seats - len(booking.attendees) < 1:
        raise HoldRefused("unprocessable", f"Booking with id={event_type.id} at {start_text} has no more seats left.")
    if not seats and booking is not None:
        raise HoldRefused("unprocessable", "Can't reserve a slot if the event is already booked.")
    now = world.clock.now()
    held = world.where(
        "reservations",
        lambda r: r.event_type_id == event_type.id and r.release_at > now and r.slot_start < end and r.slot_end > start,
    )
    if held:
        raise HoldRefused(
            "unprocessable", "This time slot is already reserved by another user. Please choose a different time."
        )


def holder(event_type: EventType) -> int:
    """Whose calendar the hold sits on: the owner, else the first host."""
    if event_type.owner_id is not None:
        return event_type.owner_id
    if not event_type.hosts:
        raise HoldRefused("bad_request", "Cannot reserve a slot for a team event without any hosts")
    return event_type.hosts[0].user_id


def reserve(
    world: World, event_type: EventType, start: datetime, minutes: int, hold_minutes: int, reserved_by: int | None
) -> Reservation:
    user_id = holder(event_type)
    return world.insert(
        "reservations",
        Reservation(
            id=world.next_id("reservations"),
            uid=ids.uuid4(world.rng),
            event_type_id=event_type.id,
            user_id=user_id,
            slot_start=start,
            slot_end=start + timedelta(minutes=minutes),
            release_at=world.clock.now() + timedelta(minutes=hold_minutes),
            is_seat=event_type.seats_per_time_slot is not None,
            reserved_by=reserved_by,
        ),
    )


def move(
    world: World, hold: Reservation, event_type: EventType, start: datetime, minutes: int, hold_minutes: int
) -> Reservation:
    updated: Reservation = world.update(
        "reservations",
        hold.id,
        event_type_id=event_type.id,
        slot_start=start,
        slot_end=start + timedelta(minutes=minutes),
        release_at=world.clock.now() + timedelta(minutes=hold_minutes),
    )
    return updated


def find(world: World, uid: str) -> Reservation | None:
    found: list[Reservation] = sorted(world.where("reservations", lambda r: r.uid == uid), key=lambda r: r.id)
    return found[0] if found else None


def release(world: World, uid: str) -> None:
    for hold in world.where("reservations", lambda r: r.uid == uid):
        world.delete("reservations", hold.id)


def legacy_hold(
    world: World, event_type: EventType, start: datetime, end: datetime, uid: str, booking_uid: str | None
) -> None:
    """POST /v2/slots/reserve: one hold per host under ``uid``, renewed if it exists (upsert)."""
    seats = event_type.seats_per_time_slot
    if seats:
        booking: Booking | None = next(iter(world.where("bookings", lambda b: b.uid == booking_uid)), None)
        taken = len(booking.attendees) if booking is not None and booking_uid else 0
        if not taken or seats - taken < 1:
            return
    users = [event_type.owner_id] if event_type.owner_id is not None else [h.user_id for h in event_type.hosts]
    release_at = world.clock.now() + timedelta(minutes=DEFAULT_HOLD_MINUTES)
    mine = [r for r in world.tables["reservations"].values() if r.uid == uid and r.slot_start == start]
    for user_id in users:
        same = [r for r in mine if r.user_id == user_id and r.slot_end == end]
        if same:
            world.update("reservations", same[0].id, release_at=release_at, event_type_id=event_type.id)
            continue
        world.insert(
            "reservations",
            Reservation(
                id=world.next_id("reservations"),
                uid=uid,
                event_type_id=event_type.id,
                user_id=user_id,
                slot_start=start,
                slot_end=end,
                release_at=release_at,
                is_seat=seats is not None,
            ),
        )
