"""Which subscriber URLs the emulator will deliver webhooks to (``--webhook-allow``).

Cal.com itself posts to any subscriber URL. An emulator shared by a team or exposed on a network must
not become a way to make requests to arbitrary hosts, so its operator can name the hosts and networks
deliveries may reach. Creating a webhook is never refused for its URL (the API contract stays the
server's); the delivery is: it is kept with status ``refused`` and the reason, and never sent.

Names are matched as written, never resolved: ``localhost`` does not match ``http://127.0.0.1/``, and a
network only matches a URL whose host is an address. Only http and https URLs are ever delivered.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from emulator.settings import TargetPattern, target_pattern

DEFAULT_PORTS = {"http": 80, "https": 443}
SETTING = "--webhook-allow / CALCOM_EMULATOR_WEBHOOK_ALLOW"


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    # ::ffff:127.0.0.1 reaches 127.0.0.1; judge it as that address
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@dataclass(frozen=True)
class TargetPolicy:
    """The allow list; empty allows any http(s) host."""

    patterns: tuple[TargetPattern, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[str]) -> TargetPolicy:
        return cls(tuple(target_pattern(entry) for entry in entries))

    def refusal(self, url: str) -> str | None:
        """Why a delivery to ``url`` is not sent, or None when it may be."""
        try:
            parts = urlsplit(url)
            scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
        except ValueError:
            return "the subscriber URL has no valid host and port"
        if scheme not in DEFAULT_PORTS:
            return f"only http and https subscriber URLs are delivered, not {scheme or 'a URL without a scheme'}"
        if not host:
            return "the subscriber URL names no host"
        if not self.patterns:
            return None
        if parts.username is not None or parts.password is not None:
            return f"a subscriber URL with user information is not delivered while {SETTING} is set"
        host = host.rstrip(".")
        port = port or DEFAULT_PORTS[scheme]
        address = _address(host)
        for pattern in self.patterns:
            if pattern.network is not None:
                if address is not None and address.version == pattern.network.version and address in pattern.network:
                    return None
            elif pattern.host is not None and fnmatchcase(host, pattern.host) and pattern.port in (None, port):
                return None
        return f"{host}:{port} is not in the webhook allow list ({SETTING})"
