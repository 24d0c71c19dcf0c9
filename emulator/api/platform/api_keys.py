"""POST /v2/api-keys/refresh (ApiKeysController): swap the calling API key for a new one."""

from __future__ import annotations

from emulator.api.registry import handles
from emulator.domain import api_keys
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError

API_KEY_ONLY = (
    "ApiKeysService - This endpoint can only be accessed using an API key by providing "
    "'Authorization: Bearer <apiKey>' header"
)
BOTH_EXPIRY_OPTIONS = (
    "ApiKeysService -Cannot set both apiKeyDaysValid and apiKeyNeverExpires. It has to be either or none of them."
)


@handles("ApiKeysController_refresh")
def refresh(ctx: RequestContext) -> Reply:
    credential = ctx.credential
    if credential is None or credential.kind != "api_key" or credential.api_key is None:
        raise ApiError(401, API_KEY_ONLY)
    try:
        new_key = api_keys.refresh(ctx.runtime.world, credential.api_key, ctx.body or {})
    except api_keys.BothExpiryOptions:
        raise ApiError(400, BOTH_EXPIRY_OPTIONS) from None
    return Reply(200, {"status": "success", "data": {"apiKey": new_key}})
