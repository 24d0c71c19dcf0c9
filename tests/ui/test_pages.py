"""The dashboard's routes over HTTP, without a browser: what each page renders, the admin token, the
escaping of user text, paging, filters, the curl command, record JSON, the pulse and redelivery."""

from __future__ import annotations

import re
import shlex
from typing import Any

import pytest
from starlette.testclient import TestClient

from emulator.admin.ui import coverage_view
from emulator.admin.ui.markup import Html, esc, tag
from emulator.app import create_app
from emulator.settings import Settings
from tests.helpers import ALICE, ids

V2 = {**ALICE, "cal-api-version": "2024-08-13"}
PAGES = ("world", "week", "journal", "webhooks", "coverage", "controls")
HOSTILE = '<img src=x onerror="alert(1)">&amp;'


def book(c: TestClient, start: str, name: str = "Wendy Watcher") -> dict[str, Any]:
    body = {
        "start": start,
        "eventTypeId": ids(c, "event_types")["alice/30min"],
        "attendee": {"name": name, "email": "wendy@guest.example", "timeZone": "Europe/London"},
    }
    response = c.post("/v2/bookings", headers=V2, json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def part(c: TestClient, name: str, status: int = 200, /, **params: Any) -> str:
    response = c.get(f"/_emulator/ui/part/{name}", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_markup_escapes_text_and_attributes_but_keeps_markup() -> None:
    assert tag("p", HOSTILE, title='"x"') == (
        '<p title="&quot;x&quot;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;</p>'
    )
    assert tag("div", tag("b", "<"), None, 3) == "<div><b>&lt;</b>3</div>"
    assert esc(Html("<b>")) == "<b>" and esc(None) == ""
    assert tag("input", name="q", checked=True, hidden=False) == '<input name="q" checked>'


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_shell_and_content(c: TestClient, page: str) -> None:
    shell = c.get(f"/_emulator/ui/{page}")
    assert shell.status_code == 200
    assert f'data-page="{page}"' in shell.text and "/_emulator/ui/static/ui.js" in shell.text
    assert "script-src 'self'" in shell.headers["content-security-policy"]
    assert re.search(r"<h1>[^<]+</h1>", part(c, page))


def test_the_bare_address_is_the_world_page_and_unknown_pages_are_404(c: TestClient) -> None:
    assert 'data-page="world"' in c.get("/_emulator/ui").text
    assert c.get("/_emulator/ui/nope").status_code == 404
    assert "the pages are world, week" in part(c, "nope", 404)
    assert c.get("/_emulator/ui/static/nope.js").status_code == 404
    script = c.get("/_emulator/ui/static/ui.js")
    assert script.headers["content-type"].startswith("text/javascript") and "function admin(" in script.text


def test_shells_are_open_but_everything_with_data_needs_the_admin_token() -> None:
    with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z", admin_token="t0ken"))) as guarded:
        for open_path in ("/_emulator/ui", "/_emulator/ui/journal", "/_emulator/ui/static/ui.css"):
            assert guarded.get(open_path).status_code == 200, open_path
        for closed in ("/_emulator/ui/part/world", "/_emulator/ui/pulse", "/_emulator/ui/record/users/1"):
            assert guarded.get(closed).status_code == 401, closed
            assert guarded.get(closed, headers={"Authorization": "Bearer t0ken"}).status_code == 200, closed
        assert guarded.get("/_emulator/ui/static/../../_emulator/state").status_code == 401


def test_the_world_page_lists_the_records_with_links_to_their_json(c: TestClient) -> None:
    html = part(c, "world")
    assert "Users (9)" in html and "alice@acme.example" in html
    assert 'href="/_emulator/ui/record/users/1" data-json' in html
    assert 'href="/_emulator/ui/week?user=1" data-nav' in html
    assert "Acme Inc" in html and "organization" in html
    assert "Mon, Tue, Wed, Thu, Fri 09:00-17:00" in html


def test_the_world_page_pages_long_lists(c: TestClient) -> None:
    c.post("/_emulator/fixtures?scope=test", content="generate: {users: 150}\n")
    first, second = part(c, "world"), part(c, "world", usersPage="2")

    def users(html: str) -> str:
        return html.split('<section id="users">')[1].split("</section>")[0]

    assert "Users (159)" in first and "page 1 of 2" in users(first)
    assert users(first).count('href="/_emulator/ui/week?user=') == 100
    assert users(second).count('href="/_emulator/ui/week?user=') == 59 and "page 2 of 2" in users(second)
    assert users(part(c, "world", usersPage="999")) == users(second)  # held to the last page
    assert users(part(c, "world", usersPage="x")) == users(first)


def test_user_text_is_escaped_everywhere(c: TestClient) -> None:
    booking = book(c, "2026-01-09T10:00:00Z", HOSTILE)
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;"
    week = part(c, "week", user="alice", week="2026-01-09")
    assert booking["uid"] in week and escaped in week and "<img" not in week
    seq = c.get("/_emulator/requests").json()["requests"][0]["seq"]
    detail = c.get(f"/_emulator/ui/part/journal/{seq}").text
    assert "<img" not in detail and "alert(1)" in detail
    deliveries = part(c, "webhooks")
    assert "<img" not in deliveries and "alert(1)" in deliveries


def test_the_week_view_shades_working_hours_and_places_bookings(c: TestClient) -> None:
    booking = book(c, "2026-01-09T10:00:00Z")
    html = part(c, "week", user="alice", week="2026-01-07")
    assert "week of 2026-01-05, Europe/London" in html  # Monday first
    friday = html.split('data-day="2026-01-09"')[1].split('class="day"')[0]
    assert 'class="slot" style="top:37.500%;height:33.333%' in friday  # 09:00-17:00 of 24 h
    block = friday.split(f'data-uid="{booking["uid"]}"')[0].rsplit("<a ", 1)[1]
    assert 'style="top:41.667%;height:2.083%' in block and "accepted" in block  # 10:00, 30 min
    assert html.count('class="day"') == 7


def test_the_week_is_the_users_own(c: TestClient) -> None:
    bob = part(c, "week", user="bob", week="2026-01-06")
    assert "America/New_York" in bob
    assert 'class="slot" style="top:37.500%' in bob  # 09:00 in New York, not in UTC
    carol = part(c, "week", user="carol", week="2026-01-06")
    assert "week of 2026-01-04" in carol  # carol's weeks start on Sunday
    assert "No bookings this week." in part(c, "week", user="erin", week="2030-01-01")


def test_the_week_view_refuses_what_it_cannot_show(c: TestClient) -> None:
    assert "no user &#x27;nobody&#x27;" in part(c, "week", 404, user="nobody")
    assert "week must be a date" in part(c, "week", 400, week="yesterday")
    assert "week must be a date" in part(c, "week", 400, week="1500-01-01")
    assert "longer than 1000" in part(c, "week", 400, user="x" * 1001)


def test_the_journal_pages_newest_first_and_filters(c: TestClient) -> None:
    for _ in range(55):
        c.get("/v2/me", headers=ALICE)
    c.get("/v2/me")
    first = part(c, "journal")
    seqs = [int(s) for s in re.findall(r'<tr data-seq="(\d+)"', first)]
    assert seqs == list(range(56, 6, -1)) and "page 1 of 2" in first
    assert [int(s) for s in re.findall(r'<tr data-seq="(\d+)"', part(c, "journal", page="2"))] == list(range(6, 0, -1))
    failed = part(c, "journal", status="4xx")
    assert re.findall(r'<tr data-seq="(\d+)"', failed) == ["56"] and "1 of 56 call(s)" in failed
    assert re.findall(r'<tr data-seq="(\d+)"', part(c, "journal", credential="api_key:alice"))[0] == "55"
    assert '<option value="MeController_getMe">' in first
    assert "status must be an HTTP status code" in part(c, "journal", 400, status="abc")


def test_a_journal_entry_opens_with_a_curl_command_that_repeats_it(c: TestClient) -> None:
    booking = book(c, "2026-01-09T11:00:00Z", 'O\'Brien "quoted"')
    entry = c.get("/_emulator/requests").json()["requests"][0]
    html = c.get(f"/_emulator/ui/part/journal/{entry['seq']}").text
    assert booking["uid"] in html and "cal-api-version" in html
    command = re.search(r'<pre id="curl-\d+" class="curl"><code>(.*?)</code></pre>', html, re.S)
    assert command is not None
    argv = shlex.split(command.group(1).replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&"))
    assert argv[:5] == ["curl", "-i", "-X", "POST", "http://testserver/v2/bookings"]
    assert argv[argv.index("--data-raw") + 1] == entry["requestBody"]
    headers = [argv[i + 1] for i, a in enumerate(argv) if a == "-H"]
    assert "cal-api-version: 2024-08-13" in headers and f"authorization: {ALICE['Authorization']}" in headers
    assert not any(h.startswith(("host:", "content-length:")) for h in headers)
    assert c.get("/_emulator/ui/part/journal/999").status_code == 404
    assert c.get("/_emulator/ui/part/journal/abc").status_code == 404
    assert c.get("/_emulator/ui/part/journal/\u00b2").status_code == 404  # a digit int() refuses


def test_a_record_answers_its_json(c: TestClient) -> None:
    assert c.get("/_emulator/ui/record/users/1").json()["record"]["email"] == "alice@acme.example"
    key_id = c.get("/_emulator/state/api_keys").json()["records"][0]["id"]
    assert c.get(f"/_emulator/ui/record/api_keys/{key_id}").json()["record"]["id"] == key_id
    assert c.get("/_emulator/ui/record/nope/1").status_code == 404
    assert c.get("/_emulator/ui/record/users/\u00b2").status_code == 404
    assert c.get("/_emulator/ui/record/users/999").json()["error"] == "no record '999' in users"


def test_the_pulse_follows_the_journal_deliveries_and_clock(c: TestClient) -> None:
    before = c.get("/_emulator/ui/pulse").json()
    assert before["journal"] == {"newest": 0, "kept": 0} and before["deliveries"]["kept"] == 0
    book(c, "2026-01-09T12:00:00Z")
    c.post("/_emulator/clock", json={"advance": "1h"})
    after = c.get("/_emulator/ui/pulse").json()
    newest = c.get("/_emulator/webhooks/deliveries").json()["deliveries"][0]["id"]
    assert after["journal"] == {"newest": 1, "kept": 1} and after["deliveries"] == {"newest": newest, "kept": 1}
    assert after["clock"] == {"now": "2026-01-05T10:00:00.000Z", "frozen": True}


def test_a_delivery_is_redelivered_as_a_new_one(c: TestClient) -> None:
    book(c, "2026-01-09T13:00:00Z")
    c.post("/_emulator/clock", json={"advance": "5m"})
    original = c.get("/_emulator/webhooks/deliveries").json()["deliveries"][0]["id"]
    again = c.post(f"/_emulator/webhooks/deliveries/{original}/redeliver")
    assert again.status_code == 201
    first, second = c.get("/_emulator/webhooks/deliveries").json()["deliveries"][::-1]
    assert again.json() == second and second["id"] == original + 1 and second["status"] == "recorded"
    assert (second["body"], second["headers"], second["subscriberUrl"]) == (
        first["body"],
        first["headers"],
        first["subscriberUrl"],
    )
    assert second["createdAt"] == "2026-01-05T09:05:00.000Z"
    assert c.post("/_emulator/webhooks/deliveries/99999/redeliver").status_code == 404
    assert c.post("/_emulator/webhooks/deliveries/x/redeliver").status_code == 404
    assert c.post("/_emulator/webhooks/deliveries/\u00b2/redeliver").status_code == 404
    html = part(c, "webhooks")
    assert html.count('class="delivery"') == 2 and "X-Cal-Signature-256" in html
    assert part(c, "webhooks", trigger="BOOKING_CANCELLED").count('class="delivery"') == 0


def test_the_controls_show_the_clock_faults_and_snapshots(c: TestClient) -> None:
    c.post("/_emulator/faults", json={"operationId": "MeController_getMe", "status": 503})
    c.post("/_emulator/snapshot")
    html = part(c, "controls")
    assert "2026-01-05T09:00:00.000Z" in html and ">frozen<" in html
    assert "MeController_getMe" in html and 'data-action="fault-delete" data-id="1"' in html
    assert 'data-action="snapshot-restore"' in html


def test_coverage_is_drawn_by_tag_or_said_missing(c: TestClient) -> None:
    missing = coverage_view.render(None)
    assert "Coverage not available" in missing
    data = {
        "operations": [
            {
                "operationId": "A",
                "api": "v2",
                "method": "GET",
                "path": "/v2/a",
                "tag": "T",
                "calls": 2,
                "statuses": {"200": 1, "404": 1},
            },
            {
                "operationId": "B",
                "api": "v2",
                "method": "GET",
                "path": "/v2/<b>",
                "tag": "T",
                "calls": 0,
                "statuses": {},
            },
        ],
        "since": "2026-01-05T09:00:00.000Z",
    }
    html = coverage_view.render(data)
    assert "T (1/2)" in html and 'class="op client"' in html and 'class="op unseen"' in html
    assert "/v2/&lt;b&gt;" in html
    c.get("/v2/me", headers=ALICE)
    served = part(c, "coverage")
    if "Coverage not available" not in served:  # the emulator serves GET /_emulator/coverage/client
        assert re.search(r'data-operation="MeController_getMe" data-calls="[1-9]', served)


def test_the_curl_of_another_worlds_call_names_that_world(c: TestClient) -> None:
    world = {"x-calcom-emulator-world": "ui-curl"}
    try:
        assert c.get("/_worlds/ui-curl/v2/me", headers=ALICE).status_code == 200
        assert "No calls yet" in part(c, "journal")  # the default world's journal is its own
        html = c.get("/_emulator/ui/part/journal/1", headers=world).text
        assert "-H &#x27;x-calcom-emulator-world: ui-curl&#x27;" in html
        assert re.findall(r'<tr data-seq="(\d+)"', c.get("/_emulator/ui/part/journal", headers=world).text) == ["1"]
    finally:
        c.delete("/_emulator/worlds/ui-curl")
