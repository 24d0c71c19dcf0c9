"""/v2/verified-resources (UserVerifiedResourcesController), /v2/teams/{teamId}/verified-resources
(TeamsVerifiedResourcesController) and /v2/organizations/{orgId}/teams/{teamId}/verified-resources
(OrgTeamsVerifiedResourcesController).

The three controllers call one service the same way; only the scope differs: the user's own rows, or
the path team's. Guards (RolesGuard TEAM_ADMIN, and for organizations IsOrgGuard, IsTeamInOrg and the
plan guards) have run in the guard stage. The rules are in emulator/domain/verified_resources.py.
Rows are shaped as plainToClass leaves Prisma's objects: every column, ``userId`` and ``teamId``
included (null when unset).
"""

from __future__ import annotations

from typing import Any

from emulator.api.caller import acting_user
from emulator.api.organizations.teams import ok, page
from emulator.api.registry import handles
from emulator.domain import verified_resources as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.records_verified import VerifiedEmail

SCOPES = (
    "UserVerifiedResourcesController_",
    "TeamsVerifiedResourcesController_",
    "OrgTeamsVerifiedResourcesController_",
)


def _each(name: str) -> list[str]:
    return [scope + name for scope in SCOPES]


def row_output(row: rules.Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    value = {"email": row.email} if isinstance(row, VerifiedEmail) else {"phoneNumber": row.phone_number}
    return {"id": row.id, **value, "userId": row.user_id, "teamId": row.team_id}


def _team_id(ctx: RequestContext) -> int | None:
    raw = ctx.path_params.get("teamId")
    return int(float(raw)) if raw is not None else None  # ParseIntPipe and the guards have passed it


def _field(ctx: RequestContext, name: str) -> str:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    value = body.get(name)
    return value if isinstance(value, str) else ""


def _row_id(ctx: RequestContext) -> int | None:
    """The path's id as the repository's where clause gets it; a non-integer finds nothing."""
    try:
        number = float(ctx.path_params["id"])
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


@handles(*_each("requestEmailVerificationCode"))
def request_email_code(ctx: RequestContext) -> Reply:
    rules.request_email_code(ctx.runtime.world, _field(ctx, "email"), acting_user(ctx).username)
    return Reply(200, {"status": "success"})


@handles(*_each("requestPhoneVerificationCode"))
def request_phone_code(ctx: RequestContext) -> Reply:
    acting_user(ctx)
    rules.request_phone_code(ctx.runtime.world, _field(ctx, "phone"))
    return Reply(200, {"status": "success"})


@handles(*_each("verifyEmail"))
def verify_email(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    row = rules.verify_email(ctx.runtime.world, user.id, _field(ctx, "email"), _field(ctx, "code"), _team_id(ctx))
    return ok(200, row_output(row))


@handles(*_each("verifyPhoneNumber"))
def verify_phone(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    row = rules.verify_phone(ctx.runtime.world, user.id, _field(ctx, "phone"), _field(ctx, "code"), _team_id(ctx))
    return ok(200, row_output(row))


def _list(ctx: RequestContext, table: str) -> Reply:
    team_id = _team_id(ctx)
    user_id = None if team_id is not None else acting_user(ctx).id
    rows = rules.rows_of(ctx.runtime.world, table, user_id=user_id, team_id=team_id)
    return ok(200, [row_output(row) for row in page(ctx, rows)])


def _one(ctx: RequestContext, table: str) -> Reply:
    world, team_id, row_id = ctx.runtime.world, _team_id(ctx), _row_id(ctx)
    if row_id is None:
        return ok(200, None)
    if team_id is not None:
        return ok(200, row_output(rules.team_row(world, table, team_id, row_id)))
    return ok(200, row_output(rules.user_row(world, table, acting_user(ctx).id, row_id)))


@handles(*_each("getVerifiedEmails"))
def list_emails(ctx: RequestContext) -> Reply:
    return _list(ctx, rules.EMAILS)


@handles(*_each("getVerifiedPhoneNumbers"))
def list_phones(ctx: RequestContext) -> Reply:
    return _list(ctx, rules.NUMBERS)


@handles(*_each("getVerifiedEmailById"))
def email_by_id(ctx: RequestContext) -> Reply:
    return _one(ctx, rules.EMAILS)


@handles(*_each("getVerifiedPhoneById"))
def phone_by_id(ctx: RequestContext) -> Reply:
    return _one(ctx, rules.NUMBERS)
