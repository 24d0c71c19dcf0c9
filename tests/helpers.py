"""Small helpers shared by the HTTP scenario tests."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

ALICE_KEY = "cal_a11ce000000000000000000000000001"  # the default world's organization owner
BOB_KEY = "cal_b0b00000000000000000000000000002"
CAROL_KEY = "cal_ca201000000000000000000000000003"
DAVE_KEY = "cal_da7e0000000000000000000000000004"
ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}


def ids(client: TestClient, table: str) -> dict[str, Any]:
    """Fixture key -> id for one table of the world."""
    return {r["key"]: r["id"] for r in client.get(f"/_emulator/state/{table}").json()["records"] if r.get("key")}


def error(response: Any) -> dict[str, Any]:
    """The v2 envelope's error object."""
    body: dict[str, Any] = response.json()["error"]
    return body
