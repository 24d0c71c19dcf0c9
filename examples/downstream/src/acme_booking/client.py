"""A Cal.com v2 booking client: slots, book, reschedule, cancel.

It retries what is worth retrying (429 after the window the server names, 502/503/504 with a short
back-off) and, for a platform managed user, swaps an expired access token (498) for a new one once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

BOOKINGS_VERSION = "2024-08-13"
SLOTS_VERSION = "2024-09-04"
RETRYABLE = (429, 502, 503, 504)


class CalcomError(Exception):
    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.body = response.json() if response.content else None
        error = self.body.get("error", {}) if isinstance(self.body, dict) else {}
        super().__init__(f"Cal.com answered {self.status}: {error.get('message', response.text[:200])}")


@dataclass
class OAuthTokens:
    """A managed user's tokens and the OAuth client that refreshes them."""

    client_id: str
    client_secret: str
    access_token: str
    refresh_token: str

    def refresh(self, http: httpx.Client) -> str:
        response = http.post(
            f"/oauth/{self.client_id}/refresh",
            json={"refreshToken": self.refresh_token},
            headers={"x-cal-secret-key": self.client_secret},
        )
        if response.status_code != 200:
            raise CalcomError(response)
        data = response.json()["data"]
        self.access_token, self.refresh_token = data["accessToken"], data["refreshToken"]
        return self.access_token


class BookingClient:
    def __init__(
        self,
        base_url: str = "https://api.cal.com/v2",
        *,
        api_key: str | None = None,
        tokens: OAuthTokens | None = None,
        http: httpx.Client | None = None,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # An injected client (with its own transport) is used as it is; else one is made for base_url.
        self.http = http or httpx.Client(base_url=base_url, timeout=10)
        self.api_key = api_key
        self.tokens = tokens
        self.retries = retries
        self.sleep = sleep

    def _auth(self) -> dict[str, str]:
        if self.tokens is not None:
            return {"Authorization": f"Bearer {self.tokens.access_token}"}
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def _wait(self, response: httpx.Response, attempt: int) -> float:
        if response.status_code == 429:
            reset = response.headers.get("Retry-After") or response.headers.get("X-RateLimit-Reset-Default")
            if reset and reset.isdigit():
                return float(reset)
        return 0.5 * 2**attempt

    def request(self, method: str, path: str, *, version: str, **kwargs: Any) -> Any:
        refreshed = False
        attempt = 0
        while True:
            headers = {"cal-api-version": version, **self._auth()}
            response = self.http.request(method, path, headers=headers, **kwargs)
            if response.status_code == 498 and self.tokens is not None and not refreshed:
                self.tokens.refresh(self.http)
                refreshed = True
                continue
            if response.status_code in RETRYABLE and attempt < self.retries:
                self.sleep(self._wait(response, attempt))
                attempt += 1
                continue
            if response.status_code >= 400:
                raise CalcomError(response)
            return response.json()["data"]

    def me(self) -> dict[str, Any]:
        data: dict[str, Any] = self.request("GET", "/me", version=BOOKINGS_VERSION)
        return data

    def slots(self, event_type_id: int, day: str) -> list[str]:
        params = {"eventTypeId": event_type_id, "start": day, "end": day}
        data = self.request("GET", "/slots", version=SLOTS_VERSION, params=params)
        return [slot["start"] for slot in data.get(day, [])]

    def book(self, event_type_id: int, start: str, name: str, email: str, time_zone: str) -> dict[str, Any]:
        attendee = {"name": name, "email": email, "timeZone": time_zone}
        body = {"start": start, "eventTypeId": event_type_id, "attendee": attendee}
        data: dict[str, Any] = self.request("POST", "/bookings", version=BOOKINGS_VERSION, json=body)
        return data

    def reschedule(self, uid: str, start: str, reason: str | None = None) -> dict[str, Any]:
        body = {"start": start, **({"reschedulingReason": reason} if reason else {})}
        data: dict[str, Any] = self.request("POST", f"/bookings/{uid}/reschedule", version=BOOKINGS_VERSION, json=body)
        return data

    def cancel(self, uid: str, reason: str) -> dict[str, Any]:
        body = {"cancellationReason": reason}
        data: dict[str, Any] = self.request("POST", f"/bookings/{uid}/cancel", version=BOOKINGS_VERSION, json=body)
        return data
