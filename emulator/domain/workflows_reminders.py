"""What a workflow sends for a booking, and when: packages/features/ee/workflows/lib/reminders
(reminderScheduler.ts, emailReminderManager.ts, smsReminderManager.ts, whatsappReminderManager.ts).

The booking domain reports each booking event through ``on_booking_event`` (called where the booking
webhooks fire, domain/webhooks.py); every message goes to the outbox (domain/outbox.py):

- ``beforeEvent`` and ``afterEvent`` workflows schedule a reminder at the start minus, or the end plus,
  the workflow's offset (``time`` in ``timeUnit``) when a booking is accepted (created, confirmed,
  paid, rescheduled). Emails are scheduled whatever the time (a time already past goes out at once);
  text messages only when due more than 15 minutes from now (Twilio's window; beyond 7 days Cal.com's
  cron sends them later, which the outbox shows the same way); an offset of 0 sends an email at once
  and no text message at all.
- ``newEvent`` (the first booking of a series only), ``rescheduleEvent``, ``eventCancelled``,
  ``bookingRequested``, ``bookingRejected``, ``bookingPaymentInitiated`` and ``bookingPaid`` workflows
  send at once.
- Cancelling a booking (and rescheduling it away) withdraws its reminders still due; a seat cancelled
  withdraws the ones addressed to that attendee.

Which workflows: team workflows of the event type's team (a managed child's parent team) that are
active on all of the team's event types or on this one. Recipients: ``email_host`` the organizer,
``email_attendee`` each attendee who is not a host, ``email_address``/``sms_number``/``whatsapp_number``
the step's verified address or number, ``sms_attendee``/``whatsapp_attendee`` the booking's SMS
reminder number (else the attendee's phone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from emulator.domain import booking_lookups as lookups
from emulator.domain import outbox
from emulator.domain.workflows_messages import Occasion, email, text
from emulator.world.models import Attendee, Booking, EventType, User
from emulator.world.records_verified import OutboxMessage
from emulator.world.records_workflows import Workflow, WorkflowStep
from emulator.world.store import World

BEFORE_EVENT, AFTER_EVENT = "BEFORE_EVENT", "AFTER_EVENT"
OFFSET_TRIGGERS = (BEFORE_EVENT, AFTER_EVENT)
EMAIL_ACTIONS = ("EMAIL_HOST", "EMAIL_ATTENDEE", "EMAIL_ADDRESS")
ATTENDEE_PHONE_ACTIONS = ("SMS_ATTENDEE", "WHATSAPP_ATTENDEE")
UNITS = {"MINUTE": timedelta(minutes=1), "HOUR": timedelta(hours=1), "DAY": timedelta(days=1)}
TEXT_WINDOW = (timedelta(minutes=15), timedelta(days=7))  # Twilio schedules 15 minutes to 7 days ahead
SENDER_NAME, SENDER_ID = "Cal.com", "Cal"  # Cal.com's defaults for a step without a sender

# Booking webhook trigger -> the workflow trigger sent at once for it.
INSTANT = {
    "BOOKING_CREATED": "NEW_EVENT",
    "BOOKING_RESCHEDULED": "RESCHEDULE_EVENT",
    "BOOKING_CANCELLED": "EVENT_CANCELLED",
    "BOOKING_REQUESTED": "BOOKING_REQUESTED",
    "BOOKING_REJECTED": "BOOKING_REJECTED",
    "BOOKING_PAYMENT_INITIATED": "BOOKING_PAYMENT_INITIATED",
    "BOOKING_PAID": "BOOKING_PAID",
}
ACTIVE = ("ACCEPTED",)
REMINDER = "workflow_reminder"  # the outbox kind


# which workflows, which bookings ----------------------------------------------------------------


def _event_type(world: World, booking: Booking) -> EventType | None:
    found: EventType | None = (
        world.find("event_types", booking.event_type_id) if booking.event_type_id is not None else None
    )
    return found


def team_of(world: World, event_type: EventType) -> int | None:
    """The team whose workflows cover an event type: its own, or its managed parent's."""
    if event_type.team_id is not None:
        return event_type.team_id
    parent: EventType | None = world.find("event_types", event_type.parent_id) if event_type.parent_id else None
    return parent.team_id if parent is not None else None


def team_event_types(world: World, team_id: int) -> list[int]:
    """A team's event types, each followed by its managed children (what "active on all" covers)."""
    out: list[int] = []
    for event_type in sorted(world.where("event_types", lambda e: e.team_id == team_id), key=lambda e: e.id):
        out += [event_type.id, *children(world, event_type.id)]
    return out


def children(world: World, event_type_id: int) -> list[int]:
    return sorted(e.id for e in world.where("event_types", lambda e: e.parent_id == event_type_id))


