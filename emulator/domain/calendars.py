"""Connected calendars: the provider kinds, a user's credentials and their calendars, and the list
GET /v2/calendars answers, with the defaults it writes.

Read from apps/api/v2/src/ee/calendars/services/calendars.service.ts, the gcal/outlook/apple/ics-feed
services beside it and packages/lib/getConnectedDestinationCalendars.ts:

- A connection is listed with its calendars (primary first) and which of them are selected for
  conflict checking (the user-level selected calendars); its ``primary`` is the primary calendar.
  A connection whose provider refuses it (a revoked token, or a provider made to fail) is listed
  with ``error.message`` instead of calendars.
- With no connection left, the user's destination calendar is deleted; with connections and no
  destination calendar, the first connection's primary calendar becomes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emulator.domain.errors import DomainError
from emulator.world.models import DestinationCalendar, SelectedCalendar, User
from emulator.world.records_calendars import Credential, ProviderCalendar, ProviderState
from emulator.world.store import World

JSON = dict[str, Any]
REVOKED = "Access token expired or revoked"  # getConnectedCalendars on an invalid_grant
UNREACHABLE = "Could not get connected calendars"  # getConnectedCalendars on any other provider error


@dataclass(frozen=True)
class Provider:
    """A calendar app as Cal.com's app store describes it."""

    kind: str  # the path's {calendar}: google | office365 | apple | ics-feed
    type: str  # Credential.type and the calendars' integration
    app_id: str  # the app slug (Credential.appId)
    name: str
    dir_name: str
    description: str
    oauth: bool  # connected through a consent screen (the others post their secrets)


PROVIDERS: dict[str, Provider] = {
    p.kind: p
    for p in (
        Provider(
            "google",
            "google_calendar",
            "google-calendar",
            "Google Calendar",
            "googlecalendar",
            "Google Calendar is a time management and scheduling service developed by Google.",
            True,
        ),
        Provider(
            "office365",
            "office365_calendar",
            "office365-calendar",
            "Outlook Calendar",
            "office365calendar",
            "Microsoft Office 365 is a suite of apps that helps you stay connected with others and get things done.",
            True,
        ),
        Provider(
            "apple",
            "apple_calendar",
            "apple-calendar",
            "Apple Calendar",
            "applecalendar",
            "Apple calendar runs both the macOS and iOS mobile operating systems.",
            False,
        ),
        Provider(
            "ics-feed",
            "ics-feed_calendar",
            "ics-feed",
            "ICS Feed",
            "ics-feedcalendar",
            "Displays events from a public or private ICS feed as busy times.",
            False,
        ),
    )
}
BY_TYPE: dict[str, Provider] = {p.type: p for p in PROVIDERS.values()}


def provider_of(credential: Credential) -> Provider:
    return BY_TYPE[credential.type]


def integration(provider: Provider) -> JSON:
    """The app's metadata as the connected-calendars list shows it (cleanIntegrationKeys)."""
    return {
        "name": provider.name,
        "description": provider.description,
        "type": provider.type,
        "title": provider.name,
        "variant": "calendar",
        "category": "calendar",
        "categories": ["calendar"],
        "logo": f"/app-store/{provider.dir_name}/icon.svg",
        "publisher": "Cal.com",
        "slug": provider.app_id,
        "dirName": provider.dir_name,
        "url": "https://cal.com/",
        "email": "help@cal.com",
        "locationOption": None,
        "appData": None,
    }


# lookups ---------------------------------------------------------------------------------------


def user_credentials(world: World, user_id: int) -> list[Credential]:
    found: list[Credential] = world.where("credentials", lambda c: c.user_id == user_id and c.type in BY_TYPE)
    return sorted(found, key=lambda c: c.id)


def own_credential(world: World, credential_id: int, user_id: int) -> Credential:
    """calendarsRepository.getCalendarCredentials: the caller's credential with that id, or 404."""
    found: Credential | None = world.find("credentials", credential_id)
    if found is None or found.user_id != user_id:
        raise DomainError(404, "Calendar credentials not found")
    return found


def calendars_of(world: World, credential_id: int) -> list[ProviderCalendar]:
    """A connection's calendars, primary first (as the providers list them)."""
    found: list[ProviderCalendar] = world.where("provider_calendars", lambda p: p.credential_id == credential_id)
    return sorted(found, key=lambda p: (not p.primary, p.id))


def failing(world: World, kind: str) -> ProviderState | None:
    state: ProviderState | None = world.find("provider_states", kind)
    return state


def refusal(world: World, credential: Credential) -> str | None:
    """Why the provider would refuse this connection now, or None when it answers."""
    if credential.invalid:
        return REVOKED
    if failing(world, provider_of(credential).kind) is not None:
        return UNREACHABLE
    return None


def user_selected(world: World, user_id: int) -> list[SelectedCalendar]:
    """The user-level selected calendars (event-type selections aside)."""
    found: list[SelectedCalendar] = world.where(
        "selected_calendars", lambda s: s.user_id == user_id and s.event_type_id is None
    )
    return found


def user_destination(world: World, user_id: int) -> DestinationCalendar | None:
    for row in world.tables["destination_calendars"].values():
        if row.user_id == user_id and row.event_type_id is None:
            found: DestinationCalendar = row
            return found
    return None


