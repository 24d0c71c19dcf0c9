"""The outbox: every message Cal.com would have sent, as a world table tests read through the admin API.

Three kinds share it: verification codes (verified_resources.py), workflow reminders
(workflows_reminders.py) and Cal.ai phone calls (phone_calls.py). It keeps at most
``world.message_limit`` messages (the ``outbox_limit`` setting); past it the oldest are dropped.

A reminder scheduled for later carries ``scheduled_at``; its status is read on the emulator clock:
``scheduled`` until then, ``sent`` after, ``cancelled`` once withdrawn. Everything else is ``sent``
when it is made.
"""

from __future__ import annotations

from datetime import datetime

from emulator.world.records_verified import OutboxMessage
from emulator.world.store import World

OUTBOX = "outbox"

SENT = "sent"
SCHEDULED = "scheduled"
CANCELLED = "cancelled"


def deliver(world: World, message: OutboxMessage) -> OutboxMessage:
    """Put a message in the outbox, dropping the oldest past the world's limit."""
    world.insert(OUTBOX, message)
    rows = world.all(OUTBOX)
    for old in sorted(rows, key=lambda m: m.id)[: max(0, len(rows) - world.message_limit)]:
        world.delete(OUTBOX, old.id)
    return message


def status(message: OutboxMessage, now: datetime) -> str:
    if message.cancelled_at is not None:
        return CANCELLED
    if message.scheduled_at is not None and message.scheduled_at > now:
        return SCHEDULED
    return SENT


def messages(world: World) -> list[OutboxMessage]:
    """Oldest first."""
    return sorted(world.all(OUTBOX), key=lambda m: m.id)


def clear(world: World) -> int:
    """Empty the outbox; the number of messages dropped."""
    rows = world.all(OUTBOX)
    for message in rows:
        world.delete(OUTBOX, message.id)
    return len(rows)


def cancel(world: World, message: OutboxMessage) -> None:
    """Withdraw a reminder that is still due: it stays in the outbox, marked cancelled."""
    if status(message, world.clock.now()) == SCHEDULED:
        world.update(OUTBOX, message.id, cancelled_at=world.clock.now())
