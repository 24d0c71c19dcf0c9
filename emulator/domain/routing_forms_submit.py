"""Answering a routing form: the answers read, the route chosen, the response recorded and the
route's action, as getRoutedUrl and handleResponse do them.

Read from packages/app-store/routing-forms/pages/routing-link/getRoutedUrl.ts,
packages/features/routing-forms/lib/handleResponse.ts, lib/getResponseToStore.ts,
lib/transformResponse.ts (getFieldResponseForJsonLogic), lib/processRoute.tsx, lib/substituteVariables.ts
and getUrlSearchParamsToForward.ts:

- The answers arrive keyed by each field's identifier (``name``, else ``identifier``, else its
  label); every value was turned into text on the way (the API reads the JSON body through
  URLSearchParams). A number field's answer becomes a number; a select's, the option id (or the label
  for forms whose options have no ids); a multi-select's, the list of them, split at commas.
- Routes are tried in order, the fallback route last; a route whose rules give no logic matches.
- Then the checks, each a 400 with the server's words: rules naming fields the form lacks, required
  fields left empty (an answer of 0 counts as empty, as in JavaScript), e-mail fields that are not
  e-mail addresses.
- The chosen route of a team form inside an organization picks team members by their attributes
  (routing_forms_attributes.py).
- The response is recorded (a dry run records nothing; a queued one is held apart); then the action:
  a custom message, an external address (with the answers in its query), or an event type, named by
  the last segment of the route's target after ``{identifier}`` variables are filled in.
"""

from __future__ import annotations

import math
import re
import urllib.parse
from dataclasses import dataclass, replace
from typing import Any

from emulator.domain.errors import DomainError
from emulator.domain.routing_forms_attributes import matching_members
from emulator.domain.routing_forms_logic import KIND_OF_FIELD, evaluate, field_ids, js_number, js_string
from emulator.world import ids
from emulator.world.records_routing_forms import QueuedFormResponse, RoutingForm, RoutingFormResponse
from emulator.world.store import World

FORM_NOT_FOUND = "Routing form not found."
MISSING_FIELDS_IN_ROUTER = (
    "Router is configured with fields that are not present in the form. Please check the form configuration."
)
# zod's e-mail pattern (emailSchema is z.string().email()).
_EMAIL = re.compile(r"^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$", re.IGNORECASE)
_ENCODE_SAFE = "-_.!~*'()"  # encodeURIComponent leaves these as they are


@dataclass(frozen=True)
class Routed:
    """Where a response was sent."""

    route_id: str
    action: str  # eventTypeRedirectUrl | customPageMessage | externalRedirectUrl
    message: str | None = None  # customPageMessage
    external_url: str | None = None  # externalRedirectUrl: the address with the answers in its query
    event_type_slug: str | None = None  # eventTypeRedirectUrl
    team_id: int | None = None  # the form's team, where the event type is looked up
    member_ids: list[int] | None = None  # None: no attribute routing (every host)
    response_id: int | None = None
    queued_id: str | None = None
    skip_contact_owner: bool = False


def answers_of(body: Any) -> dict[str, str]:
    """The body as ``Object.fromEntries(new URLSearchParams(body))`` leaves it: every value as text."""
    if not isinstance(body, dict):
        return {}
    return {str(name): js_string(value) for name, value in body.items()}


def identifier(field: dict[str, Any]) -> str:
    """getFieldIdentifier: the field's name, else its identifier, else its label."""
    for name in ("name", "identifier", "label"):
        value = field.get(name)
        if isinstance(value, str) and value:
            return value
    return str(field.get("id", ""))


def _options(field: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in field.get("options") or [] if isinstance(o, dict)]


def _option_value(field: dict[str, Any], id_or_label: str) -> str:
    """transformSelectValue: an option id or label to what rules compare (the id; the label when the
    form's options have no ids, as older forms stored them)."""
    text = id_or_label.strip()
    options = _options(field)
    if not options:
        return text
    legacy = all(not o.get("id") for o in options)
    by_id = next((o for o in options if o.get("id") == text), None)
    if by_id is not None:
        return str(by_id.get("label")) if legacy else str(by_id["id"])
    by_label = next((o for o in options if o.get("label") == text), None)
    if by_label is not None and not legacy:
        return str(by_label["id"])
    return text


def field_value(field: dict[str, Any], text: str) -> Any:
    """getFieldResponseForJsonLogic: an answer as the rules see it and the response stores it."""
    if not text:
        return ""
    kind = field.get("type")
    if kind == "number":
        number = js_number(text)
        if not math.isfinite(number):
            return None  # NaN and Infinity are stored as JSON null
        return int(number) if number.is_integer() else number
    if kind in ("multiselect", "checkbox"):
        return [_option_value(field, part) for part in text.split(",")]
    if kind in ("select", "radio"):
        return _option_value(field, text)
    return text


def _fields(form: RoutingForm) -> list[dict[str, Any]]:
    return [f for f in form.fields or [] if isinstance(f, dict) and isinstance(f.get("id"), str)]


def _routes(form: RoutingForm) -> list[dict[str, Any]]:
    return [r for r in form.routes or [] if isinstance(r, dict)]


def choose_route(form: RoutingForm, response: dict[str, Any]) -> dict[str, Any] | None:
    """findMatchingRoute: the first route whose rules the answers satisfy, the fallback last."""
    kinds = {f["id"]: KIND_OF_FIELD[f["type"]] for f in _fields(form) if f.get("type") in KIND_OF_FIELD}
    data = {field_id: entry.get("value") for field_id, entry in response.items()}
    routes = _routes(form)
    ordered = [r for r in routes if not r.get("isFallback")] + [r for r in routes if r.get("isFallback")][:1]
    for route in ordered:
        if evaluate(route.get("queryValue"), kinds, data) is not False:
            return route
    return None


