"""Configuring the plugin the pytest way: ini options, CALCOM_EMULATOR_* variables and the calcom
marker, and which one wins."""

from __future__ import annotations

import pytest

pytest.importorskip("httpx")

SMALL_WORLD = """
users:
  zed:
    email: zed@example.com
    apiKeys:
      - key: cal_0ed00000000000000000000000000009
"""


def test_ini_options_configure_the_session_emulator(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        calcom_clock = 2026-01-05T09:00:00Z
        calcom_fixtures = worlds/small.yaml
        calcom_strict_versions = true
        calcom_rate_limits = off
        """
    )
    (pytester.path / "worlds").mkdir()
    (pytester.path / "worlds" / "small.yaml").write_text(SMALL_WORLD)
    pytester.makepyfile(
        """
        import pytest

        def test_settings(calcom):
            assert calcom.clock.now().isoformat() == "2026-01-05T09:00:00+00:00" and calcom.clock.frozen
            assert calcom.api_key("zed") == "cal_0ed00000000000000000000000000009"
            with pytest.raises(LookupError):
                calcom.api_key("alice")
            assert calcom.health()["strictVersions"] is True
            me = calcom.client("zed")
            assert all(me.get("/me").status_code == 200 for _ in range(130))  # no 120/minute limit
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_an_environment_variable_beats_the_ini_file(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALCOM_EMULATOR_CLOCK", "2030-01-01T00:00:00Z")
    pytester.makeini("[pytest]\ncalcom_clock = 2026-01-05T09:00:00Z\n")
    pytester.makepyfile(
        """
        def test_env(calcom):
            assert calcom.clock.now().year == 2030
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_marker_gives_an_emulator_per_distinct_settings(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ncalcom_clock = 2026-01-05T09:00:00Z\n")
    (pytester.path / "small.yaml").write_text(SMALL_WORLD)
    pytester.makepyfile(
        """
        import pytest

        URLS = {}
        LATER = pytest.mark.calcom(clock="2027-06-01T12:00:00Z", rate_limit=2)

        def test_plain(calcom, calcom_emulator):
            URLS["plain"] = calcom.url
            assert calcom.url == calcom_emulator.url and calcom.clock.now().year == 2026

        @LATER
        def test_marked(calcom):
            URLS["marked"] = calcom.url
            assert calcom.clock.now().year == 2027
            me = calcom.client("alice")
            assert [me.get("/me").status_code for _ in range(3)] == [200, 200, 429]

        @LATER
        def test_same_marker_same_server(calcom):
            assert calcom.url == URLS["marked"] != URLS["plain"]
            assert calcom.client("alice").get("/me").status_code == 200  # reset: a fresh window

        @pytest.mark.calcom(fixtures="small.yaml", transport="asgi")
        def test_fixtures_beside_the_test_file(calcom):
            assert calcom.transport == "asgi" and calcom.api_key("zed")
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=4)


def test_a_module_marker_and_a_mistaken_keyword(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_module="""
        import pytest

        pytestmark = pytest.mark.calcom(clock="2026-02-02T10:00:00Z")

        def test_module_marker(calcom):
            assert calcom.clock.now().isoformat() == "2026-02-02T10:00:00+00:00"
        """,
        test_typo="""
        import pytest

        @pytest.mark.calcom(clokc="2026-02-02T10:00:00Z")
        def test_typo(calcom):
            pass
        """,
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.calcom got unknown keyword(s) clokc; it takes *clock*"])


def test_the_marker_and_ini_options_are_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.calcom(*"])
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*calcom_fixtures*", "*calcom_transport*"])
