"""/v2/atoms/.../conferencing: the installed conferencing apps the conferencing atom lists
(AtomsConferencingAppsController).

The organization and team variants differ from the caller's own list only in their guards (roles,
plan, team in organization), which the pipeline runs from access.yaml, and in whose credentials are
read; the world holds no app credentials, so all three list the global Cal Video.
"""

from __future__ import annotations

from emulator.api.atoms.app_store import installed_conferencing_apps
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.pipeline.context import Reply, RequestContext


@handles(
    "AtomsConferencingAppsController_listUserInstalledConferencingApps",
    "AtomsConferencingAppsController_listOrgInstalledConferencingApps",
    "AtomsConferencingAppsController_listTeamInstalledConferencingApps",
)
def list_installed_conferencing_apps(ctx: RequestContext) -> Reply:
    acting_user(ctx)  # getConnectedApps reads the caller's credentials; there must be a caller
    return Reply(200, {"status": "success", "data": {"items": installed_conferencing_apps()}})
