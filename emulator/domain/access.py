"""How each operation is guarded on the real server: a typed view of access.yaml.

access.yaml was derived from the Cal.com source (v2 Nest controllers and guards, v1 Next.js handlers);
docs/access.md explains the derivation and the meaning of every field. Message strings are exact, with
``{name}`` marking a value filled in at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from emulator.specs.yamlio import load_yaml

ACCESS_FILE = Path(__file__).with_name("access.yaml")

AUTH_MODES = ("none", "optional", "required")
# What a guard accepts. ``oauth_client`` is x-cal-client-id + x-cal-secret-key; ``oauth_client_secret`` is
# the variant on routes with a {clientId} path parameter, where the path supplies the client id and only
# x-cal-secret-key is read (the header x-cal-client-id is ignored there).
CREDENTIAL_KINDS = ("api_key", "access_token", "oauth_client", "oauth_client_secret")

# Membership roles, lowest first (roles.guard.ts ranks OWNER > ADMIN > MEMBER).
ROLE_ORDER = ("MEMBER", "ADMIN", "OWNER")
# Platform billing plans, lowest first, as modules/billing/types.ts orders them (PER_ACTIVE_USER sits
# between SCALE and ENTERPRISE).
PLATFORM_PLAN_ORDER = ("FREE", "STARTER", "ESSENTIALS", "SCALE", "PER_ACTIVE_USER", "ENTERPRISE")
# OAuth client permission bits (packages/platform/constants/permissions.ts).
PERMISSION_BITS = {
    "EVENT_TYPE_READ": 1,
    "EVENT_TYPE_WRITE": 2,
    "BOOKING_READ": 4,
    "BOOKING_WRITE": 8,
    "SCHEDULE_READ": 16,
    "SCHEDULE_WRITE": 32,
    "APPS_READ": 64,
    "APPS_WRITE": 128,
    "PROFILE_READ": 256,
    "PROFILE_WRITE": 512,
}


def role_at_least(role: str, minimum: str) -> bool:
    """True when membership ``role`` (MEMBER/ADMIN/OWNER, optional ORG_/TEAM_ prefix) reaches ``minimum``."""
    return ROLE_ORDER.index(_bare_role(role)) >= ROLE_ORDER.index(_bare_role(minimum))


def plan_at_least(plan: str, minimum: str) -> bool:
    """True when platform ``plan`` reaches ``minimum``; unknown names raise ValueError (the server answers 403)."""
    return PLATFORM_PLAN_ORDER.index(plan) >= PLATFORM_PLAN_ORDER.index(minimum)


def has_permissions(granted: int, required: tuple[str, ...]) -> bool:
    """The OAuth client's permission bit mask holds every required permission."""
    return all(granted & PERMISSION_BITS[name] == PERMISSION_BITS[name] for name in required)


def _bare_role(role: str) -> str:
    return role.split("_", 1)[1] if role.startswith(("ORG_", "TEAM_")) else role


@dataclass(frozen=True)
class Failure:
    """One way a check refuses a request."""

    status: int
    message: str | None  # None: not fixed (e.g. Prisma's own not-found text)
    when: str | None = None
    guard: str | None = None  # the guard that fails, for guard-based checks
    where: str | None = None  # the source file, for checks made in services or v1 handlers
    code: str | None = None  # v2 error.code, when it is not the exception class implied by the status
    key: str | None = None  # v1 JSON key of the message ("message" or "error")


@dataclass(frozen=True)
class Anonymous:
    """What a request without any credentials gets."""

    status: int
    message: str
    code: str | None  # v2: the exception class (error.code)
    key: str | None  # v1: the JSON key holding the message
    after: tuple[str, ...]  # guards that run earlier on path parameters and may refuse first


@dataclass(frozen=True)
class RoleRequirement:
    guard: str  # RolesGuard, OrganizationRolesGuard, or a v1 handler/middleware name
    scope: str | None  # "org" | "team" | "system"
    role: str | None  # the decorator's value, e.g. ORG_ADMIN
    min: str | None  # MEMBER | ADMIN | OWNER
    any_of: tuple[str, ...]  # OrganizationRolesGuard's exact list (no hierarchy)
    checks: str | None  # RolesGuard: which memberships it compares ("org", "team", "org+team")
    system_admin_bypass: bool
    org_admin_bypass: bool  # a TEAM_ role with both orgId and teamId: org ADMIN/OWNER pass
    effective: str | None  # "system_admin_only" when the role can never match the route
    or_with: tuple[str, ...]  # guards in the same Or(...) combinator
    failures: tuple[Failure, ...]


@dataclass(frozen=True)
class PlanRequirement:
    guard: str  # PlatformPlanGuard, IsOrgGuard, IsAdminAPIEnabledGuard, OrganizationRolesGuard
    min: str  # a platform plan, or ORGANIZATION / ADMIN_API / PLATFORM for the org-kind checks
    applies_to: str
    failures: tuple[Failure, ...]


