"""Cal.ai phone calls on team event types: packages/features/handleCreatePhoneCall.ts, which the
event-type controllers' create-phone-call operations call.

The handler saves the event type's AI phone call settings (an upsert keyed by the event type: an id
that names no event type is Prisma's foreign-key refusal, 400), has Retell place the call from
``yourPhoneNumber`` to ``numberToCall`` and answers the call's and the agent's ids. The emulator
places no call: it records it in the outbox (kind ``phone_call``, channel ``phone``) with the prompt
the agent would speak from, and answers ids in Retell's shape (32 letters and digits). The call id is
drawn from the world's random source; the agent id depends only on the event type, as Retell keeps
one agent per event type's settings.

The handler does not check that the event type belongs to the path's team: any event type may be
called for (the guards have checked the caller's role in the team).
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass

from emulator.domain import outbox
from emulator.domain.errors import DomainError
from emulator.world.records_verified import OutboxMessage
from emulator.world.store import World

NO_REFERENCE = "Invalid input: The referenced data does not exist."  # Prisma P2003, through the filter
CUSTOM_TEMPLATE, CHECK_IN_APPOINTMENT = "CUSTOM_TEMPLATE", "CHECK_IN_APPOINTMENT"
# PROMPT_TEMPLATES.CHECK_IN_APPOINTMENT.generalPrompt, in short: the agent calls to confirm a booking.
CHECK_IN_PROMPT = (
    "You are a scheduling assistant calling {guestName} on behalf of {schedulerName} to check in about "
    "their upcoming appointment and to book, confirm or reschedule it."
)
_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class CallInput:
    your_phone_number: str
    number_to_call: str
    cal_api_key: str
    template_type: str = CUSTOM_TEMPLATE
    scheduler_name: str | None = None
    guest_name: str | None = None
    guest_email: str | None = None
    guest_company: str | None = None
    begin_message: str | None = None
    general_prompt: str | None = None


def _prompt(data: CallInput) -> str:
    if data.template_type == CUSTOM_TEMPLATE:
        return data.general_prompt or ""
    return CHECK_IN_PROMPT.format(guestName=data.guest_name or "", schedulerName=data.scheduler_name or "")


def agent_id(event_type_id: int) -> str:
    digest = hashlib.sha256(f"cal-ai-agent:{event_type_id}".encode()).digest()
    return "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest)


def create(world: World, event_type_id: int, data: CallInput) -> dict[str, str]:
    """handleCreatePhoneCall: {callId, agentId}."""
    if world.find("event_types", event_type_id) is None:
        raise DomainError(400, NO_REFERENCE, code="BAD_REQUEST")
    call_id = "".join(world.rng.choice(_ALPHABET) for _ in range(32))
    agent = agent_id(event_type_id)
    body = "\n\n".join(part for part in (data.begin_message, _prompt(data)) if part)
    message = OutboxMessage(
        world.next_id(outbox.OUTBOX),
        "phone",
        data.number_to_call,
        None,
        body,
        None,
        world.clock.now(),
        kind="phone_call",
        sender=data.your_phone_number,
        reference=call_id,
    )
    outbox.deliver(world, message)
    return {"callId": call_id, "agentId": agent}
