"""GET /v2/atoms/event-types/{eventTypeId}: what the event-type settings atom edits
(AtomsEventTypesController.getAtomEventType, EventTypesAtomService.getUserEventType over
packages/features/eventtypes/lib/getEventTypeById.ts getEventTypeByIdWithTeamMembers).

Who may read it, as the service decides:

- An administrator of a platform organization reads any event type of the organization (its users'
  and its teams'), without the ownership checks below.
- Anyone else reads an event type they own or of a team they belong to; anything else, or an id that
  does not exist, is the tRPC NOT_FOUND (404 ``The requested resource was not found``).
- A team event type then needs an accepted admin or owner membership of that team (403 ``Access
  denied. ...``). (The service's check that a personal one is the caller's cannot fail after the lookup.)

The answer is ``{eventType, locationOptions, destinationCalendar, team, currentUserMembership,
isUserOrganizationAdmin, teamMembers}``; ``teamMembers`` keeps only platform-managed users, as the
atoms service filters them. Dates of the booking window are JavaScript ``Date.toString()`` text, as
getEventTypeById returns them.
"""

from __future__ import annotations

from typing import Any

from emulator.api.atoms import event_type_shapes as shapes
from emulator.api.atoms.trpc import trpc_error
from emulator.api.caller import acting_user
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType, Team, User
from emulator.world.store import World

ADMIN_ROLES = ("ADMIN", "OWNER")


def is_org_admin(world: World, user: User) -> bool:
    """MembershipsRepository.isUserOrganizationAdmin for the caller's organization."""
    if user.organization_id is None:
        return False
    member = rules.membership(world, user.organization_id, user.id)
    return member is not None and member.accepted and member.role in ADMIN_ROLES


def _in_org(world: World, event_type: EventType, org_id: int) -> bool:
    if event_type.team_id is not None:
        team: Team | None = world.find("teams", event_type.team_id)
        return team is not None and team.parent_id == org_id
    owner: User | None = world.find("users", event_type.owner_id) if event_type.owner_id is not None else None
    return owner is not None and owner.organization_id == org_id


def _visible(world: World, user: User, event_type: EventType) -> bool:
    """EventTypeRepository.findById: the caller's own, or one of a team the caller belongs to."""
    if event_type.owner_id == user.id:
        return True
    if event_type.team_id is None:
        return False
    member = rules.membership(world, event_type.team_id, user.id)
    return member is not None and member.accepted


def team_access_denied(team_id: int, event_type_id: int) -> ApiError:
    return ApiError(
        403,
        f"Access denied. Either the team with ID={team_id} does not own the event type with ID={event_type_id}, "
        "or your MEMBER role does not have permission to access this resource.",
    )


def check_team_owns(world: World, user: User, event_type_id: int, team_id: int) -> None:
    """checkTeamOwnsEventType: an accepted admin or owner of the team, and the event type the team's."""
    member = rules.membership(world, team_id, user.id)
    event_type = rules.by_id(world, event_type_id)
    if (
        member is None
        or not member.accepted
        or member.role not in ADMIN_ROLES
        or event_type is None
        or event_type.team_id != team_id
    ):
        raise team_access_denied(team_id, event_type_id)


def readable_event_type(world: World, user: User, eid: int) -> tuple[EventType, bool]:
    """The event type the caller may open in the settings atom, and whether they are an org admin."""
    org_admin = is_org_admin(world, user)
    event_type = rules.by_id(world, eid)
    org: Team | None = world.find("teams", user.organization_id) if user.organization_id else None
    if org_admin and org is not None and org.is_platform:
        if event_type is None or not _in_org(world, event_type, org.id):
            raise trpc_error("NOT_FOUND")
        return event_type, org_admin
    if event_type is None or not _visible(world, user, event_type):
        raise trpc_error("NOT_FOUND")
    if not org_admin and event_type.team_id is not None:
        check_team_owns(world, user, event_type.id, event_type.team_id)
    return event_type, org_admin


def _team_members(world: World, event_type: EventType) -> list[dict[str, Any]]:
    """getEventTypeByIdWithTeamMembers' members (accepted ones, or all on an organization's team),
    kept to platform-managed users by the atoms service."""
    if event_type.team_id is None:
        return []
    team: Team = world.get("teams", event_type.team_id)
    members = []
    for membership in shapes.memberships(world, team.id):
        user: User | None = world.find("users", membership.user_id)
        if user is None or not (membership.accepted or team.parent_id is not None):
            continue
        if user.platform_client_id is None:
            continue
        members.append(
            {
                **shapes.user_select(user),
                "avatar": shapes.avatar(user),
                "profile": shapes.profile(user),
                "profileId": None,
                "eventTypes": [e.slug for e in rules.owned_by(world, user.id)],
                "membership": membership.role,
            }
        )
    return members


def settings_answer(world: World, user: User, event_type: EventType, org_admin: bool) -> dict[str, Any]:
    team = shapes.team_select(world, event_type.team_id) if event_type.team_id is not None else None
    membership = rules.membership(world, event_type.team_id, user.id) if event_type.team_id is not None else None
    return {
        "eventType": shapes.event_type_object(world, event_type, user, team),
        "locationOptions": shapes.location_options(world, event_type, user),
        "destinationCalendar": shapes.destination_calendar(world, event_type, user),
        "team": team,
        "currentUserMembership": membership.role if membership is not None else None,
        "isUserOrganizationAdmin": org_admin,
        "teamMembers": _team_members(world, event_type),
    }


@handles("AtomsEventTypesController_getAtomEventType")
def get_atom_event_type(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    event_type, org_admin = readable_event_type(world, user, event_type_id(ctx))
    return Reply(200, {"status": "success", "data": settings_answer(world, user, event_type, org_admin)})
