"""Choosing, listing, capping, expiring and dropping worlds (docs/worlds.md): bad names are clear 400s
in the called API's shape, one world too many a 429, an idle world goes, a dropped one frees its memory."""

from __future__ import annotations

import gc
import weakref

from starlette.testclient import TestClient

from emulator.app import EmulatorApp, create_app
from emulator.settings import Settings
from emulator.worlds import Worlds
from tests.helpers import ALICE, ALICE_KEY

HEADER = "x-calcom-emulator-world"


def app_and_client(**settings: object) -> tuple[EmulatorApp, TestClient]:
    app = create_app(Settings(clock="2026-01-05T09:00:00Z", **settings))  # type: ignore[arg-type]
    return app, TestClient(app, raise_server_exceptions=False)


def test_bad_names_are_400s_in_each_apis_shape() -> None:
    app, http = app_and_client()
    with http:
        v2 = http.get("/_worlds/no!/v2/me", headers=ALICE)
        assert v2.status_code == 400
        body = v2.json()
        assert body["status"] == "error" and body["path"] == "/v2/me"
        assert body["error"]["code"] == "BadRequestException" and "'no!'" in body["error"]["message"]
        assert v2.headers["access-control-allow-origin"] == "*"
        v1 = http.get(f"/_worlds/{'x' * 65}/v1/me?apiKey={ALICE_KEY}")
        assert v1.status_code == 400 and set(v1.json()) == {"message"} and "1 to 64" in v1.json()["message"]
        admin = http.get("/_emulator/clock", headers={HEADER: "a b"})
        assert admin.status_code == 400 and admin.json()["field"] == "world"
        assert http.get("/v2/me", headers={**ALICE, HEADER: ""}).status_code == 400
        both = http.get("/_worlds/one/v2/me", headers={**ALICE, HEADER: "two"})
        assert both.status_code == 400 and "name one world" in both.json()["error"]["message"]
        # The same name both ways is fine, and "default" is the default world.
        assert http.get("/_worlds/one/v2/me", headers={**ALICE, HEADER: "one"}).status_code == 200
        assert http.get("/_worlds/default/v2/me", headers=ALICE).status_code == 200
        assert len(app.worlds) == 1 and "one" in app.worlds
        # A v2 preflight is answered before any world is made.
        preflight = http.options("/_worlds/pre/v2/me", headers={"origin": "https://app.example"})
        assert preflight.status_code == 204 and "pre" not in app.worlds


def test_the_list_shows_size_and_last_use_and_delete_drops() -> None:
    app, http = app_and_client()
    with http:
        assert http.get("/_emulator/worlds").json()["worlds"][0]["name"] == "default"
        thirty = {"eventTypeId": 2, "attendee": {"name": "A", "email": "a@example.com", "timeZone": "UTC"}}
        made = http.post(
            "/_worlds/busy/v2/bookings",
            headers={"cal-api-version": "2024-08-13"},
            json={"start": "2026-01-06T10:00:00Z", **thirty},
        )
        assert made.status_code == 201, made.text
        http.get("/v2/me", headers={**ALICE, HEADER: "idle"})
        listed = http.get("/_emulator/worlds").json()
        assert (listed["limit"], listed["idleSeconds"]) == (1000, 3600)
        rows = {row["name"]: row for row in listed["worlds"]}
        assert list(rows) == ["default", "busy", "idle"]
        assert rows["busy"]["records"] > rows["idle"]["records"] == rows["default"]["records"]
        assert rows["busy"]["ownTables"] >= 1 and rows["idle"]["ownTables"] == 0
        assert rows["busy"]["requests"] == 1 and rows["busy"]["now"] == "2026-01-05T09:00:00.000Z"
        assert rows["busy"]["createdAt"] <= rows["busy"]["lastUsedAt"] and rows["busy"]["idleSeconds"] >= 0
        # Listing worlds makes none, whatever it names.
        assert http.get("/_worlds/lister/_emulator/worlds").status_code == 200 and "lister" not in app.worlds

        dropped = http.delete("/_emulator/worlds/busy")
        assert dropped.status_code == 200 and dropped.json()["dropped"]["name"] == "busy"
        assert [row["name"] for row in http.get("/_emulator/worlds").json()["worlds"]] == ["default", "idle"]
        missing = http.delete("/_emulator/worlds/busy")
        assert missing.status_code == 404 and missing.json()["worlds"] == ["idle"]
        assert http.delete("/_emulator/worlds/default").status_code == 400
        # The name can be used again: a fresh world from the server's fixtures.
        again = http.get("/_worlds/busy/_emulator/state/bookings").json()["records"]
        assert [b["uid"] for b in again] == [b["uid"] for b in http.get("/_emulator/state/bookings").json()["records"]]


