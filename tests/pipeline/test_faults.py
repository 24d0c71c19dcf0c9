"""Fault rules without HTTP: path globs, matching, counting, probability draws and error shapes."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

import pytest

from emulator.pipeline.fault_rules import THROTTLED, FaultBook, FaultEntry, FaultRule, PathPattern


@dataclass(frozen=True)
class Caller:
    """Stands in for a Credential: fault rules only read its value and label."""

    value: str
    label: str


ALICE = Caller("cal_alice_key", "api_key:alice")
BOB = Caller("cal_bob_key", "api_key:bob")


def call(
    book: FaultBook,
    method: str = "GET",
    path: str = "/v2/me",
    operation_id: str | None = "MeController_getMe",
    template: str | None = "/v2/me",
    credential: Any = None,
    rng: random.Random | None = None,
) -> FaultEntry | None:
    return book.match(
        method=method,
        path=path,
        operation_id=operation_id,
        template=template,
        credential=credential,
        rng=rng or random.Random(0),
    )


@pytest.mark.parametrize(
    ("pattern", "path", "template", "expected"),
    [
        ("/v2/bookings/*", "/v2/bookings/abc", None, True),
        ("/v2/bookings/*", "/v2/bookings", None, False),
        ("/v2/bookings/*", "/v2/bookings/abc/cancel", None, False),
        ("/v2/bookings/**", "/v2/bookings", None, True),
        ("/v2/bookings/**", "/v2/bookings/abc/cancel", None, True),
        ("/v2/**/cancel", "/v2/bookings/abc/cancel", None, True),
        ("/v2/**/cancel", "/v2/bookings/abc/reschedule", None, False),
        ("/**", "/v1/me", None, True),
        ("/v2/event-types*", "/v2/event-types", None, True),
        ("/v2/event-types*", "/v2/event-types-extra", None, True),
        ("/v2/event-types*", "/v2/event-types/1", None, False),
        ("/v2/me/", "/v2/me", None, True),
        ("/v2/bookings/{bookingUid}", "/v2/bookings/abc", "/v2/bookings/{bookingUid}", True),
        ("/v2/bookings/{uid}", "/v2/bookings/abc", "/v2/bookings/{bookingUid}", True),  # any parameter name
        ("/v2/schedules/{scheduleId}", "/v2/schedules/default", "/v2/schedules/default", False),
        ("/v2/bookings/{bookingUid}", "/v2/bookings/abc/cancel", "/v2/bookings/{bookingUid}/cancel", False),
        ("/v2/bookings/abc", "/v2/bookings/abc", "/v2/bookings/{bookingUid}", True),
        ("/v2/bookings/abc", "/v2/bookings/xyz", "/v2/bookings/{bookingUid}", False),
        ("/v2/a.b+c", "/v2/a.b+c", None, True),  # regex characters are literal
        ("/v2/a.b+c", "/v2/aXbbc", None, False),
    ],
)
def test_path_patterns(pattern: str, path: str, template: str | None, expected: bool) -> None:
    assert PathPattern.parse(pattern).matches(path, template) is expected


@pytest.mark.parametrize(
    ("pattern", "template", "expected"),
    [
        ("/v2/bookings/abc", "/v2/bookings/{bookingUid}", True),  # a value can fill any parameter
        ("/v2/bookings/*/cancel", "/v2/bookings/{bookingUid}/cancel", True),
        ("/v2/bookings/{x}", "/v2/bookings/{bookingUid}", True),
        ("/v2/{x}/me", "/v2/me", False),
        ("/v2/bokings/*", "/v2/bookings/{bookingUid}", False),
    ],
)
def test_could_match_is_what_the_admin_api_checks(pattern: str, template: str, expected: bool) -> None:
    assert PathPattern.parse(pattern).could_match(template) is expected


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("v2/me", "must start with '/'"),
        ("/v2/me?x=1", "without the query string"),
        ("/v2//me", "empty segment"),
        ("/v2/bookings/x{uid}", "whole segment"),
        ("/v2/bookings/{}", "whole segment"),
        ("/v2/book**", "'**' must be a whole segment"),
    ],
)
def test_bad_path_patterns_say_why(pattern: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        PathPattern.parse(pattern)


def test_a_rule_fires_exactly_times_then_stays_listed_as_spent() -> None:
    book = FaultBook()
    entry = book.add(FaultRule(operation_id="MeController_getMe", status=503, times=3))
    fired = [call(book) is entry for _ in range(5)]
    assert fired == [True, True, True, False, False]
    assert book.entries == [entry]
    assert (entry.hits, entry.remaining, entry.active) == (3, 0, False)


def test_rules_are_tried_in_creation_order_and_a_spent_rule_lets_the_next_fire() -> None:
    book = FaultBook()
    first = book.add(FaultRule(path=PathPattern.parse("/v2/**"), status=500, times=1))
    second = book.add(FaultRule(operation_id="MeController_getMe", status=503))
    assert [first.rule.id, second.rule.id] == ["1", "2"]
    assert call(book) is first
    assert call(book) is second
    assert call(book) is second
    assert (first.hits, second.hits, second.remaining) == (1, 2, None)


def test_operation_method_and_path_must_all_match() -> None:
    book = FaultBook()
    book.add(FaultRule(operation_id="MeController_getMe", method="GET", path=PathPattern.parse("/v2/me"), status=500))
    assert call(book) is not None
    assert call(book, method="PATCH", operation_id="MeController_updateMe") is None
    assert call(book, operation_id="Other", path="/v2/me") is None
    assert call(book, path="/v1/me", template="/v1/me") is None


def test_credential_rules_match_value_or_label_and_never_anonymous_calls() -> None:
    book = FaultBook()
    by_value = book.add(FaultRule(path=PathPattern.parse("/v2/me"), credential="cal_bob_key", status=401))
    by_label = book.add(FaultRule(path=PathPattern.parse("/v2/me"), credential="api_key:alice", status=403))
    assert call(book, credential=None) is None
    assert call(book, credential=BOB) is by_value
    assert call(book, credential=ALICE) is by_label
    assert call(book, credential=Caller("cal_carol", "api_key:carol")) is None


def test_probability_draws_from_the_seeded_source_so_a_seed_repeats_the_sequence() -> None:
    def run(seed: int) -> list[bool]:
        book = FaultBook()
        entry = book.add(FaultRule(path=PathPattern.parse("/v2/me"), status=500, probability=0.5))
        rng = random.Random(seed)
        return [call(book, rng=rng) is entry for _ in range(200)]

    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert first != other
    assert 60 < sum(first) < 140  # about half


def test_probability_counts_only_firings_against_times() -> None:
    book = FaultBook()
    entry = book.add(FaultRule(path=PathPattern.parse("/v2/me"), status=500, probability=0.5, times=4))
    rng = random.Random(3)
    results = [call(book, rng=rng) for _ in range(100)]
    assert sum(r is entry for r in results) == 4
    assert (entry.hits, entry.remaining) == (4, 0)


def test_a_probabilistic_rule_that_does_not_fire_lets_later_rules_fire() -> None:
    book = FaultBook()
    book.add(FaultRule(path=PathPattern.parse("/v2/me"), status=500, probability=0.0))
    fallback = book.add(FaultRule(path=PathPattern.parse("/v2/me"), status=503))
    assert call(book) is fallback


def test_remove_clear_and_reset() -> None:
    book = FaultBook()
    one = book.add(FaultRule(path=PathPattern.parse("/v2/me"), status=500))
    book.add(FaultRule(path=PathPattern.parse("/v2/me"), status=503))
    assert book.remove("1") is one and book.remove("1") is None
    assert book.clear() == 1 and book.entries == []
    assert book.add(FaultRule(path=PathPattern.parse("/v2/me"), status=500)).rule.id == "3"  # ids are never reused
    book.reset()
    assert book.entries == []
    assert book.add(FaultRule(path=PathPattern.parse("/v2/me"), status=500)).rule.id == "1"


def test_v2_errors_default_by_status_and_take_overrides() -> None:
    throttled = FaultRule(status=429).error("v2")
    assert (throttled.status, throttled.code, throttled.message, throttled.details) == (
        429,
        "ThrottlerException",
        THROTTLED,
        THROTTLED,
    )
    assert (FaultRule(status=500).error("v2").message, FaultRule(status=500).error("v2").code) == (
        "Internal server error",
        None,  # rendered as InternalServerErrorException
    )
    assert FaultRule(status=503).error("v2").message == "Service Unavailable"
    assert FaultRule(status=404).error("v2").message == "Not Found"
    assert FaultRule(status=418).error("v2").message == "I'm a Teapot"
    custom = FaultRule(status=409, code="CONFLICT", message="Slot taken").error("v2")
    assert (custom.code, custom.message) == ("CONFLICT", "Slot taken")


def test_v1_errors_use_the_v1_keys_and_messages() -> None:
    assert (FaultRule(status=429).error("v1").message, FaultRule(status=429).error("v1").v1_key) == (
        "Rate limit exceeded",
        "message",
    )
    unauthorized = FaultRule(status=401).error("v1")
    assert (unauthorized.v1_key, unauthorized.message) == ("error", "Your API key is not valid.")
    assert FaultRule(status=500, message="boom").error("v1").message == "boom"
