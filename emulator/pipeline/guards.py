"""The guards after authentication: OAuth permissions, membership roles, organization and plan
checks, in the order each operation's controller runs them (emulator/domain/access.yaml).

Guards read path parameters before any validation, as Nest's do, so an id that is not a number
simply names nothing. Checks that belong to a resource (is this webhook yours?) stay in the
handlers; this stage does the ones the access data describes for every operation alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, cached_property
from typing import Any

from emulator.domain import plans
from emulator.domain.access import (
    Access,
    Failure,
    PlanRequirement,
    has_permissions,
    load_access,
    load_guards,
    load_messages,
    plan_at_least,
    role_at_least,
)
from emulator.pipeline.auth import access_of
from emulator.pipeline.context import RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Membership, OAuthClient, Team, User

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, Any]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def refuse(failure: Failure, values: dict[str, Any]) -> ApiError:
    message = fill(failure.message or "Forbidden resource", values)
    return ApiError(failure.status, message, code=failure.code, v1_key=failure.key or "message")


def _int(raw: str | None) -> int | None:
    return int(raw) if raw is not None and raw.isascii() and raw.isdigit() else None


class Guarding:
    """One request's view for the guards: the caller, the path's organization and team."""

    def __init__(self, ctx: RequestContext, access: Access) -> None:
        self.ctx = ctx
        self.access = access
        self.world = ctx.runtime.world
        credential = ctx.credential
        self.user: User | None = credential.user if credential else None
        self.client: OAuthClient | None = credential.client if credential else None
        self.org_id = _int(ctx.path_params.get("orgId"))
        self.team_id = _int(ctx.path_params.get("teamId"))

    @cached_property
    def values(self) -> dict[str, Any]:
        """What a refusal's message may name; only a refusal reads it."""
        params = self.ctx.path_params
        return {
            "orgId": params.get("orgId"),
            "teamId": params.get("teamId"),
            "userId": self.user.id if self.user else None,
            "clientId": self.client.id if self.client else params.get("clientId"),
        }

    @property
    def system_admin(self) -> bool:
        return self.user is not None and self.user.role == "ADMIN"

    def membership(self, team_id: int | None) -> Membership | None:
        if team_id is None or self.user is None:
            return None
        user_id = self.user.id
        found = self.world.where("memberships", lambda m: m.team_id == team_id and m.user_id == user_id)
        return found[0] if found else None

    def team(self, team_id: int | None) -> Team | None:
        found: Team | None = self.world.find("teams", team_id) if team_id is not None else None
        return found

    def caller_org(self) -> Team | None:
        """The organization a request acts in: the credential's (API key team, OAuth client), else the user's."""
        return self.team(caller_org_id(self.ctx))


def caller_org_id(ctx: RequestContext) -> int | None:
    """The id of the organization a request acts in (GetOrgId): the API key's team, the OAuth client's
    organization, else the user's."""
    credential = ctx.credential
    if credential is None:
        return None
    if credential.api_key is not None and credential.api_key.team_id:
        return credential.api_key.team_id
    if credential.client is not None:
        return credential.client.organization_id
    return credential.user.organization_id if credential.user is not None else None


def check_permissions(g: Guarding) -> None:
    credential = g.ctx.credential
    if not g.access.permissions or credential is None or credential.kind == "api_key":
        return  # API keys skip the OAuth permission check
    client = g.client
    if client is None:
        return
    if not has_permissions(client.permissions, g.access.permissions):
        failure = load_messages()["v2_permissions_missing"]
        raise refuse(failure, {**g.values, "clientId": client.id, "permissions": ",".join(g.access.permissions)})


