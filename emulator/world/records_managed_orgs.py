"""Managed organizations: the link between a platform organization and the organizations it manages
(Cal.com's ManagedOrganization model, unique on the manager and managed ids)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ManagedOrganization:
    id: int
    manager_organization_id: int
    managed_organization_id: int
    created_at: datetime | None = None
