"""/v2/calendars (CalendarsController, apps/api/v2/src/ee/calendars/controllers/calendars.controller.ts):
the connected calendars, busy times, the OAuth connect and save round trip, Apple credentials, ICS
feeds, the connection check and disconnecting. The rules are in domain/calendars.py,
calendar_busy.py and calendar_connect.py; the consent screen the authorization URL names is the
admin route /_emulator/providers/consent (admin/providers.py).
"""

from __future__ import annotations

import re
from typing import Any

from emulator.api import params, problems
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import calendar_busy, calendar_connect, calendars
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.clock import iso_ms
from emulator.world.records_calendars import Credential

CONSENT_PATH = "/_emulator/providers/consent"
# Express's qs reads calendarsToLoad[0][credentialId]=1&calendarsToLoad[0][externalId]=x as an array.
_TO_LOAD = re.compile(r"calendarsToLoad\[(\d+)\]\[(credentialId|externalId)\]")
_INVALID_TYPE = "Invalid calendar type, available calendars are: "


def ok(status: int, data: Any) -> Reply:
    return Reply(status, {"status": "success", "data": data})


def credential_output(credential: Credential) -> dict[str, Any]:
    """The credential row as create and delete answer it."""
    return {
        "id": credential.id,
        "type": credential.type,
        "userId": credential.user_id,
        "teamId": credential.team_id,
        "appId": credential.app_id,
        "invalid": credential.invalid,
    }


def provider_delay(ctx: RequestContext, kind: str) -> None:
    """A provider told to time out answers late (its error comes from the domain)."""
    state = calendars.failing(ctx.runtime.world, kind)
    if state is not None and state.mode == "timeout":
        ctx.delay_s = max(ctx.delay_s, state.delay_ms / 1000)


@handles("CalendarsController_getCalendars")
def get_calendars(ctx: RequestContext) -> Reply:
    return ok(200, calendars.connected_calendars(ctx.runtime.world, acting_user(ctx)))


def calendars_to_load(ctx: RequestContext) -> list[tuple[int, str]]:
    """The deep-object ``calendarsToLoad`` query, each item needing a number and a string (class-validator)."""
    items: dict[int, dict[str, str]] = {}
    for name, value in ctx.query:
        found = _TO_LOAD.fullmatch(name)
        if found:
            items.setdefault(int(found[1]), {})[found[2]] = value
    if not items:
        raise problems.invalid(
            "query.calendarsToLoad",
            "calendarsToLoad must be an array",
            "an array",
            None,
            text="calendarsToLoad must be an array",
        )
    out: list[tuple[int, str]] = []
    for index in sorted(items):
        item = items[index]
        raw_id = item.get("credentialId", "")
        if not re.fullmatch(r"-?\d+", raw_id):
            raise problems.invalid(
                f"query.calendarsToLoad.{index}.credentialId",
                "credentialId must be a number conforming to the specified constraints",
                "a number",
                raw_id or None,
                text=f"calendarsToLoad.{index}.credentialId must be a number conforming to the specified constraints",
            )
        if "externalId" not in item:
            raise problems.invalid(
                f"query.calendarsToLoad.{index}.externalId",
                "externalId must be a string",
                "a string",
                None,
                text=f"calendarsToLoad.{index}.externalId must be a string",
            )
        out.append((int(raw_id), item["externalId"]))
    return out


@handles("CalendarsController_getBusyTimes")
def get_busy_times(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    to_load = calendars_to_load(ctx)
    date_from, date_to = params.query(ctx, "dateFrom"), params.query(ctx, "dateTo")
    if not date_from or not date_to:
        return ok(200, [])
    world = ctx.runtime.world
    for kind in {calendars.provider_of(c).kind for c in calendars.user_credentials(world, user.id)}:
        provider_delay(ctx, kind)
    found = calendar_busy.busy_times(world, user, to_load, str(date_from), str(date_to))
    return ok(200, [{"start": iso_ms(start), "end": iso_ms(end)} for start, end in found])


def _origin(ctx: RequestContext) -> str:
    return ctx.headers.get("origin") or ctx.headers.get("host") or ""


@handles("CalendarsController_redirect")
def connect(ctx: RequestContext) -> Reply:
    acting_user(ctx)
    kind = ctx.path_params["calendar"]
    if kind not in ("google", "office365"):
        raise ApiError(400, _INVALID_TYPE)
    base = f"http://{ctx.headers.get('host', '127.0.0.1')}"
    token = ctx.headers.get("authorization", "").replace("Bearer ", "", 1)
    redir = params.query(ctx, "redir")
    state = calendar_connect.State(token, _origin(ctx), str(redir) if redir else None, params.flag(ctx, "isDryRun"))
    url = calendar_connect.authorization_url(base + CONSENT_PATH, f"{base}/v2/calendars/{kind}/save", kind, state)
    return ok(200, {"authUrl": url})


@handles("CalendarsController_save")
def save(ctx: RequestContext) -> Reply:
    kind = ctx.path_params["calendar"]
    if kind not in ("google", "office365"):
        raise ApiError(400, _INVALID_TYPE)
    provider_delay(ctx, kind)
    state = calendar_connect.parse_state(str(params.query(ctx, "state") or ""))
    code = params.query(ctx, "code")
    url = calendar_connect.save_oauth(ctx.runtime.world, kind, str(code) if code is not None else None, state)
    return Reply(301, None, {"Location": url})


@handles("CalendarsController_syncCredentials")
def save_apple(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    if ctx.path_params["calendar"] != "apple":
        raise ApiError(400, _INVALID_TYPE)
    provider_delay(ctx, "apple")
    body = ctx.body or {}
    calendar_connect.save_apple(ctx.runtime.world, user, str(body.get("username", "")), str(body.get("password", "")))
    return Reply(201, {"status": "success"})


@handles("CalendarsController_createIcsFeed")
def save_ics(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    provider_delay(ctx, "ics-feed")
    body = ctx.body or {}
    read_only = body.get("readOnly", True)
    credential = calendar_connect.save_ics(
        ctx.runtime.world, user, list(body.get("urls") or []), read_only is not False
    )
    return ok(201, credential_output(credential))


@handles("CalendarsController_checkIcsFeed")
def check_ics(ctx: RequestContext) -> Reply:
    provider_delay(ctx, "ics-feed")
    calendars.check(ctx.runtime.world, acting_user(ctx), "ics-feed")
    return Reply(200, {"status": "success"})


@handles("CalendarsController_check")
def check(ctx: RequestContext) -> Reply:
    kind = ctx.path_params["calendar"]
    if kind not in ("google", "office365", "apple"):
        raise ApiError(400, _INVALID_TYPE)
    provider_delay(ctx, kind)
    calendars.check(ctx.runtime.world, acting_user(ctx), kind)
    return Reply(200, {"status": "success"})


@handles("CalendarsController_deleteCalendarCredentials")
def disconnect(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    body = ctx.body or {}
    credential = calendar_connect.disconnect(ctx.runtime.world, user, int(body.get("id", 0)))
    return ok(200, credential_output(credential))
