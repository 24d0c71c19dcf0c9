"""What the fuzz stage (tests/fuzz/) found, kept as plain HTTP tests: each once answered a 500 or an
answer off the contract."""

from __future__ import annotations

from starlette.testclient import TestClient

ALICE_KEY = "cal_a11ce000000000000000000000000001"
NEW_EVENT_TYPE = {"title": "Fuzzed", "slug": "fuzzed", "length": 30}


def test_v1_dates_before_the_year_1000_keep_four_digits(c: TestClient) -> None:
    body = {**NEW_EVENT_TYPE, "periodType": "RANGE", "periodStartDate": "0229-01-26T03:37:45.4Z"}
    response = c.post(f"/v1/event-types?apiKey={ALICE_KEY}", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["event_type"]["periodStartDate"] == "0229-01-26T03:37:45.400Z"


def test_v1_event_type_schedule_must_be_a_schedule(c: TestClient) -> None:
    for schedule in (-10000000.0, 2.5, 99999):
        response = c.post(f"/v1/event-types?apiKey={ALICE_KEY}", json={**NEW_EVENT_TYPE, "scheduleId": schedule})
        assert response.status_code == 400, response.text
        assert response.json()["message"] == "An error occurred while querying the database."
    response = c.post(f"/v1/event-types?apiKey={ALICE_KEY}", json={**NEW_EVENT_TYPE, "scheduleId": 1.0})
    assert response.status_code == 200, response.text
    assert response.json()["event_type"]["scheduleId"] == 1
    created = response.json()["event_type"]["id"]
    edited = c.patch(f"/v1/event-types/{created}?apiKey={ALICE_KEY}", json={"scheduleId": 0.5})
    assert edited.status_code == 400, edited.text


V2_EVENT_TYPES = {"Authorization": f"Bearer {ALICE_KEY}", "cal-api-version": "2024-06-14"}


def test_v2_event_type_disabled_false_names_nothing_and_changes_nothing(c: TestClient) -> None:
    """`{"disabled": false}` fits the Disabled branch of `recurrence` and `seats` without a field to enable."""
    workshop = 5  # Alice's seated event type: 5 seats
    before = c.get(f"/v2/event-types/{workshop}", headers=V2_EVENT_TYPES).json()["data"]
    for body in ({"recurrence": {"disabled": False}}, {"seats": {"disabled": False}}):
        response = c.patch(f"/v2/event-types/{workshop}", headers=V2_EVENT_TYPES, json=body)
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["recurrence"], data["seats"]) == (before["recurrence"], before["seats"])
    created = c.post(
        "/v2/event-types",
        headers=V2_EVENT_TYPES,
        json={"title": "Fuzzed", "slug": "fuzzed", "lengthInMinutes": 30, "recurrence": {"disabled": False}},
    )
    assert created.status_code == 201, created.text
    assert created.json()["data"]["recurrence"] is None


def test_v2_booking_fields_are_checked_as_the_server_checks_them(c: TestClient) -> None:
    """Fields the spec's union lets through but the server's booking-field validator refuses."""
    refused = {
        "All booking fields except ones with slug equal to title, notes, guests, rescheduleReason and location "
        "must have a 'type' property.": [{"slug": "favourite-colour", "label": "Colour", "required": False}],
        "Each booking field except ones with type equal to name, splitName, email must have a 'slug' property.": [
            {"type": "text", "label": "Colour", "required": False, "placeholder": ""}
        ],
        "Unsupported booking field type 'rule'.": [{"type": "rule", "slug": "x", "label": "X", "required": True}],
        "Duplicate bookingFields slug 'x' found. All bookingFields slugs must be unique.": [
            {"type": "text", "slug": "x", "label": "X", "required": False, "placeholder": ""},
            {"type": "number", "slug": "x", "label": "Y", "required": False, "placeholder": ""},
        ],
    }
    for message, fields in refused.items():
        response = c.patch("/v2/event-types/1", headers=V2_EVENT_TYPES, json={"bookingFields": fields})
        assert response.status_code == 400, response.text
        assert response.json()["error"]["message"] == message
    kept = [{"type": "text", "slug": "favourite-colour", "label": "Colour", "required": False, "placeholder": ""}]
    response = c.patch("/v2/event-types/1", headers=V2_EVENT_TYPES, json={"bookingFields": kept})
    assert response.status_code == 200, response.text
    assert "favourite-colour" in [f.get("slug") for f in response.json()["data"]["bookingFields"]]
