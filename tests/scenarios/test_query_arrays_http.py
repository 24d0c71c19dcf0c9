"""Array query parameters as v2's Express parser reads them: ``name[]=`` (axios' form) and repeats."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY

V2 = {"cal-api-version": "2024-08-13", "Authorization": f"Bearer {ALICE_KEY}"}


def uids(c: TestClient, query: str) -> list[str]:
    response = c.get(f"/v2/bookings?{query}", headers=V2)
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return [b["uid"] for b in data]


def test_bracketed_names_are_the_array_the_plain_name_is(c: TestClient) -> None:
    cancelled = uids(c, "status=cancelled")
    assert cancelled and uids(c, "status[]=cancelled") == cancelled
    assert uids(c, "status%5B%5D=cancelled") == cancelled  # as a browser encodes it
    both = uids(c, "status=cancelled,past")
    assert len(both) > len(cancelled)
    assert uids(c, "status[]=cancelled&status[]=past") == both
    assert uids(c, "status=cancelled&status=past") == both
    everything = uids(c, "take=100")
    assert len(everything) > len(both)  # the filter is applied, not ignored


def test_bracketed_values_are_validated(c: TestClient) -> None:
    bogus = c.get("/v2/bookings?status[]=bogus", headers=V2)
    assert bogus.status_code == 400
    assert "status" in bogus.text


def test_a_bracketed_name_is_an_array_even_once_so_a_single_value_parameter_refuses_it(c: TestClient) -> None:
    assert c.get("/v2/bookings?take=2", headers=V2).status_code == 200
    refused = c.get("/v2/bookings?take[]=2", headers=V2)
    assert refused.status_code == 400
    assert "take" in refused.text


def test_v1_keeps_bracketed_names_as_they_came(c: TestClient) -> None:
    # v1 (Next.js) does not read brackets: an unknown query parameter is ignored there.
    plain = c.get(f"/v1/bookings?apiKey={ALICE_KEY}")
    bracketed = c.get(f"/v1/bookings?apiKey={ALICE_KEY}&status[]=cancelled")
    assert plain.status_code == bracketed.status_code == 200
    assert plain.json() == bracketed.json()
