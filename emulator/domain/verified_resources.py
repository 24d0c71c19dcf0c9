"""Verified emails and phone numbers of a user or a team: the rules of
apps/api/v2/src/modules/verified-resources (VerifiedResourcesService and its repository), of the email
code helpers it calls (sendEmailVerificationByCode, verifyEmailCodeHandler) and of the Twilio Verify
wrapper behind phone codes (sendVerificationCode, verifyPhoneNumber).

- Requesting a code always succeeds; the code goes to the outbox, never into an answer. Codes come
  from the world's random source, six digits.
- Email codes are TOTPs with a 900-second step: a code is good until the end of the step it was
  issued in (steps are aligned on Unix time), and may be used more than once within it. A wrong or
  stale code is the handler's tRPC BAD_REQUEST, which the API's tRPC filter answers with its generic
  text.
- Phone codes are Twilio Verify codes: good for ten minutes (Verify's default lifetime) and approved
  once. A wrong, stale or used code is 400 ``Could not verify phone number.``.
- A good code creates a new row each time (the handlers create without looking for an existing one),
  and the answer is the first row for that user, value and team.
- Lists are the user's or the team's rows by id, with skip/take; reading one that is not there
  answers ``data: null``. For a team, the repository's by-id lookups receive their two arguments
  swapped by the service, so they find the row whose id is the team id and whose team is the path's id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from emulator.domain import outbox
from emulator.domain.errors import DomainError
from emulator.world.records_verified import OutboxMessage, VerificationCode, VerifiedEmail, VerifiedNumber
from emulator.world.store import World

EMAILS = "verified_emails"
NUMBERS = "verified_numbers"
CODES = "verification_codes"
OUTBOX = outbox.OUTBOX

EMAIL_STEP_SECONDS = 900  # totpRawCheck(code, secret, { step: 900 })
PHONE_CODE_LIFETIME = timedelta(minutes=10)  # Twilio Verify's default code lifetime
BAD_EMAIL_CODE = "Bad request: Please check your request data and try again"  # TRPCError BAD_REQUEST, filtered
BAD_PHONE_CODE = "Could not verify phone number."
TRPC = "TRPCError"
EMAIL_SUBJECT = "Your Cal.com verification code"

Row = VerifiedEmail | VerifiedNumber


def _email_step_end(moment: datetime) -> datetime:
    seconds = int(moment.timestamp())
    return datetime.fromtimestamp(seconds - seconds % EMAIL_STEP_SECONDS + EMAIL_STEP_SECONDS, tz=moment.tzinfo)


def _issue(world: World, channel: str, target: str, expires_at: datetime, subject: str | None, body: str) -> None:
    now = world.clock.now()
    code = f"{world.rng.randrange(1_000_000):06d}"
    world.insert(CODES, VerificationCode(world.next_id(CODES), channel, target, code, now, expires_at))
    message = OutboxMessage(world.next_id(OUTBOX), channel, target, subject, body.format(code=code), code, now)
    outbox.deliver(world, message)


def request_email_code(world: World, email: str, username: str | None) -> None:
    """sendEmailVerificationByCode with isVerifyingEmail: always sent."""
    greeting = f"Hi {username}," if username else "Hi,"
    body = greeting + " use {code} to verify your email address. It expires within 15 minutes."
    _issue(world, "email", email, _email_step_end(world.clock.now()), EMAIL_SUBJECT, body)


def request_phone_code(world: World, phone: str) -> None:
    """sendVerificationCode: a Twilio Verify SMS."""
    body = "Your Cal.com verification code is: {code}"
    _issue(world, "sms", phone, world.clock.now() + PHONE_CODE_LIFETIME, None, body)


def _live_code(world: World, channel: str, target: str, code: str) -> VerificationCode | None:
    now = world.clock.now()
    found = world.where(
        CODES,
        lambda c: c.channel == channel and c.target == target and c.code == code and not c.used and now < c.expires_at,
    )
    return found[0] if found else None


def email_code_is_live(world: World, email: str, code: str) -> bool:
    """totpRawCheck alone: the code was sent to this address and its step has not ended."""
    return _live_code(world, "email", email, code) is not None


def verify_email(world: World, user_id: int, email: str, code: str, team_id: int | None) -> VerifiedEmail:
    """verifyEmailCodeHandler, then the first matching row (findFirstOrThrow)."""
    if not code or not email or _live_code(world, "email", email, code) is None:
        raise DomainError(400, BAD_EMAIL_CODE, code=TRPC)
    world.insert(EMAILS, VerifiedEmail(world.next_id(EMAILS), email, user_id, team_id))
    first: VerifiedEmail = _first(
        world, EMAILS, lambda r: r.user_id == user_id and r.email == email and _team_matches(r, team_id)
    )
    return first


def verify_phone(world: World, user_id: int, phone: str, code: str, team_id: int | None) -> VerifiedNumber:
    """verifyPhoneNumber: an approved check creates the row; anything else is the service's 400."""
    live = _live_code(world, "sms", phone, code)
    if live is None:
        raise DomainError(400, BAD_PHONE_CODE)
    world.update(CODES, live.id, used=True)
    world.insert(NUMBERS, VerifiedNumber(world.next_id(NUMBERS), phone, user_id, team_id))
    first: VerifiedNumber = _first(
        world, NUMBERS, lambda r: r.user_id == user_id and r.phone_number == phone and _team_matches(r, team_id)
    )
    return first


def _team_matches(row: Row, team_id: int | None) -> bool:
    # Prisma drops an undefined filter: without a team the lookup matches rows of any team.
    return team_id is None or row.team_id == team_id


def _first(world: World, table: str, predicate: Callable[[Any], bool]) -> Any:
    return sorted(world.where(table, predicate), key=lambda r: r.id)[0]


def rows_of(world: World, table: str, *, user_id: int | None = None, team_id: int | None = None) -> list[Row]:
    """The user's rows (user scope) or the team's rows (team scope), in id order."""
    if team_id is not None:
        rows = world.where(table, lambda r: r.team_id == team_id)
    else:
        rows = world.where(table, lambda r: r.user_id == user_id)
    return sorted(rows, key=lambda r: r.id)


def user_row(world: World, table: str, user_id: int, row_id: int) -> Row | None:
    found = world.where(table, lambda r: r.user_id == user_id and r.id == row_id)
    return found[0] if found else None


def team_row(world: World, table: str, team_id: int, row_id: int) -> Row | None:
    """The service passes (teamId, id) to a repository method declared (id, teamId)."""
    found = world.where(table, lambda r: r.id == team_id and r.team_id == row_id)
    return found[0] if found else None
