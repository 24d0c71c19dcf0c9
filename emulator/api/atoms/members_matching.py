"""GET /v2/atoms/organizations/{orgId}/teams/{teamId}/members-matching-attribute: the team members an
attribute routing query picks, for the round-robin "assign by attributes" editor
(AtomsController.findTeamMembersMatchingAttributes, AttributesAtomsService over
findTeamMembersMatchingAttributeLogic).

Only ApiAuthGuard runs; the service then needs the caller to hold a membership of the organization
(403 ``User is not a member of this organization.``) and of the team (403 ``User is not a member of
this team.``). ``attributesQueryValue`` is the query builder's tree as JSON text; anything that is not
JSON is 400 here.

- An empty or missing query matches everyone: ``result`` is null and ``mainWarnings`` null.
- A query with rules but no usable one (unknown attributes or operators) has no logic: ``result``
  null, ``mainWarnings`` null.
- Otherwise ``result`` lists the accepted team members whose organization attributes pass the query
  (``id``, ``name``, ``email``, by id) and ``mainWarnings`` is empty. ``fallbackWarnings`` is always
  empty (the route passes no fallback query). With ``enablePerf=true`` a ``troubleshooter`` names the
  case and the resolved query.
"""

from __future__ import annotations

import json
from typing import Any

from emulator.api import params
from emulator.api.atoms.attribute_query import Logic, Values, is_empty
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import attributes
from emulator.domain import event_types as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import User
from emulator.world.store import World

JSON = dict[str, Any]
EMPTY_QUERY = "matches-all-members-because-of-empty-query-value"
NO_LOGIC = "no-logic-found"
READY = "match-results-ready"


def _query_value(ctx: RequestContext) -> Any:
    raw = params.query(ctx, "attributesQueryValue")
    if raw is None or raw == "" or raw == "null":
        return None
    try:
        return json.loads(str(raw))
    except ValueError:
        raise ApiError(400, "attributesQueryValue must be the query builder's tree as JSON") from None


def _labels(world: World, org_id: int) -> dict[str, dict[str, str]]:
    return {
        a.id: {o.id: o.value.lower() for o in attributes.options_of(world, a.id)}
        for a in attributes.of_org(world, org_id)
    }


def _held(world: World, org_id: int, user_id: int) -> dict[str, Values]:
    """A member's values per attribute of the organization (getAttributesAssignmentData)."""
    member = rules.membership(world, org_id, user_id)
    if member is None:
        return {}
    return {
        g.attribute.id: [o.value.strip().lower() for o in g.options] for g in attributes.of_membership(world, member)
    }


def _answer(world: World, org_id: int, team_id: int, tree: Any, troubleshoot: bool) -> JSON:
    def shaped(case: str, result: list[JSON] | None, warnings: list[str] | None) -> JSON:
        answer: JSON = {"mainWarnings": warnings, "fallbackWarnings": [], "result": result}
        if troubleshoot:
            answer["troubleshooter"] = {"type": case, "data": {"attributesQueryValue": tree}}
        return answer

    if is_empty(tree):
        return shaped(EMPTY_QUERY, None, None)
    logic = Logic(tree, _labels(world, org_id))
    if logic.empty:
        return shaped(NO_LOGIC, None, None)
    members = sorted({m.user_id for m in world.where("memberships", lambda m: m.team_id == team_id and m.accepted)})
    result = []
    for user_id in members:
        user: User | None = world.find("users", user_id)
        if user is not None and logic.matches(_held(world, org_id, user_id)):
            result.append({"id": user.id, "name": user.name, "email": user.email})
    return shaped(READY, result, [])


@handles("AtomsController_findTeamMembersMatchingAttributes")
def find_team_members_matching_attributes(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    org_id, team_id = int(ctx.path_params["orgId"]), int(ctx.path_params["teamId"])
    if rules.membership(world, org_id, user.id) is None:
        raise ApiError(403, "User is not a member of this organization.")
    if rules.membership(world, team_id, user.id) is None:
        raise ApiError(403, "User is not a member of this team.")
    data = _answer(world, org_id, team_id, _query_value(ctx), params.flag(ctx, "enablePerf"))
    return Reply(200, {"status": "success", "data": data})