# the list ----------------------------------------------------------------------------------------


def _calendar(cal: ProviderCalendar, credential: Credential, selected: set[tuple[str, str]]) -> JSON:
    return {
        "externalId": cal.external_id,
        "integration": credential.type,
        "name": cal.name,
        "primary": cal.primary or None,
        "readOnly": cal.read_only,
        "email": cal.email or credential.account_email,
        "isSelected": (credential.type, cal.external_id) in selected,
        "credentialId": credential.id,
        "delegationCredentialId": credential.delegation_credential_id,
    }


def connections(world: World, user: User) -> list[JSON]:
    """Every calendar connection of the user as getConnectedCalendars lists it."""
    selected = {(s.integration, s.external_id) for s in user_selected(world, user.id)}
    out: list[JSON] = []
    for credential in user_credentials(world, user.id):
        provider = provider_of(credential)
        item: JSON = {
            "integration": integration(provider),
            "credentialId": credential.id,
            "delegationCredentialId": credential.delegation_credential_id,
        }
        problem = refusal(world, credential)
        if problem is not None:
            out.append({**item, "error": {"message": problem}})
            continue
        calendars = [_calendar(c, credential, selected) for c in calendars_of(world, credential.id)]
        primary = next((c for c in calendars if c["primary"]), calendars[0] if calendars else None)
        if primary is not None:
            item["primary"] = primary
        item["calendars"] = calendars
        out.append(item)
    return out


def _ensure_destination(world: World, user: User, listed: list[JSON]) -> DestinationCalendar | None:
    """The defaults getConnectedDestinationCalendarsAndEnsureDefaultsInDb writes."""
    current = user_destination(world, user.id)
    if not listed:
        if current is not None:
            world.delete("destination_calendars", current.id)
        return None
    first = listed[0].get("primary") or {}
    every = [c for conn in listed for c in conn.get("calendars", [])]
    if current is None:
        row = DestinationCalendar(
            world.next_id("destination_calendars"),
            integration=str(first.get("integration", "")),
            external_id=str(first.get("externalId", "")),
            user_id=user.id,
            credential_id=first.get("credentialId"),
            primary_email=first.get("email"),
        )
        world.insert("destination_calendars", row)
        return row
    if not any(c["externalId"] == current.external_id and c["integration"] == current.integration for c in every):
        updated: DestinationCalendar = world.update(
            "destination_calendars",
            current.id,
            integration=str(first.get("integration", "")),
            external_id=str(first.get("externalId", "")),
            primary_email=first.get("email"),
        )
        return updated
    return current


def destination_output(row: DestinationCalendar | None, listed: list[JSON]) -> JSON:
    """The destination row merged with its calendar's details; ``{}`` when there is none."""
    if row is None:
        return {}
    out: JSON = {
        "id": row.id,
        "integration": row.integration,
        "externalId": row.external_id,
        "primaryEmail": row.primary_email,
        "userId": row.user_id,
        "eventTypeId": row.event_type_id,
        "credentialId": row.credential_id,
        "delegationCredentialId": row.delegation_credential_id,
    }
    for conn in listed:
        for cal in conn.get("calendars", []):
            if cal["externalId"] == row.external_id and cal["integration"] == row.integration:
                out.update(
                    name=cal["name"],
                    primary=bool(cal["primary"]),
                    readOnly=cal["readOnly"],
                    email=cal["email"],
                    integrationTitle=conn["integration"]["title"],
                )
                return out
    return out


def connected_calendars(world: World, user: User) -> JSON:
    """GET /v2/calendars: ``{connectedCalendars, destinationCalendar}``, writing the defaults."""
    listed = connections(world, user)
    destination = _ensure_destination(world, user, listed)
    return {"connectedCalendars": listed, "destinationCalendar": destination_output(destination, listed)}


# check -------------------------------------------------------------------------------------------


# What each service's check calls the connection: (credentials, invalid credentials, not connected).
CHECK_WORDS = {
    "google": ("google_calendar", "google OAuth", "Google Calendar"),
    "office365": ("office365_calendar", "office 365 OAuth", "Office 365 Calendar"),
    "ics-feed": ("Ics Feed calendar", "Ics Feed", "Ics Feed"),
}


def check(world: World, user: User, kind: str) -> None:
    """GET /v2/calendars/{calendar}/check: the gcal/outlook/ics services' checks, in their order."""
    if kind not in CHECK_WORDS:
        return  # the Apple service answers success without looking
    provider = PROVIDERS[kind]
    credentials_word, invalid_word, connection_word = CHECK_WORDS[kind]
    found = [c for c in user_credentials(world, user.id) if c.type == provider.type]
    if not found:
        raise DomainError(400, f"Credentials for {credentials_word} not found.")
    if found[0].invalid:
        raise DomainError(400, f"Invalid {invalid_word} credentials.")
    listed = connections(world, user)
    mine = next((c for c in listed if c["integration"]["type"] == provider.type), None)
    if mine is None:
        raise DomainError(401, f"{connection_word} not connected.")
    if "error" in mine:
        raise DomainError(401, str(mine["error"]["message"]))
