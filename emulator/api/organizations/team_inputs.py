"""What v2's team inputs check and fill in beyond the spec: CreateTeamInput and UpdateTeamDto
(apps/api/v2/src/modules/teams/teams/inputs), which the organization team inputs extend.

- Create fills the input class's defaults: ``hideBranding`` false, ``timeZone`` Europe/London,
  ``weekStart`` Sunday; the creator is auto-accepted unless ``autoAcceptCreator`` is false.
- Image URLs (``logoUrl``, ``calVideoLogo``, ``appLogo``, ``appIconLogo``, ``bannerUrl``) go through
  SSRFSafeUrlValidator: https only, ``data:image/`` allowed, no blocked host (localhost, cloud metadata
  endpoints) and no private IPv4 literal. (Node's URL keeps an IPv6 host in brackets, which its IP
  check does not recognise, so IPv6 literals pass there and here.)
- ``timeFormat`` is declared a number but decorated ``@IsString()``, so a number is refused; a string
  is refused by the spec. Neither input can set it.

A failure is the global ValidationPipe's 400, ``Bad Request Exception`` with the errors in details.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from emulator.api.platform.user_inputs import pipe_errors, validation_error

CREATE_DEFAULTS: dict[str, Any] = {"hideBranding": False, "timeZone": "Europe/London", "weekStart": "Sunday"}
IMAGE_URL_FIELDS = ("logoUrl", "calVideoLogo", "appLogo", "appIconLogo", "bannerUrl")
SSRF_MESSAGE = "URL is not allowed for security reasons (blocked: private IPs, metadata endpoints)"

# packages/lib/ssrfProtection.ts
_BLOCKED_HOSTS = {"localhost", "169.254.169.254", "169.254.169.253", "metadata.google.internal", "metadata.google.com"}
_PRIVATE_V4 = re.compile(
    r"^(?:127\.|10\.|172\.(?:1[6-9]|2\d|3[01])\.|192\.168\.|169\.254\.|0\.|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)"
)


def _private_ipv4(host: str) -> bool:
    return _PRIVATE_V4.match(host) is not None


def ssrf_safe(url: str) -> bool:
    """validateUrlForSSRFSync: what a server may fetch as a team's image."""
    if url.startswith("data:image/"):
        return True
    if url.startswith("data:"):
        return False
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return False
    if parts.scheme != "https" or not host:
        return False
    if host in _BLOCKED_HOSTS:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True  # a host name: only literal addresses are checked without DNS
    return address.version == 6 or not _private_ipv4(host)


def checked_team_body(body: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """A v2 team create/update body as the validation pipe passes it on: defaults filled, or a 400."""
    errors: list[dict[str, Any]] = []
    for name in IMAGE_URL_FIELDS:
        value = body.get(name)
        if isinstance(value, str) and not ssrf_safe(value):
            errors.append(validation_error(name, value, "ssrfSafeUrl", SSRF_MESSAGE))
    if "timeFormat" in body and not isinstance(body["timeFormat"], str):
        errors.append(validation_error("timeFormat", body["timeFormat"], "isString", "timeFormat must be a string"))
    if errors:
        raise pipe_errors(errors)
    return {**CREATE_DEFAULTS, **body} if creating else dict(body)
