"""What a start does not import (docs/performance.md, "Start-up"): pytest loads the plugin in every
session of an environment that has the emulator, and a server imports only what its settings use."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY_FOR_THE_PLUGIN = ("emulator.runtime", "emulator.app", "starlette", "jsonschema_rs", "httpx", "uvicorn", "yaml")
ONLY_WHEN_CHOSEN = ("openapi_core", "faker", "uvicorn", "httpx", "websockets")


def imported_after(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in modules or any(m.startswith(name + ".") for m in modules)]


def test_loading_the_plugin_imports_no_emulator() -> None:
    modules = imported_after("import pytest\nimport emulator.pytest_plugin")
    assert loaded(modules, HEAVY_FOR_THE_PLUGIN) == []


def test_the_plugin_still_hands_on_its_names() -> None:
    code = (
        "from emulator.pytest_plugin import Calcom, RunningEmulator, free_port\n"
        "from emulator.testing import ActiveFault, AdminError\n"
        "assert Calcom is RunningEmulator and Calcom.__name__ == 'Calcom' and free_port() > 0\n"
        "assert ActiveFault.__name__ == 'ActiveFault' and issubclass(AdminError, Exception)"
    )
    assert "emulator.testing.handle" in imported_after(code)


def test_an_app_with_the_default_settings_imports_no_optional_library() -> None:
    modules = imported_after("from emulator.app import create_app\ncreate_app()")
    assert loaded(modules, ONLY_WHEN_CHOSEN) == []
    chosen = imported_after(
        "from emulator.app import create_app\nfrom emulator.settings import Settings\n"
        "create_app(Settings(validator='openapi-core'))"
    )
    assert "openapi_core" in chosen
