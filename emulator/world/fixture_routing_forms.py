"""The ``routingForms`` section: routing forms with their fields, routes and past responses.

Keyed by a fixture key of the form's own; ``fields`` and ``routes`` are the JSON Cal.com stores in
App_RoutingForms_Form, with a few conveniences::

    routingForms:
      sales-router:
        team: acme-sales              # none: a personal form of the owner
        owner: alice                  # the form's user; a member of the team
        name: Sales router
        fields:
          - {id: product, type: select, label: Product, required: true,
             options: [{id: enterprise, label: Enterprise}, {id: starter, label: Starter}]}
        routes:
          - id: big-deals
            queryValue: {type: group, children1: {r1: {type: rule, properties:
              {field: product, operator: select_equals, value: [enterprise]}}}}
            action: {type: eventTypeRedirectUrl, eventType: acme-sales/discovery}
            attributesQueryValue: {type: group, children1: {r1: {type: rule, properties:
              {field: acme/region, operator: select_equals, value: [EMEA]}}}}
          - {id: fallback, isFallback: true, action: {type: customPageMessage, value: Thanks!}}
        responses:
          - {response: {product: enterprise}, createdAt: today-1d@10:00}

- A field's ``id`` defaults to its identifier (else its label); ids are unique in the form.
- ``eventType`` on an event-type action fills in the ``value`` (``team/<team slug>/<slug>``, or
  ``<username>/<slug>`` for a personal form) and ``eventTypeId``; the event type must be the form
  team's (a personal event type for a personal form), as the server looks it up there.
- In attribute rules, ``field`` may name an organization attribute by its fixture key and a value an
  option by its fixture key or its value; they are stored as the ids Cal.com stores.
- Exactly one route is the fallback (``isFallback: true``), and it has no rules: the server's routing
  needs one that always matches. A route's id defaults to a random UUID.
- A response maps field ids to their answers (an ``{label, value}`` mapping as Cal.com stores it, or
  the bare value); ``booking`` names the booking it led to (``routedToBookingUid``, one each).
"""

from __future__ import annotations

import copy
from typing import Any

from emulator.world import ids
from emulator.world.fixture_base import BuilderBase
from emulator.world.records_routing_forms import FIELD_TYPES, RoutingForm, RoutingFormResponse
from emulator.world.yaml_source import DocPath


def _has_rules(tree: Any) -> bool:
    children = tree.get("children1") if isinstance(tree, dict) else None
    items = children.values() if isinstance(children, dict) else children if isinstance(children, list) else []
    return any(isinstance(c, dict) and (c.get("type") == "rule" or _has_rules(c)) for c in items)


