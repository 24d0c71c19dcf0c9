"""/v1/teams (apps/api/v1/pages/api/teams).

Rules kept from the handlers: a non-member's team is 404 (the auth middleware's
``findFirstOrThrow``, a redacted Prisma error); editing needs OWNER or ADMIN (401 ``Unauthorized:
OWNER or ADMIN required``); deleting needs OWNER although the 401 says ``OWNER or ADMIN role
required``; ``ownerId`` needs an instance admin (401); a slug any team already has, in any case, is
409 ``Team slug already exists``; a ``parentId`` must be an organization the caller owns or
administers (401). Instance admins (user role ADMIN) skip the membership checks, as in v1. Creation
answers 200 (``req.statusCode = 201`` never reaches the response), as with team billing off.
"""

from __future__ import annotations

from emulator.api import v1_errors as v1
from emulator.api.caller import acting_user
from emulator.api.organizations.rows_v1 import membership_v1, team_v1
from emulator.api.organizations.teams import team_fields
from emulator.api.registry import handles
from emulator.domain import teams
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Team, User
from emulator.world.store import World

OWNER_OR_ADMIN = ("OWNER", "ADMIN")


def _is_admin(user: User) -> bool:
    return user.role == "ADMIN"


def _team_id(ctx: RequestContext) -> int:
    raw = ctx.path_params["teamId"]
    try:
        return int(raw)
    except ValueError:
        raise ApiError(400, "invalid_type in 'teamId': Expected number, received nan") from None


def _has_role(world: World, team_id: int, user: User, roles: tuple[str, ...] | None = None) -> bool:
    role = teams.role_of(world, team_id, user.id)
    return role is not None and (roles is None or role in roles)


def member_team(ctx: RequestContext, user: User) -> Team:
    """The auth middleware: the path's team, if the caller is a member (instance admins: any team)."""
    world, team_id = ctx.runtime.world, _team_id(ctx)
    team = teams.find(world, team_id)
    if team is None or not (_is_admin(user) or _has_role(world, team_id, user)):
        raise ApiError(404, v1.PRISMA_REDACTED)
    return team


def _check_parent(world: World, user: User, parent_id: int, message: str) -> Team:
    parent = teams.find(world, parent_id)
    if parent is None or not _has_role(world, parent_id, user, OWNER_OR_ADMIN):
        raise ApiError(401, message)
    return parent


@handles("listTeams")
def list_teams(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    found = sorted(world.all("teams"), key=lambda t: t.id) if _is_admin(user) else teams.teams_of_user(world, user.id)
    return Reply(200, {"teams": [team_v1(t) for t in found]})


@handles("addTeam")
def add_team(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    if body.get("ownerId") is not None and not _is_admin(user):
        raise ApiError(401, "ADMIN required for `ownerId`")
    owner_id = int(body["ownerId"]) if _is_admin(user) and body.get("ownerId") else user.id
    if body.get("slug") and teams.slug_used_anywhere(world, body["slug"]):
        raise ApiError(409, "Team slug already exists")
    fields = team_fields(body)
    if body.get("parentId"):
        message = "Unauthorized: Invalid parent id. You can only use parent id if you are org owner or admin."
        parent = _check_parent(world, user, int(body["parentId"]), message)
        if parent.parent_id is not None:
            raise ApiError(400, "parentId must be of an organization, not a team.")
        fields["parent_id"] = parent.id
    if "slug" not in fields:
        fields["slug"] = None
    team, owner = teams.create(world, owner_id, accepted=True, **fields)
    return Reply(
        200,
        {
            "team": team_v1(team),
            "owner": membership_v1(world, owner),
            "message": f"Team created successfully. We also made user with ID={owner_id} the owner of this team.",
        },
    )


@handles("getTeamById")
def get_team(ctx: RequestContext) -> Reply:
    return Reply(200, {"team": team_v1(member_team(ctx, acting_user(ctx)))})


@handles("editTeamById")
def edit_team(ctx: RequestContext) -> Reply:
    world, user, body = ctx.runtime.world, acting_user(ctx), ctx.body or {}
    team = member_team(ctx, user)
    if not _has_role(world, team.id, user, OWNER_OR_ADMIN):
        raise ApiError(401, "Unauthorized: OWNER or ADMIN required")
    slug = body.get("slug")
    if slug is not None and slug != team.slug and teams.slug_used_anywhere(world, slug):
        raise ApiError(409, "Team slug already exists")
    fields = team_fields(body)
    if body.get("parentId"):
        if int(body["parentId"]) == team.id:
            raise ApiError(400, "Bad request: Parent id cannot be the same as the team id.")
        message = "Unauthorized: Invalid parent id. You can only use parent id of your own teams."
        fields["parent_id"] = _check_parent(world, user, int(body["parentId"]), message).id
    if team.slug is None and slug:  # a first slug is only requested (billing would follow)
        fields.pop("slug")
        fields["metadata"] = {**(team.metadata or {}), "requestedSlug": slug}
    return Reply(200, {"team": team_v1(teams.update(world, team, **fields))})


@handles("removeTeamById")
def remove_team(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    team = member_team(ctx, user)
    if not _is_admin(user) and not _has_role(world, team.id, user, ("OWNER",)):
        raise ApiError(401, "Unauthorized: OWNER or ADMIN role required")
    teams.delete(world, team)
    return Reply(200, {"message": f"Team with id: {team.id} deleted successfully"})