def check_roles(g: Guarding) -> None:
    roles = g.access.roles
    if roles is None or roles.guard not in ("RolesGuard", "OrganizationRolesGuard"):
        return  # v1 role checks live in the v1 handlers
    failures = roles.failures
    if roles.guard == "OrganizationRolesGuard":
        check_organization_roles(g)
        return
    if roles.system_admin_bypass and g.system_admin:
        return
    values = {**g.values, "role": roles.role}
    below = failures[-1]
    if roles.effective == "system_admin_only" or roles.min is None:
        raise refuse(below, values)
    checks = roles.checks or roles.scope or "org"
    if checks in ("org", "org+team"):
        org_membership = g.membership(g.org_id)
        if org_membership is None:
            raise refuse(failures[0], values)
        if roles.scope == "org" or (roles.org_admin_bypass and role_at_least(org_membership.role, "ADMIN")):
            if not role_at_least(org_membership.role, roles.min):
                raise refuse(below, values)
            return
    team_membership = g.membership(g.team_id)
    if team_membership is None:
        raise refuse(failures[1] if checks == "org+team" and len(failures) > 2 else failures[0], values)
    if not role_at_least(team_membership.role, roles.min):
        raise refuse(below, values)


def check_organization_roles(g: Guarding) -> None:
    roles = g.access.roles
    assert roles is not None
    no_org, not_accepted, wrong_role = roles.failures[0], roles.failures[1], roles.failures[-1]
    org = g.caller_org()
    if org is None:
        raise refuse(no_org, g.values)
    for requirement in g.access.plan:
        if requirement.guard == "OrganizationRolesGuard" and requirement.min == "PLATFORM" and not org.is_platform:
            raise refuse(requirement.failures[0], g.values)
    membership = g.membership(org.id)
    if membership is None or not membership.accepted:
        raise refuse(not_accepted, g.values)
    if membership.role not in roles.any_of:
        raise refuse(wrong_role, g.values)


def check_oauth_client(g: Guarding) -> None:
    """OAuthClientGuard: the path's OAuth client must belong to the caller's organization."""
    failures = {f.message: f for f in load_guards()["OAuthClientGuard"].failures if f.message}
    no_org, not_found, foreign = (
        next(f for m, f in failures.items() if "No organization" in m),
        next(f for m, f in failures.items() if "not found" in m),
        next(f for m, f in failures.items() if "does not belong" in m),
    )
    org = g.caller_org()
    if org is None:
        raise refuse(no_org, g.values)
    client_id = g.ctx.path_params.get("clientId")
    client: OAuthClient | None = g.world.find("oauth_clients", client_id) if client_id else None
    if client is None:
        raise refuse(not_found, g.values)
    if client.organization_id != org.id and not g.system_admin:
        raise refuse(foreign, {**g.values, "clientId": client.id, "organizationId": org.id})


def check_team_in_org(g: Guarding) -> None:
    """IsTeamInOrg: the path's team must be a sub-team, not itself an organization, of the path's
    organization. Its repository lookup filters on all three, so any other team is simply not found."""
    not_found = load_guards()["IsTeamInOrg"].failures[0]
    team = g.team(g.team_id)
    if team is None or team.is_organization or g.org_id is None or team.parent_id != g.org_id:
        raise refuse(not_found, g.values)


def _path_routing_form(g: Guarding) -> tuple[str | None, Any]:
    form_id = g.ctx.path_params.get("routingFormId")
    return form_id, g.world.find("routing_forms", form_id) if form_id else None


def check_routing_form_in_team(g: Guarding) -> None:
    """IsRoutingFormInTeam: the path's routing form must be one of the path team's forms."""
    form_id, form = _path_routing_form(g)
    if form is None or g.team_id is None or form.team_id != g.team_id:
        raise refuse(load_guards()["IsRoutingFormInTeam"].failures[0], {**g.values, "routingFormId": form_id})


def check_user_routing_form(g: Guarding) -> None:
    """IsUserRoutingForm: the path's routing form must be a personal form (no team) of the caller."""
    form_id, form = _path_routing_form(g)
    if form is None or form.team_id is not None or g.user is None or form.user_id != g.user.id:
        raise refuse(load_guards()["IsUserRoutingForm"].failures[0], {**g.values, "routingFormId": form_id})


def any_of(guard: str) -> Callable[[Guarding], None] | None:
    """``Or(A|B)`` (or-guard.ts): the first listed guard that passes lets the request through; when
    every one refuses, the last refusal is the answer."""
    if not (guard.startswith("Or(") and guard.endswith(")")):
        return None
    checks = [GUARD_CHECKS[name] for name in guard[3:-1].split("|") if name in GUARD_CHECKS]

    def check(g: Guarding) -> None:
        last: ApiError | None = None
        for one in checks:
            try:
                one(g)
                return
            except ApiError as refused:
                last = refused
        if last is not None:
            raise last

    return check


