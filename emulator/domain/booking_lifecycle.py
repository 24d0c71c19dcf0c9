"""What happens to a booking after it is made: cancel, confirm, decline, mark absent, reassign.

Read from apps/api/v2/src/ee/bookings/2024-08-13/services/{bookings,input}.service.ts,
packages/features/bookings/lib/handleCancelBooking.ts (+ handleSeats/cancel),
packages/trpc/server/routers/viewer/bookings/confirm.handler.ts, packages/features/handleMarkNoShow.ts
and packages/features/ee/round-robin/roundRobin{,Manual}Reassignment.ts.

- Cancel: anyone with the uid may cancel (as on the server); the organizer must give a reason (unless
  the event type belongs to a platform OAuth client); a cancelled booking cannot be cancelled again, an
  ended one cannot be cancelled; a seated booking is cancelled whole only by a host, while a seat uid
  removes just that attendee. A recurring booking's uid (its recurringEventId) cancels every occurrence
  from now on; ``cancelSubsequentBookings`` cancels an occurrence and the ones after it.
- Confirm / decline: by the organizer, a host, a team admin or an organization admin (401 otherwise);
  never an accepted booking; a recurring booking's pending occurrences all follow.
- Mark absent: after the start only; the host flag and attendees by e-mail.
- Reassign: round-robin bookings to another round-robin host (free at that time, or the one named).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from emulator.domain import booking_access as access
from emulator.domain import booking_availability as slots
from emulator.domain import booking_rules as rules
from emulator.domain import calendar_events, webhooks
from emulator.domain.booking_records import (
    ACCEPTED,
    CANCELLED,
    PENDING,
    all_or_nothing,
    event_type_of,
    find,
    is_recurring_event,
    series,
)
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.booking_seats import drop_attendee, find_seat
from emulator.domain.slot_hosts import ROUND_ROBIN, hosts_of
from emulator.world.clock import iso_ms
from emulator.world.models import Booking, EventType, User
from emulator.world.store import World

REJECTED = "REJECTED"
TRPC = "TRPCError"


def _now_update(world: World, booking: Booking, **changes: object) -> Booking:
    updated: Booking = world.update("bookings", booking.id, updated_at=world.clock.now(), **changes)
    return updated


def _drop_references(world: World, booking: Booking) -> None:
    for reference in world.where("booking_references", lambda r: r.booking_id == booking.id):
        world.delete("booking_references", reference.id)
    calendar_events.remove_booking_events(world, booking.uid)  # its event leaves the destination calendar


# cancel --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cancelled:
    """What the v2 answer shows after a cancel: ``uid`` (a booking's or a series') read back, or the
    whole series when ``series_of`` names one (cancelSubsequentBookings)."""

    uid: str
    series_of: str | None = None


def _platform_event(world: World, booking: Booking) -> bool:
    """Event types of a platform OAuth client's managed users: no cancellation reason is needed."""
    organizer: User | None = world.find("users", booking.user_id) if booking.user_id is not None else None
    return organizer is not None and organizer.platform_client_id is not None


@all_or_nothing
def cancel(
    world: World,
    uid: str,
    *,
    reason: str | None = None,
    subsequent: bool = False,
    seat_uid: str | None = None,
    caller: User | None = None,
) -> Cancelled:
    target, every_remaining = uid, False
    if seat_uid is not None:
        found = find_seat(world, seat_uid)
        if found is None:
            raise BookingRefused(400, "Invalid seatUid: this seat does not exist or has already been cancelled.")
        if found[0].uid != uid:
            raise BookingRefused(400, "Invalid seatUid: this seat does not belong to this booking.")
        reason = ""
    else:
        occurrences = series(world, uid)
        if occurrences and subsequent:
            raise BookingRefused(
                400,
                "Cannot cancel subsequent bookings for recurring event - you have to provide uid of one of the "
                "individual bookings of a recurring booking.",
            )
        if occurrences:
            target, every_remaining = occurrences[0].uid, True
    booking = find(world, target)
    if booking is None:
        raise BookingRefused(404, f"Booking with uid={uid} not found")
    if booking.status == CANCELLED:
        raise BookingRefused(
            400,
            f"Can't cancel booking with uid={uid} because it has been cancelled already. Please provide uid of a "
            "booking that is not cancelled.",
        )
    if subsequent and not booking.recurring_event_id:
        # the server cancels first and then fails to read the series; refusing first keeps the world as it was
        raise BookingRefused(400, f"Booking with bookingUid={uid} is not part of a recurring booking.")
    _cancel_checks(world, booking, reason, seat_uid, caller)
    _cancel(world, booking, reason, seat_uid, every_remaining, subsequent)
    after = find(world, booking.uid) or booking
    cancelled_by = caller.email if caller is not None else None
    webhooks.emit(world, webhooks.BOOKING_CANCELLED, after, cancelledBy=cancelled_by, cancellationReason=reason or None)
    return Cancelled(uid, booking.recurring_event_id if subsequent else None)


