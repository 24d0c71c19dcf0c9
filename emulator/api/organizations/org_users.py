"""An organization's users and their out-of-office entries: /v2/organizations/{orgId}/users
(OrganizationsUsersController) and /v2/organizations/{orgId}/users/{userId}/ooo, /v2/organizations/{orgId}/ooo
(OrganizationsUsersOOOController).

The guard stage has run IsOrgGuard, RolesGuard (ORG_ADMIN) and the plan guards. What is left here:

- IsUserInOrg: a path user without a profile in the organization is 403. IsUserOOO: an entry that is
  not the path user's (or does not exist) is 403.
- The list filters by ``emails`` and, in attribute_options.py, by assigned attribute options and ``teamIds``.
- Users: an e-mail already in the organization is 409 ``A user already exists with that email``, a
  username taken there 409 ``Username is already taken``. A new user gets a profile (``organizationId``)
  and a membership with ``organizationRole`` (MEMBER), accepted unless ``autoAccept`` is false. Delete
  removes the user. The emulator has no profile table: ``profile.id`` is the user's id.
- Out of office: start is moved to 00:00 UTC of its day and end to 23:59:59.999; the checks run in
  the server's order (both or neither of start/end, start not after end, no redirect loop, no exact
  duplicate, not to oneself, ``toUserId`` must share an accepted team with the user).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from emulator.api import params
from emulator.api.event_types.v2024_06_14 import event_type_id
from emulator.api.organizations.attribute_options import filter_org_users
from emulator.api.organizations.teams import RECORD_EXISTS, ok, page
from emulator.api.registry import handles
from emulator.api.user_row import public_columns
from emulator.domain import out_of_office as ooo_rules
from emulator.domain import teams
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.clock import iso_ms
from emulator.world.models import OutOfOffice, User
from emulator.world.store import World

# Input key -> User attribute, for the CreateUserInput/UpdateUserInput fields the emulator's User keeps.
USER_FIELDS = {
    "email": "email",
    "username": "username",
    "name": "name",
    "bio": "bio",
    "brandColor": "brand_color",
    "darkBrandColor": "dark_brand_color",
    "timeZone": "time_zone",
    "weekStart": "week_start",
    "theme": "theme",
    "timeFormat": "time_format",
    "defaultScheduleId": "default_schedule_id",
    "locale": "locale",
    "avatarUrl": "avatar_url",
    "metadata": "metadata",
}


def _org_id(ctx: RequestContext) -> int:
    return event_type_id(ctx, "orgId")


def org_user_output(user: User, org_id: int) -> dict[str, Any]:
    """GetOrgUsersWithProfileOutput: the user's exposed columns plus the organization profile."""
    return {
        **public_columns(user),
        "name": user.name or None,
        "avatarUrl": user.avatar_url,
        "metadata": user.metadata or {},
        "profile": {"id": user.id, "organizationId": org_id, "userId": user.id, "username": user.username},
    }


def path_org_user(ctx: RequestContext) -> User:
    """IsUserInOrg: the path's user must have a profile in the path's organization."""
    world, org_id, user_id = ctx.runtime.world, _org_id(ctx), event_type_id(ctx, "userId")
    if not teams.is_org_user(world, org_id, user_id):
        raise ApiError(403, f"IsUserInOrg - user with id={user_id} is not part of the organization with id={org_id}.")
    found: User | None = world.find("users", user_id)
    assert found is not None  # is_org_user found it
    return found


def _user_writes(body: dict[str, Any]) -> dict[str, Any]:
    return {attr: body[key] for key, attr in USER_FIELDS.items() if key in body}


def _check_username(world: World, org_id: int, username: str | None, except_id: int | None = None) -> None:
    if username and any(u.id != except_id and u.username == username for u in teams.org_users(world, org_id)):
        raise ApiError(409, "Username is already taken")


@handles("OrganizationsUsersController_getOrganizationsUsers")
def list_org_users(ctx: RequestContext) -> Reply:
    org_id = _org_id(ctx)
    found = filter_org_users(ctx, org_id, teams.org_users(ctx.runtime.world, org_id))
    emails = params.query(ctx, "emails") or ctx.query_values("emails")
    if isinstance(emails, str):
        emails = [emails]
    if emails:
        found = [u for u in found if u.email in emails]
    return ok(200, [org_user_output(u, org_id) for u in page(ctx, found)])


