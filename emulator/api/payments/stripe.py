"""/v2/stripe (StripeController) and /v2/organizations/{orgId}/teams/{teamId}/stripe
(OrganizationsStripeController): the connect URL, the consent screen's redirect back, and the
connection check. The rules are in domain/stripe.py; the consent screen is the admin route
/_emulator/providers/consent with ``provider=stripe``.
"""

from __future__ import annotations

from emulator.api import params
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import stripe
from emulator.pipeline.context import Reply, RequestContext

CONSENT_PATH = "/_emulator/providers/consent"


def _connect(ctx: RequestContext, save_path: str, team_id: int | None = None, org_id: int | None = None) -> Reply:
    user = acting_user(ctx)
    base = f"http://{ctx.headers.get('host', '127.0.0.1')}"
    origin = ctx.headers.get("origin") or ""
    token = ctx.headers.get("authorization", "").replace("Bearer ", "", 1)
    back, on_error = params.query(ctx, "returnTo"), params.query(ctx, "onErrorReturnTo")
    state = stripe.StripeState(token, str(back or origin), str(on_error or origin), team_id, org_id)
    url = stripe.authorization_url(base + CONSENT_PATH, base + save_path, state, user.email, user.name)
    return Reply(200, {"status": "success", "data": {"authUrl": url}})


def _save(ctx: RequestContext, team_id: int | None = None, org_id: int | None = None) -> Reply:
    state = stripe.parse_state(str(params.query(ctx, "state") or ""))
    if team_id is not None:  # the team route saves for the team its path names
        state = stripe.StripeState(state.access_token, state.return_to, state.on_error_return_to, team_id, org_id)
    code, error = params.query(ctx, "code"), params.query(ctx, "error")
    url = stripe.save(
        ctx.runtime.world, state, str(code) if code is not None else None, str(error) if error is not None else None
    )
    return Reply(301, None, {"Location": url})


@handles("StripeController_redirect")
def connect(ctx: RequestContext) -> Reply:
    return _connect(ctx, "/v2/stripe/save")


@handles("StripeController_save")
def save(ctx: RequestContext) -> Reply:
    return _save(ctx)


@handles("StripeController_check")
def check(ctx: RequestContext) -> Reply:
    stripe.check(stripe.credential_of(ctx.runtime.world, user_id=acting_user(ctx).id))
    return Reply(200, {"status": "success"})


def _team(ctx: RequestContext) -> tuple[int, int]:
    return int(ctx.path_params["orgId"]), int(ctx.path_params["teamId"])


@handles("OrganizationsStripeController_getTeamStripeConnectUrl")
def team_connect(ctx: RequestContext) -> Reply:
    # the user-level save forwards a state naming a team to the team's own save
    org_id, team_id = _team(ctx)
    return _connect(ctx, "/v2/stripe/save", team_id, org_id)


@handles("OrganizationsStripeController_save")
def team_save(ctx: RequestContext) -> Reply:
    org_id, team_id = _team(ctx)
    return _save(ctx, team_id, org_id)


@handles("OrganizationsStripeController_checkTeamStripeConnection")
def team_check(ctx: RequestContext) -> Reply:
    _org_id, team_id = _team(ctx)
    stripe.check(stripe.credential_of(ctx.runtime.world, team_id=team_id))
    return Reply(200, {"status": "success"})
