"""/v2/provider: what <CalProvider> asks before it renders any atom (CalProviderController).

Cal.com leaves this controller out of its spec; openapi/atoms/atoms.yaml describes it. The client
check is public, so a wrong client id must read like the server's bare UnauthorizedException, and
the token check relies entirely on the auth stage: reaching the handler means the credential held.
"""

from __future__ import annotations

from emulator.api.registry import handles
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import OAuthClient


@handles("CalProviderController_verifyClientId")
def verify_client_id(ctx: RequestContext) -> Reply:
    client: OAuthClient | None = ctx.runtime.world.find("oauth_clients", ctx.path_params["clientId"])
    if client is None:
        # `throw new UnauthorizedException()` with no message: Nest's default body, without an `error` field.
        raise ApiError(401, "Unauthorized", details={"message": "Unauthorized", "statusCode": 401})
    data = {"clientId": client.id, "organizationId": client.organization_id, "name": client.name}
    return Reply(200, {"status": "success", "data": data})


@handles("CalProviderController_verifyAccessToken")
def verify_access_token(ctx: RequestContext) -> Reply:
    # ApiAuthGuard has accepted the credential (an expired token never gets here: 498), which is the answer.
    return Reply(200, {"status": "success"})