class RoutingFormsBuilder(BuilderBase):
    def routing_forms(self) -> None:
        booked: set[str] = {r.routed_to_booking_uid for r in self.world.all("routing_form_responses")} - {None}
        for key, spec, path in self.records("routingForms"):
            if self.claim_key("routing_forms", key, path):
                self.routing_form(key, spec, path, booked)

    def routing_form(self, key: str, spec: dict[str, Any], path: DocPath, booked: set[str]) -> None:
        owner_id = self.ref("users", spec.get("owner"), (*path, "owner"))
        team_id = self.ref("teams", spec["team"], (*path, "team")) if "team" in spec else None
        if owner_id is not None and team_id is not None and owner_id not in self.members_of(team_id):
            self.error((*path, "owner"), f"owner {spec.get('owner')!r} is not a member of team {spec.get('team')!r}")
        form_id = str(spec.get("id") or ids.uuid4(self.rng))
        if form_id in self.world.tables["routing_forms"]:
            self.error((*path, "id"), f"routing form id {form_id!r} is already used")
            return
        fields = self.form_fields(spec.get("fields"), (*path, "fields"))
        routes = self.form_routes(spec.get("routes"), (*path, "routes"), team_id, owner_id)
        created = self.time(spec, "createdAt", path) or self.now
        form = RoutingForm(
            id=form_id,
            name=str(spec.get("name", key)),
            user_id=owner_id or 0,
            team_id=team_id,
            description=spec.get("description"),
            position=int(spec.get("position", 0)),
            disabled=bool(spec.get("disabled", False)),
            fields=fields,
            routes=routes,
            settings=copy.deepcopy(spec["settings"]) if isinstance(spec.get("settings"), dict) else None,
            created_at=created,
            updated_at=self.time(spec, "updatedAt", path) or created,
            key=key,
        )
        self.world.insert("routing_forms", form)
        for index, item in enumerate(spec.get("responses") or []):
            if isinstance(item, dict):
                self.form_response(form, item, (*path, "responses", index), booked)

    def form_fields(self, raw: Any, path: DocPath) -> list[dict[str, Any]]:
        fields: list[dict[str, Any]] = []
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if not isinstance(item, dict) or item.get("type") not in FIELD_TYPES or not item.get("label"):
                continue  # the schema check reported it
            field = copy.deepcopy(item)
            field["id"] = str(item.get("id") or item.get("identifier") or item["label"])
            if any(f["id"] == field["id"] for f in fields):
                self.error((*path, index), f"field id {field['id']!r} is used twice in this form")
                continue
            if "options" in field:
                field["options"] = [{"label": o} if isinstance(o, str) else o for o in field["options"]]
            fields.append(field)
        return fields

    def form_routes(self, raw: Any, path: DocPath, team_id: int | None, owner_id: int | None) -> list[dict[str, Any]]:
        routes: list[dict[str, Any]] = []
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if not isinstance(item, dict) or not isinstance(item.get("action"), dict):
                continue  # the schema check reported it
            where = (*path, index)
            route = copy.deepcopy(item)
            route["id"] = str(item.get("id") or ids.uuid4(self.rng))
            route.setdefault("queryValue", {"id": route["id"], "type": "group"})
            route["action"] = self.route_action(route["action"], (*where, "action"), team_id, owner_id)
            for name in ("attributesQueryValue", "fallbackAttributesQueryValue"):
                if isinstance(route.get(name), dict):
                    self.attribute_rules(route[name], (*where, name))
            routes.append(route)
        fallbacks = [(i, r) for i, r in enumerate(routes) if r.get("isFallback") is True]
        if len(fallbacks) != 1:
            self.error(
                path, f"a routing form needs exactly one fallback route (isFallback: true), not {len(fallbacks)}"
            )
        for index, route in fallbacks:
            if _has_rules(route.get("queryValue")):
                self.error((*path, index, "queryValue"), "the fallback route may not have rules: it must always match")
        return routes

    def route_action(
        self, action: dict[str, Any], path: DocPath, team_id: int | None, owner_id: int | None
    ) -> dict[str, Any]:
        if action.get("type") != "eventTypeRedirectUrl" or "eventType" not in action:
            return action
        out = {k: v for k, v in action.items() if k != "eventType"}
        event_id = self.ref("event_types", action["eventType"], (*path, "eventType"))
        event_type = self.find("event_types", event_id)
        if event_type is None:
            return out
        if team_id is not None and event_type.team_id != team_id:
            self.error((*path, "eventType"), f"event type {action['eventType']!r} is not one of the form's team")
        elif team_id is None and (event_type.team_id is not None or event_type.owner_id != owner_id):
            self.error((*path, "eventType"), f"event type {action['eventType']!r} is not a personal one of the owner")
        team = self.find("teams", team_id)
        owner = self.find("users", event_type.owner_id)
        prefix = f"team/{team.slug}" if team is not None else owner.username if owner is not None else ""
        out.update(value=f"{prefix}/{event_type.slug}", eventTypeId=event_type.id)
        return out

    def attribute_rules(self, tree: dict[str, Any], path: DocPath) -> None:
        """Fixture keys (and option values) in attribute rules to the ids Cal.com stores, in place."""
        children = tree.get("children1")
        items = children.items() if isinstance(children, dict) else enumerate(children or [])
        for name, node in list(items):
            if not isinstance(node, dict):
                continue
            if node.get("type") != "rule":
                self.attribute_rules(node, (*path, "children1", name))
                continue
            props = node.get("properties")
            if not isinstance(props, dict) or not isinstance(props.get("field"), str):
                continue
            where = (*path, "children1", name, "properties")
            attribute = self.world.by_key("attributes", props["field"]) or self.find("attributes", props["field"])
            if attribute is None:
                self.error((*where, "field"), f"unknown attribute {props['field']!r}")
                continue
            props["field"] = attribute.id
            options = [o for o in self.world.all("attribute_options") if o.attribute_id == attribute.id]
            props["value"] = self.option_ids(props.get("value"), options)

    def option_ids(self, value: Any, options: list[Any]) -> Any:
        if isinstance(value, list):
            return [self.option_ids(v, options) for v in value]
        if not isinstance(value, str):
            return value
        by_key = self.world.by_key("attribute_options", value)
        if by_key is not None and by_key in options:
            return by_key.id
        named = next((o for o in options if o.value.lower() == value.lower()), None)
        return named.id if named is not None else value

    def form_response(self, form: RoutingForm, spec: dict[str, Any], path: DocPath, booked: set[str]) -> None:
        fields = {f["id"]: f for f in form.fields or []}
        answers: dict[str, Any] = {}
        for field_id, answer in (spec.get("response") or {}).items():
            field = fields.get(str(field_id))
            if field is None:
                self.error((*path, "response", field_id), f"the form has no field {field_id!r}")
                continue
            stored = copy.deepcopy(answer) if isinstance(answer, dict) else {"label": field["label"], "value": answer}
            answers[str(field_id)] = stored
        uid = None
        if "booking" in spec:
            booking = self.find("bookings", self.ref("bookings", spec["booking"], (*path, "booking")))
            uid = booking.uid if booking is not None else None
            if uid is not None and uid in booked:
                self.error((*path, "booking"), f"booking {spec['booking']!r} already has a routing form response")
                uid = None
            if uid is not None:
                booked.add(uid)
        created = self.time(spec, "createdAt", path) or self.now
        route = spec.get("chosenRoute")
        if route is not None and not any(r["id"] == route for r in form.routes or []):
            self.error((*path, "chosenRoute"), f"the form has no route {route!r}")
        row = RoutingFormResponse(
            id=self.world.next_id("routing_form_responses"),
            form_id=form.id,
            form_filler_id=str(spec.get("formFillerId") or ids.cuid(self.rng)),
            response=answers,
            chosen_route_id=route,
            routed_to_booking_uid=uid,
            created_at=created,
            updated_at=self.time(spec, "updatedAt", path) or created,
        )
        self.world.insert("routing_form_responses", row)
