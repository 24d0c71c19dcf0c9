"""Many worlds in one server, over HTTP: two clients naming two worlds (one by header, one by path
prefix) work at the same time and never see each other's records, ids, clock, rate limits, keys,
journal, faults, webhook deliveries or snapshots (docs/worlds.md)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.testing.servers import Instance, start_server
from tests.helpers import ALICE_KEY

BOOKINGS = {"cal-api-version": "2024-08-13"}
ATTENDEE = {"name": "Ada", "email": "ada@example.com", "timeZone": "Europe/Rome"}
HEADER = "x-calcom-emulator-world"
LIMIT = 10


@pytest.fixture(scope="module")
def server() -> Iterator[Instance]:
    # Ten calls a minute per tracker: two worlds' anonymous bookings from one address would share a
    # window, and run out of it together, if windows were not per world.
    instance = start_server(Runtime.build(Settings(clock="2026-01-05T09:00:00Z", rate_limit=LIMIT)))
    yield instance
    instance.stop()


def event_type_id(client: httpx.Client | TestClient, key: str = "alice/30min") -> int:
    records = client.get("/_emulator/state/event_types").json()["records"]
    return int(next(r["id"] for r in records if r["key"] == key))


def book(client: httpx.Client | TestClient, start: str, event_type: int) -> Any:
    answer = client.post(
        "/v2/bookings", headers=BOOKINGS, json={"start": start, "eventTypeId": event_type, "attendee": ATTENDEE}
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["data"]


def test_two_worlds_book_at_once_and_never_see_each_other(server: Instance) -> None:
    url = server.handle.url
    # One client names its world by header, the other by path prefix: both ways select a world.
    red = httpx.Client(base_url=url, headers={HEADER: "red"}, trust_env=False)
    blue = httpx.Client(base_url=f"{url}/_worlds/blue", trust_env=False)
    plain = httpx.Client(base_url=url, trust_env=False)
    with red, blue, plain:
        thirty = event_type_id(red)
        default_bookings = len(plain.get("/_emulator/state/bookings").json()["records"])
        starts = [f"2026-01-06T{10 + i // 2:02d}:{30 * (i % 2):02d}:00Z" for i in range(8)]
        made: dict[str, list[Any]] = {"red": [], "blue": []}
        failures: list[BaseException] = []

        def run(name: str, client: httpx.Client) -> None:
            try:
                for start in starts:  # the same slots in both worlds: no conflict across worlds
                    made[name].append(book(client, start, thirty))
            except BaseException as exc:  # reported by the main thread
                failures.append(exc)

        threads = [threading.Thread(target=run, args=item) for item in (("red", red), ("blue", blue))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not failures, failures

        red_ids = [b["id"] for b in made["red"]]
        blue_ids = [b["id"] for b in made["blue"]]
        # Each world counts its own ids, from where the fixtures left off, with no gaps the other made.
        first = red_ids[0]
        assert red_ids == list(range(first, first + 8)) and blue_ids == red_ids
        # uids come from each world's own random source: never the same in two worlds.
        assert not {b["uid"] for b in made["red"]} & {b["uid"] for b in made["blue"]}
        for client, name in ((red, "red"), (blue, "blue")):
            uids = {r["uid"] for r in client.get("/_emulator/state/bookings").json()["records"]}
            mine = {b["uid"] for b in made[name]}
            other = {b["uid"] for b in made["blue" if name == "red" else "red"]}
            assert mine <= uids and not other & uids
        # The default world saw none of it.
        assert len(plain.get("/_emulator/state/bookings").json()["records"]) == default_bookings
        assert (
            plain.get(
                "/_emulator/requests", params={"operationId": "BookingsController_2024_08_13_createBooking"}
            ).json()["requests"]
            == []
        )
        assert len(red.get("/_emulator/requests").json()["requests"]) == 8

        # Rate limits: each world counted its own 8 of the 10 anonymous calls a minute from this address.
        late = [f"2026-01-07T{10 + i}:00:00Z" for i in range(3)]
        body = {"eventTypeId": thirty, "attendee": ATTENDEE}
        tried = [red.post("/v2/bookings", headers=BOOKINGS, json={"start": s, **body}) for s in late]
        assert [t.status_code for t in tried] == [201, 201, 429]
        assert tried[0].headers["x-ratelimit-remaining-default"] == "1"
        again = blue.post("/v2/bookings", headers=BOOKINGS, json={"start": late[0], **body})
        assert again.status_code == 201 and again.headers["x-ratelimit-remaining-default"] == "1"

        # Clocks: moving red's (which also opens it a new rate-limit window) leaves the others' alone.
        assert red.post("/_emulator/clock", json={"advance": "1h"}).json()["now"] == "2026-01-05T10:00:00.000Z"
        assert blue.get("/_emulator/clock").json()["now"] == "2026-01-05T09:00:00.000Z"
        assert plain.get("/_emulator/clock").json()["now"] == "2026-01-05T09:00:00.000Z"


def test_clocks_are_per_world(server: Instance) -> None:
    url = server.handle.url
    with httpx.Client(base_url=url, trust_env=False) as http:
        moved = http.post("/_worlds/early/_emulator/clock", json={"advance": "2d"}).json()["now"]
        assert moved == "2026-01-07T09:00:00.000Z"
        assert http.get("/_emulator/clock", headers={HEADER: "late"}).json()["now"] == "2026-01-05T09:00:00.000Z"
        assert http.get("/_emulator/clock").json()["now"] == "2026-01-05T09:00:00.000Z"
        # The world's own clock answers its API too: a booking two days back is now in the past.
        thirty = event_type_id(http)
        past = http.post(
            "/_worlds/early/v2/bookings",
            headers=BOOKINGS,
            json={"start": "2026-01-06T10:00:00Z", "eventTypeId": thirty, "attendee": ATTENDEE},
        )
        assert past.status_code == 400, past.text
        assert (
            http.post(
                "/_worlds/late/v2/bookings",
                headers=BOOKINGS,
                json={"start": "2026-01-06T10:00:00Z", "eventTypeId": thirty, "attendee": ATTENDEE},
            ).status_code
            == 201
        )


def test_rate_limit_windows_are_per_world() -> None:
    with TestClient(create_app(Settings(rate_limit=3)), raise_server_exceptions=False) as http:
        me = {"Authorization": f"Bearer {ALICE_KEY}"}
        statuses = [http.get("/_worlds/busy/v2/me", headers=me).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        quiet = http.get("/_worlds/quiet/v2/me", headers=me)
        assert quiet.status_code == 200 and quiet.headers["x-ratelimit-remaining-default"] == "2"
        assert http.get("/v2/me", headers=me).status_code == 200


def test_keys_made_in_one_world_do_not_exist_in_another(server: Instance) -> None:
    url = server.handle.url
    with httpx.Client(base_url=url, trust_env=False) as http:
        old = {"Authorization": f"Bearer {ALICE_KEY}"}
        refreshed = http.post("/_worlds/keys-a/v2/api-keys/refresh", headers=old, json={})
        assert refreshed.status_code == 200, refreshed.text
        new = {"Authorization": f"Bearer {refreshed.json()['data']['apiKey']}"}
        assert http.get("/_worlds/keys-a/v2/me", headers=new).status_code == 200
        elsewhere = http.get("/_worlds/keys-b/v2/me", headers=new)
        assert elsewhere.status_code == 401 and elsewhere.json()["error"]["code"] == "UnauthorizedException"
        assert http.get("/v2/me", headers=new).status_code == 401
        # The fixture key works in every world that did not refresh it, the default one included.
        assert http.get("/_worlds/keys-b/v2/me", headers=old).status_code == 200
        assert http.get("/v2/me", headers=old).status_code == 200
        assert http.get("/_worlds/keys-a/v2/me", headers=old).status_code == 401
        # v1 answers its own 401 for a key of another world.
        key = refreshed.json()["data"]["apiKey"]
        assert http.get(f"/_worlds/keys-b/v1/me?apiKey={key}").status_code == 401
        assert http.get(f"/_worlds/keys-a/v1/me?apiKey={key}").status_code == 200


def test_faults_journal_deliveries_and_snapshots_are_per_world(server: Instance) -> None:
    url = server.handle.url
    me = {"Authorization": f"Bearer {ALICE_KEY}"}
    with httpx.Client(base_url=url, trust_env=False) as http:
        w, v = "/_worlds/faulty", "/_worlds/healthy"
        rule = http.post(f"{w}/_emulator/faults", json={"operationId": "MeController_getMe", "status": 503})
        assert rule.status_code == 201, rule.text
        assert http.get(f"{w}/v2/me", headers=me).status_code == 503
        assert http.get(f"{v}/v2/me", headers=me).status_code == 200
        assert http.get(f"{v}/_emulator/faults").json()["faults"] == []
        assert [e["status"] for e in http.get(f"{w}/_emulator/requests").json()["requests"]] == [503]
        assert [e["status"] for e in http.get(f"{v}/_emulator/requests").json()["requests"]] == [200]

        hook = {"subscriberUrl": "https://hooks.example/faulty", "triggers": ["BOOKING_CREATED"], "active": True}
        assert http.post(f"{w}/v2/webhooks", headers=me, json=hook).status_code == 201
        http.delete(f"{w}/_emulator/faults")
        thirty = event_type_id(http)
        for prefix in (w, v):
            with httpx.Client(base_url=url + prefix, trust_env=False) as world:
                book(world, "2026-01-06T11:00:00Z", thirty)
        sent_to = {d["subscriberUrl"] for d in http.get(f"{w}/_emulator/webhooks/deliveries").json()["deliveries"]}
        assert "https://hooks.example/faulty" in sent_to
        other = {d["subscriberUrl"] for d in http.get(f"{v}/_emulator/webhooks/deliveries").json()["deliveries"]}
        assert "https://hooks.example/faulty" not in other

        snap = http.post(f"{w}/_emulator/snapshot").json()["id"]
        assert http.get(f"{v}/_emulator/snapshot").json()["snapshots"] == []
        assert http.post(f"{v}/_emulator/snapshot/{snap}/restore").status_code == 404
        assert http.post(f"{w}/_emulator/snapshot/{snap}/restore").status_code == 200


def test_fixtures_and_reset_stay_in_their_world() -> None:
    extra = "users:\n  zed:\n    email: zed@example.com\n    apiKeys: [{key: cal_2ed00000000000000000000000000009}]\n"
    zed = {"Authorization": "Bearer cal_2ed00000000000000000000000000009"}
    yaml = {"content-type": "text/yaml"}
    with TestClient(create_app(Settings(rate_limits="off")), raise_server_exceptions=False) as http:
        loaded = http.post("/_worlds/zed/_emulator/fixtures", content=extra, headers=yaml)
        assert loaded.status_code == 200, loaded.text
        assert http.get("/_worlds/zed/v2/me", headers=zed).status_code == 200
        # A load with the default scope=base is what this world resets to, and no other world's start.
        assert http.post("/_worlds/zed/_emulator/reset").status_code == 200
        assert http.get("/_worlds/zed/v2/me", headers=zed).status_code == 200
        assert http.get("/_worlds/not-zed/v2/me", headers=zed).status_code == 401
        assert http.get("/v2/me", headers=zed).status_code == 401
        # Loaded into the default world as its base, fixtures still do not reach worlds made later:
        # new worlds start from the fixtures the server started with.
        assert http.post("/_emulator/fixtures", content=extra, headers=yaml).status_code == 200
        assert http.get("/v2/me", headers=zed).status_code == 200
        assert http.get("/_worlds/after-zed/v2/me", headers=zed).status_code == 401


def test_the_same_world_name_makes_the_same_world_in_another_server() -> None:
    def uid_in(world: str) -> str:
        with TestClient(create_app(Settings(clock="2026-01-05T09:00:00Z")), raise_server_exceptions=False) as http:
            http.headers[HEADER] = world
            return str(book(http, "2026-01-06T10:00:00Z", event_type_id(http))["uid"])

    assert uid_in("same") == uid_in("same")
    assert uid_in("same") != uid_in("other")
