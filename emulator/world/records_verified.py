"""Verified emails and phone numbers (packages/prisma/schema.prisma: VerifiedEmail, VerifiedNumber), the
verification codes the emulator issued, and the outbox those codes are delivered to.

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
    id: int
    channel: str  # "email" or "sms"
    to: str
    subject: str | None
    body: str
    code: str
    created_at: datetime
