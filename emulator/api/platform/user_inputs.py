"""What the managed-user inputs check beyond the spec: class-validator and class-transformer rules of
apps/api/v2/src/modules/users/inputs/{create,update}-managed-user.input.ts and
oauth-clients/controllers/oauth-client-users/inputs/get-managed-users.input.ts.

The spec already holds the enums (timeFormat, weekStart, locale) and the types; what it cannot say is
kept here: the e-mail is lowered (a Transform on both inputs), the time zone is spelled as IANA spells
it and must exist (CapitalizeTimeZone, IsTimeZone; a null one counts as not sent on create), and the
avatar must be a URL (IsUrl). A failure is the global ValidationPipe's 400, ``Bad Request Exception``
with every class-validator error in ``details.errors``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from emulator.api.slot_formats import canonical_zone
from emulator.pipeline.errors import ApiError

# validator.js isEmail, in its default options: a dotted local part, a host name with a TLD.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$"
)
# validator.js isURL, in its default options: http, https or ftp (or no scheme), a host with a TLD or
# an IPv4 address, an optional port, no spaces. Compiled on first use: case-folding the wide character
# ranges makes it the costliest pattern of the emulator's start-up (tens of milliseconds).
_URL_PATTERN = (
    r"^(?:(?:https?|ftp)://)?(?:[^\s:@/]+(?::[^\s@/]*)?@)?"
    r"(?:(?:[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]{0,62})?\.)+[A-Za-z\u00a1-\uffff]{2,}"
    r"|(?:\d{1,3}\.){3}\d{1,3})"
    r"(?::\d{1,5})?(?:[/?#][^\s]*)?$"
)


@cache
def _url() -> re.Pattern[str]:
    return re.compile(_URL_PATTERN, re.IGNORECASE)


def is_email(value: str) -> bool:
    return len(value) <= 254 and _EMAIL.match(value) is not None


def is_url(value: str) -> bool:
    return len(value) <= 2083 and _url().match(value) is not None


def pipe_errors(errors: list[dict[str, Any]]) -> ApiError:
    """The ValidationPipe's exceptionFactory: one 400 carrying every ValidationError."""
    return ApiError(400, "Bad Request Exception", details={"errors": errors})


def validation_error(name: str, value: Any, constraint: str, message: str) -> dict[str, Any]:
    return {"property": name, "value": value, "constraints": {constraint: message}, "children": []}


def checked_user_body(body: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """A Create/UpdateManagedUserInput body as the pipe hands it on: transformed, or a 400."""
    out = dict(body)
    errors: list[dict[str, Any]] = []
    if isinstance(out.get("email"), str):
        out["email"] = out["email"].lower()
    if creating and "timeZone" in out and out["timeZone"] is None:
        del out["timeZone"]
    if "timeZone" in out:
        zone = canonical_zone(out["timeZone"]) if isinstance(out["timeZone"], str) else None
        if zone is None:
            message = "timeZone must be a valid IANA time-zone"
            errors.append(validation_error("timeZone", out["timeZone"], "isTimeZone", message))
        else:
            out["timeZone"] = zone
    avatar = out.get("avatarUrl")
    if avatar is not None and not (isinstance(avatar, str) and is_url(avatar)):
        errors.append(validation_error("avatarUrl", avatar, "isUrl", "avatarUrl must be a URL address"))
    if errors:
        raise pipe_errors(errors)
    return out


def email_filter(values: list[str], *, as_array: bool) -> list[str] | None:
    """GetManagedUsersInput.emails. Express reads one ``emails=`` as a string, which the input splits
    at commas, trims and checks one by one (400 ``Invalid email <text>``); a repeated or bracketed
    name is already an array and passes as sent. None when the filter was not sent."""
    if not values:
        return None
    if as_array or len(values) > 1:
        return list(values)
    emails = [part.strip() for part in values[0].split(",")]
    for email in emails:
        if not is_email(email):
            raise ApiError(400, f"Invalid email {email}")
    return emails
