"""Workflows of organization teams (packages/prisma/schema.prisma: Workflow, WorkflowStep,
WorkflowsOnEventTypes).

A workflow keeps its steps and the event types it is active on inside its own record: the API reads
and writes them together. Enum values are stored as Prisma spells them (``BEFORE_EVENT``, ``HOUR``,
``EMAIL_HOST``, ``REMINDER``); the API's lower-case names are the room's concern. The reminders a
workflow sends are messages in the world's outbox (records_verified.OutboxMessage), not rows here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WorkflowStep:
    id: int
    step_number: int
    action: str  # EMAIL_HOST | EMAIL_ATTENDEE | EMAIL_ADDRESS | SMS_ATTENDEE | SMS_NUMBER | WHATSAPP_*
    template: str = "REMINDER"  # REMINDER | CUSTOM | RESCHEDULED | COMPLETED | RATING | CANCELLED
    send_to: str | None = None  # the verified address or number of EMAIL_ADDRESS, SMS_NUMBER, WHATSAPP_NUMBER
    reminder_body: str | None = None
    email_subject: str | None = None
    sender: str | None = None
    number_required: bool | None = None  # SMS_ATTENDEE, WHATSAPP_ATTENDEE: the booker must give a number
    include_calendar_event: bool = False


@dataclass(frozen=True, slots=True)
class Workflow:
    id: int
    name: str
    team_id: int | None
    user_id: int | None = None
    trigger: str = "BEFORE_EVENT"
    time: int | None = 24
    time_unit: str | None = "HOUR"  # DAY | HOUR | MINUTE
    is_active_on_all: bool = False
    active_on: tuple[int, ...] = ()  # event type ids, managed children included
    steps: tuple[WorkflowStep, ...] = ()
    type: str = "EVENT_TYPE"  # EVENT_TYPE | ROUTING_FORM
    key: str | None = None
