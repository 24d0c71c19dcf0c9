"""GET /v2/atoms/event-types/{eventSlug}/public: the Booker atom's first call
(AtomsEventTypesController.getPublicEventType, EventTypesAtomService.getPublicEventTypeForAtoms).

The lookup is by the owner's username, or by the team of ``teamId`` when ``isTeamEvent=true``,
within the organization of ``orgId`` when one is given; the answer is getPublicEvent's shape, built
by the same function as the legacy public event type. The service's own refusals are kept: a
missing username or teamId is a 400, an unknown team or organization id a 404 naming it, and
anything else not found a 404 naming the slug.
"""

from __future__ import annotations

from emulator.api import params
from emulator.api.event_types.legacy import public_event
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, Team, User
from emulator.world.store import World


def _team_with_slug(world: World, team_id: int) -> Team:
    team: Team | None = world.find("teams", team_id)
    if team is None or not team.slug:
        raise ApiError(404, f"Team with id {team_id} not found")
    return team


@handles("AtomsEventTypesController_getPublicEventType")
def get_public_event_type(ctx: RequestContext) -> Reply:
    world, slug = ctx.runtime.world, ctx.path_params["eventSlug"]
    org_id, team_id, username = params.query(ctx, "orgId"), params.query(ctx, "teamId"), params.query(ctx, "username")
    org = _team_with_slug(world, int(org_id)) if org_id is not None else None
    event_type: EventType | None = None
    owner: User | None = None
    team: Team | None = None
    if params.flag(ctx, "isTeamEvent"):
        if team_id is None:
            raise ApiError(400, "teamId is required for team events, please provide a valid teamId")
        team = _team_with_slug(world, int(team_id))
        if org is None or team.parent_id == org.id:
            event_type = next((e for e in rules.of_team(world, team.id) if e.slug == slug), None)
    else:
        if not username:
            raise ApiError(400, "username is required for non-team events, please provide a valid username")
        owner = rules.user_by_username(world, str(username).lower(), org_id=org.id if org else None)
        event_type = next((e for e in rules.owned_by(world, owner.id) if e.slug == slug), None) if owner else None
    if event_type is None:
        raise ApiError(404, f"Event type with slug {slug} not found")
    return Reply(200, {"status": "success", "data": public_event(world, event_type, owner, team)})
