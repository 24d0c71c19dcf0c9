"""The webhook operations every v2 scope shares: create, list, get, update, delete, delete-all.

Cal.com serves the same webhook record under several owners (a user, an event type, an OAuth
client, an organization); only how the owner is read from the path, which column holds it, the
output DTO's owner key, the 409 text, the per-webhook guard and the controller's operationIds
differ. A ``Scope`` carries those differences as data; the functions here do the rest, and ``serve``
binds each scope's actions to its operationIds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from emulator.api.registry import handles
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world import ids
from emulator.world.models import Webhook

Owner = int | str
# (ctx) -> the owner named by the path, after the scope's own checks on it.
OwnerOf = Callable[[RequestContext], Owner]
# (ctx, owner, webhook id) -> the webhook, when the scope's guard lets the caller at it.
Guard = Callable[[RequestContext, Owner, str], Webhook]


@dataclass(frozen=True)
class Controller:
    """A scope's controller: the operationId of each shared action (delete-all where it has one)."""

    create: str
    list: str
    get: str
    update: str
    delete: str
    delete_all: str | None = None


@dataclass(frozen=True)
class Scope:
    name: str
    field: str  # the Webhook attribute holding the owner
    output_key: str  # the owner's key in the scope's output DTO
    conflict: str  # the 409 message for a subscriber URL the owner already has
    owner: OwnerOf
    guard: Guard
    controller: Controller

    def owns(self, webhook: Webhook, owner: Owner) -> bool:
        return bool(getattr(webhook, self.field) == owner)


def find_webhook(ctx: RequestContext, webhook_id: str) -> Webhook:
    """The webhook by id, or the services' 404."""
    webhook: Webhook | None = ctx.runtime.world.find("webhooks", webhook_id)
    if webhook is None:
        raise ApiError(404, f"Webhook ({webhook_id}) not found")
    return webhook


def webhook_output(scope: Scope, webhook: Webhook) -> dict[str, Any]:
    return {
        "id": webhook.id,
        scope.output_key: getattr(webhook, scope.field),
        "payloadTemplate": webhook.payload_template,
        "triggers": list(webhook.triggers),
        "subscriberUrl": webhook.subscriber_url,
        "active": webhook.active,
        "secret": webhook.secret,
    }


def _ok(status: int, data: Any) -> Reply:
    return Reply(status, {"status": "success", "data": data})


def _check_url(ctx: RequestContext, scope: Scope, owner: Owner, url: str, except_id: str | None = None) -> None:
    for other in ctx.runtime.world.all("webhooks"):
        if scope.owns(other, owner) and other.subscriber_url == url and other.id != except_id:
            raise ApiError(409, scope.conflict)


def _of_owner(ctx: RequestContext, scope: Scope, owner: Owner) -> list[Webhook]:
    """The owner's webhooks, oldest first (the store keeps insertion order for equal times)."""
    found: list[Webhook] = ctx.runtime.world.where("webhooks", lambda w: scope.owns(w, owner))
    return sorted(found, key=lambda w: (w.created_at is None, w.created_at or datetime.min))


def _one(ctx: RequestContext, scope: Scope) -> Webhook:
    owner = scope.owner(ctx)
    return scope.guard(ctx, owner, ctx.path_params["webhookId"])


def create(scope: Scope, ctx: RequestContext) -> Reply:
    world = ctx.runtime.world
    owner = scope.owner(ctx)
    body = ctx.body
    _check_url(ctx, scope, owner, body["subscriberUrl"])
    fresh = Webhook(
        id=ids.uuid4(world.rng),
        subscriber_url=body["subscriberUrl"],
        triggers=tuple(body["triggers"]),
        active=body["active"],
        payload_template=body.get("payloadTemplate"),
        secret=body.get("secret"),
        created_at=world.clock.now(),
    )
    owned: dict[str, Any] = {scope.field: owner}
    webhook = world.insert("webhooks", replace(fresh, **owned))
    return _ok(201, webhook_output(scope, webhook))


def list_all(scope: Scope, ctx: RequestContext) -> Reply:
    owner = scope.owner(ctx)
    query = ctx.params.get("query", {})
    skip, take = int(query.get("skip", 0)), int(query.get("take", 250))
    page = _of_owner(ctx, scope, owner)[skip : skip + take]
    return _ok(200, [webhook_output(scope, w) for w in page])


def get(scope: Scope, ctx: RequestContext) -> Reply:
    return _ok(200, webhook_output(scope, _one(ctx, scope)))


def update(scope: Scope, ctx: RequestContext) -> Reply:
    webhook = _one(ctx, scope)
    body = ctx.body or {}
    changes: dict[str, Any] = {}
    if "subscriberUrl" in body:
        _check_url(ctx, scope, getattr(webhook, scope.field), body["subscriberUrl"], except_id=webhook.id)
        changes["subscriber_url"] = body["subscriberUrl"]
    if "triggers" in body:
        changes["triggers"] = tuple(body["triggers"])
    for key, attr in (("active", "active"), ("payloadTemplate", "payload_template"), ("secret", "secret")):
        if key in body:
            changes[attr] = body[key]
    updated = ctx.runtime.world.update("webhooks", webhook.id, **changes)
    return _ok(200, webhook_output(scope, updated))


def delete(scope: Scope, ctx: RequestContext) -> Reply:
    webhook = _one(ctx, scope)
    ctx.runtime.world.delete("webhooks", webhook.id)
    return _ok(200, webhook_output(scope, webhook))


def delete_all(scope: Scope, ctx: RequestContext) -> Reply:
    owner = scope.owner(ctx)
    doomed = _of_owner(ctx, scope, owner)
    for webhook in doomed:
        ctx.runtime.world.delete("webhooks", webhook.id)
    return _ok(200, f"{len(doomed)} webhooks deleted")


Action = Callable[[Scope, RequestContext], Reply]


def _bind(operation_id: str | None, action: Action, scope: Scope) -> None:
    if operation_id is None:
        return

    def handler(ctx: RequestContext) -> Reply:
        return action(scope, ctx)

    handler.__name__ = f"{scope.name}_{action.__name__}"
    handles(operation_id)(handler)


def serve(*scopes: Scope) -> None:
    """Register each scope's handlers under its controller's operationIds."""
    for scope in scopes:
        ops = scope.controller
        _bind(ops.create, create, scope)
        _bind(ops.list, list_all, scope)
        _bind(ops.get, get, scope)
        _bind(ops.update, update, scope)
        _bind(ops.delete, delete, scope)
        _bind(ops.delete_all, delete_all, scope)
