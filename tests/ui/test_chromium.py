"""How the browser tests get their browser: used when there, installed as root with apt-get, else a
skip with the reason, or under CI=true a failure."""

from __future__ import annotations

import pytest

from tests.ui import chromium
from tests.ui.chromium import Machine


def test_a_machine_with_the_browser_is_ready() -> None:
    assert chromium.plan(Machine(have_browser=True, root=False, apt=False, ci=True)) == "ready"


def test_root_with_apt_installs() -> None:
    assert chromium.plan(Machine(have_browser=False, root=True, apt=True, ci=False)) == "install"


@pytest.mark.parametrize(
    ("machine", "reason"),
    [
        (Machine(have_browser=False, root=False, apt=True, ci=False), "installing them needs root"),
        (Machine(have_browser=False, root=True, apt=False, ci=False), "there is no apt-get"),
    ],
)
def test_without_a_way_to_install_the_tests_skip_with_the_reason(machine: Machine, reason: str) -> None:
    with pytest.raises(pytest.skip.Exception, match=reason):
        chromium.ensure(machine, installer=lambda: pytest.fail("must not install"))


def test_under_ci_a_missing_browser_fails_loudly() -> None:
    machine = Machine(have_browser=False, root=False, apt=True, ci=True)
    with pytest.raises(pytest.fail.Exception, match=r"need Chromium: .* needs root"):
        chromium.ensure(machine)


def test_a_failed_install_says_what_apt_get_said() -> None:
    machine = Machine(have_browser=False, root=True, apt=True, ci=True)
    with pytest.raises(pytest.fail.Exception, match="E: Unable to locate package chromium"):
        chromium.ensure(
            machine, installer=lambda: "`apt-get install` exited 100:\nE: Unable to locate package chromium"
        )
    with pytest.raises(pytest.skip.Exception, match="exited 100"):
        chromium.ensure(Machine(False, True, True, ci=False), installer=lambda: "`apt-get install` exited 100")


def test_the_install_runs_update_then_install_with_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[tuple[list[str], int]] = []
    monkeypatch.setattr(chromium, "_run", lambda command, timeout: ran.append((command, timeout)))
    assert chromium.install() is None
    assert ran == [
        (["apt-get", "update"], chromium.UPDATE_TIMEOUT_S),
        (
            ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"],
            chromium.INSTALL_TIMEOUT_S,
        ),
    ]


def test_a_command_past_its_timeout_is_reported() -> None:
    assert chromium._run(["sleep", "5"], timeout=0) is not None
    assert chromium._run(["false"], timeout=5) == "`false` exited 1:\n"
    assert chromium._run(["true"], timeout=5) is None
