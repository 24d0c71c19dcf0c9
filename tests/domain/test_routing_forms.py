"""The routing-form rules as plain functions: rule evaluation with JavaScript's comparisons, answers
turned into what rules see, route choice, attribute routing with its fallback, the list filters."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from emulator.domain import routing_forms as lists
from emulator.domain.errors import DomainError
from emulator.domain.routing_forms_attributes import matching_members
from emulator.domain.routing_forms_logic import evaluate, loose_equal
from emulator.domain.routing_forms_submit import answers_of, choose_route, field_value, target_slug
from emulator.world.clock import Clock
from emulator.world.fixtures import load_world, read_sources
from emulator.world.records_routing_forms import RoutingForm
from emulator.world.store import World

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "examples" / "routing-forms.yaml"
KINDS = {"name": "text", "n": "number", "pick": "select", "many": "multiselect"}


def rule(field: str, operator: str, *value: Any) -> dict[str, Any]:
    return {"type": "rule", "properties": {"field": field, "operator": operator, "value": list(value)}}


def group(*rules: dict[str, Any], conjunction: str = "AND", negate: bool = False) -> dict[str, Any]:
    children = {f"r{i}": r for i, r in enumerate(rules)}
    return {"type": "group", "properties": {"conjunction": conjunction, "not": negate}, "children1": children}


@pytest.mark.parametrize(
    ("tree", "data", "expected"),
    [
        (group(rule("name", "equal", "ADA")), {"name": "ada"}, True),  # the overrides lower-case
        (group(rule("name", "like", "Lov")), {"name": "Ada Lovelace"}, True),
        (group(rule("name", "not_like", "x")), {"name": "Ada"}, True),
        (group(rule("name", "is_empty")), {"name": ""}, True),
        (group(rule("name", "is_not_empty")), {}, False),
        (group(rule("n", "greater", 5)), {"n": 7}, True),
        (group(rule("n", "less", 5)), {"n": ""}, True),  # JavaScript: "" < 5 is 0 < 5
        (group(rule("n", "equal", 3)), {"n": "3"}, True),  # loose equality
        (group(rule("n", "between", "2", "4.9")), {"n": 4.5}, False),  # bounds through parseInt: 2..4
        (group(rule("pick", "select_any_in", ["a", "b"])), {"pick": "B"}, True),
        (group(rule("pick", "select_not_any_in", ["a"])), {}, True),  # no answer is in no list
        (group(rule("many", "multiselect_equals", ["a", "b"])), {"many": ["a"]}, True),  # "all in", not equal
        (group(rule("many", "multiselect_equals", ["a"])), {"many": []}, False),  # all of nothing is false
        (group(rule("name", "equal", "a"), rule("n", "equal", 1), conjunction="OR"), {"n": 1}, True),
        (group(rule("name", "equal", "a"), negate=True), {"name": "a"}, False),
    ],
)
def test_rules(tree: dict[str, Any], data: dict[str, Any], expected: bool) -> None:
    assert evaluate(tree, KINDS, data) is expected


def test_rules_the_query_builder_would_drop_leave_no_logic() -> None:
    assert evaluate({"type": "group"}, KINDS, {}) is None  # no rules: Cal.com counts it a match
    assert evaluate(group(rule("unknown", "equal", "x")), KINDS, {}) is None  # not a field of the form
    assert evaluate(group(rule("n", "like", "1")), KINDS, {}) is None  # an operator numbers do not take
    assert evaluate(group(rule("name", "equal")), KINDS, {}) is None  # no value yet
    assert evaluate(group(rule("many", "multiselect_some_in", ["a"])), KINDS, {"many": ["a"]}) is None
    some = group(rule("many", "multiselect_some_in", ["a"]))
    assert evaluate(some, KINDS, {"many": ["a", "z"]}, attributes=True) is True  # attributes take "any in"


def test_javascript_equality() -> None:
    assert loose_equal("1", 1) and loose_equal(None, None) and not loose_equal(None, 0)
    assert loose_equal(["a", "b"], "a,b") and not loose_equal("a", "b")


def test_answers_are_read_as_urlsearchparams_reads_them() -> None:
    assert answers_of({"a": ["x", "y"], "b": True, "c": None, "d": 2.0, "e": {"k": 1}}) == {
        "a": "x,y",
        "b": "true",
        "c": "null",
        "d": "2",
        "e": "[object Object]",
    }
    assert answers_of(["not", "an", "object"]) == {}


def test_field_values() -> None:
    pick = {"id": "p", "type": "select", "options": [{"id": "o1", "label": "One"}, {"id": "o2", "label": "Two"}]}
    legacy = {"id": "l", "type": "multiselect", "options": [{"label": "One"}, {"label": "Two"}]}
    assert field_value(pick, "Two") == "o2" and field_value(pick, " o1 ") == "o1" and field_value(pick, "x") == "x"
    assert field_value(legacy, "One,Two") == ["One", "Two"]  # options without ids compare labels
    assert field_value({"type": "number"}, "12") == 12 and field_value({"type": "number"}, "abc") is None
    assert field_value({"type": "text"}, "") == ""


def form(routes: list[dict[str, Any]], fields: list[dict[str, Any]] | None = None) -> RoutingForm:
    return RoutingForm(id="f", name="f", user_id=1, fields=fields or [{"id": "name", "type": "text"}], routes=routes)


def test_routes_are_tried_in_order_and_the_fallback_last() -> None:
    fallback = {"id": "fb", "isFallback": True, "queryValue": {"type": "group"}}
    first = {"id": "first", "queryValue": group(rule("name", "equal", "a"))}
    second = {"id": "second", "queryValue": group(rule("name", "like", "a"))}
    routes = [fallback, first, second]
    assert choose_route(form(routes), {"name": {"value": "a"}})["id"] == "first"  # type: ignore[index]
    assert choose_route(form(routes), {"name": {"value": "ba"}})["id"] == "second"  # type: ignore[index]
    assert choose_route(form(routes), {"name": {"value": "z"}})["id"] == "fb"  # type: ignore[index]


def test_target_variables_are_filled_with_readable_answers() -> None:
    fields = [{"id": "t", "type": "select", "identifier": "Team", "options": [{"id": "o", "label": "Big deals"}]}]
    response = {"t": {"value": "o"}}
    assert target_slug("team/sales/{team}?x=1", form([], fields), response) == "Big%20deals"
    assert target_slug("alice/{unknown}", form([], fields), response) == "{unknown}"


@pytest.fixture
def world() -> World:
    loaded = World(Clock(datetime(2026, 1, 5, 9, tzinfo=UTC), frozen=True))
    load_world(loaded, read_sources([str(EXAMPLE)]))
    return loaded


def test_attribute_rules_and_their_fallback(world: World) -> None:
    router = world.by_key("routing_forms", "sales-router")
    users = {u.key: u.id for u in world.all("users")}
    enterprise = router.routes[1]
    answered = {"region": {"label": "Region", "value": "region-apac"}}
    assert matching_members(world, router, enterprise, answered) == [users["gx-raj"]]
    languages = world.by_key("attributes", "globex/languages")
    spanish = group(rule(languages.id, "multiselect_some_in", ["Spanish", "German"]))
    nobody = group(rule(languages.id, "multiselect_some_in", ["French"]))
    route = {"attributesQueryValue": spanish}
    assert matching_members(world, router, route, {}) == [users["gx-ana"]]  # gx-lee is not in the team
    # Nobody matches: the fallback rules decide, and a route without any means everyone (None).
    assert matching_members(world, router, {"attributesQueryValue": nobody}, {}) is None
    both_nobody = {"attributesQueryValue": nobody, "fallbackAttributesQueryValue": nobody}
    assert matching_members(world, router, both_nobody, {}) == []
    fallback = {"attributesQueryValue": nobody, "fallbackAttributesQueryValue": spanish}
    assert matching_members(world, router, fallback, {}) == [users["gx-ana"]]
    everyone = {"attributesQueryValue": nobody, "fallbackAttributesQueryValue": {"type": "group"}}
    assert matching_members(world, router, everyone, {}) is None
    assert matching_members(world, world.by_key("routing_forms", "lee-intake"), route, {}) is None  # no team


def test_list_filters_and_paging(world: World) -> None:
    later = datetime(2026, 1, 6, tzinfo=UTC)
    both = lists.Filters(after_created=later, before_created=later)  # only "before" applies
    assert len(lists.org_forms(world, 1, both)) == 2
    assert lists.org_forms(world, 1, lists.Filters(after_created=later)) == []
    assert lists.page([1, 2, 3, 4], 1, 2) == [2, 3] and lists.page([1, 2, 3, 4], 1, -2) == [2, 3]
    with pytest.raises(DomainError):
        lists.page([1], -1, 1)
