"""The handle the ``calcom`` and ``calcom_emulator`` fixtures give a test (docs/pytest.md).

Everything goes through the admin API (``/_emulator/*``) over the instance's channel, so the same
handle drives a server on a socket and an app called in-process. ``runtime`` is there for
tests that want to look inside; the handle itself never needs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from emulator.testing.assertions import check_called
from emulator.testing.channel import AdminError, AsgiRunner, Channel, call
from emulator.testing.clock import ClockControl

if TYPE_CHECKING:
    import httpx

    from emulator.runtime import Runtime
    from emulator.worlds import Worlds

# Python names of a fault rule's keys -> the admin API's (docs/faults.md).
FAULT_KEYS = {
    "operation": "operationId",
    "method": "method",
    "path": "path",
    "credential": "credential",
    "status": "status",
    "code": "code",
    "message": "message",
    "latency_ms": "latencyMs",
    "drop": "drop",
    "times": "times",
    "probability": "probability",
}


def clients_module(what: str) -> Any:
    """emulator.testing.clients, or an ImportError that says how to get httpx."""
    try:
        from emulator.testing import clients
    except ImportError as exc:
        if exc.name != "httpx":
            raise
        raise ImportError(
            f"{what} returns an httpx client and httpx is not installed: pip install 'calcom-emulator[pytest]'"
        ) from exc
    return clients


class ActiveFault:
    """A fault rule while its ``with`` block runs: its id and, on demand, its hits."""

    def __init__(self, channel: Channel, rule: dict[str, Any]) -> None:
        self._channel = channel
        self.rule = rule
        self.id: str = rule["id"]

    def state(self) -> dict[str, Any]:
        for rule in call(self._channel, "GET", "/_emulator/faults")["faults"]:
            if rule["id"] == self.id:
                found: dict[str, Any] = rule
                return found
        return {**self.rule, "active": False}

    @property
    def hits(self) -> int:
        return int(self.state()["hits"])


class Calcom:
    """One emulator instance as a test sees it: URLs, credentials, clients, clock, faults, state,
    journal and webhook deliveries."""

    def __init__(
        self,
        channel: Channel,
        url: str,
        runtime: Runtime | None,
        runner: AsgiRunner | None = None,
        *,
        worlds: Worlds | None = None,
        world: str | None = None,
        root: tuple[Channel, str] | None = None,
    ) -> None:
        self.channel = channel
        self.url = url
        self.runtime = runtime  # None for an emulator in another process
        self.runner = runner  # set when the instance is called in-process
        self.world_name = world  # None: the default world
        self.clock = ClockControl(channel)
        self._clients: list[Any] = []
        self._worlds = worlds  # the server's worlds, when it runs in this process
        self._root = root or (channel, url)

    def __repr__(self) -> str:
        where = f", world {self.world_name}" if self.world_name else ""
        return f"<calcom emulator {self.url} ({self.transport}{where})>"

    # worlds ------------------------------------------------------------------------------------
    def world(self, name: str) -> Calcom:
        """A handle on the world ``name`` of the same emulator (docs/worlds.md), made on first use.
        Its URLs carry the ``/_worlds/<name>`` prefix, so clients and code under test given its
        ``v2`` or ``url`` reach that world; its admin calls (reset, clock, faults...) act there."""
        prefix = f"/_worlds/{name}"
        channel, url = self._root
        runtime = self._worlds.select(name) if self._worlds is not None else None
        return Calcom(
            channel.within(prefix), url + prefix, runtime, self.runner, worlds=self._worlds, world=name, root=self._root
        )

    def worlds(self) -> list[dict[str, Any]]:
        """Every world of the emulator with its size and last use (GET /_emulator/worlds)."""
        rows: list[dict[str, Any]] = call(self._root[0], "GET", "/_emulator/worlds")["worlds"]
        return rows

    def drop_world(self, name: str | None = None) -> bool:
        """Drop a named world (by default this handle's); False when there was none of that name."""
        target = name or self.world_name
        if target is None:
            raise ValueError("the default world cannot be dropped; name a world, or use a world's handle")
        answer = call(self._root[0], "DELETE", f"/_emulator/worlds/{target}", expect=(200, 404))
        return "dropped" in answer

    @property
    def transport(self) -> str:
        return "asgi" if self.runner is not None else "socket"

    @property
    def v1(self) -> str:
        return self.url + "/v1"

    @property
    def v2(self) -> str:
        return self.url + "/v2"

    def health(self) -> dict[str, Any]:
        answer: dict[str, Any] = call(self.channel, "GET", "/_emulator/health")
        return answer

    # state -------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the loaded fixtures: world, journal, fault rules, deliveries, rate-limit windows."""
        call(self.channel, "POST", "/_emulator/reset")

    def snapshot(self) -> str:
        snapshot_id: str = call(self.channel, "POST", "/_emulator/snapshot")["id"]
        return snapshot_id

    def restore(self, snapshot_id: str) -> None:
        call(self.channel, "POST", f"/_emulator/snapshot/{snapshot_id}/restore")

    def state(self, table: str | None = None) -> Any:
        """The whole world (``counters`` and ``tables``), or one table's records."""
        if table is None:
            return call(self.channel, "GET", "/_emulator/state")
        return call(self.channel, "GET", f"/_emulator/state/{table}")["records"]

    def load(self, fixtures: str | Mapping[str, Any], *, mode: str = "merge") -> dict[str, Any]:
        """Load fixtures (YAML text, or a dict in the format of docs/fixtures.md) for this test only:
        the next reset, at the latest the one before the next test, returns to the instance's own
        fixtures. ``mode="replace"`` starts from an empty world."""
        text = fixtures if isinstance(fixtures, str) else json.dumps(fixtures)
        answer: dict[str, Any] = call(
            self.channel, "POST", "/_emulator/fixtures", params={"mode": mode, "scope": "test"}, text=text
        )
        return answer

    def end_test(self) -> None:
        """Close the clients the test was given."""
        for client in self._clients:
            client.close()
        self._clients.clear()

    # credentials and clients -------------------------------------------------------------------
    def credentials(self, owner: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        """``/_emulator/credentials``: {kind, value, owner, expiresAt}; kind is apiKey, oauthClient,
        accessToken or refreshToken; owner is the user's (or organization's) fixture key."""
        found: list[dict[str, Any]] = call(self.channel, "GET", "/_emulator/credentials")["credentials"]
        return [c for c in found if (owner is None or c["owner"] == owner) and (kind is None or c["kind"] == kind)]

    def api_key(self, user: str) -> str:
        """The API key of a user, by fixture key (``"alice"``) or email."""
        keys = self.credentials(kind="apiKey")
        for credential in keys:
            if credential["owner"] == user:
                value: str = credential["value"]
                return value
        owners = sorted({str(c["owner"]) for c in keys})
        raise LookupError(f"no API key for {user!r} in the world; users with keys: {', '.join(owners)}")

    def client(
        self, user: str | None = None, *, version: str = "v2", api_version: str | None = None, **options: Any
    ) -> httpx.Client:
        """An httpx.Client on ``/v1`` or ``/v2``, authenticated as the user (fixture key, or a key or
        token itself): v2 with ``Authorization: Bearer`` (a managed user's access token when they
        have no API key), v1 with ``?apiKey=``. ``api_version``
        sets ``cal-api-version`` on every call. Closed after the test."""
        base, headers, params = self._client_parts(user, version, api_version)
        client: httpx.Client = clients_module("calcom.client()").build_client(
            base, runner=self.runner, headers=headers, params=params, options=options
        )
        self._clients.append(client)
        return client

    def async_client(
        self, user: str | None = None, *, version: str = "v2", api_version: str | None = None, **options: Any
    ) -> httpx.AsyncClient:
        """As ``client()``, async (in-process over httpx's ASGITransport). Close it yourself."""
        base, headers, params = self._client_parts(user, version, api_version)
        app = self.runner.app if self.runner is not None else None
        client: httpx.AsyncClient = clients_module("calcom.async_client()").build_async_client(
            base, app=app, headers=headers, params=params, options=options
        )
        return client

    def _bearer_of(self, user: str, version: str) -> str:
        """A user's API key; for v2, a managed user's access token when they have no key."""
        if version == "v2" and not self.credentials(owner=user, kind="apiKey"):
            tokens = self.credentials(owner=user, kind="accessToken")
            if tokens:
                token: str = tokens[-1]["value"]
                return token
        return self.api_key(user)

    def _client_parts(
        self, user: str | None, version: str, api_version: str | None
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        if version not in ("v1", "v2"):
            raise ValueError(f"version must be 'v1' or 'v2', not {version!r}")
        headers = {"cal-api-version": api_version} if api_version else {}
        params: dict[str, str] = {}
        if user is not None:
            key = user if user.startswith(("cal_", "eyJ")) else self._bearer_of(user, version)
            if version == "v2":
                headers["Authorization"] = f"Bearer {key}"
            else:
                params["apiKey"] = key
        return (self.v1 if version == "v1" else self.v2), headers, params

    # faults ------------------------------------------------------------------------------------
    @contextmanager
    def fault(self, operation: str | None = None, **rule: Any) -> Iterator[ActiveFault]:
        """A fault rule for the ``with`` block: added on entry, removed on exit. Keys as in
        docs/faults.md in Python spelling: operation, method, path, credential, status, code,
        message, latency_ms, drop, times, probability."""
        unknown = sorted(set(rule) - set(FAULT_KEYS))
        if unknown:
            raise TypeError(f"unknown fault key(s) {', '.join(unknown)}; use {', '.join(FAULT_KEYS)}")
        body = {FAULT_KEYS[k]: v for k, v in {"operation": operation, **rule}.items() if v is not None}
        active = ActiveFault(self.channel, call(self.channel, "POST", "/_emulator/faults", json_body=body))
        try:
            yield active
        finally:
            # A reset inside the block may already have removed it: a 404 is fine.
            call(self.channel, "DELETE", f"/_emulator/faults/{active.id}", expect=(200, 404))

    def faults(self) -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = call(self.channel, "GET", "/_emulator/faults")["faults"]
        return rules

    # what happened -----------------------------------------------------------------------------
    def requests(
        self, operation: str | None = None, status: int | str | None = None, **filters: Any
    ) -> list[dict[str, Any]]:
        """The journal of calls to /v1 and /v2, newest first, with their headers and bodies. Filters
        as ``/_emulator/requests`` takes them: status (``404`` or ``"4xx"``), credential
        (``"apiKey:alice"``), method, path (``"/v2/bookings/*"``), since, until, limit."""
        params = {"operationId": operation, "status": status, **filters}
        entries: list[dict[str, Any]] = call(self.channel, "GET", "/_emulator/requests", params=params)["requests"]
        return entries

    def deliveries(self, trigger: str | None = None, webhook_id: str | None = None) -> list[dict[str, Any]]:
        """The webhook deliveries made, newest first: trigger, URL, headers, body and outcome."""
        params = {"trigger": trigger, "webhookId": webhook_id}
        found: list[dict[str, Any]] = call(self.channel, "GET", "/_emulator/webhooks/deliveries", params=params)[
            "deliveries"
        ]
        return found

    def assert_called(
        self, operation: str, times: int | None = 1, *, json: Any = None, status: int | None = None
    ) -> list[dict[str, Any]]:
        """Assert the operation was called ``times`` times (None: at least once), optionally with
        that status and a JSON body containing ``json``. Answers the matching calls, oldest first."""
        return check_called(self.requests(), operation, times=times, json_body=json, status=status)


__all__ = ["ActiveFault", "AdminError", "Calcom"]
