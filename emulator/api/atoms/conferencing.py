"""/v2/atoms/.../conferencing: the installed conferencing apps the conferencing atom lists
(AtomsConferencingAppsController).

The organization and team variants differ from the caller's own list only in their guards (roles,
plan, team in organization), which the pipeline runs from access.yaml, and in whose credentials are
read: the caller's video credentials, plus the path's team's (every team of the organization for the
organization variant), after the global Cal Video.
"""

from __future__ import annotations

from emulator.api.atoms.app_store import installed_conferencing_apps
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import conferencing
from emulator.pipeline.context import Reply, RequestContext


@handles(
    "AtomsConferencingAppsController_listUserInstalledConferencingApps",
    "AtomsConferencingAppsController_listOrgInstalledConferencingApps",
    "AtomsConferencingAppsController_listTeamInstalledConferencingApps",
)
def list_installed_conferencing_apps(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)  # getConnectedApps reads the caller's credentials; there must be a caller
    world = ctx.runtime.world
    found = conferencing.installed(world, user_id=user.id)
    team_ids: set[int] = set()
    if "teamId" in ctx.path_params:
        team_ids.add(int(ctx.path_params["teamId"]))
    elif "orgId" in ctx.path_params:
        org_id = int(ctx.path_params["orgId"])
        team_ids = {t.id for t in world.where("teams", lambda t: t.id == org_id or t.parent_id == org_id)}
    for team_id in sorted(team_ids):
        found += conferencing.installed(world, team_id=team_id)
    return Reply(200, {"status": "success", "data": {"items": installed_conferencing_apps(found)}})
