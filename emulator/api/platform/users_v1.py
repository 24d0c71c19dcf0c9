"""/v1/users (apps/api/v1/pages/api/users), over the users table v2 serves.

Rules kept from the handlers; a system-wide admin (role ADMIN) manages everyone:

- list: a non-admin sees only themselves; ``?email=`` filters (one or several); ``page`` and ``take``
  together page the list. The answer carries ``total``, the count before paging.
- add: admins only (401 ``You are not authorized``). The zod body is strict; e-mail and username are
  lower-cased; a username or e-mail in use is refused (``already_in_use_error``; the e-mail by the
  unique index: the redacted Prisma 400). Answers 201 with the whole new row.
- get/edit/delete another user's id: 403 ``Forbidden`` unless admin. An admin's missing id: get fails
  reading null (zod's 400), edit and delete answer 404 ``User not found``.
- edit: a non-admin's ``role`` and ``hideBranding`` are dropped; ``defaultScheduleId`` must be one of
  the user's schedules (400 ``Bad request: Invalid default schedule id``). The e-mail changes at once
  (the e-mail-verification feature flag is off here).
- Columns the emulator does not model (appTheme, hideBranding, allowDynamicBooking, avatar) are accepted
  and not kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.api import params
from emulator.api import v1_errors as v1
from emulator.api.caller import acting_user
from emulator.api.platform.me_v1 import user_v1
from emulator.api.registry import handles
from emulator.api.v1_access import is_system_admin
from emulator.domain import teams
from emulator.domain.schedules import is_time_zone
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import User
from emulator.world.store import World

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
THEMES = ("dark", "light")
# Body key -> User field, for the columns the emulator keeps.
FIELDS = {
    "name": "name",
    "email": "email",
    "username": "username",
    "bio": "bio",
    "timeZone": "time_zone",
    "weekStart": "week_start",
    "theme": "theme",
    "defaultScheduleId": "default_schedule_id",
    "locale": "locale",
    "timeFormat": "time_format",
    "brandColor": "brand_color",
    "darkBrandColor": "dark_brand_color",
    "role": "role",
}
EDIT_KEYS = (*FIELDS, "appTheme", "hideBranding", "allowDynamicBooking", "avatar")
CREATE_KEYS = (*EDIT_KEYS, "createdDate")


def user_record_v1(user: User) -> dict[str, Any]:
    """The created row as POST /users answers it: every column but ``locked``."""
    row = user_v1(user)
    row.pop("avatar", None)
    return {
        **row,
        "avatarUrl": user.avatar_url,
        "startTime": 0,
        "trialEndsAt": None,
        "lastActiveAt": None,
        "completedOnboarding": False,
        "twoFactorSecret": None,
        "twoFactorEnabled": False,
        "backupCodes": None,
        "identityProvider": "CAL",
        "identityProviderId": None,
        "allowSEOIndexing": True,
        "receiveMonthlyDigestEmail": True,
        "metadata": user.metadata or None,
        "disableImpersonation": False,
        "organizationId": user.organization_id,
        "movedToProfileId": None,
        "isPlatformManaged": user.platform_client_id is not None,
        "smsLockState": "UNLOCKED",
        "smsLockReviewedByAdmin": False,
        "referralLinkId": None,
        "creationSource": "API_V1",
        "whitelistWorkflows": False,
    }


def _path_user_id(ctx: RequestContext) -> int:
    raw = ctx.path_params["userId"]
    if not raw.isdigit():
        raise v1.zod_error(["invalid_type in 'userId': Expected number, received nan"])
    return int(raw)


def _own_or_admin(ctx: RequestContext) -> tuple[User, int]:
    caller, user_id = acting_user(ctx), _path_user_id(ctx)
    if not is_system_admin(caller) and user_id != caller.id:
        raise ApiError(403, "Forbidden")
    return caller, user_id


def _issues(world: World, body: dict[str, Any], allowed: tuple[str, ...], except_id: int | None) -> list[str]:
    """The zod checks the spec does not make, in the schema's key order."""
    issues: list[str] = []
    extra = v1.unrecognized(body, allowed)
    if extra:
        return [extra]
    email = body.get("email")
    if isinstance(email, str) and not v1.EMAIL.match(email):
        issues.append("invalid_string in 'email': Invalid email")
    username = body.get("username")
    if isinstance(username, str) and any(
        u.username.lower() == username.lower() and u.id != except_id for u in world.all("users")
    ):
        issues.append("custom in 'username': already_in_use_error")
    if "weekStart" in body and body["weekStart"] not in WEEKDAYS:
        options = " | ".join(f"'{d}'" for d in WEEKDAYS)
        issues.append(f"invalid_enum_value in 'weekStart': Invalid enum value. Expected {options}")
    if "timeZone" in body and not (isinstance(body["timeZone"], str) and is_time_zone(body["timeZone"])):
        issues.append("custom in 'timeZone': Expected one of the following: IANA time zones")
    if body.get("theme") is not None and body["theme"] not in THEMES:
        issues.append("invalid_enum_value in 'theme': Invalid enum value. Expected 'dark' | 'light'")
    for key in ("brandColor", "darkBrandColor"):
        value = body.get(key)
        if isinstance(value, str) and not (4 <= len(value) <= 9 and value.startswith("#")):
            issues.append(f"invalid_string in '{key}': Invalid")
    return issues