def covers(world: World, workflow: Workflow, event_type: EventType) -> bool:
    if workflow.team_id is None or team_of(world, event_type) != workflow.team_id:
        return False
    return workflow.is_active_on_all or event_type.id in workflow.active_on


def workflows_for(world: World, booking: Booking) -> list[Workflow]:
    event_type = _event_type(world, booking)
    if event_type is None:
        return []
    found = world.where("workflows", lambda w: w.type == "EVENT_TYPE" and covers(world, w, event_type))
    return sorted(found, key=lambda w: w.id)


def upcoming(world: World, event_type_ids: Iterable[int], trigger: str) -> list[Booking]:
    """Accepted bookings of these event types a reminder can still be for (start, or end for
    afterEvent, not yet past): what editing a workflow schedules for."""
    ids, now = set(event_type_ids), world.clock.now()

    def wanted(b: Booking) -> bool:
        return b.event_type_id in ids and b.status in ACTIVE and (b.end if trigger == AFTER_EVENT else b.start) >= now

    return sorted(world.where("bookings", wanted), key=lambda b: (b.start, b.id))


# recipients and messages ---------------------------------------------------------------------------


def _hosts(world: World, booking: Booking, event_type: EventType | None) -> set[str]:
    ids = {booking.user_id, *(h.user_id for h in (event_type.hosts if event_type else ()))}
    return {u.email.lower() for u in world.all("users") if u.id in ids}


def _sms_number(booking: Booking, attendee: Attendee | None) -> str | None:
    answer = booking.responses.get("smsReminderNumber")
    if isinstance(answer, str) and answer:
        return answer
    return attendee.phone_number if attendee is not None else None


def recipients(world: World, step: WorkflowStep, booking: Booking) -> list[tuple[str, Attendee | None]]:
    """(address or number, the attendee it is about) for each message a step sends for a booking."""
    event_type = _event_type(world, booking)
    organizer: User | None = world.find("users", booking.user_id) if booking.user_id is not None else None
    hosts = _hosts(world, booking, event_type)
    guests = [a for a in booking.attendees if a.email.lower() not in hosts]
    first = guests[0] if guests else (booking.attendees[0] if booking.attendees else None)
    if step.action == "EMAIL_HOST":
        return [(organizer.email, first)] if organizer is not None else []
    if step.action == "EMAIL_ATTENDEE":
        return [(a.email, a) for a in guests]
    if step.action in ATTENDEE_PHONE_ACTIONS:
        number = _sms_number(booking, first)
        return [(number, first)] if number else []
    return [(step.send_to, first)] if step.send_to else []


def _occasion(world: World, step: WorkflowStep, booking: Booking, attendee: Attendee | None) -> Occasion:
    organizer: User | None = world.find("users", booking.user_id) if booking.user_id is not None else None
    to_attendee = step.action in ("EMAIL_ATTENDEE", *ATTENDEE_PHONE_ACTIONS)
    zone = attendee.time_zone if to_attendee and attendee is not None else (organizer.time_zone if organizer else "UTC")
    return Occasion(booking, _event_type(world, booking), organizer, attendee, zone)


def due_at(workflow: Workflow, booking: Booking, trigger: str) -> datetime | None:
    """When an offset reminder is due; None without an offset (time 0 or no unit)."""
    if not workflow.time or workflow.time_unit not in UNITS:
        return None
    offset = UNITS[workflow.time_unit] * workflow.time
    return booking.start - offset if trigger == BEFORE_EVENT else booking.end + offset


def send_step(world: World, workflow: Workflow, step: WorkflowStep, booking: Booking, trigger: str) -> None:
    """The messages one step sends for one booking event: at once, or scheduled for an offset trigger."""
    now = world.clock.now()
    try:
        due = due_at(workflow, booking, trigger) if trigger in OFFSET_TRIGGERS else None
    except OverflowError:  # an offset no calendar holds: nothing is ever due
        return
    is_email = step.action in EMAIL_ACTIONS
    if trigger in OFFSET_TRIGGERS and not is_email and (due is None or due <= now + TEXT_WINDOW[0]):
        return  # Twilio cannot schedule it and Cal.com does not send it
    for to, attendee in recipients(world, step, booking):
        occasion = _occasion(world, step, booking, attendee)
        if is_email:
            subject, body = email(step.email_subject, step.reminder_body, occasion, to)
            channel, sender = "email", step.sender or SENDER_NAME
        else:
            to_attendee = step.action in ATTENDEE_PHONE_ACTIONS
            subject, body = None, text(step.reminder_body, occasion, to_attendee=to_attendee)
            channel = "whatsapp" if step.action.startswith("WHATSAPP") else "sms"
            sender = step.sender or SENDER_ID
        if _already(world, booking, step, to, trigger, due):
            continue
        message = OutboxMessage(
            world.next_id(outbox.OUTBOX),
            channel,
            to,
            subject,
            body,
            None,
            now,
            kind=REMINDER,
            scheduled_at=due,
            booking_uid=booking.uid,
            workflow_id=workflow.id,
            workflow_step_id=step.id,
            trigger=trigger,
            sender=sender,
        )
        outbox.deliver(world, message)


