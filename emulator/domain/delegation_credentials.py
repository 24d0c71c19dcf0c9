"""An organization's delegation credentials: a Google Workspace or Microsoft 365 service account that
acts for the members whose e-mail is in its domain.

Read from apps/api/v2/src/modules/organizations/delegation-credentials/ (controller and service) and
packages/trpc/server/routers/viewer/delegationCredential (add, toggle). The guards (organization,
ORG_ADMIN, platform plan SCALE, Admin API) run before. A workspace platform other than google or
office365 is the tRPC NOT_FOUND; an unknown id on update 404. Setting ``serviceAccountKey``
disables the credential until it is enabled again; the key is never shown.
"""

from __future__ import annotations

from typing import Any

from emulator.domain.errors import DomainError
from emulator.world import ids
from emulator.world.clock import iso_ms
from emulator.world.records_calendars import DelegationCredential
from emulator.world.store import World

JSON = dict[str, Any]
PLATFORMS = {"google": "Google", "office365": "Microsoft 365"}
TRPC = "TRPCError"


def output(row: DelegationCredential) -> JSON:
    """DelegationCredentialOutput."""
    return {
        "id": row.id,
        "enabled": row.enabled,
        "domain": row.domain,
        "organizationId": row.organization_id,
        "workspacePlatform": {"name": PLATFORMS[row.workspace_platform], "slug": row.workspace_platform},
        "createdAt": iso_ms(row.created_at) if row.created_at else None,
        "updatedAt": iso_ms(row.updated_at) if row.updated_at else None,
    }


def _key(body: JSON) -> JSON:
    keys = body.get("serviceAccountKey")
    first = keys[0] if isinstance(keys, list) and keys else {}
    return dict(first) if isinstance(first, dict) else {}


def create(world: World, org_id: int, body: JSON) -> DelegationCredential:
    slug = str(body.get("workspacePlatformSlug", ""))
    if slug not in PLATFORMS:
        raise DomainError(404, "The requested resource was not found", code=TRPC)
    domain = str(body.get("domain", "")).strip().lower().lstrip("@")
    now = world.clock.now()
    row = DelegationCredential(
        ids.uuid4(world.rng), org_id, domain, slug, False, _key(body), created_at=now, updated_at=now
    )
    inserted: DelegationCredential = world.insert("delegation_credentials", row)
    return inserted


def update(world: World, org_id: int, credential_id: str, body: JSON) -> DelegationCredential:
    found: DelegationCredential | None = world.find("delegation_credentials", credential_id)
    if found is None or found.organization_id != org_id:
        raise DomainError(404, f"DelegationCredential with id {credential_id} not found")
    changes: JSON = {"updated_at": world.clock.now()}
    if body.get("serviceAccountKey") is not None:
        changes.update(service_account_key=_key(body), enabled=False)
    if isinstance(body.get("enabled"), bool):
        changes["enabled"] = body["enabled"]
    updated: DelegationCredential = world.update("delegation_credentials", credential_id, **changes)
    return updated
