"""End to end over HTTP: what a user with curl sees before any handler exists."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.pytest_plugin import RunningEmulator, free_port
from emulator.runtime import Runtime
from emulator.settings import Settings
from tests.helpers import ALICE


def test_health_names_versions_and_spec_hashes(client: TestClient) -> None:
    body = client.get("/_emulator/health").json()
    assert body["status"] == "ok" and body["validator"] == "fast"
    assert body["apis"]["v1"] == {
        "operations": 69,
        "sha256": "f8974dd1ab2d4bd83e16e02fcb055c44295e43e8ffa22bc3ee5f04eef26d8ec3",
    }
    assert body["apis"]["v2"]["operations"] == 229
    assert body["apis"]["legacy"]["operations"] == 24


def test_v1_path_parameter_of_the_wrong_type_is_a_400_listing_it(client: TestClient) -> None:
    response = client.get("/v1/bookings/abc?apiKey=cal_a11ce000000000000000000000000001")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [
        {
            "location": "path.id",
            "message": '"abc" is not of type "integer"',
            "expected": {"type": ["integer"]},
            "received": "abc",
        }
    ]
    assert "path.id" in body["message"]


def test_every_problem_is_listed_in_a_v2_400(client: TestClient) -> None:
    body = {"attendee": {"name": 5, "email": "x@example.com"}, "start": "2050-01-01T10:00:00Z", "eventTypeId": "one"}
    response = client.post("/v2/bookings", json=body, headers={"cal-api-version": "2024-08-13"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BadRequestException"
    # The regular-booking branch is the nearest miss; its every problem is listed.
    problems = {p["location"]: p for p in error["details"]["errors"]}
    assert problems["body.attendee.name"]["received"] == 5
    assert problems["body.attendee.name"]["expected"] == {"type": ["string"]}
    assert problems["body.attendee.timeZone"]["expected"] == "a value (required)"
    assert problems["body.eventTypeId"]["received"] == "one"
    # The message is the create pipe's own (x-emulator-messages in the bookings overlay).
    assert error["message"].startswith("attendee property is wrong, name property is wrong,name must be a string ")
    assert response.headers["x-request-id"] == "unknown-request-id"


def test_a_body_that_is_not_json_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/v2/bookings",
        content=b"{nope",
        headers={"cal-api-version": "2024-08-13", "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]["message"]


def test_query_types_are_checked(client: TestClient) -> None:
    response = client.get("/v2/bookings?take=lots", headers={"cal-api-version": "2024-08-13"})
    assert response.status_code == 400
    problem = response.json()["error"]["details"]["errors"][0]
    assert problem["location"] == "query.take" and problem["received"] == "lots"


def test_valid_request_to_an_unbound_operation_is_a_501_naming_it() -> None:
    # Every operation has a handler now: an instance without one shows what a gap answers.
    runtime = Runtime.build(Settings(rate_limits="off"))
    del runtime.handlers["OrganizationsRoutingFormsController_getOrganizationRoutingForms"]
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False, headers=ALICE) as client:
        response = client.get("/v2/organizations/1/routing-forms")
    assert response.status_code == 501
    assert response.json()["error"]["message"] == (
        "OrganizationsRoutingFormsController_getOrganizationRoutingForms (GET /v2/organizations/{orgId}/routing-forms)"
        " is not implemented by calcom-emulator yet; the request was valid."
    )


def test_unknown_paths_and_methods_in_each_versions_shape(client: TestClient) -> None:
    assert client.get("/v1/nothing").json() == {"message": "Cannot GET /v1/nothing"}
    response = client.delete("/v1/slots")
    assert response.status_code == 405 and response.json() == {"message": "Only GET Method allowed"}
    assert response.headers["allow"] == "GET"
    assert client.put("/v1/bookings/1").headers["allow"] == "GET, PATCH"
    response = client.put("/v2/me")
    assert response.status_code == 405 and response.json()["error"]["code"] == "MethodNotAllowedException"


def test_the_journal_records_calls_newest_first(client: TestClient) -> None:
    client.get("/v1/payments/77?apiKey=cal_a11ce000000000000000000000000001")
    entries = client.get("/_emulator/requests?operationId=getPaymentById").json()["requests"]
    assert (
        entries[0]["path"] == "/v1/payments/77?apiKey=cal_a11ce000000000000000000000000001"
        and entries[0]["status"] == 404
    )
    assert client.get("/_emulator/requests?status=abc").status_code == 400


def test_the_pytest_fixture_serves_real_http(calcom_emulator: RunningEmulator) -> None:
    with urllib.request.urlopen(calcom_emulator.url + "/_emulator/health") as response:
        assert json.load(response)["apis"]["v2"]["operations"] == 229
    try:
        urllib.request.urlopen(calcom_emulator.v2 + "/slots")
    except urllib.error.HTTPError as err:
        assert err.code == 404
        assert json.load(err)["error"]["message"] == "Cannot GET /v2/slots"
    else:
        raise AssertionError("GET /v2/slots without cal-api-version must be a 404")


def test_the_cli_serves_and_prints_what_it_loaded() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "emulator.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_emulator/health", timeout=1) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "server did not answer within 20 s"
                time.sleep(0.05)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert "loaded 69 v1 + 229 v2 operations (+24 legacy 2024-04-15)" in out
    assert f"listening on http://127.0.0.1:{port}" in out
