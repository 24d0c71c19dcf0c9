"""Fixture sources that cost too much to read are refused at their line and column, quickly."""

from __future__ import annotations

import pytest

from emulator.world import yaml_source
from tests.world.fixtures_helpers import only_error

# Nine levels of ten aliases each: 10^9 values if expanded, in under 500 bytes.
LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ",".join([f"*{chr(ord('a') + i - 1)}"] * 10) + "]"
        for i in range(1, 9)
    ]
    + ["users: *i"]
)


def test_a_billion_laughs_is_refused_at_once() -> None:
    assert len(LAUGHS) < 600
    line, column, message = only_error(LAUGHS)
    assert "expand to more than 1,000,000 values" in message
    assert line >= 1 and column >= 1


def test_an_alias_to_its_own_collection_is_refused_where_it_is() -> None:
    line, column, message = only_error("users: &loop\n  alice: *loop\n")
    assert message == "an alias refers to the collection that contains it"
    assert (line, column) == (1, 8)


def test_collections_nested_too_deep_are_refused() -> None:
    deep = "users: " + "[" * 100 + "]" * 100 + "\n"
    line, _column, message = only_error(deep)
    assert message == "collections nest deeper than 64 levels"
    assert line == 1


def test_a_source_over_the_size_limit_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_SOURCE_BYTES", 100)
    line, column, message = only_error("users:\n" + "".join(f"  u{i}: {{email: u{i}@x.io}}\n" for i in range(10)))
    assert (line, column) == (1, 1)
    assert "at most 100 are read" in message


def test_ordinary_aliases_still_work() -> None:
    text = """
    defaults: &person {timeZone: Europe/Paris}
    users:
      alice: {<<: *person, email: alice@x.io}
      bob: {<<: *person, email: bob@x.io}
    """
    # "defaults" is not a section: the one error is about it, not about the aliases.
    line, _column, message = only_error(text)
    assert line == 1 and "defaults" in message


@pytest.mark.parametrize("when", ["now+99999999999d", "9999-12-31T23:00:00Z", "0001-01-01T00:00:00Z", "now-999999w"])
def test_booking_times_out_of_range_are_refused_at_the_value(when: str) -> None:
    text = f"""
    users:
      alice: {{email: alice@x.io}}
    eventTypes:
      alice/chat: {{owner: alice, title: Chat, length: 30}}
    bookings:
      b1: {{eventType: alice/chat, start: "{when}", attendees: [{{name: Ann, email: ann@x.io}}]}}
    """
    line, _column, message = only_error(text)
    assert line == 6
    assert "out of range" in message


def test_a_date_override_out_of_range_is_refused() -> None:
    text = """
    users:
      alice: {email: alice@x.io}
    schedules:
      alice/hours:
        availability: [{days: [Mon], start: "09:00", end: "17:00"}]
        overrides: [{date: "today+99999999999d", start: "10:00", end: "11:00"}]
    """
    _line, _column, message = only_error(text)
    assert "out of range" in message
