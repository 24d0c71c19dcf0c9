"""/v1/credential-sync (apps/api/v1/pages/api/credential-sync): a self-hosted instance's admin pushes
app credentials (OAuth tokens) for its users.

The verifyCredentialSyncEnabled middleware runs first: a key whose owner is no system-wide admin is
403 ``{"error": "Only admin API keys can access credential syncing endpoints"}``; with the feature off
(the server needs CALCOM_CREDENTIAL_SYNC_SECRET and CALCOM_APP_CREDENTIAL_ENCRYPTION_KEY; here the
settings ``credential_sync_secret`` and ``app_credential_encryption_key``) 501 ``{"error": "Credential
syncing is not enabled"}``; a sync-secret header (``calcom-credential-sync-secret`` unless
``credential_sync_header`` renames it) that differs is 401 ``Invalid credential sync secret``.

Then the handlers: ``userId`` and ``credentialId`` are query strings read with parseInt (400
``userId is not a valid number``); the key arrives as ``encryptedKey``, AES-256-CBC with the encryption
key (domain/app_crypto.py), and must decrypt to JSON holding an ``access_token``. The app is one of the
calendar apps the emulator simulates (another slug is the server's 500 ``App not found``); a new
credential's account has its primary calendar, named by the user's e-mail, which
``createSelectedCalendar=true`` selects and ``createDestinationCalendar=true`` makes the destination.
A credential id that is not that user's is Prisma's 404; deleting one takes its calendars, selections
and destination with it. The server answers 500 for a key that does not decrypt; the emulator answers
400 with the same message, as it answers no input with a 500 of its own making.
"""

from __future__ import annotations

import json
import re
from typing import Any

from emulator.api import v1_errors as v1
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import is_system_admin
from emulator.domain import calendar_connect, calendars
from emulator.domain.app_crypto import symmetric_decrypt
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import DestinationCalendar, User
from emulator.world.records_calendars import Credential
from emulator.world.store import World

APPS = {p.app_id: p for p in calendars.PROVIDERS.values()}


def _enabled(ctx: RequestContext) -> str:
    """verifyCredentialSyncEnabled; answers the encryption key."""
    settings = ctx.runtime.settings
    if not is_system_admin(acting_user(ctx)):
        raise ApiError(403, "Only admin API keys can access credential syncing endpoints", v1_key="error")
    secret, key = settings.credential_sync_secret, settings.app_credential_encryption_key
    if not secret or not key:
        raise ApiError(501, "Credential syncing is not enabled", v1_key="error")
    if ctx.headers.get(settings.credential_sync_header.lower()) != secret:
        raise ApiError(401, "Invalid credential sync secret")
    return key


def _query_int(ctx: RequestContext, name: str) -> int:
    values = ctx.query_values(name)
    if not values:
        raise v1.zod_error([f"invalid_type in '{name}': Required"])
    number = re.match(r"\s*([+-]?\d+)", values[-1])
    if number is None:
        raise ApiError(400, f"{name} is not a valid number")
    return int(number.group(1))


def _token(body: Any, encryption_key: str, fields: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the body, the decrypted key) after the body schema and OAuth2UniversalSchema."""
    if not isinstance(body, dict):
        raise v1.zod_error([f"invalid_type in '': Expected object, received {v1.js_type(body)}"])
    issues = [
        f"invalid_type in '{f}': "
        + ("Required" if f not in body else f"Expected string, received {v1.js_type(body[f])}")
        for f in fields
        if not isinstance(body.get(f), str)
    ]
    if issues:
        raise v1.zod_error(issues)
    try:
        key = json.loads(symmetric_decrypt(body["encryptedKey"], encryption_key))
    except ValueError as failure:  # bad decrypt, or no JSON inside
        raise ApiError(400, str(failure)) from None
    if not isinstance(key, dict):
        raise v1.zod_error([f"invalid_type in '': Expected object, received {v1.js_type(key)}"])
    expected = {"access_token": "string", "token_type": "string", "refresh_token": "string", "expiry_date": "number"}
    wrong = [
        f"invalid_type in '{f}': " + ("Required" if f not in key else f"Expected {kind}, received {v1.js_type(key[f])}")
        for f, kind in expected.items()
        if (f == "access_token" or f in key) and v1.js_type(key.get(f)) != kind
    ]
    if wrong:
        raise v1.zod_error(wrong)
    return body, key


def _users_credential(world: World, user_id: int, credential_id: int) -> Credential:
    found: Credential | None = world.find("credentials", credential_id)
    if found is None or found.user_id != user_id:
        raise ApiError(404, v1.PRISMA_REDACTED)  # update / delete where {id, userId}
    return found


@handles("getUserAppCredentials")
def list_credentials(ctx: RequestContext) -> Reply:
    _enabled(ctx)
    user_id = _query_int(ctx, "userId")
    slug = ctx.query_values("appSlug")
    rows = [
        c
        for c in sorted(ctx.runtime.world.all("credentials"), key=lambda c: c.id)
        if c.user_id == user_id and (not slug or c.app_id == slug[-1])
    ]
    return Reply(200, {"credentials": [{"id": c.id, "appId": c.app_id, "appSlug": c.app_id} for c in rows]})


@handles("createUserAppCredential")
def create_credential(ctx: RequestContext) -> Reply:
    encryption_key, world = _enabled(ctx), ctx.runtime.world
    if ctx.body is None:
        raise ApiError(400, "Request body is missing")
    user_id = _query_int(ctx, "userId")
    select = ctx.query_values("createSelectedCalendar")[-1:] == ["true"]
    destination = ctx.query_values("createDestinationCalendar")[-1:] == ["true"]
    body, key = _token(ctx.body, encryption_key, ("appSlug", "encryptedKey"))
    provider = APPS.get(body["appSlug"])
    if provider is None:
        raise ApiError(500, "App not found")
    user: User | None = world.find("users", user_id)
    if user is None:
        raise ApiError(400, v1.PRISMA_REDACTED)  # the credential's user foreign key
    account = user.email
    credential = calendar_connect.add_credential(
        world, user, provider.kind, account, [(account, account, True, False)], settings={"key": key}
    )
    if select:
        calendar_connect.select(world, user.id, credential, account)
    if destination:
        if calendars.user_destination(world, user.id) is not None:
            raise ApiError(400, v1.PRISMA_REDACTED)  # one destination per user
        row = DestinationCalendar(
            world.next_id("destination_calendars"),
            provider.type,
            account,
            user_id=user.id,
            credential_id=credential.id,
            primary_email=account,
        )
        world.insert("destination_calendars", row)
    return Reply(200, {"credential": {"id": credential.id, "type": credential.type}})


@handles("updateUserAppCredential")
def update_credential(ctx: RequestContext) -> Reply:
    encryption_key, world = _enabled(ctx), ctx.runtime.world
    user_id, credential_id = _query_int(ctx, "userId"), _query_int(ctx, "credentialId")
    _, key = _token(ctx.body, encryption_key, ("encryptedKey",))
    found = _users_credential(world, user_id, credential_id)
    updated: Credential = world.update("credentials", found.id, settings={**found.settings, "key": key})
    return Reply(200, {"credential": {"id": updated.id, "appId": updated.app_id}})


@handles("deleteUserAppCredential")
def delete_credential(ctx: RequestContext) -> Reply:
    _enabled(ctx)
    world = ctx.runtime.world
    found = _users_credential(world, _query_int(ctx, "userId"), _query_int(ctx, "credentialId"))
    calendar_connect.remove_credential(world, found)
    return Reply(200, {"credentialDeleted": {"id": found.id, "appId": found.app_id}})
