"""Settings: one frozen dataclass, from command-line flags and CALCOM_EMULATOR_* variables.

Each field's ``help`` metadata is what `calcom-emulator serve --help` prints for its variable, so the
list of variables cannot drift from the fields.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from datetime import datetime
from typing import Any

ENV_PREFIX = "CALCOM_EMULATOR_"


class SettingsError(ValueError):
    """A setting the emulator cannot start with; the message names it and what it accepts."""


def _flag(name: str, value: str) -> bool:
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be 1, true, yes, on or 0, false, no, off, not {value!r}")


def _help(text: str, default: Any = None, factory: Any = None) -> Any:
    if factory is not None:
        return field(default_factory=factory, metadata={"help": text})
    return field(default=default, metadata={"help": text})


@dataclass(frozen=True)
class Settings:
    host: str = _help("interface to listen on", "127.0.0.1")
    port: int = _help("port to listen on", 8080)
    specs: str | None = _help("folder holding v1/openapi-v1.json and v2/openapi.json (default: the pinned copies)")
    fixtures: tuple[str, ...] = _help(
        f"fixture files loaded in order, separated by {os.pathsep!r} (default: fixtures/default.yaml)", factory=tuple
    )
    lenient: bool = _help("1: log off-spec responses instead of answering 500", False)
    validator: str = _help("request/response validator: fast or openapi-core", "fast")
    strict_versions: bool = _help("1: a missing or wrong cal-api-version is a 400, not the 2024-04-15 fallback", False)
    clock: str | None = _help("ISO instant: start the clock frozen there (e.g. 2026-01-05T09:00:00Z)")
    rate_limits: str = _help("on or off: enforce Cal.com's rate limits", "on")
    rate_limit: int | None = _help("requests per minute for every tracker, instead of the server defaults")
    block_unpaid_with: int = _help("status for paid features when billing is past_due/unpaid: 402 or 403", 402)
    log_level: str = _help("uvicorn log level: critical, error, warning, info, debug or trace", "info")
    webhook_delivery: str = _help("record (keep deliveries, send nothing) or send (also POST them)", "record")
    webhook_allow: tuple[str, ...] = _help(
        "hosts webhook deliveries may go to, comma-separated: names (hooks.example.com, *.example.com, "
        "localhost:9000) or networks (10.0.0.0/8, ::1); any other is refused (default: any http(s) host)",
        factory=tuple,
    )
    journal_limit: int = _help("calls kept in the journal (/_emulator/requests); the oldest are dropped", 1000)
    journal_body_limit: int = _help("bytes of each request and response body the journal keeps (0: none)", 65536)
    deliveries_limit: int = _help("webhook deliveries kept (/_emulator/webhooks/deliveries); the oldest go", 1000)
    snapshots_limit: int = _help("world snapshots kept (/_emulator/snapshot); the oldest are forgotten", 100)
    outbox_limit: int = _help("messages kept in the outbox (/_emulator/outbox); the oldest are dropped", 1000)
    worlds_limit: int = _help("named worlds held at once (docs/worlds.md); a new name past it is a 429", 1000)
    worlds_idle_seconds: int = _help("a named world unused this long (wall time) is dropped; 0: never", 3600)
    admin_token: str | None = _help(
        "bearer token every /_emulator/* route but health requires (default: none on 127.0.0.1; generated otherwise)"
    )
    # Cal.com's credential sync (v1 /credential-sync) is on when both of these are set, as on the server
    credential_sync_secret: str | None = _help(
        "secret /v1/credential-sync calls must send (the server's CALCOM_CREDENTIAL_SYNC_SECRET)"
    )
    credential_sync_header: str = _help(
        "header carrying that secret (the server's CALCOM_CREDENTIAL_SYNC_HEADER_NAME)", "calcom-credential-sync-secret"
    )
    app_credential_encryption_key: str | None = _help(
        "32 characters encrypting credential-sync keys (the server's CALCOM_APP_CREDENTIAL_ENCRYPTION_KEY)"
    )

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """The environment's CALCOM_EMULATOR_* values under the given overrides (None: not given).
        SettingsError names the first value the emulator cannot use."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(env_name(f))
            if raw is not None:
                values[f.name] = _from_text(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        """SettingsError for the first value out of range."""
        choices = {
            "rate_limits": ("on", "off"),
            "validator": ("fast", "openapi-core"),
            "webhook_delivery": ("send", "record"),
            "block_unpaid_with": (402, 403),
            "log_level": ("critical", "error", "warning", "info", "debug", "trace"),
        }
        for name, allowed in choices.items():
            value = getattr(self, name)
            if value not in allowed:
                raise SettingsError(f"{_names(name)} must be one of {', '.join(map(str, allowed))}, not {value!r}")
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"{_names('port')} must be a port number from 0 to 65535, not {self.port}")
        if self.rate_limit is not None and self.rate_limit < 1:
            raise SettingsError(f"{_names('rate_limit')} must be a positive number of requests per minute")
        for name in ("journal_limit", "deliveries_limit", "snapshots_limit", "outbox_limit"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{_names(name)} must be 1 or more, not {getattr(self, name)}")
        if self.journal_body_limit < 0:
            raise SettingsError(f"{_names('journal_body_limit')} must be 0 or more bytes")
        for name in ("worlds_limit", "worlds_idle_seconds"):
            if getattr(self, name) < 0:
                raise SettingsError(f"{_names(name)} must be 0 or more, not {getattr(self, name)}")
        for entry in self.webhook_allow:
            target_pattern(entry)
        if self.clock is not None:
            try:
                datetime.fromisoformat(self.clock.replace("Z", "+00:00"))
            except ValueError:
                raise SettingsError(
                    f"{_names('clock')} must be an ISO 8601 instant such as 2026-01-05T09:00:00Z, not {self.clock!r}"
                ) from None

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def env_name(f: Field[Any]) -> str:
    return ENV_PREFIX + f.name.upper()


# The serve flag of each setting, where it is not the field's name.
FLAGS: dict[str, str | None] = {"block_unpaid_with": "--unpaid-status", "log_level": None}


def _names(name: str) -> str:
    flag = FLAGS.get(name, "--" + name.replace("_", "-"))
    return f"{ENV_PREFIX}{name.upper()}" + (f" ({flag})" if flag else "")


def _from_text(f: Field[Any], raw: str) -> Any:
    if f.type in ("bool", bool):
        return _flag(env_name(f), raw)
    if f.type in ("int", int, "int | None"):
        try:
            return int(raw.strip())
        except ValueError:
            raise SettingsError(f"{env_name(f)} must be a whole number, not {raw!r}") from None
    if f.name == "webhook_allow":
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if f.name == "fixtures":
        return tuple(p for p in raw.split(os.pathsep) if p)
    return raw


def environment_help() -> str:
    """One line per CALCOM_EMULATOR_* variable with its meaning and default, for --help."""
    lines = ["environment variables (a flag given on the command line wins):"]
    for f in fields(Settings):
        default = None if f.default is MISSING else f.default
        if isinstance(default, bool):
            default = int(default)
        shown = "" if default is None else f" [default: {default}]"
        lines.append(f"  {env_name(f):36} {f.metadata['help']}{shown}")
    return "\n".join(lines)


# One --webhook-allow entry ------------------------------------------------------------------------

_HOST_PATTERN = re.compile(r"(?P<host>[a-z0-9*_](?:[a-z0-9*_.-]*[a-z0-9*_])?)(?::(?P<port>[0-9]{1,5}))?")


@dataclass(frozen=True)
class TargetPattern:
    """Where webhook deliveries may go: a network (a CIDR or one address, matched against a URL whose
    host is an address) or a host name pattern (``*`` any run of characters) with an optional port."""

    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    host: str | None = None  # lower case
    port: int | None = None


def target_pattern(text: str) -> TargetPattern:
    """The pattern one entry names; SettingsError for an entry that is neither a network nor a host."""
    entry = text.strip().lower()
    try:
        return TargetPattern(network=ipaddress.ip_network(entry, strict=False))
    except ValueError:
        pass
    match = _HOST_PATTERN.fullmatch(entry)
    port = int(match["port"]) if match and match["port"] else None
    if match is None or (port is not None and not 1 <= port <= 65535):
        raise SettingsError(
            f"{_names('webhook_allow')} entries are host names (hooks.example.com, *.example.com, localhost:9000) "
            f"or networks (10.0.0.0/8, ::1), not {text!r}"
        )
    return TargetPattern(host=match["host"], port=port)
