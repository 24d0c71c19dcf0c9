"""An organization's member attributes (packages/prisma/schema.prisma: Attribute, AttributeOption,
AttributeToUser), as the emulator stores them.

Ids are UUID strings, as Cal.com's ``@default(uuid())``. An assignment points at the organization
membership (``memberId``), not at the user: a member removed from the organization takes their
assignments along (Cal.com cascades AttributeToUser with the membership).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ATTRIBUTE_TYPES = ("TEXT", "NUMBER", "SINGLE_SELECT", "MULTI_SELECT")


@dataclass(frozen=True, slots=True)
class Attribute:
    id: str
    team_id: int  # the organization
    type: str  # one of ATTRIBUTE_TYPES
    name: str
    slug: str  # unique across every organization (the column's @unique)
    enabled: bool = True
    users_can_edit_relation: bool = False
    is_weights_enabled: bool = False
    is_locked: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class AttributeOption:
    id: str
    attribute_id: str
    value: str
    slug: str
    is_group: bool = False
    contains: tuple[str, ...] = ()
    key: str | None = None


@dataclass(frozen=True, slots=True)
class AttributeToUser:
    id: str
    member_id: int  # the organization membership
    attribute_option_id: str
    weight: int | None = None
    created_at: datetime | None = None
    created_by_id: int | None = None
    updated_at: datetime | None = None