def test_dropping_a_world_frees_it() -> None:
    app, http = app_and_client()
    with http:
        assert http.get("/_worlds/gone/v2/me", headers=ALICE).status_code == 200
        runtime = app.worlds.select("gone")
        world = weakref.ref(runtime.world)
        journal = weakref.ref(runtime.journal)
        del runtime
        assert http.delete("/_emulator/worlds/gone").status_code == 200
        gc.collect()
        assert world() is None and journal() is None


def test_past_the_cap_a_new_name_is_a_429_until_one_is_dropped() -> None:
    _, http = app_and_client(worlds_limit=2)
    with http:
        for name in ("a", "b"):
            assert http.get(f"/_worlds/{name}/v2/me", headers=ALICE).status_code == 200
        full = http.get("/_worlds/c/v2/me", headers=ALICE)
        assert full.status_code == 429
        assert full.json()["error"]["code"] == "ThrottlerException" and "limit of 2" in full.json()["error"]["message"]
        admin = http.get("/_emulator/clock", headers={HEADER: "c"})
        assert admin.status_code == 429 and admin.json()["limit"] == 2
        # Worlds already made, and the default world, still answer.
        assert http.get("/_worlds/a/v2/me", headers=ALICE).status_code == 200
        assert http.get("/v2/me", headers=ALICE).status_code == 200
        http.delete("/_emulator/worlds/a")
        assert http.get("/_worlds/c/v2/me", headers=ALICE).status_code == 200
        assert sorted(row["name"] for row in http.get("/_emulator/worlds").json()["worlds"]) == ["b", "c", "default"]


def test_idle_worlds_are_dropped_on_wall_time_not_the_world_clock() -> None:
    app, http = app_and_client(worlds_idle_seconds=60)
    now = [1000.0]
    app.worlds.now = lambda: now[0]
    with http:
        for name in ("old", "fresh"):
            http.get(f"/_worlds/{name}/v2/me", headers=ALICE)
            now[0] += 40
        # A world's own clock moving years ahead does not age it.
        http.post("/_worlds/fresh/_emulator/clock", json={"advance": "1000d"})
        now[0] += 30  # old: idle 70 s; fresh: 30 s
        assert [row["name"] for row in http.get("/_emulator/worlds").json()["worlds"]] == ["default", "fresh"]
        # A name used again after it idled out is a fresh world.
        assert http.get("/_worlds/old/_emulator/clock").json()["now"] == "2026-01-05T09:00:00.000Z"


def test_idle_worlds_go_on_the_next_request_past_the_sweep_interval() -> None:
    app, http = app_and_client(worlds_idle_seconds=5)
    now = [0.0]
    app.worlds.now = lambda: now[0]
    with http:
        http.get("/_worlds/a/v2/me", headers=ALICE)
        now[0] += 10
        http.get("/_worlds/b/v2/me", headers=ALICE)  # any request naming a world sweeps (at most once a second)
        assert "a" not in app.worlds and "b" in app.worlds


def test_no_idle_expiry_with_zero_and_no_named_worlds_with_a_zero_cap() -> None:
    app, http = app_and_client(worlds_idle_seconds=0)
    now = [0.0]
    app.worlds.now = lambda: now[0]
    with http:
        http.get("/_worlds/kept/v2/me", headers=ALICE)
        now[0] += 10**9
        assert app.worlds.sweep() == [] and "kept" in app.worlds
    _, closed = app_and_client(worlds_limit=0)
    with closed:
        assert closed.get("/_worlds/any/v2/me", headers=ALICE).status_code == 429
        assert closed.get("/v2/me", headers=ALICE).status_code == 200


def test_the_admin_token_is_asked_before_a_world_is_made() -> None:
    app, http = app_and_client(admin_token="s3cret")
    with http:
        refused = http.get("/_worlds/sneaky/_emulator/credentials")
        assert refused.status_code == 401 and "sneaky" not in app.worlds
        allowed = http.get("/_worlds/sneaky/_emulator/credentials", headers={"Authorization": "Bearer s3cret"})
        assert allowed.status_code == 200 and "sneaky" in app.worlds
        assert http.get("/_emulator/worlds").status_code == 401


def test_a_registry_of_its_own_counts_and_forgets() -> None:
    app, _ = app_and_client(worlds_limit=3)
    worlds = Worlds(app.runtime)
    first = worlds.select("x")
    assert (
        worlds.select("x") is first and worlds.select(None) is app.runtime and worlds.select("default") is app.runtime
    )
    assert first.settings is app.runtime.settings and first.router is app.runtime.router
    assert first.world is not app.runtime.world and first.clock is not app.runtime.clock
    assert len(worlds) == 1 and worlds.drop("x")["name"] == "x" and len(worlds) == 0
