"""The world the routing-form scenarios run in: fixtures/examples/routing-forms.yaml on its own, the
clock frozen at Monday 2026-01-05 09:00 UTC."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings

EXAMPLE = str(Path(__file__).resolve().parents[2] / "fixtures" / "examples" / "routing-forms.yaml")

OWNER = {"Authorization": "Bearer cal_910be0000000000000000000000000a1"}  # organization OWNER
ANA = {"Authorization": "Bearer cal_910be0000000000000000000000000a2"}  # MEMBER; globex-sales MEMBER; Americas
RAJ = {"Authorization": "Bearer cal_910be0000000000000000000000000a3"}  # MEMBER; globex-sales MEMBER; APAC
LEE = {"Authorization": "Bearer cal_910be0000000000000000000000000a4"}  # MEMBER; globex-support ADMIN
SLOTS = {"cal-api-version": "2024-09-04"}

ORG = "/v2/organizations/1"  # globex
SALES, SUPPORT = 2, 3  # globex-sales, globex-support
SALES_ROUTER = "5a1e5000-0000-4000-8000-000000000001"
SUPPORT_TRIAGE = "5a1e5000-0000-4000-8000-000000000002"
LEE_INTAKE = "5a1e5000-0000-4000-8000-000000000003"  # gx-lee's personal form
DAY = "start=2026-01-06&end=2026-01-06"  # Tuesday


@contextmanager
def emulator() -> Iterator[TestClient]:
    settings = Settings(clock="2026-01-05T09:00:00Z", fixtures=(EXAMPLE,), rate_limits="off")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def data(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()["data"]


def message(response: Any) -> str:
    text: str = response.json()["error"]["message"]
    return text


def slots_of(client: TestClient, event_type_id: int, query: str = DAY) -> Any:
    """What GET /v2/slots answers for an event type."""
    return data(client.get(f"/v2/slots?eventTypeId={event_type_id}&{query}", headers=SLOTS))