def _already(world: World, booking: Booking, step: WorkflowStep, to: str, trigger: str, due: datetime | None) -> bool:
    """The same reminder is already on its way (a seat joining a booking re-announces the booking)."""
    return any(
        m.booking_uid == booking.uid
        and m.workflow_step_id == step.id
        and m.to == to
        and m.trigger == trigger
        and m.scheduled_at == due
        and m.cancelled_at is None
        for m in world.all(outbox.OUTBOX)
    )


def schedule(world: World, workflow: Workflow, steps: Iterable[WorkflowStep], bookings: Iterable[Booking]) -> None:
    """Offset reminders of ``steps`` for ``bookings`` (a workflow's trigger other than before/after
    the event schedules nothing ahead)."""
    if workflow.trigger not in OFFSET_TRIGGERS:
        return
    for booking in bookings:
        for step in steps:
            send_step(world, workflow, step, booking, workflow.trigger)


def cancel_where(world: World, wanted: Callable[[OutboxMessage], bool]) -> None:
    """Withdraw the workflow reminders still due that ``wanted`` picks."""
    for message in outbox.messages(world):
        if message.kind == REMINDER and wanted(message):
            outbox.cancel(world, message)


# booking events ------------------------------------------------------------------------------------


def _first_of_series(world: World, booking: Booking) -> bool:
    if not booking.recurring_event_id:
        return True
    series = lookups.of_series(world, booking.recurring_event_id)
    return min(series, key=lambda b: (b.start, b.id)).id == booking.id


def _original(world: World, extras: dict[str, Any]) -> Booking | None:
    uid = extras.get("rescheduleUid")
    return lookups.by_uid(world, uid) if uid else None


def _withdraw_cancelled(world: World, booking: Booking) -> None:
    """Reminders of cancelled bookings (the booking, and a series cancelled with it), and of seats gone."""
    now = world.clock.now()
    due = [m for m in world.all(outbox.OUTBOX) if m.kind == REMINDER and outbox.status(m, now) == outbox.SCHEDULED]
    if not due:
        return
    uids = {m.booking_uid for m in due}
    bookings = {b.uid: b for b in world.where("bookings", lambda b: b.uid in uids)}

    def gone(message: OutboxMessage) -> bool:
        held = bookings.get(message.booking_uid or "")
        if held is None or held.status in ("CANCELLED", "REJECTED"):
            return True
        if message.booking_uid != booking.uid:
            return False
        step = _step_of(world, message)
        attending = {a.email for a in held.attendees} | {a.phone_number for a in held.attendees if a.phone_number}
        to_attendee = step is not None and step.action in ("EMAIL_ATTENDEE", *ATTENDEE_PHONE_ACTIONS)
        return to_attendee and message.to not in attending

    cancel_where(world, gone)


def _step_of(world: World, message: OutboxMessage) -> WorkflowStep | None:
    workflow: Workflow | None = world.find("workflows", message.workflow_id) if message.workflow_id else None
    if workflow is None:
        return None
    return next((s for s in workflow.steps if s.id == message.workflow_step_id), None)


def on_booking_event(world: World, webhook_trigger: str, booking: Booking, extras: dict[str, Any]) -> None:
    """The workflows a booking event sets off, named by the booking webhook trigger it fires."""
    if webhook_trigger == "BOOKING_CANCELLED":
        _withdraw_cancelled(world, booking)
        if booking.status != "CANCELLED":
            return  # a seat left: the booking itself goes on
    original = _original(world, extras)
    if original is not None:  # rescheduled away: the old booking's (or the moved seat's) reminders go
        _withdraw_cancelled(world, original)
    instant = INSTANT.get(webhook_trigger)
    if instant == "NEW_EVENT" and not _first_of_series(world, booking):
        instant = None
    accepted = booking.status in ACTIVE and webhook_trigger in ("BOOKING_CREATED", "BOOKING_RESCHEDULED")
    for workflow in workflows_for(world, booking):
        if accepted and workflow.trigger in OFFSET_TRIGGERS:
            schedule(world, workflow, workflow.steps, [booking])
        elif instant is not None and workflow.trigger == instant:
            for step in workflow.steps:
                send_step(world, workflow, step, booking, instant)