def _cancel_checks(
    world: World, booking: Booking, reason: str | None, seat_uid: str | None, caller: User | None
) -> None:
    """handleCancelBooking's refusals, all bare."""
    event_type = event_type_of(world, booking)
    if booking.user_id is None or world.find("users", booking.user_id) is None:
        raise BookingRefused(400, "User not found", bare=True)
    if event_type is not None and event_type.settings.get("disableCancelling"):
        raise BookingRefused(400, "This event type does not allow cancellations", bare=True)
    is_host = caller is not None and booking.user_id == caller.id
    if is_host and not (reason or "").strip() and not _platform_event(world, booking):
        raise BookingRefused(400, "Cancellation reason is required when you are the host", bare=True)
    if world.clock.now() > booking.end:
        raise BookingRefused(400, "Cannot cancel a booking that has already ended", bare=True)
    if event_type is not None and event_type.seats_per_time_slot and seat_uid is None:
        hosts = {h.user_id for h in event_type.hosts} | {event_type.owner_id}
        if caller is None or caller.id not in hosts:
            raise BookingRefused(401, "User not a host of this event", bare=True)


def _cancel(
    world: World, booking: Booking, reason: str | None, seat_uid: str | None, every_remaining: bool, subsequent: bool
) -> None:
    if seat_uid is not None and len(booking.attendees) >= 2:
        seat = next(a for a in booking.attendees if a.seat_uid == seat_uid)
        drop_attendee(world, booking, seat)
        return
    event_type = event_type_of(world, booking)
    recurring = event_type is not None and is_recurring_event(event_type)
    if recurring and booking.recurring_event_id and (every_remaining or subsequent):
        cutoff = booking.start if subsequent else world.clock.now()
        for occurrence in series(world, booking.recurring_event_id):
            if occurrence.start >= cutoff:
                _now_update(world, occurrence, status=CANCELLED, cancellation_reason=reason, cancelled_by=None)
                _drop_references(world, occurrence)
        return
    seated = event_type is not None and bool(event_type.seats_per_time_slot)
    changes: dict[str, object] = {"status": CANCELLED, "cancellation_reason": reason, "cancelled_by": None}
    if seated:
        changes["attendees"] = ()
    _now_update(world, booking, **changes)
    _drop_references(world, booking)


# confirm / decline ---------------------------------------------------------------------------------


def _to_decide(world: World, uid: str, user: User) -> Booking:
    booking = find(world, uid)
    if booking is None:
        raise BookingRefused(404, f"Booking with uid={uid} was not found in the database")
    if not access.may_confirm(world, user, booking):
        raise BookingRefused(401, "You are not authorized to access this resource", code=TRPC)
    if booking.status == ACCEPTED:  # "Booking already confirmed", which the trpc filter turns generic
        raise BookingRefused(400, "Bad request: Please check your request data and try again", code=TRPC)
    return booking


@all_or_nothing
def confirm(world: World, uid: str, user: User) -> Booking:
    booking = _to_decide(world, uid, user)
    if booking.recurring_event_id:
        for occurrence in series(world, booking.recurring_event_id):
            if occurrence.status == PENDING:
                _now_update(world, occurrence, status=ACCEPTED)
    confirmed = _now_update(world, find(world, uid) or booking, status=ACCEPTED)
    webhooks.emit(world, webhooks.BOOKING_CREATED, confirmed)  # handleConfirmation sends BOOKING_CREATED
    return confirmed


@all_or_nothing
def decline(world: World, uid: str, user: User, reason: str | None = None) -> Booking:
    booking = _to_decide(world, uid, user)
    if booking.recurring_event_id:
        for occurrence in series(world, booking.recurring_event_id):
            if occurrence.status == PENDING:
                _now_update(world, occurrence, status=REJECTED, rejection_reason=reason)
        updated = find(world, uid)
        assert updated is not None
    else:
        updated = _now_update(world, booking, status=REJECTED, rejection_reason=reason)
    webhooks.emit(world, webhooks.BOOKING_REJECTED, updated, rejectionReason=reason)
    return updated


# mark absent ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Absence:
    email: str
    absent: bool


