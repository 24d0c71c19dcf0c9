"""An organization's bookings: /v2/organizations/{orgId}/bookings (OrganizationsBookingsController),
/v2/organizations/{orgId}/teams/{teamId}/bookings[/{bookingUid}/references]
(OrganizationsTeamsBookingsController) and /v2/organizations/{orgId}/users/{userId}/bookings
(OrganizationsUsersBookingsController).

All three are the 2024-08-13 booking list (emulator/domain/booking_list.py) with the same query and
answer as GET /v2/bookings; the guard stage has run IsOrgGuard, RolesGuard (ORG_ADMIN, or TEAM_ADMIN
with organization admins passing), IsTeamInOrg and the plan guards. What each adds:

- Organization: the caller's list (an organization admin sees every member's bookings and every
  team event type's), narrowed by ``userIds`` (members of what the caller administers, else the
  tRPC 403).
- Team: the caller's list with the path team as its team filter (managed children included).
- User: IsUserInOrg (403), then the list as the path user sees their own.
- References of a team booking: any booking by uid (404 ``Booking with uid {uid} not found``), its
  references filtered by ``type``; the server checks no more than that.
"""

from __future__ import annotations

from dataclasses import replace

from emulator.api import params
from emulator.api.bookings import output as out
from emulator.api.bookings.v2024_08_13 import _ids as comma_ids
from emulator.api.bookings.v2024_08_13 import booking_filter
from emulator.api.caller import acting_user
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.org_users import path_org_user
from emulator.api.registry import handles
from emulator.domain import booking_records
from emulator.domain.booking_list import BookingFilter, list_bookings, pagination
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import User


def _listed(ctx: RequestContext, user: User, wanted: BookingFilter) -> Reply:
    world = ctx.runtime.world
    found, total = list_bookings(world, user, wanted)
    data = [out.read(world, b, user, listed=True) for b in found]
    return Reply(200, {"status": "success", "data": data, "pagination": pagination(wanted.skip, wanted.take, total)})


@handles("OrganizationsBookingsController_getAllOrgTeamBookings")
def get_org_bookings(ctx: RequestContext) -> Reply:
    return _listed(ctx, acting_user(ctx), replace(booking_filter(ctx), user_ids=comma_ids(ctx, "userIds")))


@handles("OrganizationsTeamsBookingsController_getAllOrgTeamBookings")
def get_org_team_bookings(ctx: RequestContext) -> Reply:
    team_id = event_type_id(ctx, "teamId")
    return _listed(ctx, acting_user(ctx), replace(booking_filter(ctx), team_ids=(team_id,)))


@handles("OrganizationsUsersBookingsController_getOrganizationUserBookings")
def get_org_user_bookings(ctx: RequestContext) -> Reply:
    return _listed(ctx, path_org_user(ctx), booking_filter(ctx))


@handles("OrganizationsTeamsBookingsController_getBookingReferences")
def get_org_team_booking_references(ctx: RequestContext) -> Reply:
    world, uid = ctx.runtime.world, ctx.path_params["bookingUid"]
    booking = booking_records.find(world, uid)
    if booking is None:
        raise ApiError(404, f"Booking with uid {uid} not found")
    kind = params.query(ctx, "type")
    found = world.where("booking_references", lambda r: r.booking_id == booking.id and (not kind or r.type == kind))
    return Reply(200, {"status": "success", "data": [out.reference(r) for r in sorted(found, key=lambda r: r.id)]})
