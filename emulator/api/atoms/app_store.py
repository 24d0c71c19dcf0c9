"""The conferencing apps of the app store as its registry hands them out: Cal Video, and the video
apps a user or team has a credential of (Zoom, Google Meet, Microsoft Teams).

Cal Video (packages/app-store/dailyvideo/_metadata.ts) is a global app: every user and team has it
without a credential, so "installed conferencing apps" always holds it. The fields are its
metadata after the registry's normalisation (``dirName``, ``__template``, the logo under
/app-store/) plus what getApps and getEnabledAppsFromCredentials add.
"""

from __future__ import annotations

from typing import Any

from emulator.domain import conferencing
from emulator.world.records_calendars import Credential

CAL_VIDEO_LOCATION = "integrations:daily"

_CAL_VIDEO: dict[str, Any] = {
    "appData": {"location": {"linkType": "dynamic", "type": CAL_VIDEO_LOCATION, "label": "Cal Video"}},
    "dirName": "dailyvideo",
    "__template": "",
    "name": "Cal Video",
    "description": "Cal Video is the in-house web-based video conferencing platform powered by Daily.co, which is "
    "minimalistic and lightweight, but has most of the features you need.",
    "installed": True,  # the hosted server has DAILY_API_KEY set
    "type": "daily_video",
    "variant": "conferencing",
    "url": "https://daily.co",
    "categories": ["conferencing"],
    "logo": "/app-store/dailyvideo/icon.svg",
    "publisher": "Cal.com",
    "category": "conferencing",
    "slug": "daily-video",
    "title": "Cal Video",
    "isGlobal": True,
    "email": "help@cal.com",
    "isOAuth": False,
    # getApps: a global app gets an injected credential, hence a location option.
    "locationOption": {"value": CAL_VIDEO_LOCATION, "label": "Cal Video", "disabled": False},
    "enabled": True,
}


# name, dirName, description and home page of the credential-backed video apps (their _metadata.ts)
_VIDEO_APPS: dict[str, tuple[str, str, str, str]] = {
    "zoom": ("Zoom Video", "zoomvideo", "Zoom is a secure and reliable video platform.", "https://zoom.us/"),
    "google-meet": (
        "Google Meet",
        "googlevideo",
        "Google Meet is Google's web-based video conferencing platform.",
        "https://cal.com/",
    ),
    "msteams": (
        "Microsoft 365/Teams (Requires work/school account)",
        "office365video",
        "Microsoft Teams is a business communication platform.",
        "https://www.microsoft.com/",
    ),
}


def _video_entry(slug: str) -> dict[str, Any]:
    app = conferencing.APPS[slug]
    name, dir_name, description, url = _VIDEO_APPS[slug]
    return {
        "appData": {"location": {"linkType": "dynamic", "type": app.location, "label": name}},
        "dirName": dir_name,
        "__template": "",
        "name": name,
        "description": description,
        "installed": True,
        "type": app.type,
        "variant": "conferencing",
        "url": url,
        "categories": ["conferencing"],
        "logo": f"/app-store/{dir_name}/icon.svg",
        "publisher": "Cal.com",
        "category": "conferencing",
        "slug": slug,
        "title": name,
        "isGlobal": False,
        "email": "help@cal.com",
        "isOAuth": app.oauth,
        "locationOption": {"value": app.location, "label": name, "disabled": False},
        "enabled": True,
    }


def installed_conferencing_apps(credentials: list[Credential] | None = None) -> list[dict[str, Any]]:
    """getConnectedApps(variant "conferencing", onlyInstalled): the global Cal Video entry (no
    credential, so no ids, no teams, no credentialOwner; installed because it is global), then each
    video app the given credentials connect, with their ids. ``isSetupAlready`` is undefined for a
    non-payment app, so it is absent."""
    items: list[dict[str, Any]] = [
        {
            **_CAL_VIDEO,
            "userCredentialIds": [],
            "invalidCredentialIds": [],
            "teams": [],
            "isInstalled": True,
            "credIdToUpgradableMap": {},
        }
    ]
    for slug in _VIDEO_APPS:
        own = [c for c in credentials or [] if c.type == conferencing.APPS[slug].type]
        if own:
            items.append(
                {
                    **_video_entry(slug),
                    "userCredentialIds": [c.id for c in own if c.user_id is not None],
                    "invalidCredentialIds": [c.id for c in own if c.invalid],
                    "teams": [],
                    "isInstalled": True,
                    "credIdToUpgradableMap": {},
                }
            )
    return items


def logo_for_location(location_type: str) -> str | None:
    """getAppFromLocationValue(...).logo: the logo of the app whose location this is; the built-in
    locations (in person, link, phone) belong to no app."""
    if location_type == CAL_VIDEO_LOCATION:
        return str(_CAL_VIDEO["logo"])
    for slug in _VIDEO_APPS:
        if conferencing.APPS[slug].location == location_type:
            return str(_video_entry(slug)["logo"])
    return None


def app_name(slug: str) -> str:
    """A conferencing app's display name."""
    return _VIDEO_APPS[slug][0] if slug in _VIDEO_APPS else str(_CAL_VIDEO["name"])


# Stripe (packages/app-store/stripepayment/config.json): the payment app behind paid event types.
_STRIPE: dict[str, Any] = {
    "name": "Stripe",
    "description": "Stripe is the payment processing platform for businesses, which lets bookers pay for paid events.",
    "type": "stripe_payment",
    "variant": "payment",
    "url": "https://cal.com/",
    "categories": ["payment"],
    "logo": "/app-store/stripepayment/icon.svg",
    "publisher": "Cal.com",
    "category": "payment",
    "slug": "stripe",
    "title": "Stripe",
    "email": "help@cal.com",
    "extendsFeature": "EventType",
    "isOAuth": True,
    "dirName": "stripepayment",
    "__template": "",
    "installed": True,
    "isGlobal": False,
    "locationOption": None,
    "enabled": True,
}


def app_metadata(slug: str) -> dict[str, Any] | None:
    """An app of the store as getApps hands it out, before credentials are attached; None for an app
    the emulator does not know."""
    if slug == conferencing.CAL_VIDEO:
        return dict(_CAL_VIDEO)
    if slug in _VIDEO_APPS:
        return _video_entry(slug)
    if slug == _STRIPE["slug"]:
        return dict(_STRIPE)
    return None
