"""/v1/webhooks (apps/api/v1/pages/api/webhooks), over the same webhooks table v2 serves: a webhook made
in one version is listed, read and delivered by the other. The v1 app also answers these at /v1/hooks
and at the root (/webhooks?apiKey=); pipeline/routing.py maps those paths here.

Rules kept from the handlers (a system-wide admin, role ADMIN, skips the ownership checks):

- list: the caller's own webhooks and those of their event types; ``?userId=`` needs an admin (403
  ``ADMIN required``), who may name one or several users (several: sorted by user).
- add: the zod body is strict (unknown keys are a 400). Without ``eventTypeId`` the webhook is the
  caller's; with one, the event type must be the caller's (any, for an admin), else the redacted Prisma
  404. A body ``userId`` needs an admin (403 ``ADMIN required for userId``) and an existing user.
  Repeated triggers are dropped. A (user, subscriber URL) pair that exists is Prisma's unique index: 400.
- get/edit/delete: the [id] middleware lets a non-admin at a webhook that is theirs (``userId``) or on
  an event type of a team they belong to; anything else, a missing id included, is 403 ``Forbidden``.
  (A webhook a user made on their own event type carries no ``userId``, so it is 403 to them here.) An
  admin's missing id is the redacted Prisma 404.
- Answers show schemaWebhookReadPublic's seven fields; ``appId`` is always null (no app webhooks here).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from emulator.api import v1_errors as v1
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.api.v1_access import is_system_admin
from emulator.domain import teams
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world import ids
from emulator.world.models import EventType, User, Webhook
from emulator.world.store import World

CREATE_KEYS = ("userId", "eventTypeId", "eventTriggers", "active", "subscriberUrl", "payloadTemplate", "secret")


def webhook_v1(webhook: Webhook) -> dict[str, Any]:
    """schemaWebhookReadPublic."""
    return {
        "id": webhook.id,
        "userId": webhook.user_id,
        "eventTypeId": webhook.event_type_id,
        "payloadTemplate": webhook.payload_template,
        "eventTriggers": list(webhook.triggers),
        "appId": None,
        "subscriberUrl": webhook.subscriber_url,
    }


def _event_type_owner(world: World, webhook: Webhook) -> int | None:
    event_type: EventType | None = world.find("event_types", webhook.event_type_id) if webhook.event_type_id else None
    return event_type.owner_id if event_type is not None else None


def _user_ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@handles("listWebhooks")
def list_webhooks(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    wanted = ctx.query_values("userId")
    admin = is_system_admin(user)
    if not admin and wanted:
        raise ApiError(403, "ADMIN required")
    found: list[Webhook] = world.all("webhooks")
    if admin and wanted:
        users = _user_ids(wanted)
        found = [w for w in found if w.user_id in users or _event_type_owner(world, w) in users]
        if len(wanted) > 1:
            found.sort(key=lambda w: (w.user_id is None, w.user_id or 0))
    elif not admin:
        found = [w for w in found if w.user_id == user.id or _event_type_owner(world, w) == user.id]
    return Reply(200, {"webhooks": [webhook_v1(w) for w in found]})


def _checked_body(body: Any) -> dict[str, Any]:
    """The strict zod object: keys outside the schema are refused."""
    if not isinstance(body, dict):
        raise v1.zod_error([f"Expected object, received {v1.js_type(body)}"])
    extra = v1.unrecognized(body, CREATE_KEYS)
    if extra:
        raise v1.zod_error([extra])
    return body


def _targets(world: World, user: User, body: dict[str, Any], changes: dict[str, Any]) -> None:
    """The event type and user a body names, checked in the handlers' order, into ``changes``."""
    admin = is_system_admin(user)
    event_type_id = body.get("eventTypeId")
    if event_type_id:
        event_type: EventType | None = world.find("event_types", int(event_type_id))
        if event_type is None or not (admin or event_type.owner_id == user.id):
            raise ApiError(404, v1.PRISMA_REDACTED)
        changes["event_type_id"] = event_type.id
    body_user = body.get("userId")
    if body_user and not admin:
        raise ApiError(403, "ADMIN required for userId")
    if body_user:
        if world.find("users", int(body_user)) is None:
            raise ApiError(404, v1.PRISMA_REDACTED)
        changes["user_id"] = int(body_user)
    if body.get("eventTriggers"):
        changes["triggers"] = tuple(dict.fromkeys(body["eventTriggers"]))


def _check_unique(world: World, webhook: Webhook) -> None:
    """The (userId, subscriberUrl) unique index; Prisma's other errors are a redacted 400 in v1."""
    for other in world.all("webhooks"):
        same = other.user_id == webhook.user_id and other.subscriber_url == webhook.subscriber_url
        if same and webhook.user_id is not None and other.id != webhook.id:
            raise ApiError(400, v1.PRISMA_REDACTED)


@handles("addWebhook")
def add_webhook(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    body = _checked_body(ctx.body)
    changes: dict[str, Any] = {} if body.get("eventTypeId") else {"user_id": user.id}
    _targets(world, user, body, changes)
    fresh = Webhook(
        id=ids.uuid4(world.rng),
        subscriber_url=body["subscriberUrl"],
        triggers=(),
        active=bool(body.get("active", True)),
        payload_template=body.get("payloadTemplate"),
        secret=body.get("secret"),
        created_at=world.clock.now(),
    )
    webhook = replace(fresh, **changes)
    _check_unique(world, webhook)
    world.insert("webhooks", webhook)
    return Reply(200, {"webhook": webhook_v1(webhook), "message": "Webhook created successfully"})


def _reachable(ctx: RequestContext, user: User) -> Webhook | None:
    """The [id] auth middleware; None for an admin's missing id (the handler's Prisma 404 follows)."""
    world = ctx.runtime.world
    webhook: Webhook | None = world.find("webhooks", ctx.path_params["id"])
    if is_system_admin(user):
        return webhook
    if webhook is not None and webhook.platform_client_id is None:
        if webhook.user_id == user.id:
            return webhook
        event_type: EventType | None = world.find("event_types", webhook.event_type_id or 0)
        if event_type is not None and event_type.team_id and teams.membership(world, event_type.team_id, user.id):
            return webhook
    raise ApiError(403, "Forbidden")


def _found(ctx: RequestContext) -> Webhook:
    webhook = _reachable(ctx, acting_user(ctx))
    if webhook is None:
        raise ApiError(404, v1.PRISMA_REDACTED)
    return webhook


@handles("getWebhookById")
def get_webhook(ctx: RequestContext) -> Reply:
    return Reply(200, {"webhook": webhook_v1(_found(ctx))})


@handles("editWebhookById")
def edit_webhook(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    webhook = _reachable(ctx, user)
    body = _checked_body(ctx.body if ctx.body is not None else {})
    changes: dict[str, Any] = {}
    _targets(world, user, body, changes)
    for key, attr in (("subscriberUrl", "subscriber_url"), ("active", "active")):
        if key in body:
            changes[attr] = body[key]
    for key, attr in (("payloadTemplate", "payload_template"), ("secret", "secret")):
        if key in body:
            changes[attr] = body[key]
    if webhook is None:
        raise ApiError(404, v1.PRISMA_REDACTED)
    updated: Webhook = world.update("webhooks", webhook.id, **changes)
    _check_unique(world, updated)
    return Reply(200, {"webhook": webhook_v1(updated)})


@handles("removeWebhookById")
def remove_webhook(ctx: RequestContext) -> Reply:
    webhook = _found(ctx)
    ctx.runtime.world.delete("webhooks", webhook.id)
    return Reply(200, {"message": f"Webhook with id: {webhook.id} deleted successfully"})
