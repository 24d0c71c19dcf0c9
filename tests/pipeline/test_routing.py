"""Route matching over the real operation index."""

import re

import pytest

from emulator.pipeline.routing import Router
from emulator.runtime import Runtime


@pytest.fixture(scope="module")
def router(runtime: Runtime) -> Router:
    return runtime.router


def ids(router: Router, method: str, path: str) -> list[str]:
    return [c.operation.operation_id for c in router.match(method, path).candidates]


def test_static_segments_win_over_parameters(router: Router) -> None:
    found = ids(router, "GET", "/v2/schedules/default")
    assert found[0] in (
        "SchedulesController_2024_06_11_getDefaultSchedule",
        "SchedulesController_2024_04_15_getDefaultSchedule",
    )
    # {scheduleId} variants come after every static match.
    first_param = next(i for i, op_id in enumerate(found) if "getSchedule" in op_id and "Default" not in op_id)
    assert all("Default" in op_id for op_id in found[:first_param])


def test_path_parameters_are_captured_by_name(router: Router) -> None:
    match = router.match("GET", "/v2/organizations/7/teams/9")
    candidate = match.candidates[0]
    assert candidate.path_params == {"orgId": "7", "teamId": "9"}


def test_v1_paths_carry_the_prefix_and_composite_segments_split(router: Router) -> None:
    match = router.match("GET", "/v1/memberships/12_34")
    assert match.candidates[0].operation.operation_id == "getMembershipById"
    assert match.candidates[0].path_params == {"userId": "12", "teamId": "34"}
    sel = router.match("DELETE", "/v1/selected-calendars/1_google_calendar_me@example.com")
    assert sel.candidates[0].path_params == {
        "userId": "1",
        "integration": "google",
        "externalId": "calendar_me@example.com",
    }


def test_known_path_with_another_method_reports_allowed_methods(router: Router) -> None:
    match = router.match("DELETE", "/v2/me")
    assert match.candidates == [] and match.allowed == ["GET", "PATCH"]


def test_unknown_path_matches_nothing(router: Router) -> None:
    match = router.match("GET", "/v2/nope/1")
    assert match.candidates == [] and match.allowed == []


def test_every_operation_is_reachable_at_its_own_path(runtime: Runtime, router: Router) -> None:
    for op in runtime.specs.operations:
        concrete = re.sub(r"\{[^}]+\}", "1", op.path)
        assert op in [c.operation for c in router.match(op.method, concrete).candidates], op.key
