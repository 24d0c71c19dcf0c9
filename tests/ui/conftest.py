"""The dashboard's fixtures: an emulator on a real socket (the browser needs one), a headless Chromium
driven by selenium, and a reset before each test.

Set CALCOM_EMULATOR_UI_SCREENSHOTS=docs/ui to write each page's screenshot there (docs/ui.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.testing.servers import Instance, start_server
from tests.ui import chromium

NOW = "2026-01-05T09:00:00Z"  # a Monday: the default world's bookings fall in this week and the next
WAIT_S = 10.0


@pytest.fixture(scope="session")
def ui_server() -> Iterator[Instance]:
    instance = start_server(Runtime.build(Settings(clock=NOW, rate_limits="off")))
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def base_url(ui_server: Instance) -> str:
    return ui_server.handle.url


@pytest.fixture
def api(base_url: str, ui_server: Instance) -> Iterator[httpx.Client]:
    """A plain HTTP client on the emulator; the world is reset before each test."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        client.post("/_emulator/reset").raise_for_status()
        yield client


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium.ensure()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium.CHROMIUM
    for flag in chromium.FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(executable_path=chromium.CHROMEDRIVER))
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.fixture
def browser(driver: Any, api: httpx.Client) -> Any:
    """The session's browser on a fresh world, its console read empty."""
    driver.get_log("browser")
    return driver


@pytest.fixture(scope="session")
def screenshots() -> Path | None:
    folder = os.environ.get("CALCOM_EMULATOR_UI_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path
