"""Connecting and disconnecting calendars: the OAuth round trip (Google, Outlook) through the
emulator's own consent screen, Apple's posted credentials, ICS feeds, and disconnecting.

Read from apps/api/v2/src/ee/calendars/controllers/calendars.controller.ts and the gcal, outlook,
apple-calendar and ics-feed services beside it, and calendars.service.ts (createAndLinkCalendarEntry):

- ``connect`` answers an authorization URL whose ``state`` is JSON ``{accessToken, origin, redir,
  isDryRun}``: the caller's bearer token, the request's Origin (or Host) and where to go afterwards.
- ``save`` (the provider's redirect back) goes to ``redir`` or else ``origin`` at once when the user
  declined (no code, or ``undefined``) or on a dry run; otherwise the state's token must name a user
  (401 ``Invalid Access token.``), the account's credential is created (or refreshed, which also
  makes a revoked one valid again) with its primary calendar selected for conflict checking.
- A consent code is the account the consent screen chose, readable by the emulator alone: a
  base64url JSON ``{provider, email}``.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

from emulator.domain import calendars as cals
from emulator.domain.errors import DomainError
from emulator.world.ids import hash_api_key
from emulator.world.models import SelectedCalendar, User
from emulator.world.records_calendars import Credential, ProviderCalendar
from emulator.world.store import World

JSON = dict[str, Any]
SCOPES = {
    "google": "https://www.googleapis.com/auth/calendar.readonly https://www.googleapis.com/auth/calendar.events",
    "office365": "User.Read Calendars.Read Calendars.ReadWrite offline_access",
}
ICS_REFUSED = "Could not add ICS feeds, try using private ics feed."


@dataclass(frozen=True)
class State:
    access_token: str
    origin: str
    redir: str | None
    dry_run: bool


def authorization_url(consent_url: str, save_url: str, kind: str, state: State) -> str:
    """Where ``connect`` sends the user: the consent screen, told where to come back and with what state."""
    payload = {
        "accessToken": state.access_token,
        "origin": state.origin,
        "redir": state.redir,
        "isDryRun": state.dry_run,
    }
    query = {
        "provider": kind,
        "client_id": "calcom-emulator",
        "redirect_uri": save_url,
        "response_type": "code",
        "scope": SCOPES.get(kind, ""),
        "state": json.dumps({k: v for k, v in payload.items() if v is not None}, separators=(",", ":")),
    }
    return f"{consent_url}?{urlencode(query)}"


def consent_code(kind: str, email: str | None) -> str:
    raw = json.dumps({"provider": kind, "email": email}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def read_code(code: str) -> JSON:
    try:
        found = json.loads(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return {}
    return found if isinstance(found, dict) else {}


def parse_state(text: str) -> State:
    """The state as the controller reads it: JSON first, else URL parameters (older clients)."""
    try:
        found = json.loads(text)
    except ValueError:
        found = None
    if not isinstance(found, dict):
        params = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
        issues = [f"{name} - Required" for name in ("accessToken", "origin") if name not in params]
        if issues:
            raise DomainError(400, ", ".join(issues) + ", ", code="BAD_REQUEST")  # the Zod filter's wording
        found = {**params, "isDryRun": params.get("isDryRun") == "true", "redir": params.get("redir") or None}
    return State(
        str(found.get("accessToken") or ""),
        str(found.get("origin") or ""),
        found.get("redir") if isinstance(found.get("redir"), str) else None,
        bool(found.get("isDryRun")),
    )


def token_owner(world: World, token: str) -> User | None:
    """Whom the state's bearer token names: a managed user's access token or an API key."""
    for row in world.tables["tokens"].values():
        if row.kind == "access" and row.secret == token and row.expires_at > world.clock.now():
            found: User | None = world.find("users", row.user_id)
            return found
    hashed = hash_api_key(token)
    for key in world.tables["api_keys"].values():
        if key.hashed_key == hashed and (key.expires_at is None or key.expires_at > world.clock.now()):
            owner: User | None = world.find("users", key.user_id)
            return owner
    return None


# creating credentials ----------------------------------------------------------------------------


def add_credential(
    world: World,
    user: User,
    kind: str,
    account: str,
    calendars: list[tuple[str, str, bool, bool]],
    *,
    key: str | None = None,
    settings: JSON | None = None,
) -> Credential:
    """A credential of the user with its calendars (external id, name, primary, read-only)."""
    provider = cals.PROVIDERS[kind]
    credential = Credential(
        world.next_id("credentials"), provider.type, provider.app_id, user.id, account, key=key, settings=settings or {}
    )
    world.insert("credentials", credential)
    for external_id, name, primary, read_only in calendars:
        world.insert(
            "provider_calendars",
            ProviderCalendar(
                world.next_id("provider_calendars"), credential.id, external_id, name, primary, read_only, account
            ),
        )
    return credential


def select(
    world: World,
    user_id: int,
    credential: Credential,
    external_id: str,
    event_type_id: int | None = None,
    integration: str | None = None,
) -> SelectedCalendar:
    """Upsert a selected calendar (one per user, integration, external id and event type)."""
    kind = integration or credential.type
    for row in world.tables["selected_calendars"].values():
        if (row.user_id, row.integration, row.external_id, row.event_type_id) == (
            user_id,
            kind,
            external_id,
            event_type_id,
        ) and row.delegation_credential_id is None:
            updated: SelectedCalendar = world.update("selected_calendars", row.id, credential_id=credential.id)
            return updated
    row_id = f"{user_id}_{kind}_{external_id}" + (f"_{event_type_id}" if event_type_id else "")
    selected = SelectedCalendar(row_id, user_id, kind, external_id, credential.id, event_type_id)
    inserted: SelectedCalendar = world.insert("selected_calendars", selected)
    return inserted


def save_oauth(world: World, kind: str, code: str | None, state: State) -> str:
    """The provider came back: store the account and answer where to redirect."""
    back = state.redir or state.origin
    if not code or code == "undefined" or state.dry_run:
        return back
    user = token_owner(world, state.access_token)
    if user is None:
        raise DomainError(401, "Invalid Access token.")
    if cals.failing(world, kind) is not None:
        raise DomainError(500, "Internal server error", bare=True)  # the token exchange threw
    account = str(read_code(code).get("email") or user.email)
    provider = cals.PROVIDERS[kind]
    existing = next(
        (c for c in cals.user_credentials(world, user.id) if c.type == provider.type and c.account_email == account),
        None,
    )
    if existing is not None:
        credential: Credential = world.update("credentials", existing.id, invalid=False)
    else:
        credential = add_credential(world, user, kind, account, [(account, account, True, False)])
    primary = next((c for c in cals.calendars_of(world, credential.id) if c.primary), None)
    if primary is not None:
        select(world, user.id, credential, primary.external_id)
    return back


def save_apple(world: World, user: User, username: str, password: str) -> None:
    """POST /v2/calendars/apple/credentials: an iCloud account (its CalDAV login checked by iCloud)."""
    if not username or not password:
        raise DomainError(400, "Username or password cannot be empty")
    if cals.failing(world, "apple") is not None:
        raise DomainError(400, "Could not add this apple calendar account")
    for credential in cals.user_credentials(world, user.id):
        if credential.type == "apple_calendar" and credential.account_email == username:
            world.update("credentials", credential.id, invalid=False)
            return
    credential = add_credential(
        world, user, "apple", username, [(f"https://caldav.icloud.com/{username}/calendar/", "Calendar", True, False)]
    )
    select(world, user.id, credential, cals.calendars_of(world, credential.id)[0].external_id)


def save_ics(world: World, user: User, urls: list[str], read_only: bool) -> Credential:
    """POST /v2/calendars/ics-feed/save: one ICS credential per user, a calendar per feed."""
    if (
        not urls
        or cals.failing(world, "ics-feed") is not None
        or any(not u.startswith(("http://", "https://")) for u in urls)
    ):
        raise DomainError(400, ICS_REFUSED)
    existing = next((c for c in cals.user_credentials(world, user.id) if c.type == "ics-feed_calendar"), None)
    if existing is not None:
        _drop_connection(world, existing, keep_credential=True)
        for url in urls:
            world.insert(
                "provider_calendars",
                ProviderCalendar(world.next_id("provider_calendars"), existing.id, url, url, False, True, user.email),
            )
        updated: Credential = world.update(
            "credentials", existing.id, settings={"urls": list(urls), "skipWriting": read_only}
        )
        return updated
    return add_credential(
        world,
        user,
        "ics-feed",
        user.email,
        [(u, u, False, True) for u in urls],
        settings={"urls": list(urls), "skipWriting": read_only},
    )


# disconnecting and revoking ----------------------------------------------------------------------


def _drop_connection(world: World, credential: Credential, *, keep_credential: bool = False) -> None:
    """A credential's calendars and events, and the selections and destinations that name it."""
    calendar_ids = {c.id for c in cals.calendars_of(world, credential.id)}
    for event in world.where("external_events", lambda e: e.calendar_id in calendar_ids):
        world.delete("external_events", event.id)
    for calendar_id in calendar_ids:
        world.delete("provider_calendars", calendar_id)
    if keep_credential:
        return
    for row in world.where("selected_calendars", lambda s: s.credential_id == credential.id):
        world.delete("selected_calendars", row.id)
    for row in world.where("destination_calendars", lambda d: d.credential_id == credential.id):
        world.delete("destination_calendars", row.id)
    world.delete("credentials", credential.id)


def remove_credential(world: World, credential: Credential) -> None:
    """Deleting a Credential row: its calendars go, and the database cascades to its selections and
    destinations."""
    _drop_connection(world, credential)


def disconnect(world: World, user: User, credential_id: int) -> Credential:
    """POST /v2/calendars/{calendar}/disconnect: the caller's credential, whatever the path says."""
    credential = cals.own_credential(world, credential_id, user.id)
    _drop_connection(world, credential)
    return credential


def revoke(world: World, credential_id: int) -> Credential:
    found: Credential | None = world.find("credentials", credential_id)
    if found is None:
        raise DomainError(404, f"no credential with id {credential_id}")
    updated: Credential = world.update("credentials", credential_id, invalid=True)
    return updated