@dataclass(frozen=True)
class Access:
    operation_id: str
    document: str  # v1 | v2 | legacy
    method: str
    path: str
    source: str  # controller file (v2/legacy) or handler file (v1)
    handler: str | None  # Controller.method (v2/legacy) or the v1 route file
    auth: str  # none | optional | required
    credentials: tuple[str, ...]
    guards: tuple[str, ...]  # in run order, after the global throttler
    anonymous: Anonymous | None
    permissions: tuple[str, ...]
    permissions_first: bool  # PermissionsGuard with @Permissions runs before the auth guard
    roles: RoleRequirement | None
    plan: tuple[PlanRequirement, ...]
    ownership: tuple[Failure, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class GuardInfo:
    name: str
    file: str
    kind: str
    checks: str
    failures: tuple[Failure, ...]


def _failure(raw: dict[str, Any]) -> Failure:
    return Failure(
        status=int(raw["status"]),
        message=raw.get("message"),
        when=raw.get("when"),
        guard=raw.get("guard"),
        where=raw.get("where"),
        code=raw.get("code"),
        key=raw.get("key"),
    )


def _failures(raw: list[dict[str, Any]] | None) -> tuple[Failure, ...]:
    return tuple(_failure(item) for item in raw or [])


def _anonymous(raw: dict[str, Any] | None) -> Anonymous | None:
    if raw is None:
        return None
    return Anonymous(
        status=int(raw["status"]),
        message=str(raw["message"]),
        code=raw.get("code"),
        key=raw.get("key"),
        after=tuple(raw.get("after") or ()),
    )


def _roles(raw: dict[str, Any] | None) -> RoleRequirement | None:
    if raw is None:
        return None
    return RoleRequirement(
        guard=raw["guard"],
        scope=raw.get("scope"),
        role=raw.get("role"),
        min=raw.get("min"),
        any_of=tuple(raw.get("any_of") or ()),
        checks=raw.get("checks"),
        system_admin_bypass=bool(raw.get("system_admin_bypass", False)),
        org_admin_bypass=bool(raw.get("org_admin_bypass", False)),
        effective=raw.get("effective"),
        or_with=tuple(raw.get("or_with") or ()),
        failures=_failures(raw.get("failures")),
    )


def _plan(raw: dict[str, Any]) -> PlanRequirement:
    return PlanRequirement(
        guard=raw["guard"], min=raw["min"], applies_to=raw["applies_to"], failures=_failures(raw.get("failures"))
    )


def _access(operation_id: str, raw: dict[str, Any]) -> Access:
    access = Access(
        operation_id=operation_id,
        document=raw["document"],
        method=raw["method"],
        path=raw["path"],
        source=raw["source"],
        handler=raw.get("handler"),
        auth=raw["auth"],
        credentials=tuple(raw.get("credentials") or ()),
        guards=tuple(raw.get("guards") or ()),
        anonymous=_anonymous(raw.get("anonymous")),
        permissions=tuple(raw.get("permissions") or ()),
        permissions_first=bool(raw.get("permissions_first", False)),
        roles=_roles(raw.get("roles")),
        plan=tuple(_plan(p) for p in raw.get("plan") or ()),
        ownership=_failures(raw.get("ownership")),
        notes=tuple(raw.get("notes") or ()),
    )
    _check(access)
    return access


def _check(access: Access) -> None:
    where = f"access.yaml: {access.operation_id}"
    if access.auth not in AUTH_MODES:
        raise ValueError(f"{where}: auth {access.auth!r}")
    unknown = set(access.credentials) - set(CREDENTIAL_KINDS)
    if unknown:
        raise ValueError(f"{where}: credentials {sorted(unknown)}")
    if (access.auth == "none") != (not access.credentials):
        raise ValueError(f"{where}: credentials do not match auth {access.auth}")
    if (access.auth == "required") != (access.anonymous is not None):
        raise ValueError(f"{where}: anonymous outcome does not match auth {access.auth}")
    bad = set(access.permissions) - set(PERMISSION_BITS)
    if bad:
        raise ValueError(f"{where}: permissions {sorted(bad)}")


def access_files() -> list[Path]:
    """access.yaml, then one access_<area>.yaml per group of operations (calendars, attributes, ...)."""
    return [ACCESS_FILE, *sorted(ACCESS_FILE.parent.glob("access_*.yaml"))]


@cache
def _document() -> dict[str, Any]:
    """The files merged: the commit from access.yaml, and every file's messages, guards and operations,
    each name described once."""
    merged: dict[str, Any] = {"messages": {}, "guards": {}, "operations": {}}
    for path in access_files():
        data = load_yaml(path.read_text())
        if not isinstance(data, dict) or not isinstance(data.get("operations"), dict):
            raise ValueError(f"{path}: no operations mapping")
        merged.setdefault("commit", data.get("commit"))
        for part in ("messages", "guards", "operations"):
            section = data.get(part) or {}
            twice = set(merged[part]) & set(section)
            if twice:
                raise ValueError(f"{path}: {part} already described in another access file: {sorted(twice)}")
            merged[part].update(section)
    return merged


@cache
def load_access() -> dict[str, Access]:
    """operationId -> Access for every operation the emulator serves (v1, v2, legacy, added)."""
    return {op_id: _access(op_id, raw) for op_id, raw in _document()["operations"].items()}


@cache
def load_guards() -> dict[str, GuardInfo]:
    """Guard (or v1 middleware) name -> what it checks and how it fails."""
    return {
        name: GuardInfo(
            name=name, file=raw["file"], kind=raw["kind"], checks=raw["checks"], failures=_failures(raw["failures"])
        )
        for name, raw in _document()["guards"].items()
    }


@cache
def load_messages() -> dict[str, Failure]:
    """Named exact error messages shared by many operations (e.g. ``v2_no_auth``, ``v1_no_api_key``)."""
    return {name: _failure(raw) for name, raw in _document()["messages"].items()}


def source_commit() -> str:
    """The Cal.com commit the data was read from."""
    return str(_document()["commit"])
