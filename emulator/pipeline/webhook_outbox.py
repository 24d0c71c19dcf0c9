"""The runtime's webhook outbox: every delivery made (newest first), and the sending of them.

The pipeline hands over the world's outbox after a request's transaction commits (``accept``).
In "record" mode deliveries are only kept; in "send" mode a background thread POSTs each one with
urllib (5 s timeout, redirects not followed, as Cal.com's ``redirect: "manual"``) and fills in the
response status or the error. Sending never blocks or fails the API request. A delivery whose
subscriber URL the target policy refuses (``--webhook-allow``, pipeline/webhook_targets.py) is kept
as ``refused`` with the reason, in either mode, and never sent.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from emulator.domain.webhooks import Delivery
from emulator.pipeline.webhook_targets import TargetPolicy
from emulator.settings import Settings
from emulator.world.clock import iso_ms

TIMEOUT_S = 5.0


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx comes back as an HTTPError carrying its status


_OPENER = urllib.request.build_opener(_NoRedirects())


def post(delivery: Delivery) -> tuple[int | None, str | None]:
    """(response status, error text) for one POST."""
    request = urllib.request.Request(
        delivery.url, data=delivery.body.encode(), headers=dict(delivery.headers), method="POST"
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_S) as response:
            response.read()
            return int(response.status), None
    except urllib.error.HTTPError as error:  # a non-2xx answer is still an answer
        return int(error.code), None
    except Exception as error:  # unreachable, timeout, bad URL: recorded, never raised
        return None, f"{type(error).__name__}: {error}"


class Outbox:
    """At most `capacity` deliveries are kept; the oldest are forgotten first."""

    def __init__(self, capacity: int = 1000, policy: TargetPolicy | None = None) -> None:
        self._lock = threading.Lock()
        self.capacity = capacity
        self.policy = policy or TargetPolicy()
        self._items: deque[Delivery] = deque(maxlen=capacity)  # oldest first; read newest first
        self._next_id = 0

    @classmethod
    def of(cls, settings: Settings) -> Outbox:
        """The outbox the settings ask for: ``deliveries_limit`` kept, ``webhook_allow`` as its policy."""
        return cls(settings.deliveries_limit, TargetPolicy.of(settings.webhook_allow))

    def accept(self, deliveries: Iterable[Delivery], mode: str, now: Callable[[], datetime]) -> None:
        """Keep committed deliveries; in "send" mode start sending them in the background."""
        batch = list(deliveries)
        if not batch:
            return
        sendable = []
        with self._lock:
            for delivery in batch:
                self._next_id += 1
                delivery.id = self._next_id
                refusal = self.policy.refusal(delivery.url)
                if refusal is not None:
                    delivery.status, delivery.error = "refused", refusal
                else:
                    delivery.status = "pending" if mode == "send" else "recorded"
                    sendable.append(delivery)
                self._items.append(delivery)
        batch = sendable
        if mode == "send" and batch:
            threading.Thread(target=self._send, args=(batch, now), name="calcom-webhooks", daemon=True).start()

    def _send(self, batch: list[Delivery], now: Callable[[], datetime]) -> None:
        for delivery in batch:
            attempted = iso_ms(now())
            status, error = post(delivery)
            with self._lock:
                delivery.attempted_at = attempted
                delivery.response_status, delivery.error = status, error
                delivery.status = "delivered" if status is not None and 200 <= status < 300 else "failed"

    def redeliver(self, delivery_id: int, mode: str, now: Callable[[], datetime]) -> Delivery | None:
        """Deliver a kept delivery again as a new one: the same subscriber, headers and body (so the same
        signature), its own id and time; None when no delivery of that id is kept."""
        with self._lock:
            original = next((d for d in self._items if d.id == delivery_id), None)
            if original is None:
                return None
            again = replace(
                original,
                headers=dict(original.headers),
                created_at=iso_ms(now()),
                status="pending",
                response_status=None,
                error=None,
                attempted_at=None,
                meta=dict(original.meta),
            )
        self.accept([again], mode, now)
        return again

    def entries(self, trigger: str | None = None, webhook_id: str | None = None) -> list[dict[str, Any]]:
        """Newest first, as JSON-ready dicts (copies: the sender may still be filling them in)."""
        with self._lock:
            return [
                d.as_dict()
                for d in reversed(self._items)
                if (trigger is None or d.trigger == trigger) and (webhook_id is None or d.webhook_id == webhook_id)
            ]

    def head(self) -> tuple[int, int]:
        """(the newest delivery's id, how many are kept), read without copying them (the dashboard polls it)."""
        with self._lock:
            return (self._items[-1].id if self._items else 0), len(self._items)

    def clear(self) -> int:
        """Forget every delivery; how many there were."""
        with self._lock:
            count = len(self._items)
            self._items.clear()
            return count