@handles("OrganizationsUsersController_createOrganizationUser")
def create_org_user(ctx: RequestContext) -> Reply:
    world, org_id, body = ctx.runtime.world, _org_id(ctx), ctx.body
    email = str(body["email"])
    if any(u.email == email for u in teams.org_users(world, org_id)):
        raise ApiError(409, "A user already exists with that email")
    _check_username(world, org_id, body.get("username"))
    if any(u.email == email for u in world.all("users")):  # the unique index on User.email
        raise ApiError(409, RECORD_EXISTS)
    fields = _user_writes(body)
    fields.setdefault("username", teams.org_username_from_email(email))
    fields.setdefault("name", "")
    user = world.insert(
        "users",
        User(id=world.next_id("users"), created_date=world.clock.now(), organization_id=org_id, **fields),
    )
    role = body.get("organizationRole") or "MEMBER"
    teams.add_member(world, org_id, user.id, role=role, accepted=body.get("autoAccept", True) is not False)
    return ok(201, org_user_output(user, org_id))


@handles("OrganizationsUsersController_updateOrganizationUser")
def update_org_user(ctx: RequestContext) -> Reply:
    world, org_id, user = ctx.runtime.world, _org_id(ctx), path_org_user(ctx)
    changes = _user_writes(ctx.body or {})
    _check_username(world, org_id, changes.get("username"))
    if changes:
        user = world.update("users", user.id, **changes)
    return ok(200, org_user_output(user, org_id))


@handles("OrganizationsUsersController_deleteOrganizationUser")
def delete_org_user(ctx: RequestContext) -> Reply:
    world, org_id, user = ctx.runtime.world, _org_id(ctx), path_org_user(ctx)
    out = org_user_output(user, org_id)
    teams.delete_user(world, user)
    return ok(200, out)


# --- out of office -----------------------------------------------------------------------------------


def ooo_output(entry: OutOfOffice) -> dict[str, Any]:
    """UserOooOutputDto."""
    return {
        "userId": entry.user_id,
        "toUserId": entry.to_user_id,
        "id": entry.id,
        "uuid": entry.uuid,
        "start": iso_ms(entry.start),
        "end": iso_ms(entry.end),
        "notes": entry.notes,
        "reason": entry.reason,
    }


def _path_entry(ctx: RequestContext, user: User) -> OutOfOffice:
    """IsUserOOO: the path's entry must be the path user's."""
    entry: OutOfOffice | None = ctx.runtime.world.find("out_of_office", event_type_id(ctx, "oooId"))
    if entry is None or entry.user_id != user.id:
        raise ApiError(403, "This OOO entry does not belong to this user.")
    return entry


def _sorted_page(ctx: RequestContext, entries: list[OutOfOffice]) -> list[dict[str, Any]]:
    entries = sorted(entries, key=lambda e: e.id)
    for name, attr in (("sortStart", "start"), ("sortEnd", "end")):  # sortEnd wins when both are given
        order = params.query(ctx, name)
        if order in ("asc", "desc"):
            entries = sorted(entries, key=attrgetter(attr), reverse=order == "desc")
    return [ooo_output(e) for e in page(ctx, entries)]


@handles("OrganizationsUsersOOOController_getOrganizationUserOOO")
def list_user_ooo(ctx: RequestContext) -> Reply:
    user = path_org_user(ctx)
    return ok(200, _sorted_page(ctx, ooo_rules.of_users(ctx.runtime.world, {user.id})))


@handles("OrganizationsUsersOOOController_getOrganizationUsersOOO")
def list_org_ooo(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    users = teams.org_users(world, _org_id(ctx))
    email = params.query(ctx, "email")
    if email:
        users = [u for u in users if u.email == email]
    return ok(200, _sorted_page(ctx, ooo_rules.of_users(world, {u.id for u in users})))


@handles("OrganizationsUsersOOOController_createOrganizationUserOOO")
def create_user_ooo(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, path_org_user(ctx)
    fields = ooo_rules.checked(world, user.id, ctx.body, create=True)
    return ok(201, ooo_output(ooo_rules.create(world, user.id, fields)))


@handles("OrganizationsUsersOOOController_updateOrganizationUserOOO")
def update_user_ooo(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, path_org_user(ctx)
    entry = _path_entry(ctx, user)
    fields = ooo_rules.checked(world, user.id, ctx.body or {}, create=False)
    updated: OutOfOffice = world.update("out_of_office", entry.id, **fields) if fields else entry
    return ok(200, ooo_output(updated))


@handles("OrganizationsUsersOOOController_deleteOrganizationUserOOO")
def delete_user_ooo(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, path_org_user(ctx)
    entry = _path_entry(ctx, user)
    world.delete("out_of_office", entry.id)
    return ok(200, ooo_output(entry))
