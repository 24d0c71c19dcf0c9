"""Every table of the world and its record type, in the order /_emulator/state lists them.

Record types live in models.py, and a group of operations that needs tables of its own declares
them in a module of its own (``records_<area>.py``) and adds them here.
"""

from __future__ import annotations

from typing import Any

from emulator.world.models import (
    ApiKey,
    Booking,
    BookingReference,
    DestinationCalendar,
    EventType,
    Membership,
    OAuthClient,
    OutOfOffice,
    Reservation,
    Schedule,
    SelectedCalendar,
    Team,
    Token,
    User,
    Webhook,
)
from emulator.world.records_attributes import Attribute, AttributeOption, AttributeToUser
from emulator.world.records_calendars import (
    Credential,
    DelegationCredential,
    ExternalEvent,
    ProviderCalendar,
    ProviderState,
)
from emulator.world.records_managed_orgs import ManagedOrganization
from emulator.world.records_payments import Payment
from emulator.world.records_private_links import HashedLink
from emulator.world.records_routing_forms import QueuedFormResponse, RoutingForm, RoutingFormResponse
from emulator.world.records_verified import OutboxMessage, VerificationCode, VerifiedEmail, VerifiedNumber
from emulator.world.records_workflows import Workflow

TABLES: dict[str, type[Any]] = {
    "users": User,
    "api_keys": ApiKey,
    "teams": Team,
    "memberships": Membership,
    "oauth_clients": OAuthClient,
    "tokens": Token,
    "schedules": Schedule,
    "event_types": EventType,
    "bookings": Booking,
    "booking_references": BookingReference,
    "webhooks": Webhook,
    "selected_calendars": SelectedCalendar,
    "destination_calendars": DestinationCalendar,
    "out_of_office": OutOfOffice,
    "reservations": Reservation,
    "attributes": Attribute,
    "attribute_options": AttributeOption,
    "attribute_to_user": AttributeToUser,
    "hashed_links": HashedLink,
    "credentials": Credential,
    "provider_calendars": ProviderCalendar,
    "external_events": ExternalEvent,
    "delegation_credentials": DelegationCredential,
    "managed_organizations": ManagedOrganization,
    "provider_states": ProviderState,
    "verified_emails": VerifiedEmail,
    "verified_numbers": VerifiedNumber,
    "verification_codes": VerificationCode,
    "outbox": OutboxMessage,
    "payments": Payment,
    "routing_forms": RoutingForm,
    "routing_form_responses": RoutingFormResponse,
    "queued_form_responses": QueuedFormResponse,
    "workflows": Workflow,
}
