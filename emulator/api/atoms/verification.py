"""/v2/atoms/verification/email/...: the Booker's e-mail verification (AtomsVerificationController and
VerificationAtomsService over the platform libraries' sendEmailVerificationByCode,
checkEmailVerificationRequired, verifyCodeUnAuthenticated and verifyCodeAuthenticated).

- Sending always sends (``sent: true``): the code is the e-mail TOTP the verified-resources routes
  issue, delivered to the outbox (``GET /_emulator/outbox``), never into an answer. The route has its
  own throttle, three calls a minute per caller (blocked for a minute after), on top of the global one.
- Verification is required when the address, with any ``+suffix`` of its local part dropped, belongs
  to a user who asks bookers to verify (``requiresBookerEmailVerification``), unless it is the signed-in
  booker's own (``userSessionEmail``).
- A code is good for the address it was sent to until the end of its 15-minute step. A wrong or
  stale code is 400 ``Invalid verification code``, an empty one 400 ``Email and code are required``.
  The authenticated variant passes an instance admin without a check, as Cal.com does.
"""

from __future__ import annotations

from emulator.api import params
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import verified_resources
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.pipeline.ratelimit import TOO_MANY, v2_tracker
from emulator.world.models import User

SEND_LIMIT = 3  # @Throttle({ limit: 3, ttl: 60000, blockDuration: 60000 })
SEND_THROTTLE = "atoms_verification_email_send_code"
INVALID_CODE = "Invalid verification code"


def base_email(email: str) -> str:
    """extractBaseEmail: the address without a ``+suffix`` in its local part."""
    local, _, domain = email.partition("@")
    return f"{local.split('+')[0]}@{domain}"


def _throttle_send(ctx: RequestContext) -> None:
    if ctx.runtime.settings.rate_limits == "off":
        return
    _, key = v2_tracker(ctx)
    now_ms = ctx.runtime.world.clock.now().timestamp() * 1000
    if not ctx.runtime.limiter.hit(f"{SEND_THROTTLE}:{key}", SEND_LIMIT, now_ms).allowed:
        raise ApiError(429, TOO_MANY, code="ThrottlerException", details=TOO_MANY)


@handles("AtomsVerificationController_sendEmailVerificationCode")
def send_code(ctx: RequestContext) -> Reply:
    _throttle_send(ctx)
    body = ctx.body
    verified_resources.request_email_code(ctx.runtime.world, body["email"], body.get("username"))
    return Reply(200, {"data": {"sent": True}, "status": "success"})


@handles("AtomsVerificationController_checkEmailVerificationRequired")
def check_required(ctx: RequestContext) -> Reply:
    email = base_email(str(params.query(ctx, "email"))).lower()
    session_email = params.query(ctx, "userSessionEmail")
    required = False
    if session_email is None or email != str(session_email).lower():
        owners: list[User] = sorted(
            ctx.runtime.world.where("users", lambda u: u.email.lower() == email), key=lambda u: u.id
        )
        required = bool(owners) and owners[0].requires_booker_email_verification
    return Reply(200, {"data": required, "status": "success"})


def _check(ctx: RequestContext, missing: str) -> None:
    body = ctx.body
    if not body["email"] or not body["code"]:
        raise ApiError(400, missing)
    if not verified_resources.email_code_is_live(ctx.runtime.world, body["email"], body["code"]):
        raise ApiError(400, INVALID_CODE)


@handles("AtomsVerificationController_verifyEmailCode")
def verify_code(ctx: RequestContext) -> Reply:
    _check(ctx, "Email and code are required")
    return Reply(200, {"data": {"verified": True}, "status": "success"})


@handles("AtomsVerificationController_verifyEmailCodeAuthenticated")
def verify_code_signed_in(ctx: RequestContext) -> Reply:
    if acting_user(ctx).role != "ADMIN":
        _check(ctx, "Email, code, and user ID are required")
    return Reply(200, {"data": {"verified": True}, "status": "success"})
