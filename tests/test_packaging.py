"""The wheel: every package of the tree is listed, and an installed copy finds its data."""

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_emulator_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "emulator").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)


def test_the_wheel_carries_the_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("calcom_emulator-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "calcom_emulator_openapi/specs.lock.json",
        "calcom_emulator_openapi/legacy/2024-04-15.yaml",
        "calcom_emulator_openapi/atoms/atoms.yaml",
        "calcom_emulator_openapi/overlays/errors-v2.yaml",
        "calcom_emulator_fixtures/default.yaml",
        "emulator/world/fixture_schema.json",
        "emulator/py.typed",
        "emulator/admin/ui/static/ui.js",
        "emulator/admin/ui/static/ui.css",
    ):
        assert expected in names, expected
    assert not any(name.startswith("calcom_emulator_openapi/upstream") for name in names)
