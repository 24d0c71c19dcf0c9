"""The one app-store entry the world has: Cal Video, as the app store's registry hands it out.

Cal Video (packages/app-store/dailyvideo/_metadata.ts) is a global app: every user and team has it
without a credential, so it is what "installed conferencing apps" holds until the world models
installed apps. The fields are its metadata after the registry's normalisation (``dirName``,
``__template``, the logo under /app-store/) plus what getApps and getEnabledAppsFromCredentials add.
"""

from __future__ import annotations

from typing import Any

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


def installed_conferencing_apps() -> list[dict[str, Any]]:
    """getConnectedApps(variant "conferencing", onlyInstalled): the global Cal Video entry, with no
    credential of the user's or a team's (so no ids, no teams, no credentialOwner) and installed
    because it is global. ``isSetupAlready`` is undefined for a non-payment app, so it is absent."""
    return [
        {
            **_CAL_VIDEO,
            "userCredentialIds": [],
            "invalidCredentialIds": [],
            "teams": [],
            "isInstalled": True,
            "credIdToUpgradableMap": {},
        }
    ]
