"""Connecting Stripe for payments: the OAuth round trip through the emulator's consent screen, and
the connection check, for a user or an organization's team.

Read from apps/api/v2/src/modules/stripe (stripe.controller.ts, stripe.service.ts) and
modules/organizations/stripe (the team controller and service):

- ``connect`` answers an authorization URL whose ``state`` is JSON ``{onErrorReturnTo, fromApp,
  returnTo, accessToken}`` (with ``teamId`` and ``orgId`` for a team); ``returnTo`` and
  ``onErrorReturnTo`` default to the request's Origin.
- ``save`` always redirects: to ``onErrorReturnTo`` when the user declined (``error=access_denied``),
  or when anything fails (an unknown token, a provider error, no code), since the controller catches
  every error; else the previous ``stripe_payment`` credential of the user (or team) is replaced by a
  new one and the answer goes to ``returnTo``.
- ``check``: ``404 Credentials for stripe not found.``, ``400 Invalid stripe credentials.``, else
  success (the simulated Stripe account is always active, charges and payouts enabled).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from emulator.domain.calendar_connect import read_code, token_owner
from emulator.domain.errors import DomainError
from emulator.domain.teams import role_of
from emulator.world.records_calendars import Credential
from emulator.world.store import World

JSON = dict[str, Any]
TYPE, APP = "stripe_payment", "stripe"
ADMIN_ROLES = ("ADMIN", "OWNER")


@dataclass(frozen=True)
class StripeState:
    access_token: str
    return_to: str
    on_error_return_to: str
    team_id: int | None = None
    org_id: int | None = None


def authorization_url(consent_url: str, save_url: str, state: StripeState, email: str, name: str | None) -> str:
    payload: JSON = {
        "onErrorReturnTo": state.on_error_return_to,
        "fromApp": False,
        "returnTo": state.return_to,
        "accessToken": state.access_token,
    }
    if state.team_id is not None:
        payload.update(teamId=str(state.team_id), orgId=str(state.org_id))
    query = {
        "provider": APP,
        "client_id": "ca_calcom_emulator",
        "scope": "read_write",
        "response_type": "code",
        "stripe_user[email]": email,
        **({"stripe_user[first_name]": name} if name else {}),
        "redirect_uri": save_url,
        "state": json.dumps(payload, separators=(",", ":")),
    }
    return f"{consent_url}?{urlencode(query)}"


def parse_state(text: str) -> StripeState:
    """The callback state; without one the controller answers 400 before anything else."""
    if not text:
        raise DomainError(400, "Missing `state` query param")
    try:
        found = json.loads(text)
    except ValueError:
        found = None
    if not isinstance(found, dict):  # JSON.parse throws outside the controller's try; no input may reach a 500 here
        raise DomainError(400, "Invalid `state` query param")

    def number(name: str) -> int | None:
        value = found.get(name)
        return int(value) if isinstance(value, str | int) and str(value).isdigit() else None

    return StripeState(
        str(found.get("accessToken") or ""),
        str(found.get("returnTo") or ""),
        str(found.get("onErrorReturnTo") or ""),
        number("teamId"),
        number("orgId"),
    )


def credential_of(world: World, *, user_id: int | None = None, team_id: int | None = None) -> Credential | None:
    found = world.where(
        "credentials",
        lambda c: c.type == TYPE and (c.team_id == team_id if team_id is not None else c.user_id == user_id),
    )
    return min(found, key=lambda c: c.id) if found else None


def _store(world: World, account: str, *, user_id: int | None, team_id: int | None) -> Credential:
    """Replace the owner's Stripe credential with the account the consent screen chose."""
    for old in world.where(
        "credentials",
        lambda c: c.type == TYPE and (c.team_id == team_id if team_id is not None else c.user_id == user_id),
    ):
        world.delete("credentials", old.id)
    stripe_user_id = f"acct_{world.next_id('stripe_accounts'):016d}"
    credential = Credential(
        world.next_id("credentials"),
        TYPE,
        APP,
        None if team_id is not None else user_id,
        account,
        team_id=team_id,
        settings={"stripe_user_id": stripe_user_id, "default_currency": "usd", "scope": "read_write"},
    )
    world.insert("credentials", credential)
    return credential


def _team_admin(world: World, user_id: int, team_id: int, org_id: int) -> bool:
    """RolesGuard's TEAM_ADMIN: an admin or owner of the team, or of its organization."""
    return role_of(world, team_id, user_id) in ADMIN_ROLES or role_of(world, org_id, user_id) in ADMIN_ROLES


def save(world: World, state: StripeState, code: str | None, error: str | None) -> str:
    """The consent screen came back: where to redirect, the credential stored on success."""
    if error == "access_denied" or error or not code:
        return state.on_error_return_to
    user = token_owner(world, state.access_token)
    if user is None:
        return state.on_error_return_to
    account = str(read_code(code).get("email") or user.email)
    if state.team_id is not None:
        # the user-level save forwards to the team route, whose guards need a team admin of the org
        team = world.find("teams", state.team_id)
        if team is None or team.parent_id != state.org_id or not _team_admin(world, user.id, team.id, team.parent_id):
            return state.on_error_return_to
        _store(world, account, user_id=user.id, team_id=team.id)
    else:
        _store(world, account, user_id=user.id, team_id=None)
    return state.return_to


def check(credential: Credential | None) -> None:
    if credential is None:
        raise DomainError(404, "Credentials for stripe not found.")
    if credential.invalid:
        raise DomainError(400, "Invalid stripe credentials.")
