"""Which members of a form's team a route sends the booker to: the route's attribute rules applied to
every team member's organization attributes (findTeamMembersMatchingAttributeLogic).

Read from packages/features/routing-forms/lib/findTeamMembersMatchingAttributeLogic.ts,
packages/app-store/_utils/raqb/raqbUtils.ts, packages/app-store/routing-forms/lib/resolveQueryValue.ts
and the attribute assignment data of packages/features/attributes/lib/getAttributes.ts:

- Only a team form of a team inside an organization routes to members; any other form routes to
  no one in particular (``None``).
- The members are the team's members who also belong to the organization, each with their options:
  the option's value in lower case (a group option stands for the values it contains), a list for a
  MULTI_SELECT attribute. Members without an option for an attribute simply lack it.
- Before the rules run, option ids in their values become the options' values in lower case, and a
  ``{field:<id>}`` value becomes the answer to that form field (option labels for select fields).
- A route without attribute rules, or whose rules give no logic, matches everyone (``None``). When
  the main rules match nobody, the fallback rules decide the same way (a route
  without fallback rules: everyone).
"""

from __future__ import annotations

from typing import Any

from emulator.domain.routing_forms_logic import KIND_OF_ATTRIBUTE, evaluate, js_string
from emulator.world.models import Membership
from emulator.world.records_attributes import Attribute, AttributeOption
from emulator.world.records_routing_forms import RoutingForm
from emulator.world.store import World


def _lower(value: Any) -> Any:
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, list):
        return [_lower(v) for v in value]
    return value


def _members(world: World, team_id: int, org_id: int) -> list[tuple[int, int]]:
    """(user id, organization membership id) of the team's members who are in the organization."""
    org_members = {m.user_id: m.id for m in world.all("memberships") if m.team_id == org_id}
    team: list[Membership] = world.where("memberships", lambda m: m.team_id == team_id)
    return [(m.user_id, org_members[m.user_id]) for m in team if m.user_id in org_members]


def _member_data(
    world: World, attributes: dict[str, Attribute], options: dict[str, AttributeOption], member_ids: set[int]
) -> dict[int, dict[str, Any]]:
    """Organization membership id -> attribute id -> the member's value(s), lower-cased."""
    data: dict[int, dict[str, Any]] = {}
    for row in world.all("attribute_to_user"):
        option = options.get(row.attribute_option_id)
        if row.member_id not in member_ids or option is None:
            continue
        attribute = attributes[option.attribute_id]
        values = [options[i].value for i in option.contains if i in options] if option.is_group else [option.value]
        held = data.setdefault(row.member_id, {})
        previous = held.get(attribute.id)
        if previous is None:
            held[attribute.id] = values if option.is_group or attribute.type == "MULTI_SELECT" else values[0]
        else:
            held[attribute.id] = [*(previous if isinstance(previous, list) else [previous]), *values]
    return {member: {k: _lower(v) for k, v in held.items()} for member, held in data.items()}


def _field_answer(template: str, fields: dict[str, dict[str, Any]], response: dict[str, Any]) -> Any:
    """The answer a ``{field:<id>}`` value stands for, in lower case; the template itself if unanswered."""
    field = fields.get(template.strip()[7:-1])
    answer = response.get(field["id"], {}).get("value") if field is not None else None
    if field is None or answer in (None, "", []) or answer == 0:
        return template
    labels = {o.get("id"): o.get("label") for o in field.get("options") or [] if isinstance(o, dict)}
    if isinstance(answer, list):
        return [_lower(js_string(labels.get(a, a))) for a in answer]
    return _lower(js_string(labels.get(answer, answer)))


def _resolve(value: Any, labels: dict[str, str], fields: dict[str, dict[str, Any]], response: dict[str, Any]) -> Any:
    """resolveQueryValue: option ids to their values, field templates to the answers (a list answer is
    spread into the list that holds the template)."""
    if isinstance(value, dict):
        return {k: _resolve(v, labels, fields, response) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            resolved = _resolve(item, labels, fields, response)
            if isinstance(item, str) and isinstance(resolved, list):
                out.extend(resolved)
            else:
                out.append(resolved)
        return out
    if isinstance(value, str):
        text = value
        for option_id, label in labels.items():
            if option_id in text:
                text = text.replace(option_id, label)
        stripped = text.strip()
        if stripped.startswith("{field:") and stripped.endswith("}"):
            return _field_answer(stripped, fields, response)
        return text
    return value


def _run(
    tree: Any,
    attributes: dict[str, Attribute],
    labels: dict[str, str],
    members: list[tuple[int, int]],
    data: dict[int, dict[str, Any]],
    form: RoutingForm,
    response: dict[str, Any],
) -> list[int] | None:
    if not isinstance(tree, dict) or not tree.get("children1"):
        return None  # no rules at all: everyone
    fields = {f["id"]: f for f in form.fields or [] if isinstance(f, dict) and isinstance(f.get("id"), str)}
    resolved = _resolve(tree, labels, fields, response)
    kinds = {a.id: KIND_OF_ATTRIBUTE[a.type] for a in attributes.values()}
    if evaluate(resolved, kinds, {}, attributes=True) is None:
        return None  # the rules hold no logic: everyone
    return [
        user_id for user_id, member_id in members if evaluate(resolved, kinds, data.get(member_id, {}), attributes=True)
    ]


def matching_members(
    world: World, form: RoutingForm, route: dict[str, Any], response: dict[str, Any]
) -> list[int] | None:
    """User ids of the team members the route picks, in team order; None for everyone (or no team)."""
    team = world.find("teams", form.team_id) if form.team_id is not None else None
    if team is None or team.parent_id is None:
        return None
    attributes = {a.id: a for a in world.all("attributes") if a.team_id == team.parent_id}
    options = {o.id: o for o in world.all("attribute_options") if o.attribute_id in attributes}
    labels = {o.id: o.value.lower() for o in options.values()}
    members = _members(world, team.id, team.parent_id)
    data = _member_data(world, attributes, options, {member_id for _, member_id in members})
    main = _run(route.get("attributesQueryValue"), attributes, labels, members, data, form, response)
    if main is None or main:
        return main
    return _run(route.get("fallbackAttributesQueryValue"), attributes, labels, members, data, form, response)
