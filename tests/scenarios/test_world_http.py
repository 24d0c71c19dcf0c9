"""Handlers reading and writing the world, over HTTP."""

from starlette.testclient import TestClient


def test_v2_me_reads_the_default_user(client: TestClient) -> None:
    response = client.get("/v2/me")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["username"] == "alice" and data["email"] == "alice@acme.example"
    assert data["timeZone"] == "Europe/London" and data["timeFormat"] == 24
    assert isinstance(data["defaultScheduleId"], int)
    org = next(t for t in client.get("/_emulator/state/teams").json()["records"] if t["id"] == data["organizationId"])
    assert org["is_organization"] is True
    assert data["organization"] == {"isPlatform": org["is_platform"], "id": org["id"]}


def test_v1_me_reads_the_same_user(client: TestClient) -> None:
    response = client.get("/v1/me?apiKey=cal_a11ce000000000000000000000000001")
    assert response.status_code == 200
    user = response.json()["user"]
    assert (user["id"], user["username"], user["timeZone"]) == (1, "alice", "Europe/London")


def test_webhook_crud_with_conflict_and_validation(calcom) -> None:  # type: ignore[no-untyped-def]
    import httpx

    base = calcom.v2 + "/webhooks"
    with httpx.Client(headers={"Authorization": "Bearer cal_a11ce000000000000000000000000001"}) as http:
        body = {"subscriberUrl": "https://hooks.example/crud", "triggers": ["BOOKING_CREATED"], "active": True}
        created = http.post(base, json=body)
        assert created.status_code == 201
        hook = created.json()["data"]
        assert len(hook["id"]) == 36 and hook["payloadTemplate"] is None and hook["userId"] == 1
        assert http.post(base, json=body).status_code == 409
        patched = http.patch(f"{base}/{hook['id']}", json={"active": False, "triggers": ["BOOKING_CANCELLED"]})
        assert patched.json()["data"]["active"] is False
        assert patched.json()["data"]["triggers"] == ["BOOKING_CANCELLED"]
        bad = http.post(base, json={"subscriberUrl": "https://x.example", "triggers": ["NOPE"], "active": "yes"})
        assert bad.status_code == 400
        locations = {p["location"] for p in bad.json()["error"]["details"]["errors"]}
        assert locations == {"body.triggers[0]", "body.active"}
        assert http.delete(f"{base}/{hook['id']}").status_code == 200
        missing = http.get(f"{base}/{hook['id']}")
        assert missing.status_code == 404 and missing.json()["error"]["message"] == f"Webhook ({hook['id']}) not found"


def test_the_reference_validator_serves_the_same_answers() -> None:
    from emulator.app import create_app
    from emulator.settings import Settings
    from tests.helpers import ALICE

    with TestClient(create_app(Settings(validator="openapi-core")), headers=ALICE) as reference:
        assert reference.get("/_emulator/health").json()["validator"] == "openapi-core"
        hook = {"subscriberUrl": "https://hooks.example/ref", "triggers": ["BOOKING_CREATED"], "active": True}
        assert reference.post("/v2/webhooks", json=hook).status_code == 201
        assert (
            reference.post("/v2/webhooks", json={**hook, "subscriberUrl": "https://hooks.example/2"}).status_code == 201
        )
        # Typed query parameters reach the handler whichever validator ran.
        assert len(reference.get("/v2/webhooks?take=1").json()["data"]) == 1
        bad = reference.get("/v2/webhooks?take=lots")
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "BadRequestException"
