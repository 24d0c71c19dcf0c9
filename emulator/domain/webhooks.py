"""Webhook deliveries for booking events, without any HTTP.

``emit(world, trigger, booking)`` finds the active webhooks subscribed to ``trigger`` for the
booking (Cal.com's getWebhooks: the organizer's own, the event type's (and its managed parent's),
the team's, and the platform OAuth client's for managed users), builds each body and signature
(webhook_body.py) and posts a pending ``Delivery`` to the world's outbox. The request pipeline takes
the outbox only after its transaction commits, so a failed request delivers nothing; the runtime's
outbox (emulator/pipeline/webhook_outbox.py) keeps the records and does the sending.

Where Cal.com fires (handleNewBooking.ts, handleConfirmation.ts, handleCancelBooking.ts,
confirm.handler.ts): create -> BOOKING_CREATED, or BOOKING_REQUESTED when it needs confirmation,
with BOOKING_PAYMENT_INITIATED first and BOOKING_PAID after for paid event types; reschedule ->
BOOKING_RESCHEDULED (no BOOKING_CANCELLED for the old booking); cancel -> BOOKING_CANCELLED;
confirm -> BOOKING_CREATED (handleConfirmation); decline -> BOOKING_REJECTED.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from emulator.domain import webhook_body, workflows_reminders
from emulator.world.clock import iso_ms
from emulator.world.models import Attendee, Booking, EventType, User, Webhook
from emulator.world.store import World

BOOKING_CREATED = "BOOKING_CREATED"
BOOKING_REQUESTED = "BOOKING_REQUESTED"
BOOKING_RESCHEDULED = "BOOKING_RESCHEDULED"
BOOKING_CANCELLED = "BOOKING_CANCELLED"
BOOKING_REJECTED = "BOOKING_REJECTED"
BOOKING_PAYMENT_INITIATED = "BOOKING_PAYMENT_INITIATED"
BOOKING_PAID = "BOOKING_PAID"


@dataclass
class Delivery:
    """One POST to one subscriber. ``status``: pending -> recorded (record mode) | delivered | failed."""

    webhook_id: str
    trigger: str
    url: str
    headers: dict[str, str]
    body: str
    created_at: str
    id: int = 0  # given by the runtime's outbox when the request commits
    status: str = "pending"
    response_status: int | None = None
    error: str | None = None
    attempted_at: str | None = None
    booking_uid: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "webhookId": self.webhook_id,
            "triggerEvent": self.trigger,
            "subscriberUrl": self.url,
            "headers": dict(self.headers),
            "body": self.body,
            "createdAt": self.created_at,
            "status": self.status,
            "responseStatus": self.response_status,
            "error": self.error,
            "attemptedAt": self.attempted_at,
            "bookingUid": self.booking_uid,
        }


# who subscribes ----------------------------------------------------------------------------------


def subscribers(world: World, trigger: str, booking: Booking) -> list[Webhook]:
    """Active webhooks with ``trigger`` that cover the booking, oldest first, each once."""
    organizer: User | None = world.find("users", booking.user_id) if booking.user_id is not None else None
    event_type: EventType | None = (
        world.find("event_types", booking.event_type_id) if booking.event_type_id is not None else None
    )
    event_type_ids = {e for e in (booking.event_type_id, event_type.parent_id if event_type else None) if e}
    teams = (event_type.team_id if event_type else None, organizer.organization_id if organizer else None)
    team_ids = {t for t in teams if t}
    client = organizer.platform_client_id if organizer is not None else None

    def covers(hook: Webhook) -> bool:
        if not hook.active or trigger not in hook.triggers:
            return False
        return (
            (hook.user_id is not None and organizer is not None and hook.user_id == organizer.id)
            or (hook.event_type_id is not None and hook.event_type_id in event_type_ids)
            or (hook.team_id is not None and hook.team_id in team_ids)
            or (hook.platform_client_id is not None and hook.platform_client_id == client)
        )

    found: list[Webhook] = [h for h in world.all("webhooks") if covers(h)]
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(found, key=lambda h: (h.created_at or epoch, h.id))


# the payload ------------------------------------------------------------------------------------


def event_time(moment: datetime) -> str:
    """The calendar event's form: UTC, seconds, trailing Z, no milliseconds (isoformat: a
    four-digit year always, and cheaper than strftime)."""
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    return utc.isoformat(timespec="seconds")[:-6] + "Z"


def utc_offset(zone: str, at: datetime) -> int:
    """Minutes east of UTC in ``zone`` at ``at`` (getUTCOffsetByTimezone); 0 for an unknown zone."""
    try:
        offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    except (KeyError, ValueError):
        return 0
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _person(user: User, at: datetime) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "username": user.username,
        "timeZone": user.time_zone,
        "language": {"locale": user.locale},
        "timeFormat": "h:mma" if user.time_format == 12 else "HH:mm",
        "utcOffset": utc_offset(user.time_zone, at),
    }


def _attendee(attendee: Attendee, at: datetime) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": attendee.name,
        "email": attendee.email,
        "timeZone": attendee.time_zone,
        "language": {"locale": attendee.locale},
        "utcOffset": utc_offset(attendee.time_zone, at),
    }
    if attendee.phone_number:
        out["phoneNumber"] = attendee.phone_number
    return out


def booking_payload(world: World, booking: Booking, extras: dict[str, Any] | None = None) -> dict[str, Any]:
    """The calendar event plus Cal.com's webhook extras (see reference section 9)."""
    organizer: User | None = world.find("users", booking.user_id) if booking.user_id is not None else None
    event_type: EventType | None = (
        world.find("event_types", booking.event_type_id) if booking.event_type_id is not None else None
    )
    minutes = int((booking.end - booking.start).total_seconds() // 60)
    payload: dict[str, Any] = {
        "type": event_type.slug if event_type else None,
        "title": booking.title,
        "description": booking.description,
        "additionalNotes": booking.description,
        "customInputs": {},
        "startTime": event_time(booking.start),
        "endTime": event_time(booking.end),
        "organizer": _person(organizer, booking.start) if organizer else None,
        "attendees": [_attendee(a, booking.start) for a in booking.attendees],
        "responses": dict(booking.responses),
        "location": booking.location,
        "uid": booking.uid,
        "iCalUID": booking.ical_uid,
        "bookingId": booking.id,
        "eventTypeId": booking.event_type_id,
        "eventTitle": event_type.title if event_type else None,
        "eventDescription": event_type.description if event_type else None,
        "price": event_type.price if event_type else 0,
        "currency": event_type.currency if event_type else "usd",
        "length": minutes,
        "status": booking.status.upper(),
        "metadata": dict(booking.metadata),
    }
    if booking.recurring_event_id:
        payload["recurringEventId"] = booking.recurring_event_id
    payload.update(extras or {})
    return payload


def reschedule_extras(original: Booking, rescheduled_by: str | None) -> dict[str, Any]:
    return {
        "rescheduleId": original.id,
        "rescheduleUid": original.uid,
        "rescheduleStartTime": event_time(original.start),
        "rescheduleEndTime": event_time(original.end),
        "rescheduledBy": rescheduled_by,
    }


# emitting ---------------------------------------------------------------------------------------


def deliveries_for(
    world: World, trigger: str, booking: Booking, extras: dict[str, Any] | None = None
) -> list[Delivery]:
    """The deliveries one event makes, one per subscribed webhook, bodies and signatures included."""
    hooks = subscribers(world, trigger, booking)
    if not hooks:
        return []
    created_at = iso_ms(world.clock.now())
    payload = booking_payload(world, booking, extras)
    out: list[Delivery] = []
    for hook in hooks:
        text, content_type = webhook_body.body(hook.payload_template, trigger, created_at, payload)
        headers = {"Content-Type": content_type, "X-Cal-Signature-256": webhook_body.signature(hook.secret, text)}
        out.append(Delivery(hook.id, trigger, hook.subscriber_url, headers, text, created_at, booking_uid=booking.uid))
    return out


def emit(world: World, trigger: str, booking: Booking, **extras: Any) -> None:
    """Queue ``trigger`` for ``booking`` on the world's outbox (sent after the request commits); the
    booking's workflows react to the same event (reminders sent, scheduled or withdrawn)."""
    for delivery in deliveries_for(world, trigger, booking, extras):
        world.post(delivery)
    workflows_reminders.on_booking_event(world, trigger, booking, extras)


def emit_created(world: World, booking: Booking, *, paid: bool = False) -> None:
    """A new booking: CREATED, or REQUESTED while it waits for confirmation; paid ones around it. One
    waiting for its Stripe payment only says the payment started (payments.py sends the rest)."""
    if any(p.booking_id == booking.id and not p.success for p in world.tables["payments"].values()):
        emit(world, BOOKING_PAYMENT_INITIATED, booking)
        return
    if paid:
        emit(world, BOOKING_PAYMENT_INITIATED, booking)
    emit(world, BOOKING_REQUESTED if booking.status == "PENDING" else BOOKING_CREATED, booking)
    if paid:
        emit(world, BOOKING_PAID, booking, paid=True)
