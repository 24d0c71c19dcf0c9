"""The plugin's worlds (docs/pytest.md, "Worlds and pytest-xdist"): a world per test or per worker on
one shared emulator, a running emulator named by URL, and pytest-xdist workers sharing the
controller's emulator."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.testing.servers import start_server

pytest.importorskip("httpx")

PER_TEST_SUITE = """
import hashlib

BOOKINGS = {"cal-api-version": "2024-08-13"}


def world_of(nodeid):
    return "t-" + hashlib.sha256(nodeid.encode()).hexdigest()[:16]


def test_first(calcom, calcom_emulator, request):
    assert calcom.world_name == world_of(request.node.nodeid)
    assert calcom.url == calcom_emulator.url.split("/_worlds/")[0] + "/_worlds/" + calcom.world_name
    calcom.clock.advance("3d")
    zed = {"email": "zed@example.com", "apiKeys": [{"key": "cal_2ed00000000000000000000000000009"}]}
    calcom.load({"users": {"zed": zed}})
    assert calcom.client("zed").get("/me").status_code == 200
    names = [w["name"] for w in calcom.worlds()]
    assert calcom.world_name in names and "main" in names


def test_second_is_fresh(calcom):
    assert calcom.clock.now().isoformat().startswith("2026-01-05T09:00")
    assert calcom.client("cal_2ed00000000000000000000000000009").get("/me").status_code == 401
    names = [w["name"] for w in calcom.worlds()]
    assert world_of("test_per_test.py::test_first") not in names  # dropped after its test


def test_in_process_too(calcom_app):
    assert calcom_app.transport == "asgi" and calcom_app.world_name.startswith("t-")
    assert calcom_app.client("alice").get("/me").json()["data"]["username"] == "alice"
    assert calcom_app.runtime is not None and calcom_app.runtime.world.tables["users"]
"""


def test_a_world_per_test_on_one_server(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ncalcom_worlds = test\ncalcom_clock = 2026-01-05T09:00:00Z\n")
    pytester.makepyfile(test_per_test=PER_TEST_SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist")
    result.assert_outcomes(passed=3)


def test_a_world_per_worker_reset_before_each_test(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    monkeypatch.setenv("CALCOM_EMULATOR_WORLD_PREFIX", "job-42.")
    pytester.makeini("[pytest]\ncalcom_clock = 2026-01-05T09:00:00Z\n")
    pytester.makepyfile(
        """
        import pytest

        def test_one(calcom, calcom_emulator):
            assert calcom is calcom_emulator and calcom.world_name == "job-42.gw7"
            assert calcom.url.endswith("/_worlds/job-42.gw7")
            calcom.clock.advance("1d")
            assert calcom_emulator.worlds()[1]["name"] == "job-42.gw7"

        def test_two_after_a_reset(calcom):
            assert calcom.clock.now().isoformat().startswith("2026-01-05T09:00")

        @pytest.mark.calcom(rate_limit=3)
        def test_a_marked_test_keeps_an_emulator_of_its_own(calcom):
            assert calcom.world_name is None and "/_worlds/" not in calcom.url
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist", "--calcom-worlds=worker")
    result.assert_outcomes(passed=3)


def test_bad_world_options_are_usage_errors(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile("def test_it(calcom):\n    pass\n")
    monkeypatch.setenv("CALCOM_EMULATOR_WORLDS", "sometimes")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist")
    result.stderr.fnmatch_lines(["*CALCOM_EMULATOR_WORLDS (calcom_worlds) must be off, worker or test*"])
    monkeypatch.setenv("CALCOM_EMULATOR_WORLDS", "test")
    monkeypatch.setenv("CALCOM_EMULATOR_WORLD_PREFIX", "no spaces/")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist")
    result.stderr.fnmatch_lines(["*CALCOM_EMULATOR_WORLD_PREFIX*makes the world name*"])


def test_a_running_emulator_by_url(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = start_server(Runtime.build(Settings(clock="2026-01-05T09:00:00Z")))
    try:
        monkeypatch.setenv("CALCOM_EMULATOR_URL", instance.handle.url)
        monkeypatch.setenv("CALCOM_EMULATOR_WORLDS", "worker")
        pytester.makepyfile(
            f"""
            def test_shared(calcom):
                assert calcom.runtime is None and calcom.url == "{instance.handle.url}/_worlds/main"
                calcom.clock.advance("1h")
                assert calcom.client("alice").get("/me").status_code == 200
            """
        )
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist")
        result.assert_outcomes(passed=1)
        listed = [w["name"] for w in instance.handle.worlds()]
        assert listed == ["default"]  # the session dropped its world when it ended
        assert [e["operationId"] for e in instance.handle.requests()] == []  # the default world saw nothing
    finally:
        instance.stop()


XDIST_SUITE = """
import json
import pathlib

import pytest


@pytest.mark.parametrize("n", range(6))
def test_record(calcom, n):
    root = calcom.url.split("/_worlds/")[0]
    calcom.clock.advance(f"{n + 1}h")
    calcom.load({"users": {f"u{n}": {"email": f"u{n}@example.com"}}})
    users = [u["username"] for u in calcom.state("users")]
    out = pathlib.Path(__file__).parent / f"seen-{n}.json"
    out.write_text(json.dumps({"root": root, "world": calcom.world_name, "runtime": calcom.runtime is None,
                               "users": users}))
"""


def test_xdist_workers_share_the_controllers_emulator(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    pytester.makepyfile(test_xdist=XDIST_SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2", "--calcom-worlds=worker")
    result.assert_outcomes(passed=6)
    seen = [json.loads((Path(pytester.path) / f"seen-{n}.json").read_text()) for n in range(6)]
    assert len({s["root"] for s in seen}) == 1  # one emulator for both workers
    assert {s["world"] for s in seen} <= {"gw0", "gw1"} and all(s["runtime"] for s in seen)
    for n, s in enumerate(seen):  # each test saw its own load only: its worker's world was reset before it
        assert [u for u in s["users"] if u.startswith("u")] == [f"u{n}"]


def test_per_test_world_names_are_stable() -> None:
    from emulator.testing.world_plan import Plan

    plan = Plan("test", None, "ci-", "gw0")
    digest = hashlib.sha256(b"tests/a.py::test_b").hexdigest()[:16]
    assert plan.test_world("tests/a.py::test_b") == f"ci-t-{digest}" and plan.worker_world() == "ci-gw0"
