"""Verified emails and phone numbers over HTTP: a user's (/v2/verified-resources), a team's
(/v2/teams/{teamId}/verified-resources) and an organization team's (/v2/organizations/{orgId}/teams/
{teamId}/verified-resources). Codes never appear in answers; they are read from the admin outbox."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.helpers import ALICE_KEY, BOB_KEY, CAROL_KEY, DAVE_KEY, error, ids

ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}
BOB = {"Authorization": f"Bearer {BOB_KEY}"}
CAROL = {"Authorization": f"Bearer {CAROL_KEY}"}
DAVE = {"Authorization": f"Bearer {DAVE_KEY}"}
BAD_EMAIL_CODE = "Bad request: Please check your request data and try again"


def outbox(c: TestClient, **query: str) -> list[dict[str, Any]]:
    response = c.get("/_emulator/outbox", params=query)
    assert response.status_code == 200
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


def request_code(c: TestClient, base: str, headers: dict[str, str], kind: str, value: str) -> str:
    field = "email" if kind == "emails" else "phone"
    response = c.post(f"{base}/{kind}/verification-code/request", headers=headers, json={field: value})
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "success"}
    code: str = outbox(c, to=value)[-1]["code"]
    return code


def verify(c: TestClient, base: str, headers: dict[str, str], kind: str, value: str, code: str) -> Any:
    field = "email" if kind == "emails" else "phone"
    return c.post(f"{base}/{kind}/verification-code/verify", headers=headers, json={field: value, "code": code})


def test_user_email_request_verify_list(c: TestClient) -> None:
    base, alice = "/v2/verified-resources", ids(c, "users")["alice"]
    code = request_code(c, base, ALICE, "emails", "billing@example.com")
    [message] = outbox(c)
    assert message["channel"] == "email" and message["to"] == "billing@example.com"
    assert code in message["body"] and len(code) == 6 and code.isdigit()
    assert message["createdAt"] == c.get("/_emulator/clock").json()["now"]
    verified = verify(c, base, ALICE, "emails", "billing@example.com", code)
    assert verified.status_code == 200, verified.text
    row = verified.json()["data"]
    assert row == {"id": row["id"], "email": "billing@example.com", "userId": alice, "teamId": None}
    assert c.get(f"{base}/emails", headers=ALICE).json() == {"status": "success", "data": [row]}
    assert c.get(f"{base}/emails/{row['id']}", headers=ALICE).json()["data"] == row
    # another user's row is not found: data null, as findFirst answers
    assert c.get(f"{base}/emails/{row['id']}", headers=BOB).json() == {"status": "success", "data": None}
    assert c.get(f"{base}/emails", headers=BOB).json()["data"] == []


def test_user_phone_request_verify_list(c: TestClient) -> None:
    base, alice = "/v2/verified-resources", ids(c, "users")["alice"]
    code = request_code(c, base, ALICE, "phones", "+37255556666")
    assert outbox(c, channel="sms")[0]["subject"] is None
    verified = verify(c, base, ALICE, "phones", "+37255556666", code)
    assert verified.status_code == 200, verified.text
    row = verified.json()["data"]
    assert row == {"id": row["id"], "phoneNumber": "+37255556666", "userId": alice, "teamId": None}
    assert c.get(f"{base}/phones", headers=ALICE).json()["data"] == [row]
    assert c.get(f"{base}/phones/{row['id']}", headers=ALICE).json()["data"] == row
    # a phone code is approved once
    again = verify(c, base, ALICE, "phones", "+37255556666", code)
    assert again.status_code == 400 and error(again)["message"] == "Could not verify phone number."


def test_wrong_codes(c: TestClient) -> None:
    base = "/v2/verified-resources"
    code = request_code(c, base, ALICE, "emails", "ops@example.com")
    wrong = "000000" if code != "000000" else "111111"
    refused = verify(c, base, ALICE, "emails", "ops@example.com", wrong)
    assert refused.status_code == 400
    assert (error(refused)["code"], error(refused)["message"]) == ("TRPCError", BAD_EMAIL_CODE)
    other_address = verify(c, base, ALICE, "emails", "other@example.com", code)
    assert other_address.status_code == 400
    phone_code = request_code(c, base, ALICE, "phones", "+15550100")
    bad_phone = verify(c, base, ALICE, "phones", "+15550100", phone_code[::-1] + "9")
    assert bad_phone.status_code == 400 and error(bad_phone)["message"] == "Could not verify phone number."
    assert c.get(f"{base}/emails", headers=ALICE).json()["data"] == []
    assert c.get(f"{base}/phones", headers=ALICE).json()["data"] == []


def test_expired_codes(c: TestClient) -> None:
    base = "/v2/verified-resources"
    email_code = request_code(c, base, ALICE, "emails", "late@example.com")
    phone_code = request_code(c, base, ALICE, "phones", "+15550111")
    assert c.post("/_emulator/clock", json={"advance": "15m"}).status_code == 200
    late_email = verify(c, base, ALICE, "emails", "late@example.com", email_code)
    assert late_email.status_code == 400 and error(late_email)["message"] == BAD_EMAIL_CODE
    late_phone = verify(c, base, ALICE, "phones", "+15550111", phone_code)
    assert late_phone.status_code == 400 and error(late_phone)["message"] == "Could not verify phone number."


def test_outbox_clear_and_reset(c: TestClient) -> None:
    base = "/v2/verified-resources"
    code = request_code(c, base, ALICE, "emails", "keep@example.com")
    assert c.delete("/_emulator/outbox").json() == {"cleared": 1}
    assert outbox(c) == []
    # clearing the outbox does not withdraw the code
    assert verify(c, base, ALICE, "emails", "keep@example.com", code).status_code == 200
    request_code(c, base, ALICE, "phones", "+15550122")
    c.post("/_emulator/reset")
    assert outbox(c) == []
    assert c.get(f"{base}/emails", headers=ALICE).json()["data"] == []


def test_team_scope(c: TestClient) -> None:
    team, dave = ids(c, "teams")["design-studio"], ids(c, "users")["dave"]
    base = f"/v2/teams/{team}/verified-resources"
    code = request_code(c, base, DAVE, "emails", "studio@example.com")
    verified = verify(c, base, DAVE, "emails", "studio@example.com", code)
    assert verified.status_code == 200, verified.text
    row = verified.json()["data"]
    assert row == {"id": row["id"], "email": "studio@example.com", "userId": dave, "teamId": team}
    assert c.get(f"{base}/emails", headers=DAVE).json()["data"] == [row]
    # the user's own list holds what they verified for a team too (where userId only)
    assert c.get("/v2/verified-resources/emails", headers=DAVE).json()["data"] == [row]
    phone_code = request_code(c, base, DAVE, "phones", "+15550133")
    phone = verify(c, base, DAVE, "phones", "+15550133", phone_code).json()["data"]
    assert phone["teamId"] == team and c.get(f"{base}/phones", headers=DAVE).json()["data"] == [phone]
    # by id, the service hands the repository (teamId, id) where it reads (id, teamId)
    assert c.get(f"{base}/emails/{row['id']}", headers=DAVE).json()["data"] is None


def test_team_guard(c: TestClient) -> None:
    team = ids(c, "teams")["design-studio"]
    refused = c.post(
        f"/v2/teams/{team}/verified-resources/emails/verification-code/request",
        headers=ALICE,
        json={"email": "x@example.com"},
    )
    assert refused.status_code == 403
    assert outbox(c) == []


def test_org_team_scope_and_guard(c: TestClient) -> None:
    teams, bob = ids(c, "teams"), ids(c, "users")["bob"]
    base = f"/v2/organizations/{teams['acme']}/teams/{teams['acme-sales']}/verified-resources"
    code = request_code(c, base, BOB, "phones", "+15550144")
    verified = verify(c, base, BOB, "phones", "+15550144", code)
    assert verified.status_code == 200, verified.text
    row = verified.json()["data"]
    assert row == {"id": row["id"], "phoneNumber": "+15550144", "userId": bob, "teamId": teams["acme-sales"]}
    assert c.get(f"{base}/phones", headers=ALICE).json()["data"] == [row]
    member = c.get(f"{base}/emails", headers=CAROL)
    assert member.status_code == 403
    assert error(member)["message"] == (
        f"RolesGuard - user with id={ids(c, 'users')['carol']} does not have the minimum required role=TEAM_ADMIN "
        f"within organization with id={teams['acme']} team with id={teams['acme-sales']}."
    )
    foreign = c.get(
        f"/v2/organizations/{teams['acme']}/teams/{teams['design-studio']}/verified-resources/emails", headers=ALICE
    )
    assert foreign.status_code == 404


def test_anonymous_is_refused(c: TestClient) -> None:
    response = c.post("/v2/verified-resources/emails/verification-code/request", json={"email": "a@example.com"})
    assert response.status_code == 401
    assert outbox(c) == []
