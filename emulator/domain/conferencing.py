"""Conferencing apps: the video credentials of users and teams, the default app, and the meeting a
booking at a video location gets.

Read from apps/api/v2/src/modules/conferencing (controller, conferencing.service.ts,
google-meet.service.ts, zoom-video.service.ts, office365-video.service.ts, conferencing.repository.ts)
and modules/organizations/conferencing (the team variants):

- A conferencing app is a ``Credential`` whose type ends in ``_video``; the list is those rows of the
  user (or the team). Cal Video (``daily-video``) is global: it has no credential, yet it can be the
  default without being connected.
- Google Meet connects without OAuth and needs a valid Google Calendar connection; Zoom and Teams
  (``office365-video``) go through OAuth, and a new connection replaces the old one of that type.
- The default app lives in the user's (or team's) metadata as ``defaultConferencingApp.appSlug``.
- The OAuth callback never answers an error: whatever fails sends the browser to ``onErrorReturnTo``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from emulator.domain import calendar_connect
from emulator.domain.errors import DomainError
from emulator.world.models import Booking, BookingReference, Team, User
from emulator.world.records_calendars import Credential
from emulator.world.store import World

JSON = dict[str, Any]
CAL_VIDEO = "daily-video"
GOOGLE_MEET = "google-meet"


@dataclass(frozen=True)
class App:
    slug: str  # the API's name for it (platform-constants)
    type: str  # Credential.type
    location: str  # the booking location that uses it
    oauth: bool
    meeting_base: str


APPS: dict[str, App] = {
    app.slug: app
    for app in (
        App(GOOGLE_MEET, "google_video", "integrations:google:meet", False, "https://meet.google.com/"),
        App("zoom", "zoom_video", "integrations:zoom", True, "https://zoom.us/j/"),
        App(
            "msteams",
            "office365_video",
            "integrations:office365_video",
            True,
            "https://teams.microsoft.com/l/meetup-join/",
        ),
        App(CAL_VIDEO, "daily_video", "integrations:daily", False, "https://app.cal.com/video/"),
    )
}
BY_LOCATION = {app.location: app for app in APPS.values()}
OAUTH_APPS = tuple(slug for slug, app in APPS.items() if app.oauth)
_NOT_OAUTH = "Invalid conferencing app, available apps are: "  # the list goes to the exception's description
_TEAM_ROLES = ("ADMIN", "OWNER")


@dataclass(frozen=True)
class CallbackState:
    access_token: str
    return_to: str
    on_error_return_to: str
    team_id: int | None
    org_id: int | None


# listing ----------------------------------------------------------------------------------------


def installed(world: World, *, user_id: int | None = None, team_id: int | None = None) -> list[Credential]:
    """findConferencingApps / findTeamConferencingApps: the owner's credentials of a video type."""
    found: list[Credential] = world.where(
        "credentials",
        lambda c: c.type.endswith("_video") and (c.team_id == team_id if team_id is not None else c.user_id == user_id),
    )
    return sorted(found, key=lambda c: c.id)


def _owned(world: World, app: App, user_id: int | None, team_id: int | None) -> Credential | None:
    return next((c for c in installed(world, user_id=user_id, team_id=team_id) if c.type == app.type), None)


def _create(world: World, app: App, user: User | None, team_id: int | None, email: str) -> Credential:
    owner = user.id if user is not None and team_id is None else None
    credential = Credential(world.next_id("credentials"), app.type, app.slug, owner, email, team_id=team_id)
    inserted: Credential = world.insert("credentials", credential)
    return inserted


# connecting -------------------------------------------------------------------------------------