@all_or_nothing
def mark_absent(
    world: World, uid: str, user: User, *, host: bool | None = None, attendees: Sequence[Absence] = ()
) -> Booking:
    booking = find(world, uid)
    if booking is None:
        raise BookingRefused(404, f"Booking with uid={uid} not found.")
    now = world.clock.now()
    if now < booking.start:
        raise BookingRefused(
            400,
            "Bookings can only be marked as absent after their scheduled start time. Current time in UTC+0: "
            f"{iso_ms(now)}, Booking start time in UTC+0: {iso_ms(booking.start)}",
        )
    if (attendees or host) and not access.visible_to(world, user)(booking):
        raise BookingRefused(403, "You are not allowed to access this booking", bare=True)
    wanted = {a.email: a.absent for a in attendees}
    if wanted:
        marked = tuple(replace(a, no_show=wanted[a.email]) if a.email in wanted else a for a in booking.attendees)
        booking = _now_update(world, booking, attendees=marked)
    if host:
        booking = _now_update(world, booking, no_show_host=True)
    return booking


# reassign ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reassigned:
    booking: Booking
    to: User


def _round_robin_hosts(world: World, event_type: EventType | None) -> list[User]:
    if event_type is None or event_type.scheduling_type != ROUND_ROBIN:
        return []
    return [h.user for h in hosts_of(world, event_type) if not h.fixed]


def _previous_host(booking: Booking, hosts: Sequence[User]) -> User | None:
    emails = {a.email.lower() for a in booking.attendees}
    for user in hosts:
        if user.id == booking.user_id or user.email.lower() in emails:
            return user
    return None


def _hand_over(world: World, booking: Booking, event_type: EventType, previous: User | None, new: User) -> Booking:
    if previous is None or previous.id == booking.user_id:
        answers = booking.responses
        name = answers.get("name") if isinstance(answers.get("name"), str) else None
        attendee_name = str(name or (booking.attendees[0].name if booking.attendees else "Nameless"))
        title = rules.event_name(
            event_type,
            attendee=attendee_name,
            organizer=new.name,
            team_name=None,
            location=booking.location,
            minutes=int((booking.end - booking.start).total_seconds() // 60),
            responses=answers,
        )
        return _now_update(world, booking, user_id=new.id, title=title)
    swapped = tuple(
        replace(a, name=new.name, email=new.email, time_zone=new.time_zone, locale=new.locale)
        if a.email.lower() == previous.email.lower()
        else a
        for a in booking.attendees
    )
    return _now_update(world, booking, attendees=swapped)


@all_or_nothing
def reassign(world: World, uid: str) -> Reassigned:
    """roundRobinReassignment: the next free round-robin host, by the lucky-user order."""
    booking = find(world, uid)
    if booking is None:
        raise BookingRefused(404, f"Booking with uid={uid} was not found in the database")
    event_type = event_type_of(world, booking)
    hosts = _round_robin_hosts(world, event_type)
    previous = _previous_host(booking, hosts)
    emails = {a.email.lower() for a in booking.attendees}
    candidates = [u for u in hosts if u.email.lower() not in emails and u.id != booking.user_id]
    assert event_type is not None or not candidates
    minutes = int((booking.end - booking.start).total_seconds() // 60)
    zone = booking.attendees[0].time_zone if booking.attendees else "UTC"
    asked = slots.AskedSlot(booking.start, minutes, zone, booking.uid)
    free = [u for u in candidates if event_type is not None and slots.is_offered(world, _only(event_type, u), asked)]
    if not free or event_type is None:
        raise BookingRefused(400, "Can't reassign the booking because no other host is available at that time.")
    chosen = rules.lucky_order(world, event_type, free)[0]
    return Reassigned(_hand_over(world, booking, event_type, previous, chosen), chosen)


def _only(event_type: EventType, user: User) -> EventType:
    """The event type as if ``user`` were its only round-robin host."""
    kept = tuple(h for h in event_type.hosts if h.is_fixed or h.user_id == user.id)
    return replace(event_type, hosts=kept)


@all_or_nothing
def reassign_to(world: World, uid: str, user_id: int) -> Reassigned:
    """roundRobinManualReassignment: to a named round-robin host of the booking's event type."""
    booking = find(world, uid)
    if booking is None:
        raise BookingRefused(404, f"Booking with uid={uid} was not found in the database")
    user: User | None = world.find("users", user_id)
    if user is None:
        raise BookingRefused(404, f"User with id={user_id} was not found in the database")
    event_type = event_type_of(world, booking)
    hosts = _round_robin_hosts(world, event_type)
    if event_type is None or user.id not in {h.id for h in hosts}:
        raise BookingRefused(
            400,
            f"User with id={user_id} is not a valid Round Robin host - the user to which you reassign this booking "
            "must be one of the booking hosts. Fetch the booking using following endpoint and select id of one of the "
            "hosts: https://cal.com/docs/api-reference/v2/bookings/get-a-booking",
        )
    return Reassigned(_hand_over(world, booking, event_type, _previous_host(booking, hosts), user), user)
