"""/v1/memberships (apps/api/v1/pages/api/memberships); a membership's id is ``{userId}_{teamId}``.

Rules kept from the handlers (instance admins skip all of them):

- list: only the caller's memberships; ``userId``/``teamId`` filters need an instance admin (403
  ``ADMIN required``); ``?include=team`` adds the team row.
- add: the body schema's transform always fills ``accepted`` (false), and the permission check refuses
  any body holding ``accepted`` with 403 ``ADMIN needed for `accepted```: only instance admins can add
  memberships. (The team OWNER/ADMIN check after it, 403 ``You can't add members to this team``, is
  never reached.) Answers 200.
- get/edit/delete: the caller must be a member of the team in the id (403 ``Forbidden``). Editing
  ``accepted`` is for the invited user alone; editing ``role`` needs OWNER or ADMIN, and only an
  OWNER may hand out OWNER (403 ``Forbidden``). Deleting: anyone may leave; otherwise only a role
  above the target's (OWNER > ADMIN > MEMBER) may remove it. No last-owner check exists.
- Prisma errors (a missing row, a duplicate membership, an unknown user or team) are the
  redacted Prisma message.
"""

from __future__ import annotations

from typing import Any

from emulator.api import v1_errors as v1
from emulator.api.caller import acting_user
from emulator.api.organizations.rows_v1 import membership_v1
from emulator.api.registry import handles
from emulator.domain import teams
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Membership, User
from emulator.world.store import World

PRIVILEGE = ("OWNER", "ADMIN", "MEMBER")


def _is_admin(user: User) -> bool:
    return user.role == "ADMIN"


def _int_field(body: dict[str, Any], key: str) -> int:
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        kind = "undefined" if value is None else type(value).__name__
        raise ApiError(400, f"invalid_type in '{key}': Expected number, received {kind}")
    return int(value)


def _role_field(body: dict[str, Any]) -> str | None:
    role = body.get("role")
    if role is not None and role not in teams.ROLES:
        raise ApiError(400, "invalid_enum_value in 'role': Invalid enum value. Expected 'MEMBER' | 'ADMIN' | 'OWNER'")
    return role if isinstance(role, str) else None


def _ids(ctx: RequestContext) -> tuple[int, int]:
    try:
        return int(ctx.path_params["userId"]), int(ctx.path_params["teamId"])
    except ValueError:
        raise ApiError(400, "invalid_type in 'id': Expected number, received nan") from None


def _member_of_team(ctx: RequestContext, user: User) -> tuple[World, int, int]:
    """The [id] auth middleware: the caller must belong to the team named in the id."""
    world = ctx.runtime.world
    user_id, team_id = _ids(ctx)
    if not _is_admin(user) and teams.membership(world, team_id, user.id) is None:
        raise ApiError(403, "Forbidden")
    return world, user_id, team_id


def _existing(world: World, user_id: int, team_id: int) -> Membership:
    member = teams.membership(world, team_id, user_id)
    if member is None:
        raise ApiError(404, v1.PRISMA_REDACTED)
    return member


@handles("listMemberships")
def list_memberships(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    user_q, team_q = ctx.query_values("userId"), ctx.query_values("teamId")
    if not _is_admin(user) and (user_q or team_q):
        raise ApiError(403, "ADMIN required")

    def wanted(values: list[str]) -> set[int] | None:
        return {int(v) for v in values if v.lstrip("-").isdigit()} if values else None

    user_ids = wanted(user_q) if _is_admin(user) else {user.id}
    team_ids = wanted(team_q)
    found = sorted(
        (
            m
            for m in world.all("memberships")
            if (user_ids is None or m.user_id in user_ids) and (team_ids is None or m.team_id in team_ids)
        ),
        key=lambda m: m.id,
    )
    with_team = ctx.query_values("include") == ["team"]
    return Reply(200, {"memberships": [membership_v1(world, m, with_team=with_team) for m in found]})


@handles("addMembership")
def add_membership(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    team_id, user_id = _int_field(body, "teamId"), _int_field(body, "userId")
    role = _role_field(body) or "MEMBER"
    if not _is_admin(user):
        # membershipCreateBodySchema's transform adds accepted: false to every body, so this always holds.
        raise ApiError(403, "ADMIN needed for `accepted`")
    known = teams.find(world, team_id) is not None and world.find("users", user_id) is not None
    if not known or teams.membership(world, team_id, user_id) is not None:
        raise ApiError(400, v1.PRISMA_REDACTED)
    member = teams.add_member(
        world,
        team_id,
        user_id,
        role=role,
        accepted=bool(body.get("accepted", False)),
        disable_impersonation=bool(body.get("disableImpersonation", False)),
    )
    return Reply(200, {"membership": membership_v1(world, member), "message": "Membership created successfully"})


@handles("getMembershipById")
def get_membership(ctx: RequestContext) -> Reply:
    world, user_id, team_id = _member_of_team(ctx, acting_user(ctx))
    member = _existing(world, user_id, team_id)
    with_team = ctx.query_values("include") == ["team"]
    return Reply(200, {"membership": membership_v1(world, member, with_team=with_team)})


@handles("editMembershipById")
def edit_membership(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    world, user_id, team_id = _member_of_team(ctx, user)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    role = _role_field(body)
    if not _is_admin(user):
        if "accepted" in body and user_id != user.id:
            raise ApiError(403, "Only the invited user can accept the invite")
        if "role" in body:
            mine = teams.role_of(world, team_id, user.id)
            if mine not in ("OWNER", "ADMIN") or (mine != "OWNER" and role == "OWNER"):
                raise ApiError(403, "Forbidden")
    member = _existing(world, user_id, team_id)
    changes: dict[str, Any] = {}
    if role is not None:
        changes["role"] = role
    for key, attr in (("accepted", "accepted"), ("disableImpersonation", "disable_impersonation")):
        if key in body:
            changes[attr] = bool(body[key])
    return Reply(200, {"membership": membership_v1(world, teams.update_member(world, member, **changes))})


@handles("removeMembershipById")
def remove_membership(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    world, user_id, team_id = _member_of_team(ctx, user)
    target = teams.membership(world, team_id, user_id)
    if not _is_admin(user):
        if target is None:
            raise ApiError(404, "Membership not found")
        if user_id != user.id:
            mine = teams.role_of(world, team_id, user.id)
            if mine is None:
                raise ApiError(403, "You are not a member of the team")
            if PRIVILEGE.index(target.role) <= PRIVILEGE.index(mine):
                raise ApiError(403, "You don't have the appropriate role to delete this membership")
    teams.remove_member(world, _existing(world, user_id, team_id))
    return Reply(200, {"message": f"Membership with id: {user_id}_{team_id} deleted successfully"})
