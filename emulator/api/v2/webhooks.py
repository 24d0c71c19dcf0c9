"""/v2/webhooks: the caller's own webhooks (WebhooksController, UserWebhooksService).

Cal.com behaviour kept here: ids are UUID strings; one subscriber URL per user (409); another
user's webhook is a 403 from IsUserWebhookGuard; an unknown id is a 404; create answers 201.
"""

from __future__ import annotations

from typing import Any

from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world import ids
from emulator.world.models import Webhook


def webhook_output(webhook: Webhook) -> dict[str, Any]:
    return {
        "id": webhook.id,
        "userId": webhook.user_id,
        "payloadTemplate": webhook.payload_template,
        "triggers": list(webhook.triggers),
        "subscriberUrl": webhook.subscriber_url,
        "active": webhook.active,
        "secret": webhook.secret,
    }


def _owned(ctx: RequestContext) -> Webhook:
    user = acting_user(ctx)
    webhook_id = ctx.path_params["webhookId"]
    webhook: Webhook | None = ctx.runtime.world.find("webhooks", webhook_id)
    if webhook is None:
        raise ApiError(404, f"Webhook ({webhook_id}) not found")
    if webhook.user_id != user.id and user.role != "ADMIN":
        raise ApiError(
            403, f"IsUserWebhookGuard - user with id=({user.id}) is not the owner of webhook with id=({webhook_id})"
        )
    return webhook


def _conflict_check(ctx: RequestContext, user_id: int, url: str, except_id: str | None = None) -> None:
    for other in ctx.runtime.world.all("webhooks"):
        if other.user_id == user_id and other.subscriber_url == url and other.id != except_id:
            raise ApiError(409, "Webhook with this subscriber url already exists for this user")


@handles("WebhooksController_createWebhook")
def create_webhook(ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    user = acting_user(ctx)
    body = ctx.body
    _conflict_check(ctx, user.id, body["subscriberUrl"])
    webhook = world.insert(
        "webhooks",
        Webhook(
            id=ids.uuid4(world.rng),
            subscriber_url=body["subscriberUrl"],
            triggers=tuple(body["triggers"]),
            active=body["active"],
            user_id=user.id,
            payload_template=body.get("payloadTemplate"),
            secret=body.get("secret"),
            created_at=world.clock.now(),
        ),
    )
    return Reply(201, {"status": "success", "data": webhook_output(webhook)})


@handles("WebhooksController_getWebhooks")
def list_webhooks(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    query = ctx.params.get("query", {})
    skip, take = int(query.get("skip", 0)), int(query.get("take", 250))
    mine = sorted(
        ctx.runtime.world.where("webhooks", lambda w: w.user_id == user.id),
        key=lambda w: (w.created_at is None, w.created_at, w.id),
    )
    return Reply(200, {"status": "success", "data": [webhook_output(w) for w in mine[skip : skip + take]]})


@handles("WebhooksController_getWebhook")
def get_webhook(ctx: RequestContext) -> Reply:
    return Reply(200, {"status": "success", "data": webhook_output(_owned(ctx))})


@handles("WebhooksController_updateWebhook")
def update_webhook(ctx: RequestContext) -> Reply:
    webhook = _owned(ctx)
    body = ctx.body or {}
    changes: dict[str, Any] = {}
    if "subscriberUrl" in body:
        _conflict_check(ctx, webhook.user_id or 0, body["subscriberUrl"], except_id=webhook.id)
        changes["subscriber_url"] = body["subscriberUrl"]
    if "triggers" in body:
        changes["triggers"] = tuple(body["triggers"])
    for field, attr in (("active", "active"), ("payloadTemplate", "payload_template"), ("secret", "secret")):
        if field in body:
            changes[attr] = body[field]
    updated = ctx.runtime.world.update("webhooks", webhook.id, **changes)
    return Reply(200, {"status": "success", "data": webhook_output(updated)})


@handles("WebhooksController_deleteWebhook")
def delete_webhook(ctx: RequestContext) -> Reply:
    webhook = _owned(ctx)
    ctx.runtime.world.delete("webhooks", webhook.id)
    return Reply(200, {"status": "success", "data": webhook_output(webhook)})
