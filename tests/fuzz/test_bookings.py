"""POST /v2/bookings (2024-08-13) fuzzed with hand-written bodies (booking_bodies.py) instead of
generated ones: every answer keeps the published contract, and the bodies do reach bookings."""

from __future__ import annotations

from typing import Any

from tests.fuzz.booking_bodies import create_booking_bodies
from tests.fuzz.harness import POSITIVE_EXAMPLES, Fuzz, run_examples
from tests.fuzz.test_schemathesis import HANDWRITTEN, TARGETS

CREATE_BOOKING = "BookingsController_2024_08_13_createBooking"
EXAMPLES = 15 * POSITIVE_EXAMPLES


def test_create_booking_with_handwritten_bodies(fuzz: Fuzz) -> None:
    [target] = [t for t in TARGETS if (t.document, t.operation_id) == ("v2", CREATE_BOOKING)]
    assert (target.document, target.operation_id) in HANDWRITTEN
    operation = fuzz.operation(target)
    fuzz.reset()
    before = fuzz.statuses.copy()
    problems: list[str] = []

    def send(body: dict[str, Any]) -> None:
        case = operation.Case(body=body, media_type="application/json")
        problems.extend(fuzz.send(target, case, "2024-08-13", "hand-written"))

    assert run_examples(create_booking_bodies, EXAMPLES, send)
    assert not problems, "\n\n".join(problems)
    reached = fuzz.statuses - before
    assert reached[201] >= 3, f"too few bookings made: {dict(reached)}"
    assert sum(count for status, count in reached.items() if 400 <= status < 500) >= 3, dict(reached)
