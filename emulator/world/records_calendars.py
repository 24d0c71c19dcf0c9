"""The simulated calendar providers: credentials, the calendars behind them, their events, and the
organization delegation credentials.

Cal.com keeps a ``Credential`` row per connected app account (packages/prisma/schema.prisma); the
calendars and events live at the provider (Google, Outlook, iCloud, an ICS feed). The emulator keeps
those provider-side records in its world too, so a test can see and change what the provider holds.
Selected and destination calendars are Cal.com's own tables (models.SelectedCalendar,
models.DestinationCalendar).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

JSON = dict[str, Any]


def event_id(seed: str) -> str:
    """A provider event id (lower-case hex, which Google's base32hex ids include), from a stable seed,
    so that ids repeat run after run without drawing on the world's random source."""
    return hashlib.sha1(seed.encode()).hexdigest()[:26]


@dataclass(frozen=True, slots=True)
class Credential:
    """A connected provider account (Cal.com's Credential row of a calendar app)."""

    id: int
    type: str  # google_calendar | office365_calendar | apple_calendar | ics-feed_calendar
    app_id: str  # google-calendar | office365-calendar | apple-calendar | ics-feed
    user_id: int | None
    account_email: str  # the provider account (the primary calendar's e-mail)
    invalid: bool = False  # revoked or expired: the provider refuses its token
    team_id: int | None = None
    delegation_credential_id: str | None = None
    key: str | None = None  # fixture key
    settings: JSON = field(default_factory=dict)  # what the connect call stored (ICS urls, Apple username)


@dataclass(frozen=True, slots=True)
class ProviderCalendar:
    """One calendar of a provider account (a Google calendar list entry, an Outlook calendar, a feed)."""

    id: int
    credential_id: int
    external_id: str
    name: str
    primary: bool = False
    read_only: bool = False
    email: str | None = None


@dataclass(frozen=True, slots=True)
class ExternalEvent:
    """An event in a provider calendar: busy time, or the event a booking wrote there.

    ``weekly`` repeats it every seven days from ``start`` until ``until`` (forever when None)."""

    id: str  # the provider's event id (a booking reference's uid for events Cal.com wrote)
    calendar_id: int  # ProviderCalendar.id
    start: datetime
    end: datetime
    title: str = "Busy"
    description: str | None = None
    weekly: bool = False
    until: datetime | None = None
    status: str = "accepted"  # accepted | pending | declined | cancelled
    booking_uid: str | None = None  # the booking that wrote it
    attendees: tuple[JSON, ...] = ()  # {email, name, responseStatus, ...} as the unified API shows them
    time_zone: str = "UTC"


@dataclass(frozen=True, slots=True)
class DelegationCredential:
    """An organization's service account that acts for its members' Google or Microsoft calendars."""

    id: str  # UUID
    organization_id: int
    domain: str
    workspace_platform: str  # google | office365
    enabled: bool = False
    service_account_key: JSON = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ProviderState:
    """A provider made to misbehave through the admin API: ``error`` or ``timeout`` until cleared."""

    id: str  # the provider kind: google | office365 | apple | ics-feed
    mode: str  # error | timeout
    delay_ms: int = 0
