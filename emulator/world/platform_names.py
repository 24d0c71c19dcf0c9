"""How Cal.com names a platform managed user: the OAuth client's id in the e-mail's local part, and a
username slugged from that e-mail (apps/api/v2/src/modules/oauth-clients/services/oauth-clients-users.service.ts).

Both the fixture loader and the managed-users API use these, so a user declared in a fixture looks
exactly like one the API creates.
"""

from __future__ import annotations

import re


def client_email(client_id: str, email: str) -> str:
    """The stored e-mail: ``local+<clientId>@domain`` (unchanged when it already carries the id)."""
    if f"+{client_id}@" in email:
        return email
    local, _, domain = email.partition("@")
    return f"{local}+{client_id}@{domain}"


def managed_username(email: str) -> str:
    """The generated username, ``<local>-<clientId>-<domain>-<tld>`` for a stored e-mail."""
    local, _, domain = email.partition("@")
    name, _, tld = domain.partition(".")
    return re.sub(r"[^a-z0-9]+", "-", f"{local}-{name}-{tld}".lower()).strip("-")
