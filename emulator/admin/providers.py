"""The simulated calendar providers under /_emulator/providers (docs/calendars.md):

- GET  /_emulator/providers/consent: the consent screen the calendar and conferencing connect
  operations' authorization URLs name; it redirects (302) to ``redirect_uri`` with a ``code`` for
  the account (``email``, default: the connecting user's e-mail) and the ``state`` unchanged, or
  without a code when ``deny=true``.
- GET  /_emulator/providers: every credential with its calendars, and the providers made to fail.
- POST /_emulator/providers/events: add an event (busy time) to a calendar; DELETE .../events/{id}.
- POST /_emulator/providers/credentials/{id}/revoke: the provider refuses the credential's token.
- POST /_emulator/providers/{provider}/fail {"mode": "error"|"timeout", "delayMs": n}; DELETE clears it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from emulator.admin.bounds import MAX_LATENCY_MS, BoundError, instant, number, text
from emulator.admin.common import admin_error, bound_error, json_body, runtime_of
from emulator.domain import calendar_connect, calendar_events, calendars, conferencing
from emulator.domain.errors import DomainError
from emulator.world import dump
from emulator.world.records_calendars import ProviderCalendar, ProviderState

PREFIX = "/_emulator/providers"


async def consent(request: Request) -> Response:
    query = request.query_params
    kind, redirect_uri = query.get("provider", ""), query.get("redirect_uri", "")
    try:
        for key in ("redirect_uri", "state", "email"):
            text(key, query.get(key, ""))
    except BoundError as exc:
        return bound_error(exc)
    calendar_oauth = kind in calendars.PROVIDERS and calendars.PROVIDERS[kind].oauth
    # Zoom, Teams and Stripe (docs/payments.md) consent here too
    if not calendar_oauth and kind not in conferencing.OAUTH_APPS and kind != "stripe":
        return admin_error(400, "provider must be google, office365, zoom, office365-video or stripe")
    if not redirect_uri:
        return admin_error(400, "redirect_uri is required")
    back: dict[str, str] = {"state": query.get("state", "")}
    if query.get("deny") == "true":
        back["error"] = "access_denied"  # as Google answers a declined consent: no code
    else:
        back["code"] = calendar_connect.consent_code(kind, query.get("email") or None)
    joiner = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{joiner}{urlencode(back)}", status_code=302)


async def list_providers(request: Request) -> JSONResponse:
    world = runtime_of(request).world
    out: list[dict[str, Any]] = []
    for credential in sorted(world.tables["credentials"].values(), key=lambda c: c.id):
        row = dump.plain(credential)
        row["calendars"] = [dump.plain(c) for c in calendars.calendars_of(world, credential.id)]
        out.append(row)
    states = [dump.plain(s) for s in world.tables["provider_states"].values()]
    return JSONResponse({"credentials": out, "failing": states})


def _calendar(world: Any, body: dict[str, Any]) -> ProviderCalendar | None:
    credential_id, external_id = body.get("credentialId"), body.get("externalId")
    found = [
        c
        for c in world.tables["provider_calendars"].values()
        if c.credential_id == credential_id and (external_id is None or c.external_id == external_id)
    ]
    found.sort(key=lambda c: (not c.primary, c.id))
    return found[0] if found else None


async def add_event(request: Request) -> JSONResponse:
    """Body: {credentialId, externalId (default: the primary calendar), start, end, title?,
    description?, weekly?, until?}."""
    body = await json_body(request)
    if isinstance(body, JSONResponse):
        return body
    world = runtime_of(request).world
    calendar = _calendar(world, body)
    if calendar is None:
        return admin_error(404, "no calendar with that credentialId (and externalId)")
    if "start" not in body or "end" not in body:
        return admin_error(400, "start and end are required ISO instants")
    try:
        start, end = instant("start", body["start"]), instant("end", body["end"])
        until = instant("until", body["until"]) if body.get("until") else None
        extra = {k: text(k, body[k]) for k in ("title", "description") if body.get(k) is not None}
    except BoundError as exc:
        return bound_error(exc)
    if end <= start:
        return admin_error(400, "end must be after start")
    event = calendar_events.new_event(
        world, calendar, start, end, weekly=bool(body.get("weekly")), until=until, **extra
    )
    return JSONResponse(dump.plain(event), status_code=201)


async def delete_event(request: Request) -> JSONResponse:
    world = runtime_of(request).world
    event_id = request.path_params["event_id"]
    if world.find("external_events", event_id) is None:
        return admin_error(404, f"no event with id {event_id!r}")
    return JSONResponse(dump.plain(world.delete("external_events", event_id)))


async def revoke(request: Request) -> JSONResponse:
    try:
        credential_id = int(request.path_params["credential_id"])
        credential = calendar_connect.revoke(runtime_of(request).world, credential_id)
    except ValueError:
        return admin_error(400, "the credential id is a number")
    except DomainError as exc:
        return admin_error(exc.status, exc.message)
    return JSONResponse(dump.plain(credential))


async def fail(request: Request) -> JSONResponse:
    kind = request.path_params["provider"]
    if kind not in calendars.PROVIDERS:
        return admin_error(404, f"unknown provider {kind!r}; one of {', '.join(calendars.PROVIDERS)}")
    world = runtime_of(request).world
    if request.method == "DELETE":
        if world.find("provider_states", kind) is not None:
            world.delete("provider_states", kind)
        return JSONResponse({"provider": kind, "failing": False})
    body = await json_body(request)
    if isinstance(body, JSONResponse):
        return body
    mode, delay = body.get("mode", "error"), body.get("delayMs", 0)
    if mode not in ("error", "timeout"):
        return admin_error(400, "mode is error or timeout", field="mode", bound="error or timeout")
    try:
        number("delayMs", delay, 0, MAX_LATENCY_MS)
    except BoundError as exc:
        return bound_error(exc)
    if not isinstance(delay, int):
        return admin_error(400, "delayMs is a whole number of milliseconds", field="delayMs", bound="a whole number")
    if world.find("provider_states", kind) is not None:
        world.delete("provider_states", kind)
    world.insert("provider_states", ProviderState(kind, mode, delay))
    return JSONResponse({"provider": kind, "failing": True, "mode": mode, "delayMs": delay})


routes = [
    Route(f"{PREFIX}/consent", consent, methods=["GET"]),
    Route(PREFIX, list_providers, methods=["GET"]),
    Route(f"{PREFIX}/events", add_event, methods=["POST"]),
    Route(f"{PREFIX}/events/{{event_id}}", delete_event, methods=["DELETE"]),
    Route(f"{PREFIX}/credentials/{{credential_id}}/revoke", revoke, methods=["POST"]),
    Route(f"{PREFIX}/{{provider}}/fail", fail, methods=["POST", "DELETE"]),
]
