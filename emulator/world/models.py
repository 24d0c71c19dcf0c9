"""Cal.com's records as the emulator stores them: immutable dataclasses, one per table.

Records are frozen: a change replaces the record (``dataclasses.replace``), so snapshots can share
records and a failed write can be undone by putting the old record back. Field names follow
Cal.com's database (packages/prisma/schema.prisma) in snake case; the API layers map them to each
version's JSON. Times are timezone-aware UTC datetimes; dates of overrides are ``date``s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    email: str
    name: str
    time_zone: str = "Europe/London"
    locale: str = "en"
    week_start: str = "Monday"
    time_format: int = 12
    plan: str = "free"  # free | team | organization | enterprise
    billing_status: str = "active"  # active | past_due | unpaid
    role: str = "USER"  # USER | ADMIN (instance admin)
    bio: str | None = None
    avatar_url: str | None = None
    brand_color: str | None = None
    dark_brand_color: str | None = None
    theme: str | None = None
    default_schedule_id: int | None = None
    organization_id: int | None = None
    platform_client_id: str | None = None  # managed users belong to an OAuth client
    locked: bool = False
    email_verified: datetime | None = None
    # Bookers who give this user's e-mail must verify it first (User.requiresBookerEmailVerification).
    requires_booker_email_verification: bool = False
    metadata: JSON = field(default_factory=dict)
    created_date: datetime | None = None
    key: str | None = None  # the fixture key (readable reference)


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str  # cuid
    user_id: int
    key: str  # the full secret, prefix included; the real server stores only its hash
    hashed_key: str
    note: str | None = None
    expires_at: datetime | None = None
    created_at: datetime | None = None
    team_id: int | None = None
    rate_limit: int | None = None  # requests per minute; None = the server default


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    name: str
    slug: str
    parent_id: int | None = None  # sub-team of an organization
    is_organization: bool = False
    is_platform: bool = False
    plan: str = "team"
    billing_status: str = "active"
    platform_plan: str | None = None  # platform organizations: FREE ... ENTERPRISE; None = no subscription
    admin_api: bool = True  # organizations: Admin API enabled
    bio: str | None = None
    logo_url: str | None = None
    time_zone: str = "Europe/London"
    week_start: str = "Monday"
    hide_branding: bool = False
    is_private: bool = False
    metadata: JSON | None = None  # the column is nullable: null until a write sends an object, {} included
    created_at: datetime | None = None
    key: str | None = None
    # Branding and booking columns the team inputs write and the outputs show as they are.
    cal_video_logo: str | None = None
    app_logo: str | None = None
    app_icon_logo: str | None = None
    hide_book_a_team_member: bool = False
    theme: str | None = None
    brand_color: str | None = None
    dark_brand_color: str | None = None
    banner_url: str | None = None
    time_format: int | None = None
    booking_limits: Any = None
    include_managed_events_in_limits: bool = False


@dataclass(frozen=True, slots=True)
class Membership:
    id: int
    team_id: int
    user_id: int
    role: str = "MEMBER"  # MEMBER | ADMIN | OWNER
    accepted: bool = True
    disable_impersonation: bool = False


@dataclass(frozen=True, slots=True)
class OAuthClient:
    id: str  # cuid
    secret: str
    name: str
    organization_id: int
    permissions: int = 1023
    rate_limit: int | None = None  # requests per minute for its credentials and tokens; None = server default
    redirect_uris: tuple[str, ...] = ()
    logo: str | None = None
    booking_redirect_uri: str | None = None
    booking_cancel_redirect_uri: str | None = None
    booking_reschedule_redirect_uri: str | None = None
    are_emails_enabled: bool = False
    are_default_event_types_enabled: bool = True
    are_calendar_events_enabled: bool = True
    created_at: datetime | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """An access or refresh token issued to a managed user by an OAuth client."""

    id: int
    kind: str  # access | refresh
    secret: str  # the token string the client sends
    client_id: str
    user_id: int
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Availability:
    days: tuple[int, ...]  # 0 = Sunday ... 6 = Saturday, as in Cal.com
    start: str  # "09:00" in the schedule's time zone
    end: str
    id: int | None = None  # Cal.com's Availability row id (v1 /availabilities); None until the API gives one


@dataclass(frozen=True, slots=True)
class DateOverride:
    date: date
    start: str  # "00:00" and end "00:00" together mean unavailable all day
    end: str
    id: int | None = None  # overrides are Availability rows with a date in Cal.com: same id counter


@dataclass(frozen=True, slots=True)
class Schedule:
    id: int
    user_id: int
    name: str
    time_zone: str
    availability: tuple[Availability, ...] = ()
    overrides: tuple[DateOverride, ...] = ()
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Host:
    user_id: int
    is_fixed: bool = False
    priority: int = 2
    weight: int = 100
    schedule_id: int | None = None


@dataclass(frozen=True, slots=True)
class EventType:
    id: int
    title: str
    slug: str
    length: int  # minutes
    owner_id: int | None = None  # individual event types
    team_id: int | None = None  # team event types
    scheduling_type: str | None = None  # None | COLLECTIVE | ROUND_ROBIN | MANAGED
    parent_id: int | None = None  # a managed event type's child points at its parent
    description: str | None = None
    hidden: bool = False
    position: int = 0
    lengths: tuple[int, ...] = ()  # multiple durations offered (metadata.multipleDuration)
    slot_interval: int | None = None
    minimum_booking_notice: int = 120
    before_event_buffer: int = 0
    after_event_buffer: int = 0
    period_type: str = "UNLIMITED"  # UNLIMITED | ROLLING | ROLLING_WINDOW | RANGE
    period_days: int | None = None
    period_count_calendar_days: bool = True
    period_start_date: datetime | None = None
    period_end_date: datetime | None = None
    booking_limits: JSON | None = None  # {"PER_DAY": 2, "PER_WEEK": 5}
    duration_limits: JSON | None = None
    seats_per_time_slot: int | None = None
    seats_show_attendees: bool = False
    seats_show_availability_count: bool = True
    requires_confirmation: bool = False
    requires_confirmation_will_block_slot: bool = False
    schedule_id: int | None = None
    hosts: tuple[Host, ...] = ()
    locations: tuple[JSON, ...] = ()
    booking_fields: tuple[JSON, ...] = ()
    recurring_event: JSON | None = None
    price: int = 0
    currency: str = "usd"
    metadata: JSON = field(default_factory=dict)
    key: str | None = None
    # Other Cal.com columns the API round-trips but nothing acts on, by their camelCase column names
    # (disableGuests, eventName, lockTimeZoneToggleOnBookingPage, ...); see domain/event_types.COLUMNS.
    settings: JSON = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Attendee:
    id: int
    name: str
    email: str
    time_zone: str
    locale: str = "en"
    phone_number: str | None = None
    no_show: bool = False
    seat_uid: str | None = None
    # A seat's own booking form answers and metadata (Cal.com's BookingSeat.data/metadata): seated
    # bookings keep no booking-level responses, each seat carries its booker's.
    seat_responses: JSON = field(default_factory=dict)
    seat_metadata: JSON = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    uid: str
    user_id: int | None  # the organizer
    event_type_id: int | None
    title: str
    start: datetime
    end: datetime
    status: str = "ACCEPTED"  # ACCEPTED | PENDING | CANCELLED | REJECTED | AWAITING_HOST
    attendees: tuple[Attendee, ...] = ()
    description: str | None = None
    location: str | None = None
    metadata: JSON = field(default_factory=dict)
    responses: JSON = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    cancellation_reason: str | None = None
    rejection_reason: str | None = None
    cancelled_by: str | None = None
    rescheduled: bool = False
    from_reschedule: str | None = None  # uid of the booking this one replaced
    rescheduled_by: str | None = None
    recurring_event_id: str | None = None
    ical_uid: str | None = None
    no_show_host: bool = False
    paid: bool = False
    rating: int | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class BookingReference:
    id: int
    booking_id: int
    type: str  # e.g. google_calendar, daily_video
    uid: str
    meeting_id: str | None = None
    meeting_password: str | None = None
    meeting_url: str | None = None
    external_calendar_id: str | None = None
    credential_id: int | None = None


@dataclass(frozen=True, slots=True)
class Webhook:
    id: str  # UUID
    subscriber_url: str
    triggers: tuple[str, ...]
    active: bool = True
    user_id: int | None = None
    team_id: int | None = None
    event_type_id: int | None = None
    platform_client_id: str | None = None
    payload_template: str | None = None
    secret: str | None = None
    created_at: datetime | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class SelectedCalendar:
    id: str  # UUID
    user_id: int
    integration: str
    external_id: str
    credential_id: int | None = None
    event_type_id: int | None = None  # an event type's own selection, which replaces the user's for it
    delegation_credential_id: str | None = None


@dataclass(frozen=True, slots=True)
class DestinationCalendar:
    id: int
    integration: str
    external_id: str
    user_id: int | None = None
    event_type_id: int | None = None
    credential_id: int | None = None
    primary_email: str | None = None
    delegation_credential_id: str | None = None


@dataclass(frozen=True, slots=True)
class OutOfOffice:
    id: int
    uuid: str
    user_id: int
    start: datetime
    end: datetime
    reason: str = "unspecified"
    notes: str | None = None
    to_user_id: int | None = None
    created_at: datetime | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Reservation:
    """A slot held for a while (v2 slot reservations, legacy reserve)."""

    id: int
    uid: str
    event_type_id: int
    user_id: int
    slot_start: datetime
    slot_end: datetime
    release_at: datetime
    is_seat: bool = False
    reserved_by: int | None = None  # the authenticated caller who reserved it, if any
