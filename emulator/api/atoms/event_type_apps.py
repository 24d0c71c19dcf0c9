"""GET /v2/atoms/event-types-app/{appSlug}: one app of the store with the caller's credentials for it,
as the event-type settings atom's apps and payments tabs read it (EventTypesAtomService
.getEventTypesAppIntegration over getEnabledAppsFromCredentials).

- Without ``teamId`` the credentials are the caller's own; with any ``teamId`` they are those of every
  team the caller has an accepted membership of, and of those teams' organizations (the id itself only
  switches the source).
- Every enabled app of the store answers, connected or not: its metadata, ``userCredentialIds`` (the
  credentials of no team), ``invalidCredentialIds``, ``teams`` (one entry per team credential:
  ``teamId``, ``name``, ``logoUrl``, ``credentialId``, ``isAdmin``), ``credentialOwner`` when there are
  team credentials, ``isInstalled`` (a credential, or a global app) and, for a connected payment app,
  ``isSetupAlready``. An app the emulator does not know (it models Cal Video, Zoom, Google Meet,
  Microsoft Teams and Stripe) is no app: ``data`` is then empty, as the server's ``{app: undefined}``
  serialises.
"""

from __future__ import annotations

from typing import Any

from emulator.api import params
from emulator.api.atoms.app_store import app_metadata
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.models import Team, User
from emulator.world.records_calendars import Credential
from emulator.world.store import World

JSON = dict[str, Any]


def _user_teams(world: World, user: User) -> tuple[list[Team], dict[int, str]]:
    """AtomsRepository.getUserTeams with their organizations: the teams and the caller's role in each."""
    roles: dict[int, str] = {}
    for membership in world.where("memberships", lambda m: m.user_id == user.id):
        roles[membership.team_id] = membership.role
    accepted = {m.team_id for m in world.where("memberships", lambda m: m.user_id == user.id and m.accepted)}
    teams: list[Team] = sorted(world.where("teams", lambda t: t.id in accepted), key=lambda t: t.id)
    ids = {t.id for t in teams}
    for team in list(teams):
        parent: Team | None = world.find("teams", team.parent_id) if team.parent_id else None
        if parent is not None and parent.id not in ids:
            teams.append(parent)
            ids.add(parent.id)
    return teams, roles


def _app_answer(world: World, user: User, slug: str, team_id: int | None) -> JSON | None:
    app = app_metadata(slug)
    if app is None:
        return None
    teams: list[Team] = []
    roles: dict[int, str] = {}
    if team_id:
        teams, roles = _user_teams(world, user)
        team_ids = {t.id for t in teams}
        credentials: list[Credential] = world.where("credentials", lambda c: c.team_id in team_ids)
    else:
        credentials = world.where("credentials", lambda c: c.user_id == user.id and c.team_id is None)
    own = sorted((c for c in credentials if c.app_id == slug), key=lambda c: c.id)
    by_id = {t.id: t for t in teams}
    team_entries: list[JSON | None] = []
    for credential in own:
        if credential.team_id is None:
            continue
        team = by_id.get(credential.team_id)
        team_entries.append(
            {
                "teamId": team.id,
                "name": team.name,
                "logoUrl": team.logo_url,
                "credentialId": credential.id,
                "isAdmin": roles.get(team.id) in ("ADMIN", "OWNER"),
            }
            if team is not None
            else None
        )
    answer: JSON = dict(app)
    if team_entries:
        answer["credentialOwner"] = {"name": user.name, "teamId": team_id}
    user_credential_ids = [c.id for c in own if c.team_id is None]
    answer.update(
        userCredentialIds=user_credential_ids,
        invalidCredentialIds=[c.id for c in own if c.invalid],
        teams=team_entries,
        isInstalled=bool(user_credential_ids) or bool(team_entries) or bool(app.get("isGlobal")),
    )
    if own and "payment" in app.get("categories", []):
        answer["isSetupAlready"] = True
    return answer


@handles("AtomsEventTypesController_getAtomEventTypeApp")
def get_event_type_app(ctx: RequestContext) -> Reply:
    world, user = ctx.runtime.world, acting_user(ctx)
    team_id = params.query(ctx, "teamId")
    app = _app_answer(world, user, ctx.path_params["appSlug"], int(team_id) if team_id else None)
    return Reply(200, {"status": "success", "data": {"app": app} if app is not None else {}})
