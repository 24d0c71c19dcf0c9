"""Where only the package is installed: the handle needs no httpx; asking for a client says how to
get it. httpx is hidden from the inner session by a package of that name that fails to import."""

from __future__ import annotations

import pytest

TWO_LINES = """
import pytest

def test_it(calcom):
    calcom.clock.advance("61m"); assert calcom.api_key("alice").startswith("cal_")

def test_client_says_how_to_get_httpx(calcom):
    with pytest.raises(ImportError, match=r"pip install 'calcom-emulator\\[pytest\\]'"):
        calcom.client("alice")
"""


def test_the_two_line_test_passes_without_httpx(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    hidden = pytester.mkdir("no_httpx")
    (hidden / "httpx").mkdir()
    (hidden / "httpx" / "__init__.py").write_text("raise ImportError('httpx is not installed here', name='httpx')\n")
    monkeypatch.setenv("PYTHONPATH", str(hidden))
    pytester.makepyfile(TWO_LINES)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
