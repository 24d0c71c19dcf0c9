"""Private links of event types: /v2/event-types/{eventTypeId}/private-links
(EventTypesPrivateLinksController, served without a version, as the controller declares none) and
/v2/organizations/{orgId}/teams/{teamId}/event-types/{eventTypeId}/private-links
(OrganizationsEventTypesPrivateLinksController).

The rules are in emulator/domain/private_links.py. Kept here:

- EventTypeOwnershipGuard on the user routes: an event type id that is not a positive integer is 400
  ``Invalid eventTypeId param.``; one the caller does not own (or that does not exist) is 404.
- On the organization routes the guard stage has run RolesGuard (TEAM_ADMIN, organization admins
  pass), IsTeamInOrg and the plan guards; validateEventTypeExists then wants the event type to be the
  team's (404 ``Event type with id {id} not found``).
- Bodies as CreatePrivateLinkInput reads them: ``expiresAt`` becomes a Date, ``maxUsageCount`` must be
  an integer of at least 1.
- Answers: a dated link shows ``expiresAt``, a counted one ``maxUsageCount`` and ``usageCount``; both
  show ``linkId``, ``eventTypeId``, ``isExpired`` and ``bookingUrl``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.api import slot_formats as fmt
from emulator.api.caller import acting_user
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.domain import private_links as links
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.clock import iso_ms
from emulator.world.records_private_links import HashedLink
from emulator.world.store import World

USER = "EventTypesPrivateLinksController_"
ORG = "OrganizationsEventTypesPrivateLinksController_"


def link_output(world: World, link: HashedLink) -> dict[str, Any]:
    """PrivateLinksOutputService.transformToOutput: time-based when the link has a date."""
    out: dict[str, Any] = {
        "linkId": link.link,
        "eventTypeId": link.event_type_id,
        "isExpired": links.is_expired(world, link),
        "bookingUrl": links.booking_url(link),
    }
    if link.expires_at is not None:
        out["expiresAt"] = iso_ms(link.expires_at)
    else:
        out.update(maxUsageCount=link.max_usage_count or 0, usageCount=link.usage_count)
    return out


def _ok(status: int, data: Any) -> Reply:
    return Reply(status, {"status": "success", "data": data})


# guards --------------------------------------------------------------------------------------------------


def _owned_event_type(ctx: RequestContext) -> int:
    """EventTypeOwnershipGuard: Number(param) must be a positive integer owned by the caller."""
    raw = ctx.path_params["eventTypeId"]
    try:
        number = float(raw.strip()) if raw.strip() else float("nan")
    except ValueError:
        number = float("nan")
    if not number.is_integer() or number <= 0:
        raise ApiError(400, "Invalid eventTypeId param.")
    eid, user = int(number), acting_user(ctx)
    event_type = rules.by_id(ctx.runtime.world, eid)
    if event_type is None or event_type.owner_id != user.id:
        raise ApiError(404, f"Event type with id {eid} not found")
    return eid


def _team_event_type(ctx: RequestContext) -> int:
    """validateEventTypeExists: the event type must be the path team's."""
    team_id, eid = event_type_id(ctx, "teamId"), event_type_id(ctx)
    event_type = rules.by_id(ctx.runtime.world, eid)
    if event_type is None or event_type.team_id != team_id:
        raise ApiError(404, f"Event type with id {eid} not found")
    return eid


def _event_type_of(ctx: RequestContext) -> int:
    return _team_event_type(ctx) if "orgId" in ctx.path_params else _owned_event_type(ctx)


# bodies --------------------------------------------------------------------------------------------------


def _limits(body: Any) -> tuple[datetime | None, int | None]:
    """(expiresAt, maxUsageCount) as the input classes transform and validate them."""
    body = body if isinstance(body, dict) else {}
    expires_at = None
    raw = body.get("expiresAt")
    if raw is not None:
        expires_at = fmt.parse_iso(raw) if isinstance(raw, str) else None
        if expires_at is None:
            raise fmt.pipe_error("expiresAt", raw, "isDate", "expiresAt must be a Date instance")
    count = body.get("maxUsageCount")
    if count is None:
        return expires_at, None
    if isinstance(count, bool) or not isinstance(count, (int, float)) or not float(count).is_integer():
        raise fmt.pipe_error("maxUsageCount", count, "isInt", "maxUsageCount must be an integer number")
    if count < 1:
        raise fmt.pipe_error("maxUsageCount", count, "min", "maxUsageCount must not be less than 1")
    return expires_at, int(count)


# handlers ------------------------------------------------------------------------------------------------


@handles(USER + "createPrivateLink", ORG + "createPrivateLink")
def create_private_link(ctx: RequestContext) -> Reply:
    eid = _event_type_of(ctx)
    expires_at, count = _limits(ctx.body)
    world = ctx.runtime.world
    return _ok(201, link_output(world, links.create(world, eid, expires_at, count)))


@handles(USER + "getPrivateLinks", ORG + "getPrivateLinks")
def list_private_links(ctx: RequestContext) -> Reply:
    eid, world = _event_type_of(ctx), ctx.runtime.world
    return _ok(200, [link_output(world, link) for link in links.of_event_type(world, eid)])


@handles(USER + "updatePrivateLink", ORG + "updatePrivateLink")
def update_private_link(ctx: RequestContext) -> Reply:
    eid = _event_type_of(ctx)
    expires_at, count = _limits(ctx.body)
    world = ctx.runtime.world
    updated = links.update(world, eid, ctx.path_params["linkId"], expires_at, count)
    return _ok(200, link_output(world, updated))


@handles(USER + "deletePrivateLink", ORG + "deletePrivateLink")
def delete_private_link(ctx: RequestContext) -> Reply:
    eid, link_id = _event_type_of(ctx), ctx.path_params["linkId"]
    links.delete(ctx.runtime.world, eid, link_id)
    return _ok(200, {"linkId": link_id, "message": "Private link deleted successfully"})