def connect_google_meet(world: World, user: User, team: Team | None = None) -> Credential:
    """POST .../conferencing/google-meet/connect (the only app connected without OAuth)."""
    team_id = team.id if team is not None else None
    if team is None:
        google = next(
            (c for c in world.where("credentials", lambda c: c.user_id == user.id and c.type == "google_calendar")),
            None,
        )
        if google is None:
            raise DomainError(400, "Google Meet app requires a Google Calendar connection")
        if google.invalid:
            raise DomainError(
                400, "Google Meet app requires a valid Google Calendar connection, please reconnect Google Calendar."
            )
    if _owned(world, APPS[GOOGLE_MEET], user.id, team_id) is not None:
        raise DomainError(400, "Google Meet is already connected.")
    return _create(world, APPS[GOOGLE_MEET], user, team_id, user.email)


def connect_non_oauth(world: World, app: str, user: User, team: Team | None = None) -> Credential:
    if app != GOOGLE_MEET:
        raise DomainError(400, "Invalid conferencing app. Available apps: GOOGLE_MEET.")
    return connect_google_meet(world, user, team)


def oauth_app(app: str) -> App:
    """generateOAuthUrl / connectOauthApps accept Zoom and Teams only."""
    if app not in OAUTH_APPS:
        raise DomainError(400, _NOT_OAUTH)
    return APPS[app]


def state_json(access_token: str, return_to: str | None, on_error: str | None, team: tuple[str, str] | None) -> str:
    """The callback state the auth-url answer carries (OAuthCallbackState), JSON as the server sends it."""
    state: JSON = {"returnTo": return_to, "onErrorReturnTo": on_error, "fromApp": False, "accessToken": access_token}
    if team is not None:
        state["teamId"], state["orgId"] = team
    return json.dumps({k: v for k, v in state.items() if v is not None}, separators=(",", ":"))


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def parse_state(text: str | None) -> CallbackState:
    if not text:
        raise DomainError(400, "Missing `state` query param")
    try:
        found = json.loads(text)
    except ValueError:
        found = None
    if not isinstance(found, dict):
        # The server's JSON.parse throws outside its try (an unhandled 500); a 400 says the same thing.
        raise DomainError(400, "Invalid `state` query param")
    return CallbackState(
        str(found.get("accessToken") or ""),
        str(found.get("returnTo") or ""),
        str(found.get("onErrorReturnTo") or ""),
        _int(found.get("teamId")),
        _int(found.get("orgId")),
    )


def _may_manage_team(world: World, user: User, team_id: int, org_id: int | None) -> bool:
    """What the team callback's guards ask of the state's token: a team in the organization, and
    an admin or owner of the team or of the organization."""
    team: Team | None = world.find("teams", team_id)
    if team is None or (org_id is not None and team.parent_id != org_id):
        return False
    roles = {m.team_id: m.role for m in world.where("memberships", lambda m: m.user_id == user.id and m.accepted)}
    org_role = roles.get(team.parent_id) if team.parent_id is not None else None
    return roles.get(team_id) in _TEAM_ROLES or org_role in _TEAM_ROLES


def save_oauth(
    world: World, app: str, code: str | None, error: str | None, state: CallbackState, team_id: int | None = None
) -> str:
    """The provider's redirect back: the credential replaces any of its type, and the answer is where
    to send the browser (``returnTo``; ``onErrorReturnTo`` on any failure, which changes nothing)."""
    if team_id is None and state.team_id is not None and state.org_id is not None:
        team_id = state.team_id  # the user callback forwards to the team one with the state's token
    user = calendar_connect.token_owner(world, state.access_token)
    if error or not code or app not in OAUTH_APPS or user is None:
        return state.on_error_return_to
    if team_id is not None and not _may_manage_team(world, user, team_id, state.org_id):
        return state.on_error_return_to
    found = APPS[app]
    for old in world.where(
        "credentials",
        lambda c: c.type == found.type and (c.team_id == team_id if team_id is not None else c.user_id == user.id),
    ):
        world.delete("credentials", old.id)
    _create(world, found, user, team_id, user.email)
    return state.return_to


# default app and disconnecting ----------------------------------------------------------------------


