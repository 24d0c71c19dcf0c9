"""/v2/oauth-clients/{clientId}/users: a platform client's managed users (OAuthClientUsersController),
and POST /v2/oauth/{clientId}/refresh (OAuthFlowController)."""

from __future__ import annotations

from typing import Any

from emulator.api.platform import user_inputs
from emulator.api.platform.me import checked_profile_body
from emulator.api.registry import handles
from emulator.domain import managed_users, tokens
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.clock import iso_ms
from emulator.world.models import OAuthClient, User
from emulator.world.platform_names import client_email


def managed_user_output(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "username": user.username,
        "name": user.name,
        "bio": user.bio,
        "timeZone": user.time_zone,
        "weekStart": user.week_start,
        "createdDate": iso_ms(user.created_date) if user.created_date else "1970-01-01T00:00:00.000Z",
        "timeFormat": user.time_format,
        "defaultScheduleId": user.default_schedule_id,
        "locale": user.locale,
        "avatarUrl": user.avatar_url,
        "metadata": user.metadata,
    }


def the_client(ctx: RequestContext) -> OAuthClient:
    client_id = ctx.path_params["clientId"]
    client: OAuthClient | None = ctx.runtime.world.find("oauth_clients", client_id)
    if client is None:
        raise ApiError(404, f"OAuth client with ID '{client_id}' not found")
    return client


def the_user(ctx: RequestContext, client: OAuthClient) -> User:
    user_id = ctx.params["path"]["userId"]
    user: User | None = ctx.runtime.world.find("users", int(user_id))
    if user is None or user.platform_client_id != client.id:
        raise ApiError(404, f"User with ID {int(user_id)} is not part of this OAuth client.")
    return user


@handles("OAuthClientUsersController_createUser")
def create_user(ctx: RequestContext) -> Reply:
    client = the_client(ctx)
    body = user_inputs.checked_user_body(ctx.body, creating=True)
    try:
        user, pair = managed_users.create(ctx.runtime.world, client, body)
    except managed_users.EmailTaken as taken:
        raise ApiError(409, f"User with the provided e-mail already exists. Existing user ID={taken.user.id}") from None
    data = {"user": managed_user_output(user), **pair.keys()}
    return Reply(201, {"status": "success", "data": data})


@handles("OAuthClientUsersController_getManagedUsers")
def list_users(ctx: RequestContext) -> Reply:
    client = the_client(ctx)
    query = ctx.params.get("query", {})
    offset, limit = int(query.get("offset", 0)), int(query.get("limit", 50))
    users = managed_users.managed_users(ctx.runtime.world, client.id)
    emails = user_inputs.email_filter(ctx.query_values("emails"), as_array="emails" in ctx.bracketed)
    if emails is not None:
        wanted = {e if client.id in e else client_email(client.id, e) for e in emails}
        users = [u for u in users if u.email in wanted]
    page = users[offset : offset + limit]
    return Reply(200, {"status": "success", "data": [managed_user_output(u) for u in page]})


@handles("OAuthClientUsersController_getUserById")
def get_user(ctx: RequestContext) -> Reply:
    client = the_client(ctx)
    return Reply(200, {"status": "success", "data": managed_user_output(the_user(ctx, client))})


@handles("OAuthClientUsersController_updateUser")
def update_user(ctx: RequestContext) -> Reply:
    client = the_client(ctx)
    body = checked_profile_body(ctx.body or {})
    user = managed_users.update(ctx.runtime.world, client, the_user(ctx, client), body)
    return Reply(200, {"status": "success", "data": managed_user_output(user)})


@handles("OAuthClientUsersController_deleteUser")
def delete_user(ctx: RequestContext) -> Reply:
    client = the_client(ctx)
    user = the_user(ctx, client)
    managed_users.delete(ctx.runtime.world, client, user)
    return Reply(200, {"status": "success", "data": managed_user_output(user)})


@handles("OAuthClientUsersController_forceRefresh")
def force_refresh(ctx: RequestContext) -> Reply:
    client = the_client(ctx)
    user = the_user(ctx, client)
    pair = tokens.force_refresh(ctx.runtime.world, client.id, user.id)
    return Reply(200, {"status": "success", "data": pair.keys()})


@handles("OAuthFlowController_refreshTokens")
def refresh_tokens(ctx: RequestContext) -> Reply:
    # One lookup by client id, client secret and refresh token: any mismatch is the same 400
    # (oauth-flow.service.ts refreshToken).
    world = ctx.runtime.world
    client: OAuthClient | None = world.find("oauth_clients", ctx.path_params["clientId"])
    secret_ok = client is not None and ctx.headers.get("x-cal-secret-key") == client.secret
    try:
        if client is None or not secret_ok:
            raise tokens.InvalidRefresh("client")
        pair = tokens.refresh(world, client.id, ctx.body["refreshToken"])
    except tokens.InvalidRefresh:
        raise ApiError(400, "Invalid OAuthClient credentials.") from None
    return Reply(200, {"status": "success", "data": pair.keys()})
