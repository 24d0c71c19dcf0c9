"""/v2/teams (TeamsController) and /v2/teams/{teamId}/memberships (TeamsMembershipsController).

Roles are the guard stage's (RolesGuard: TEAM_MEMBER to read a team, TEAM_OWNER to change or delete
it, TEAM_ADMIN for every membership route). What is left here is the services' own behaviour:

- create: a name the caller already has a team with is 400; a slug the unique index refuses is the
  Prisma filter's 409. The emulator answers as a server with team billing off (no Stripe), so the
  created team itself, not the ``{pendingTeam, paymentLink, message}`` branch. The creator's OWNER
  membership is accepted unless ``autoAcceptCreator`` is false.
- list: every team the caller has a membership in, accepted or not, organizations included.
- Prisma errors keep the filter's texts: a missing row on update/delete is 404, a duplicate
  (user, team) membership 409.
"""

from __future__ import annotations

from typing import Any

from emulator.api import params
from emulator.api.caller import acting_user
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations import team_inputs
from emulator.api.registry import handles
from emulator.domain import event_types as event_type_rules
from emulator.domain import teams
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Membership, Team, User
from emulator.world.store import World

RECORD_EXISTS = "Invalid Input: Trying to create a record that already exists."
RECORD_MISSING = "Invalid Query: The requested record was not found."

# Team input key -> Team attribute: every column the v2 (and v1) team inputs write.
TEAM_FIELDS = {
    "name": "name",
    "slug": "slug",
    "logoUrl": "logo_url",
    "calVideoLogo": "cal_video_logo",
    "appLogo": "app_logo",
    "appIconLogo": "app_icon_logo",
    "bio": "bio",
    "hideBranding": "hide_branding",
    "isPrivate": "is_private",
    "hideBookATeamMember": "hide_book_a_team_member",
    "metadata": "metadata",
    "theme": "theme",
    "brandColor": "brand_color",
    "darkBrandColor": "dark_brand_color",
    "bannerUrl": "banner_url",
    "timeFormat": "time_format",
    "timeZone": "time_zone",
    "weekStart": "week_start",
    "bookingLimits": "booking_limits",
    "includeManagedEventsInLimits": "include_managed_events_in_limits",
}
# TeamOutputDto's fields beyond id, parentId and isOrganization (bookingLimits and
# includeManagedEventsInLimits are written but not exposed).
OUTPUT_FIELDS = (
    "name", "slug", "logoUrl", "calVideoLogo", "appLogo", "appIconLogo", "bio", "hideBranding", "isPrivate",
    "hideBookATeamMember", "metadata", "theme", "brandColor", "darkBrandColor", "bannerUrl", "timeFormat",
    "timeZone", "weekStart",
)  # fmt: skip


def team_output(team: Team) -> dict[str, Any]:
    """TeamOutputDto: the exposed columns of the team row as stored, nulls included."""
    out: dict[str, Any] = {"id": team.id, "parentId": team.parent_id, "isOrganization": team.is_organization}
    out.update({key: getattr(team, TEAM_FIELDS[key]) for key in OUTPUT_FIELDS})
    return out


def member_user_output(user: User | None) -> dict[str, Any]:
    """MembershipUserOutputDto; metadata is left out when empty (its transform yields undefined)."""
    if user is None:
        return {"email": ""}
    out: dict[str, Any] = {
        "avatarUrl": user.avatar_url,
        "username": user.username,
        "name": user.name,
        "email": user.email,
        "bio": user.bio,
    }
    if user.metadata:
        out["metadata"] = user.metadata
    return out


def membership_output(world: World, member: Membership) -> dict[str, Any]:
    """TeamMembershipOutput, with the user the repository includes."""
    return {
        "id": member.id,
        "userId": member.user_id,
        "teamId": member.team_id,
        "accepted": member.accepted,
        "role": member.role,
        "disableImpersonation": member.disable_impersonation,
        "user": member_user_output(world.find("users", member.user_id)),
    }


def ok(status: int, data: Any) -> Reply:
    return Reply(status, {"status": "success", "data": data})


def page(ctx: RequestContext, rows: list[Any]) -> list[Any]:
    """The skip/take window (SkipTakePagination: skip 0, take 250 by default). Some operations' specs
    omit the two parameters the server reads, so untyped text is read too when it is a whole number."""
    skip, take = _whole(params.query(ctx, "skip"), 0), _whole(params.query(ctx, "take"), 250)
    return rows[skip : skip + take]


def _whole(value: Any, default: int) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    return int(value) if isinstance(value, str) and value.isdigit() else default


MEMBERSHIP_FIELDS = (("accepted", "accepted"), ("role", "role"), ("disableImpersonation", "disable_impersonation"))


def membership_writes(body: dict[str, Any]) -> dict[str, Any]:
    """The membership columns an update (or an upsert's update branch) writes: only those sent."""
    return {attr: body[key] for key, attr in MEMBERSHIP_FIELDS if key in body}


