"""The conferencing atom's event-type lists and its "move them all to my default app" action
(AtomsEventTypesController: listUserEventTypes, listTeamEventTypes, bulkUpdateAtomEventTypes,
bulkUpdateAtomTeamEventTypes over packages/app-store/_utils getBulkEventTypes.ts,
bulkUpdateEventsToDefaultLocation.ts and bulkUpdateTeamEventsToDefaultLocation.ts).

- The user's list is every event type they own outside a team, hidden ones included, with ``id``,
  ``title``, ``locations``, ``metadata``, ``parentId`` and the ``logo`` of the app behind the first
  location (Cal Video's when there is none; absent for the built-in in-person, link and phone
  locations). A managed event type's child is listed only when its parent unlocked ``locations``.
- The team's list is the team's own event types (managed parents included) with ``id``, ``title``,
  ``locations`` and the logo.
- The bulk action sets ``locations`` of the named event types the caller (or the team) owns, and
  may change, to one location of the default app: its type, the default's ``appLink`` and the
  owner's credential of that app, whichever of the two exist. Ids that are not the owner's are
  skipped. Without a default app, or with a default that is no app, the shared code throws a plain
  Error (a 500 on the live server); the emulator answers 400 with its message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from emulator.api.atoms.app_store import CAL_VIDEO_LOCATION, logo_for_location
from emulator.api.caller import acting_user
from emulator.api.event_types.row import event_type_row
from emulator.api.registry import handles
from emulator.domain import conferencing
from emulator.domain import event_types as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, Team
from emulator.world.records_calendars import Credential
from emulator.world.store import World

JSON = dict[str, Any]


def _with_logo(item: JSON, event_type: EventType) -> JSON:
    first = event_type.locations[0].get("type") if event_type.locations else None
    logo = logo_for_location(str(first) if first else CAL_VIDEO_LOCATION)
    return {**item, "logo": logo} if logo is not None else item


def location_update_allowed(event_type: EventType) -> bool:
    """filterEventTypesWhereLocationUpdateIsAllowed: a managed child only when its parent unlocked locations."""
    if event_type.parent_id is None:
        return True
    config = event_type.metadata.get("managedEventConfig")
    if not isinstance(config, dict):
        return True
    unlocked = config.get("unlockedFields")
    return isinstance(unlocked, dict) and "locations" in unlocked


def _personal(world: World, user_id: int) -> list[EventType]:
    found = [e for e in rules.owned_by(world, user_id) if e.team_id is None]
    return [e for e in found if location_update_allowed(e)]


def _team_owned(world: World, team_id: int) -> list[EventType]:
    return [e for e in rules.of_team(world, team_id) if e.owner_id is None]


@handles("AtomsEventTypesController_listUserEventTypes")
def list_user_event_types(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    items = []
    for event_type in _personal(world, user.id):
        row = event_type_row(world, event_type)
        item = {key: row[key] for key in ("id", "title", "locations", "metadata", "parentId")}
        items.append(_with_logo(item, event_type))
    return Reply(200, {"status": "success", "data": {"eventTypes": items}})


@handles("AtomsEventTypesController_listTeamEventTypes")
def list_team_event_types(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    items = [
        _with_logo({"id": e.id, "title": e.title, "locations": [dict(loc) for loc in e.locations]}, e)
        for e in _team_owned(world, int(ctx.path_params["teamId"]))
    ]
    return Reply(200, {"status": "success", "data": {"eventTypes": items}})


def _default_location(default: JSON | None, credentials: Iterable[Credential]) -> JSON:
    """The one location bulkUpdate*ToDefaultLocation writes."""
    if default is None:
        raise ApiError(400, "Default conferencing app not set")
    slug = default.get("appSlug")
    app = conferencing.APPS.get(str(slug))
    if app is None:
        raise ApiError(400, f"Default conferencing app '{slug}' doesnt exist.")
    location: JSON = {"type": app.location}
    if default.get("appLink") is not None:
        location["link"] = default["appLink"]
    credential = next((c for c in credentials if c.app_id == app.slug), None)
    if credential is not None:
        location["credentialId"] = credential.id
    return location


def _move(world: World, event_types: list[EventType], wanted: list[int], location: JSON) -> None:
    ids = set(wanted)
    for event_type in event_types:
        if event_type.id in ids:
            rules.update(world, event_type, locations=(dict(location),))


@handles("AtomsEventTypesController_bulkUpdateAtomEventTypes")
def bulk_update_user_event_types(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    mine = sorted(world.where("credentials", lambda c: c.user_id == user.id), key=lambda c: c.id)
    location = _default_location(conferencing.default_app(user.metadata), mine)
    _move(world, _personal(world, user.id), ctx.body["eventTypeIds"], location)
    return Reply(200, {"status": "success"})


@handles("AtomsEventTypesController_bulkUpdateAtomTeamEventTypes")
def bulk_update_team_event_types(ctx: RequestContext) -> Reply:
    world, team_id = ctx.runtime.world, int(ctx.path_params["teamId"])
    team: Team = world.get("teams", team_id)
    theirs = sorted(world.where("credentials", lambda c: c.team_id == team_id), key=lambda c: c.id)
    location = _default_location(conferencing.default_app(team.metadata), theirs)
    _move(world, rules.of_team(world, team_id), ctx.body["eventTypeIds"], location)
    return Reply(200, {"status": "success"})
