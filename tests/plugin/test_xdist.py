"""A downstream suite under pytest-xdist (docs/pytest.md, "pytest-xdist"): every worker gets an
emulator of its own, and the workers share the start-up cache."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("xdist")


def test_two_workers_each_with_its_own_emulator(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen"
    seen.mkdir()
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("CALCOM_EMULATOR_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("SEEN_DIR", str(seen))
    pytester.makepyfile(
        """
        import json
        import os
        import pathlib
        import urllib.request

        import pytest

        @pytest.mark.parametrize("n", range(6))
        def test_me(calcom, n):
            key = calcom.api_key("alice")
            request = urllib.request.Request(calcom.v2 + "/me", headers={"Authorization": "Bearer " + key})
            with urllib.request.urlopen(request) as answer:
                assert json.load(answer)["data"]["username"] == "alice"
            worker = os.environ["PYTEST_XDIST_WORKER"]
            (pathlib.Path(os.environ["SEEN_DIR"]) / f"{n}.txt").write_text(f"{worker} {calcom.url}")
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)
    urls: dict[str, set[str]] = {}
    for path in seen.iterdir():
        worker, url = path.read_text().split()
        urls.setdefault(worker, set()).add(url)
    assert sorted(urls) == ["gw0", "gw1"]
    assert all(len(found) == 1 for found in urls.values())  # one emulator per worker ...
    assert urls["gw0"] != urls["gw1"]  # ... and not the same one
    # Both workers loaded the same specs and guard tables: one entry of each, written whole.
    assert len(list(cache_dir.glob("specs-*.marshal"))) == 1
    assert len(list(cache_dir.glob("yaml-*.marshal"))) == 1
    assert not list(cache_dir.glob(".*.tmp"))
