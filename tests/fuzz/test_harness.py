"""The fuzz stage's own checks can fail: a server error, a 501 from a served operation and a hang are
each reported (made with fault rules on the stage's emulator, then cleared)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.fuzz.harness import REQUEST_TIMEOUT_S, Fuzz, Target
from tests.fuzz.test_schemathesis import TARGETS

GET_ME = next(t for t in TARGETS if (t.document, t.operation_id) == ("v2", "MeController_getMe"))


@pytest.fixture
def faulty(fuzz: Fuzz) -> Iterator[Fuzz]:
    fuzz.counting = False
    yield fuzz
    fuzz.session.delete(f"{fuzz.url}/_emulator/faults", timeout=5).raise_for_status()
    fuzz.hung, fuzz.timeout, fuzz.counting = None, REQUEST_TIMEOUT_S, True


def add_fault(fuzz: Fuzz, **rule: Any) -> None:
    response = fuzz.session.post(f"{fuzz.url}/_emulator/faults", json={"operationId": GET_ME.operation_id, **rule})
    assert response.status_code in (200, 201), response.text


def send_once(fuzz: Fuzz, target: Target) -> list[str]:
    case = fuzz.operation(target).Case()
    return fuzz.send(target, case, "2024-08-13", "valid")


def test_a_clean_answer_is_no_problem(faulty: Fuzz) -> None:
    assert send_once(faulty, GET_ME) == []


@pytest.mark.parametrize("status", [500, 501, 503])
def test_a_server_error_is_a_problem(faulty: Fuzz, status: int) -> None:
    add_fault(faulty, status=status)
    [problem] = send_once(faulty, GET_ME)
    assert problem.startswith(f"v2:MeController_getMe (valid request, cal-api-version: 2024-08-13): {status} ")


def test_no_answer_in_time_is_a_hang(faulty: Fuzz) -> None:
    faulty.timeout = 0.3
    add_fault(faulty, latencyMs=1500)
    [problem] = send_once(faulty, GET_ME)
    assert "no answer within 0.3 s" in problem
    assert faulty.fuzz(GET_ME) == [f"not fuzzed: the emulator stopped answering earlier, at {faulty.hung}"]
