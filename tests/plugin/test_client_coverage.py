"""--calcom-coverage: a downstream suite is told what it called and which answers it never met, in the
terminal and in JSON and HTML reports; the counts add up across the per-test resets."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("httpx")

SUITE = """
def test_me(calcom):
    assert calcom.client("alice").get("/me").status_code == 200

def test_me_anonymous(calcom):
    assert calcom.client().get("/me").status_code == 401

def test_a_booking_that_does_not_exist(calcom):
    answer = calcom.client("alice", api_version="2024-08-13").get("/bookings/no-such-uid")
    assert answer.status_code == 404
"""


def test_a_suite_that_never_meets_a_429_is_told_so(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--calcom-coverage")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [
            "*calcom coverage*",
            "calcom coverage: 2 of * operations called, 3 calls (statuses: 200: 1, 401: 1, 404: 1)",
            "*never met:*429 (rate limited)*498 (token expired)*",
            "*GET    /v2/me*unseen: *429*",
            "*JSON report: *calcom-coverage.json",
            "*HTML report: *calcom-coverage.html",
        ]
    )
    report = json.loads((pytester.path / "calcom-coverage.json").read_text())
    assert "429" in report["totals"]["neverMet"] and "401" not in report["totals"]["neverMet"]
    [me] = [r for r in report["operations"] if r["operationId"] == "MeController_getMe"]
    assert me["calls"] == 2 and me["statuses"] == {"200": 1, "401": 1}  # two tests, a reset between them
    assert "429" in me["unseen"]
    page = (pytester.path / "calcom-coverage.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "MeController_getMe" in page


def test_a_suite_that_meets_a_429_is_not_told_it_never_did(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        calcom_coverage = true
        calcom_rate_limit = 2
        calcom_coverage_json = reports/coverage.json
        calcom_coverage_html =
        """
    )
    pytester.makepyfile(
        """
        def test_too_many(calcom):
            me = calcom.client("alice")
            assert [me.get("/me").status_code for _ in range(3)] == [200, 200, 429]
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*never met:*429*")
    report = json.loads((pytester.path / "reports" / "coverage.json").read_text())
    assert report["totals"]["met"]["429"] == 1 and "429" not in report["totals"]["neverMet"]
    assert not (pytester.path / "calcom-coverage.html").exists()  # an empty path: not written


def test_without_the_option_nothing_is_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    result.stdout.no_fnmatch_line("*calcom coverage*")
    assert not (pytester.path / "calcom-coverage.json").exists()


@pytest.mark.parametrize("worlds", ["off", "worker"])
def test_under_xdist_the_workers_add_up_to_one_report(pytester: pytest.Pytester, worlds: str) -> None:
    """Each worker's own emulator (worlds off), or one emulator all workers share (worlds on, counted
    once however many workers read it)."""
    pytest.importorskip("xdist")
    pytester.makeini(f"[pytest]\ncalcom_worlds = {worlds}\n")
    pytester.makepyfile(SUITE)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider", "--calcom-coverage")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        ["calcom coverage: 2 of * operations called, 3 calls (statuses: 200: 1, 401: 1, 404: 1)"]
    )
    report = json.loads((pytester.path / "calcom-coverage.json").read_text())
    [me] = [r for r in report["operations"] if r["operationId"] == "MeController_getMe"]
    assert me["statuses"] == {"200": 1, "401": 1}
