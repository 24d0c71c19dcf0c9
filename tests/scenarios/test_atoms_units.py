"""Unit tests of the atoms room's rules: attribute routing queries, the web app's event-type update input
and JavaScript's Date.toString()."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from emulator.api.atoms.attribute_query import Logic, is_empty
from emulator.api.atoms.event_type_input import column_changes
from emulator.api.atoms.event_type_shapes import js_date_string
from emulator.api.atoms.verification import base_email
from emulator.pipeline.errors import ApiError
from emulator.world.models import EventType

LABELS = {"region": {"opt-emea": "emea", "opt-amer": "americas"}, "level": {}, "team": {}}


def rule(field: Any, operator: Any, value: Any) -> dict[str, Any]:
    return {"type": "rule", "properties": {"field": field, "operator": operator, "value": value}}


def group(*children: dict[str, Any], conjunction: str = "AND", negate: bool = False) -> dict[str, Any]:
    return {
        "type": "group",
        "children1": {f"c{i}": child for i, child in enumerate(children)},
        "properties": {"conjunction": conjunction, "not": negate},
    }


@pytest.mark.parametrize(
    ("tree", "held", "expected"),
    [
        (group(rule("region", "multiselect_some_in", [["opt-emea"]])), {"region": ["emea", "americas"]}, True),
        (group(rule("region", "multiselect_all_in", [["opt-emea"]])), {"region": ["emea", "americas"]}, False),
        (group(rule("region", "multiselect_not_some_in", [["EMEA"]])), {"region": ["americas"]}, True),
        (group(rule("region", "select_equals", ["opt-amer"])), {"region": ["americas"]}, True),
        (group(rule("region", "select_not_any_in", [["opt-amer"]])), {}, True),
        (group(rule("level", "between", [2, 4])), {"level": ["3"]}, True),
        (group(rule("level", "greater", ["3"])), {"level": ["three"]}, False),
        (group(rule("team", "like", ["eng"])), {"team": ["platform engineering"]}, True),
        (group(rule("team", "is_empty", [])), {"team": []}, True),
        (group(rule("level", "less", [5]), rule("team", "equal", ["x"]), conjunction="OR"), {"level": ["1"]}, True),
        (group(rule("level", "less", [5]), negate=True), {"level": ["1"]}, False),
        (
            group(group(rule("region", "select_equals", ["opt-emea"])), rule("level", "equal", [2])),
            {"region": ["emea"], "level": ["2"]},
            True,
        ),
    ],
)
def test_queries_test_what_members_hold(tree: dict[str, Any], held: dict[str, list[str]], expected: bool) -> None:
    assert Logic(tree, LABELS).matches(held) is expected


def test_rules_the_query_builder_would_drop_leave_no_logic() -> None:
    assert Logic(group(rule("unknown", "select_equals", ["x"])), LABELS).empty
    assert Logic(group(rule("region", "no_such_operator", ["x"])), LABELS).empty
    assert Logic(group(rule(["region"], "select_equals", ["x"])), LABELS).empty
    assert Logic(group(rule("region", "select_equals", [])), LABELS).empty  # no value
    assert not Logic(group(rule("region", "is_not_empty", [])), LABELS).empty
    assert is_empty(None) and is_empty({"type": "group"}) and is_empty([]) and not is_empty(group(rule("a", "b", [])))


def _event_type(**fields: Any) -> EventType:
    return EventType(id=1, title="Chat", slug="chat", length=30, owner_id=1, **fields)


def test_update_input_becomes_checked_changes() -> None:
    changes = column_changes(
        _event_type(),
        {
            "title": "Call",
            "periodType": "rolling",
            "periodStartDate": "2026-02-03T22:00:00.000-05:00",
            "metadata": {
                "multipleDuration": [15, 30],
                "apps": {"stripe": {"enabled": True, "price": 900, "currency": "eur"}},
            },
            "lockTimeZoneToggleOnBookingPage": True,
            "offsetStart": 5,
        },
    )
    assert changes["title"] == "Call" and changes["period_type"] == "ROLLING"
    assert changes["period_start_date"] == datetime(2026, 2, 3, tzinfo=UTC)  # the date part, at midnight UTC
    assert changes["lengths"] == (15, 30) and "multipleDuration" not in changes["metadata"]
    assert (changes["price"], changes["currency"]) == (900, "eur")
    assert changes["settings"] == {"lockTimeZoneToggleOnBookingPage": True, "offsetStart": 5}


@pytest.mark.parametrize(
    "body",
    [
        {"length": "30"},
        {"length": 0},
        {"hidden": 1},
        {"bookingLimits": {"PER_DAY": "2"}},
        {"recurringEvent": {"freq": "weekly"}},
        {"metadata": {"requiresConfirmationThreshold": {"time": "soon", "unit": "hours"}}},
        {"bookingFields": [{"name": "a", "type": "select", "options": 5}]},
        {"notAColumn": 1},
    ],
)
def test_update_input_refuses_what_prisma_would(body: dict[str, Any]) -> None:
    with pytest.raises(ApiError) as refused:
        column_changes(_event_type(), body)
    assert refused.value.status == 400


def test_the_handlers_own_refusals_are_its_generic_bad_request() -> None:
    for body in (
        {"seatsPerTimeSlot": 3, "recurringEvent": {"freq": 2, "count": 4, "interval": 1}},
        {"bookingLimits": {"PER_DAY": 3, "PER_WEEK": 2}},
        {"offsetStart": -5},
        {"periodType": "forever"},
    ):
        with pytest.raises(ApiError) as refused:
            column_changes(_event_type(), body)
        assert refused.value.message == "Bad request: Please check your request data and try again"


def test_js_date_string_and_base_email() -> None:
    assert js_date_string(datetime(2026, 1, 7, 14, 5, tzinfo=UTC)) == (
        "Wed Jan 07 2026 14:05:00 GMT+0000 (Coordinated Universal Time)"
    )
    assert base_email("ada+booking+x@guest.example") == "ada@guest.example"