def connected(world: World, app: str, *, user_id: int | None = None, team_id: int | None = None) -> Credential:
    """checkAppIsValidAndConnected."""
    if app not in APPS:
        raise DomainError(400, "Invalid app, available apps are: ")
    found = _owned(world, APPS[app], user_id, team_id)
    if found is None:
        raise DomainError(400, f"{app} not connected.")
    return found


def default_app(metadata: JSON | None) -> JSON | None:
    found = (metadata or {}).get("defaultConferencingApp")
    return found if isinstance(found, dict) else None


def default_location(user: User) -> str | None:
    """The booking location of the user's default app (Cal.com's OrganizerDefaultConferencingAppType)."""
    app = APPS.get(str((default_app(user.metadata) or {}).get("appSlug")))
    return app.location if app is not None else None


def set_default(world: World, app: str, *, user: User | None = None, team: Team | None = None) -> None:
    """Cal Video is global, so it is the one app that need not be connected."""
    if app != CAL_VIDEO:
        connected(world, app, user_id=user.id if user else None, team_id=team.id if team else None)
    if team is not None:
        world.update("teams", team.id, metadata={**(team.metadata or {}), "defaultConferencingApp": {"appSlug": app}})
    elif user is not None:
        world.update("users", user.id, metadata={**user.metadata, "defaultConferencingApp": {"appSlug": app}})


def disconnect(world: World, app: str, *, user: User | None = None, team: Team | None = None) -> None:
    """handleDeleteCredential: the credential goes, and a default naming it is cleared."""
    credential = connected(world, app, user_id=user.id if user else None, team_id=team.id if team else None)
    world.delete("credentials", credential.id)
    owner: Team | User | None = team if team is not None else user
    if owner is None:
        return
    metadata = owner.metadata or {}
    if (default_app(metadata) or {}).get("appSlug") == app:
        rest = {k: v for k, v in metadata.items() if k != "defaultConferencingApp"}
        world.update("teams" if team is not None else "users", owner.id, metadata=rest)


# meetings -----------------------------------------------------------------------------------------


def meeting(app: App, uid: str) -> tuple[str, str, str]:
    """A provider meeting (id, password, join URL) derived from the booking's uid, the same every run."""
    digest = hashlib.sha1(f"{app.slug}:{uid}".encode()).hexdigest()
    if app.slug == "zoom":
        meeting_id = str(int(digest[:12], 16) % 10**11).zfill(11)
        return meeting_id, digest[12:18], f"{app.meeting_base}{meeting_id}?pwd={digest[12:18]}"
    if app.slug == GOOGLE_MEET:
        letters = "".join(chr(ord("a") + int(ch, 16) % 26) for ch in digest[:10])
        code = f"{letters[:3]}-{letters[3:7]}-{letters[7:10]}"
        return code, "", app.meeting_base + code
    return digest[:24], "", app.meeting_base + digest[:24]


def add_meeting(world: World, booking: Booking) -> Booking:
    """The meeting of a booking at a third-party video location, made with the organizer's credential
    of that app; without one, Cal.com's EventManager falls back to Cal Video."""
    app = BY_LOCATION.get(booking.location or "")
    if app is None or app.slug == CAL_VIDEO:
        return booking
    credential = _owned(world, app, booking.user_id, None) if booking.user_id is not None else None
    if credential is None:
        moved: Booking = world.update("bookings", booking.id, location=APPS[CAL_VIDEO].location)
        return moved
    meeting_id, password, url = meeting(app, booking.uid)
    world.insert(
        "booking_references",
        BookingReference(
            world.next_id("booking_references"),
            booking.id,
            app.type,
            meeting_id,
            meeting_id=meeting_id,
            meeting_password=password or None,
            meeting_url=url,
            credential_id=credential.id,
        ),
    )
    updated: Booking = world.update("bookings", booking.id, metadata={**booking.metadata, "videoCallUrl": url})
    return updated
