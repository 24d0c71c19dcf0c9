"""The auth stage: who is calling, checked as the real servers check it, before validation.

v1 needs an API key on every operation (``?apiKey=``). v2 reads what each operation's guards
accept (emulator/domain/access.yaml, derived from the Cal.com controllers): public operations
ignore credentials, optional ones use them when sent, the rest refuse an anonymous caller with the
answer of whichever guard runs first (the auth guard's 401, or PermissionsGuard's 403 where the
controller puts it first). Credentials of a kind the operation does not take are refused as the
auth strategy refuses them.
"""

from __future__ import annotations

from functools import cache

from emulator.domain.access import Access, load_access
from emulator.pipeline.context import RequestContext
from emulator.pipeline.credentials import X_CAL_CLIENT_ID, bearer, unauthorized, v1_credential, v2_credential
from emulator.pipeline.errors import ApiError

_KIND_NAMES = {"api_key": "API_KEY", "access_token": "ACCESS_TOKEN", "oauth_client": "OAUTH_CLIENT_CREDENTIALS"}


def access_of(ctx: RequestContext) -> Access:
    assert ctx.operation is not None
    return load_access()[ctx.operation.operation_id]


def anonymous_refusal(access: Access) -> ApiError:
    refusal = access.anonymous
    assert refusal is not None
    return ApiError(refusal.status, refusal.message, code=refusal.code, v1_key=refusal.key or "message")


@cache
def accepted_kinds(credentials: tuple[str, ...]) -> frozenset[str]:
    """The credential kinds an operation takes; a client secret implies the client's own credentials."""
    accepted = set(credentials)
    if "oauth_client_secret" in accepted:
        accepted.add("oauth_client")
    return frozenset(accepted)


def authenticate(ctx: RequestContext) -> None:
    if ctx.api == "v1":
        ctx.credential = v1_credential(ctx)
        return
    access = access_of(ctx)
    if access.auth == "none":
        ctx.credential = None
        return
    if access.permissions_first and not bearer(ctx) and not ctx.headers.get(X_CAL_CLIENT_ID):
        # PermissionsGuard sits before the auth guard on these controllers and refuses first.
        raise anonymous_refusal(access)
    credential = v2_credential(ctx)
    if credential is None:
        if access.auth == "required":
            raise anonymous_refusal(access)
        ctx.credential = None
        return
    if credential.kind not in accepted_kinds(access.credentials):
        if credential.kind == "oauth_client":
            allowed = ", ".join(_KIND_NAMES[k] for k in access.credentials if k in _KIND_NAMES)
            raise unauthorized(
                "ApiAuthStrategy - Invalid authentication method. Please provide one of the allowed methods: "
                + (allowed or "Any supported method")
            )
        raise unauthorized("ApiAuthStrategy - Invalid Bearer token")
    ctx.credential = credential