def _check(form: RoutingForm, response: dict[str, Any]) -> None:
    fields = _fields(form)
    known = {f["id"] for f in fields}
    if any(field_ids(r.get("queryValue")) - known for r in _routes(form) if r.get("queryValue")):
        raise DomainError(400, MISSING_FIELDS_IN_ROUTER)
    missing = [str(f.get("label")) for f in fields if f.get("required") and not _filled(response[f["id"]]["value"])]
    if missing:
        raise DomainError(400, f"Missing required fields {', '.join(missing)}")
    invalid = [
        f"'{f.get('label')}' with value '{js_string(response[f['id']]['value'])}' should be valid {f.get('type')}"
        for f in fields
        if f.get("type") == "email"
        and _filled(response[f["id"]]["value"])
        and not _EMAIL.match(js_string(response[f["id"]]["value"]))
    ]
    if invalid:
        raise DomainError(400, f"Invalid value for fields {', '.join(invalid)}")


def _filled(value: Any) -> bool:
    """JavaScript truthiness of a stored answer (an empty list is an object, so it counts)."""
    return isinstance(value, list) or bool(value)


def _human(field: dict[str, Any], value: Any) -> str:
    """getHumanReadableFieldResponseValue: option ids as their labels, lists joined with commas."""
    labels = {o.get("id"): o.get("label") for o in _options(field) if o.get("id")}
    if isinstance(value, list):
        return ",".join(js_string(labels.get(v, v)) for v in value)
    return js_string(labels.get(value, value) if isinstance(value, str) else value)


def target_slug(target: str, form: RoutingForm, response: dict[str, Any]) -> str:
    """The event type slug a route's target names: ``{identifier}`` variables filled in with the
    answers (URI-encoded), then the last segment of its path."""
    filled = target
    fields = {f["id"]: f for f in _fields(form)}
    for variable in re.findall(r"\{([^}]+)\}", target):
        for field_id, entry in response.items():
            field = fields.get(field_id)
            if field is not None and identifier(field).lower() == variable.lower():
                value = urllib.parse.quote(_human(field, entry.get("value")), safe=_ENCODE_SAFE)
                filled = filled.replace("{" + variable + "}", value, 1)
    path = re.split(r"[?#]", filled, maxsplit=1)[0]
    return path.split("/")[-1]


def _external(value: str, body: dict[str, str], form_id: str, queued: bool) -> str:
    query = {**body, "form": form_id, **({"cal.queueFormResponse": "true"} if queued else {})}
    encoded = "&".join(
        f"{urllib.parse.quote(k, safe=_ENCODE_SAFE)}={urllib.parse.quote(v, safe=_ENCODE_SAFE)}"
        for k, v in query.items()
    )
    return f"{value}?{encoded}&cal.action=externalRedirectUrl"


def _record(
    world: World, form: RoutingForm, response: dict[str, Any], route_id: str, action: str, queue: bool
) -> Routed:
    now = world.clock.now()
    if queue:
        queued = QueuedFormResponse(
            id=ids.uuid4(world.rng), form_id=form.id, response=response, chosen_route_id=route_id, created_at=now
        )
        world.insert("queued_form_responses", queued)
        return Routed(route_id, action, queued_id=queued.id)
    row = RoutingFormResponse(
        id=world.next_id("routing_form_responses"),
        form_id=form.id,
        form_filler_id=ids.cuid(world.rng),
        response=response,
        chosen_route_id=route_id,
        created_at=now,
        updated_at=now,
    )
    world.insert("routing_form_responses", row)
    return Routed(route_id, action, response_id=row.id)


def submit(world: World, form_id: str, body: dict[str, str], *, queue: bool = False, dry_run: bool = False) -> Routed:
    """Route the answers through the form and record them. Refusals are the create operations'
    DomainErrors: 404 ``Routing form not found.``, 400 with handleResponse's message."""
    form: RoutingForm | None = world.find("routing_forms", form_id)
    if form is None:
        raise DomainError(404, FORM_NOT_FOUND)
    queue = queue or body.get("cal.queueFormResponse") == "true"
    answers = {k: v for k, v in body.items() if k not in ("form", "cal.isBookingDryRun", "cal.queueFormResponse")}
    response = {
        f["id"]: {"label": f.get("label"), "value": field_value(f, answers.get(identifier(f), ""))}
        for f in _fields(form)
    }
    route = choose_route(form, response)
    if route is None:  # a fixture always has a fallback route without rules
        raise DomainError(404, "No matching route could be found")
    _check(form, response)
    route_id = str(route.get("id"))
    members = matching_members(world, form, route, response)
    raw = route.get("action")
    action: dict[str, Any] = raw if isinstance(raw, dict) else {}
    kind, value = str(action.get("type")), js_string(action.get("value", ""))
    recorded = Routed(route_id, kind) if dry_run else _record(world, form, response, route_id, kind, queue)
    if kind == "eventTypeRedirectUrl":
        config = route.get("attributeRoutingConfig")
        return replace(
            recorded,
            event_type_slug=target_slug(value, form, response),
            team_id=form.team_id,
            member_ids=members,
            skip_contact_owner=isinstance(config, dict) and bool(config.get("skipContactOwner")),
        )
    if kind == "externalRedirectUrl":
        return replace(recorded, external_url=_external(value, body, form.id, queue))
    return replace(recorded, message=value)
