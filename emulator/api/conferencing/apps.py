"""/v2/conferencing (ConferencingController) and its team twin under
/v2/organizations/{orgId}/teams/{teamId}/conferencing (OrganizationsConferencingController): one
handler per action serves both, the path's team choosing whose credentials are read. The guards
(TEAM_ADMIN, plan, team in organization) run from access.yaml; the rules are in domain/conferencing.py;
the consent screen the authorization URL names is the admin route /_emulator/providers/consent.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from emulator.api import params
from emulator.api.caller import acting_user
from emulator.api.organizations.org_teams import path_team_in_org
from emulator.api.registry import handles
from emulator.domain import conferencing
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import Team
from emulator.world.records_calendars import Credential

CONSENT_PATH = "/_emulator/providers/consent"


def _ok(data: Any = None) -> Reply:
    return Reply(200, {"status": "success"} if data is None else {"status": "success", "data": data})


def _team(ctx: RequestContext) -> Team | None:
    return path_team_in_org(ctx) if "teamId" in ctx.path_params else None


def app_output(credential: Credential) -> dict[str, Any]:
    """ConferencingAppsOutputDto (a team's credential has no user)."""
    return {"id": credential.id, "type": credential.type, "userId": credential.user_id, "invalid": credential.invalid}


@handles(
    "ConferencingController_listInstalledConferencingApps",
    "OrganizationsConferencingController_listTeamConferencingApps",
)
def list_apps(ctx: RequestContext) -> Reply:
    user, team = acting_user(ctx), _team(ctx)
    world = ctx.runtime.world
    found = conferencing.installed(world, team_id=team.id) if team else conferencing.installed(world, user_id=user.id)
    return _ok([app_output(c) for c in found])


@handles("ConferencingController_connect", "OrganizationsConferencingController_connectTeamApp")
def connect(ctx: RequestContext) -> Reply:
    user, team = acting_user(ctx), _team(ctx)
    credential = conferencing.connect_non_oauth(ctx.runtime.world, ctx.path_params["app"], user, team)
    return _ok(app_output(credential))


@handles("ConferencingController_redirect", "OrganizationsConferencingController_getTeamOAuthUrl")
def auth_url(ctx: RequestContext) -> Reply:
    acting_user(ctx)
    team = _team(ctx)
    app = conferencing.oauth_app(ctx.path_params["app"])
    origin = ctx.headers.get("origin")
    return_to, on_error = params.query(ctx, "returnTo"), params.query(ctx, "onErrorReturnTo")
    state = conferencing.state_json(
        ctx.headers.get("authorization", "").replace("Bearer ", "", 1),
        str(return_to) if return_to else origin,
        str(on_error) if on_error else origin,
        (str(team.id), ctx.path_params["orgId"]) if team else None,
    )
    base = f"http://{ctx.headers.get('host', '127.0.0.1')}"
    # The provider always comes back to the user-level callback, which forwards a team's state.
    query = {
        "provider": app.slug,
        "response_type": "code",
        "client_id": "calcom-emulator",
        "redirect_uri": f"{base}/v2/conferencing/{app.slug}/oauth/callback",
        "state": state,
    }
    return _ok({"url": f"{base}{CONSENT_PATH}?{urlencode(query)}"})


@handles("ConferencingController_save", "OrganizationsConferencingController_saveTeamOauthCredentials")
def callback(ctx: RequestContext) -> Reply:
    team = _team(ctx)
    state = conferencing.parse_state(params.query(ctx, "state"))
    code, error = params.query(ctx, "code"), params.query(ctx, "error")
    url = conferencing.save_oauth(
        ctx.runtime.world,
        ctx.path_params["app"],
        str(code) if code else None,
        str(error) if error else None,
        state,
        team.id if team else None,
    )
    return Reply(301, None, {"Location": url})


@handles("ConferencingController_default", "OrganizationsConferencingController_setTeamDefaultApp")
def set_default(ctx: RequestContext) -> Reply:
    user, team = acting_user(ctx), _team(ctx)
    conferencing.set_default(ctx.runtime.world, ctx.path_params["app"], user=None if team else user, team=team)
    return _ok()


@handles("ConferencingController_getDefault", "OrganizationsConferencingController_getTeamDefaultApp")
def get_default(ctx: RequestContext) -> Reply:
    user, team = acting_user(ctx), _team(ctx)
    found = conferencing.default_app(team.metadata if team else user.metadata)
    return _ok(found) if found is not None else _ok()


@handles("ConferencingController_disconnect", "OrganizationsConferencingController_disconnectTeamApp")
def disconnect(ctx: RequestContext) -> Reply:
    user, team = acting_user(ctx), _team(ctx)
    conferencing.disconnect(ctx.runtime.world, ctx.path_params["app"], user=None if team else user, team=team)
    return _ok()