def new_membership(world: World, team_id: int, user_id: int, body: dict[str, Any]) -> Membership:
    """A membership from a create input; ``accepted`` and ``disableImpersonation`` default to false."""
    return teams.add_member(
        world,
        team_id,
        user_id,
        role=body.get("role", "MEMBER"),
        accepted=bool(body.get("accepted", False)),
        disable_impersonation=bool(body.get("disableImpersonation", False)),
    )


def team_fields(body: dict[str, Any]) -> dict[str, Any]:
    return {attr: body[key] for key, attr in TEAM_FIELDS.items() if key in body}


def _path_team(ctx: RequestContext) -> Team:
    """The team in the path; Prisma's P2025 when it is gone (only system admins get this far)."""
    team = teams.find(ctx.runtime.world, event_type_id(ctx, "teamId"))
    if team is None:
        raise ApiError(404, RECORD_MISSING)
    return team


@handles("TeamsController_createTeam")
def create_team(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    body = team_inputs.checked_team_body(ctx.body, creating=True)
    name = body["name"]
    mine = {m.team_id for m in world.all("memberships") if m.user_id == user.id}
    if any(t.id in mine and t.name == name for t in world.all("teams")):
        raise ApiError(400, f"You already have created a team with name={name}")
    fields = team_fields(body)
    fields["slug"] = body.get("slug") or event_type_rules.slugify(name)
    if teams.slug_taken(world, fields["slug"], None):
        raise ApiError(409, RECORD_EXISTS)
    team, _ = teams.create(world, user.id, accepted=body.get("autoAcceptCreator", True) is not False, **fields)
    return ok(201, team_output(team))


@handles("TeamsController_getTeams")
def list_teams(ctx: RequestContext) -> Reply:
    mine = teams.teams_of_user(ctx.runtime.world, acting_user(ctx).id)
    return ok(200, [team_output(t) for t in mine])


@handles("TeamsController_getTeam")
def get_team(ctx: RequestContext) -> Reply:
    return ok(200, team_output(_path_team(ctx)))


def update_found_team(ctx: RequestContext, team: Team) -> Reply:
    """PATCH a team found from the path (top-level or an organization's): the slug stays unique."""
    world = ctx.runtime.world
    fields = team_fields(team_inputs.checked_team_body(ctx.body or {}, creating=False))
    if "slug" in fields and teams.slug_taken(world, fields["slug"], team.parent_id, except_id=team.id):
        raise ApiError(409, RECORD_EXISTS)
    return ok(200, team_output(teams.update(world, team, **fields)))


def delete_found_team(ctx: RequestContext, team: Team) -> Reply:
    return ok(200, team_output(teams.delete(ctx.runtime.world, team)))


@handles("TeamsController_updateTeam")
def update_team(ctx: RequestContext) -> Reply:
    return update_found_team(ctx, _path_team(ctx))


@handles("TeamsController_deleteTeam")
def delete_team(ctx: RequestContext) -> Reply:
    return delete_found_team(ctx, _path_team(ctx))


# --- memberships ---------------------------------------------------------------------------------


def _path_membership(ctx: RequestContext, missing: str) -> Membership:
    team_id = event_type_id(ctx, "teamId")
    mid = event_type_id(ctx, "membershipId")
    member = teams.membership_by_id(ctx.runtime.world, team_id, mid)
    if member is None:
        raise ApiError(404, missing.format(team_id=team_id, membership_id=mid))
    return member


@handles("TeamsMembershipsController_createTeamMembership")
def create_membership(ctx: RequestContext) -> Reply:
    world, body = ctx.runtime.world, ctx.body
    team = _path_team(ctx)
    user_id = int(body["userId"])
    user: User | None = world.find("users", user_id)
    if user is None:  # the foreign key on userId
        raise ApiError(400, "Invalid input: The referenced data does not exist.")
    if teams.membership(world, team.id, user_id) is not None:
        raise ApiError(409, RECORD_EXISTS)
    member = new_membership(world, team.id, user_id, body)
    return ok(201, membership_output(world, member))


@handles("TeamsMembershipsController_getTeamMemberships")
def list_memberships(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    found = page(ctx, teams.memberships_of_team(world, event_type_id(ctx, "teamId")))
    return ok(200, [membership_output(world, m) for m in found])


@handles("TeamsMembershipsController_getTeamMembership")
def get_membership(ctx: RequestContext) -> Reply:
    member = _path_membership(ctx, "Organization's Team membership not found")
    return ok(200, membership_output(ctx.runtime.world, member))


@handles("TeamsMembershipsController_updateTeamMembership")
def update_membership(ctx: RequestContext) -> Reply:
    world, body = ctx.runtime.world, ctx.body or {}
    member = _path_membership(ctx, RECORD_MISSING)
    return ok(200, membership_output(world, teams.update_member(world, member, **membership_writes(body))))


@handles("TeamsMembershipsController_deleteTeamMembership")
def delete_membership(ctx: RequestContext) -> Reply:
    member = _path_membership(ctx, "Membership with id {membership_id} not found in team {team_id}")
    world = ctx.runtime.world
    out = membership_output(world, member)
    teams.remove_member(world, member)
    return ok(200, out)