def check_plans(g: Guarding) -> None:
    for requirement in g.access.plan:
        check = PLAN_CHECKS.get(requirement.guard)
        if check is not None:
            check(g, requirement)


def _is_org(g: Guarding, requirement: PlanRequirement) -> None:
    org = g.team(g.org_id)
    if org is None or not org.is_organization:
        raise refuse(requirement.failures[0], g.values)


def _platform_plan(g: Guarding, requirement: PlanRequirement) -> None:
    org = g.team(g.org_id) if "orgId" in g.ctx.path_params else g.caller_org()
    no_org, no_subscription, invalid, below = requirement.failures[:4]
    values = {**g.values, "orgId": org.id if org else g.values["orgId"]}
    if org is None:
        raise refuse(no_org, values)
    if not org.is_platform:
        return
    if org.platform_plan is None:
        raise refuse(no_subscription, values)
    values["plan"] = org.platform_plan
    try:
        enough = plan_at_least(org.platform_plan, requirement.min)
    except ValueError:
        raise refuse(invalid, values) from None
    if not enough:
        raise refuse(below, values)


def _admin_api(g: Guarding, requirement: PlanRequirement) -> None:
    org = g.team(g.org_id)
    if org is not None and org.is_organization and not org.is_platform and not org.admin_api:
        raise refuse(requirement.failures[0], g.values)


PLAN_CHECKS: dict[str, Callable[[Guarding, PlanRequirement], None]] = {
    "IsOrgGuard": _is_org,
    "PlatformPlanGuard": _platform_plan,
    "IsAdminAPIEnabledGuard": _admin_api,
}

# Guard name -> check, run in the order the access data lists the guards.
GUARD_CHECKS: dict[str, Callable[[Guarding], None]] = {
    "PermissionsGuard": check_permissions,
    "RolesGuard": check_roles,
    "OrganizationRolesGuard": check_roles,
    "IsOrgGuard": check_plans,
    "PlatformPlanGuard": check_plans,
    "IsAdminAPIEnabledGuard": check_plans,
    "OAuthClientGuard": check_oauth_client,
    "IsTeamInOrg": check_team_in_org,
    "IsRoutingFormInTeam": check_routing_form_in_team,
    "IsUserRoutingForm": check_user_routing_form,
}


def check_unpaid(ctx: RequestContext) -> None:
    """A paid feature whose subscription is past due or unpaid: 402 (or 403, as the live server)."""
    op = ctx.operation
    assert op is not None
    if not plans.is_paid_feature(op.path):
        return
    credential = ctx.credential
    ids = {name: _int(ctx.path_params.get(name)) for name in ("orgId", "teamId")}
    client_id = ctx.path_params.get("clientId") or (credential.client.id if credential and credential.client else None)
    block = plans.unpaid_block(ctx.runtime.world, op.path, credential.user if credential else None, ids, client_id)
    if block is None:
        return
    status = ctx.runtime.settings.block_unpaid_with
    raise ApiError(status, block.message, code=block.code if status == 402 else None)


def authorize(ctx: RequestContext) -> None:
    """Run the operation's guards, then the paid-feature rule (plans.yaml)."""
    if ctx.api == "v1":
        check_unpaid(ctx)
        return
    access = access_of(ctx)
    if access.auth == "none":
        return
    checks = guard_checks(access.operation_id)
    if checks:
        g = Guarding(ctx, access)
        for check in checks:
            check(g)
    if ctx.credential is not None:
        check_unpaid(ctx)


@cache
def guard_checks(operation_id: str) -> tuple[Callable[[Guarding], None], ...]:
    """The checks of an operation's guards in run order, each once (RolesGuard and
    OrganizationRolesGuard share one), worked out once per operation."""
    checks: list[Callable[[Guarding], None]] = []
    for guard in load_access()[operation_id].guards:
        check = GUARD_CHECKS.get(guard) or any_of(guard)
        if check is not None and check not in checks:
            checks.append(check)
    return tuple(checks)