def _writes(body: dict[str, Any]) -> dict[str, Any]:
    out = {attr: body[key] for key, attr in FIELDS.items() if key in body}
    for key in ("email", "username"):
        if isinstance(out.get(key), str):
            out[key] = out[key].lower()
    return out


def _check_email(world: World, email: str | None, except_id: int | None = None) -> None:
    if email and any(u.email.lower() == email.lower() and u.id != except_id for u in world.all("users")):
        raise ApiError(400, v1.PRISMA_REDACTED)  # User.email's unique index


@handles("listUsers")
def list_users(ctx: RequestContext) -> Reply:
    world, caller = ctx.runtime.world, acting_user(ctx)
    found = sorted(world.all("users"), key=lambda u: u.id)
    if not is_system_admin(caller):
        found = [u for u in found if u.id == caller.id]
    emails = ctx.query_values("email")
    if emails:
        found = [u for u in found if u.email in emails]
    total = len(found)
    page, take = params.query(ctx, "page"), params.query(ctx, "take")
    if str(page or "").isdigit() and str(take or "").isdigit():
        skip = max(int(page) - 1, 0) * int(take)
        found = found[skip : skip + int(take)]
    return Reply(200, {"users": [user_v1(u) for u in found], "total": total})


@handles("addUser")
def add_user(ctx: RequestContext) -> Reply:
    world, caller = ctx.runtime.world, acting_user(ctx)
    if not is_system_admin(caller):
        raise ApiError(401, "You are not authorized")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    issues = _issues(world, body, CREATE_KEYS, None)
    if issues:
        raise v1.zod_error(issues)
    fields = _writes(body)
    _check_email(world, fields["email"])
    created = world.clock.now()
    user = world.insert(
        "users", User(id=world.next_id("users"), name=fields.pop("name", None) or "", created_date=created, **fields)
    )
    if "createdDate" in body and isinstance(body["createdDate"], str):
        user = world.update("users", user.id, created_date=_instant(body["createdDate"], created))
    return Reply(201, {"user": user_record_v1(user)})


def _instant(text: str, default: datetime) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return default


@handles("getUserById")
def get_user(ctx: RequestContext) -> Reply:
    _, user_id = _own_or_admin(ctx)
    user: User | None = ctx.runtime.world.find("users", user_id)
    if user is None:  # schemaUserReadPublic.parse(null)
        raise v1.zod_error(["invalid_type in '': Expected object, received null"])
    return Reply(200, {"user": user_v1(user)})


@handles("editUserById")
def edit_user(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    caller, user_id = _own_or_admin(ctx)
    body = dict(ctx.body) if isinstance(ctx.body, dict) else {}
    issues = _issues(world, body, EDIT_KEYS, user_id)
    if issues:
        raise v1.zod_error(issues)
    if not is_system_admin(caller):
        body.pop("role", None)
    schedule_id = body.get("defaultScheduleId")
    if schedule_id and not world.where("schedules", lambda s: s.id == schedule_id and s.user_id == user_id):
        raise ApiError(400, "Bad request: Invalid default schedule id")
    user: User | None = world.find("users", user_id)
    if user is None:
        raise ApiError(404, "User not found")
    changes = _writes(body)
    _check_email(world, changes.get("email"), except_id=user_id)
    updated = world.update("users", user_id, **changes) if changes else user
    return Reply(200, {"user": user_v1(updated)})


@handles("removeUserById")
def remove_user(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    _, user_id = _own_or_admin(ctx)
    user: User | None = world.find("users", user_id)
    if user is None:
        raise ApiError(404, "User not found")
    teams.delete_user(world, user)
    return Reply(200, {"message": f"User with id: {user.id} deleted successfully"})
