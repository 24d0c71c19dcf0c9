"""Private links of event types (packages/prisma/schema.prisma: HashedLink), as the emulator stores them.

A link is a hash that lets someone book a hidden event type. It expires by date (``expires_at``) or
by use (``usage_count`` reaching ``max_usage_count``). As in Cal.com's column, ``max_usage_count``
defaults to 1 even on a link that expires by date; only the date counts for those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class HashedLink:
    id: int
    link: str  # the hash in the booking URL, unique across every event type
    event_type_id: int
    expires_at: datetime | None = None
    max_usage_count: int = 1
    usage_count: int = 0
    key: str | None = None
