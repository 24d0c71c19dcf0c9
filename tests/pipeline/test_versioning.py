"""cal-api-version handling, as the real server does it (reference, section 6)."""

from starlette.testclient import TestClient

V = "cal-api-version"


def op_of(client: TestClient, method: str, url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """The status and which operation served the call (from the journal), or the error message."""
    response = client.request(method, url, headers=headers or {})
    served = client.get("/_emulator/requests").json()["requests"][0]["operationId"]
    if served is None:
        return response.status_code, response.json()["error"]["message"]
    return response.status_code, served + " "


def test_no_header_reaches_the_legacy_event_type_list(client: TestClient) -> None:
    _status, message = op_of(client, "GET", "/v2/event-types")
    assert message.startswith("EventTypesController_2024_04_15_getEventTypes ")


def test_no_header_reaches_legacy_available_slots(client: TestClient) -> None:
    url = "/v2/slots/available?eventTypeId=1&startTime=2050-09-05&endTime=2050-09-06"
    _status, message = op_of(client, "GET", url)
    assert message.startswith("SlotsController_2024_04_15_getAvailableSlots ")


def test_no_header_on_current_slots_is_the_real_404(client: TestClient) -> None:
    response = client.get("/v2/slots?start=2050-09-05&end=2050-09-06&eventTypeId=1")
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == {
        "code": "NotFoundException",
        "message": "Cannot GET /v2/slots",
        "details": {"message": "Cannot GET /v2/slots", "error": "Not Found", "statusCode": 404},
    }
    assert body["path"] == "/v2/slots?start=2050-09-05&end=2050-09-06&eventTypeId=1"


def test_the_right_header_reaches_the_current_operation(client: TestClient) -> None:
    _status, message = op_of(
        client, "GET", "/v2/slots?start=2050-09-05&end=2050-09-06&eventTypeId=1", {V: "2024-09-04"}
    )
    assert message.startswith("SlotsController_2024_09_04_getAvailableSlots ")


def test_an_unknown_value_falls_back_like_a_missing_one(client: TestClient) -> None:
    _status, message = op_of(client, "GET", "/v2/event-types", {V: "2099-01-01"})
    assert message.startswith("EventTypesController_2024_04_15_getEventTypes ")


def test_2024_08_13_gets_legacy_slots_but_no_event_types(client: TestClient) -> None:
    status, message = op_of(
        client, "GET", "/v2/slots/available?eventTypeId=1&startTime=2050-09-05&endTime=2050-09-06", {V: "2024-08-13"}
    )
    assert "2024_04_15" in message
    status, message = op_of(client, "GET", "/v2/event-types", {V: "2024-08-13"})
    assert (status, message) == (404, "Cannot GET /v2/event-types")


def test_schedules_2024_06_11_controller_also_serves_2024_06_14(client: TestClient) -> None:
    for version in ("2024-06-11", "2024-06-14"):
        _status, message = op_of(client, "GET", "/v2/schedules", {V: version})
        assert message.startswith("SchedulesController_2024_06_11_getSchedules "), version


def test_unversioned_controllers_answer_every_version(client: TestClient) -> None:
    for headers in ({}, {V: "2024-09-04"}, {V: "junk"}):
        _status, message = op_of(client, "GET", "/v2/oauth-clients", headers)
        assert message.startswith("OAuthClientsController_getOAuthClients "), headers


def test_legacy_only_paths_404_with_a_current_version(client: TestClient) -> None:
    status, _ = op_of(client, "POST", "/v2/bookings/abc/reschedule", {})
    assert status == 404


def test_strict_versions_names_the_expected_value(strict_client: TestClient) -> None:
    response = strict_client.get("/v2/slots?start=2050-09-05&end=2050-09-06&eventTypeId=1")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "cal-api-version: 2024-09-04" in error["message"]
    assert error["details"]["errors"][0]["expected"] == ["2024-09-04"]
    response = strict_client.get("/v2/event-types", headers={V: "2024-08-13"})
    assert response.status_code == 400 and "2024-06-14" in response.json()["error"]["message"]


def test_strict_versions_lets_right_headers_and_unversioned_paths_through(strict_client: TestClient) -> None:
    assert strict_client.get("/v2/event-types", headers={V: "2024-06-14"}).status_code != 400
    assert strict_client.get("/v2/me").status_code == 200
