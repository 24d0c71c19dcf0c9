"""Verified emails and phone numbers (packages/prisma/schema.prisma: VerifiedEmail, VerifiedNumber), the
verification codes the emulator issued, and the outbox those codes (and workflow reminders and Cal.ai
phone calls, see domain/outbox.py) are delivered to.

Cal.com sends email codes by mail (a TOTP over the address) and phone codes through Twilio Verify; the
emulator keeps each issued code as a row so it can check it on the world clock, and puts a copy of the
message in the outbox, where tests read it through the admin API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class VerifiedEmail:
    id: int
    email: str
    user_id: int | None = None
    team_id: int | None = None


@dataclass(frozen=True, slots=True)
class VerifiedNumber:
    id: int
    phone_number: str
    user_id: int | None = None
    team_id: int | None = None


@dataclass(frozen=True, slots=True)
class VerificationCode:
    id: int
    channel: str  # "email" or "sms"
    target: str  # the address or phone number the code was sent to
    code: str
    issued_at: datetime
    expires_at: datetime
    used: bool = False  # Twilio Verify approves a code once; email TOTP codes stay valid in their step


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message Cal.com would have sent: a verification code, a workflow reminder or a Cal.ai call."""

    id: int
    channel: str  # "email", "sms", "whatsapp" or "phone"
    to: str
    subject: str | None
    body: str
    code: str | None  # verification codes only
    created_at: datetime
    kind: str = "verification_code"  # verification_code | workflow_reminder | phone_call
    scheduled_at: datetime | None = None  # a reminder due later; None: sent when created
    cancelled_at: datetime | None = None  # a scheduled reminder withdrawn before it was due
    booking_uid: str | None = None
    workflow_id: int | None = None
    workflow_step_id: int | None = None
    trigger: str | None = None  # the workflow trigger that made a reminder (BEFORE_EVENT, ...)
    sender: str | None = None  # a reminder's sender name; a call's caller number
    reference: str | None = None  # a call's id at the voice provider
