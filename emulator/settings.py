"""Settings: one frozen dataclass, from command-line flags and CALCOM_EMULATOR_* variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

ENV_PREFIX = "CALCOM_EMULATOR_"


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    specs: str | None = None  # folder holding v1/openapi-v1.json and v2/openapi.json
    fixtures: tuple[str, ...] = field(default_factory=tuple)
    lenient: bool = False  # log off-spec responses instead of answering 500
    validator: str = "fast"  # "fast" | "openapi-core"
    strict_versions: bool = False  # a missing or wrong cal-api-version is a 400, not the 2024-04-15 fallback
    clock: str | None = None  # ISO instant: start frozen there
    rate_limits: str = "on"  # "on" | "off"
    rate_limit: int | None = None  # requests per minute for every tracker, instead of the server defaults
    block_unpaid_with: int = 402  # status for paid features when billing is past_due/unpaid (402, or 403 as live)
    log_level: str = "info"
    webhook_delivery: str = "send"  # "send" | "record": keep webhook deliveries without POSTing them

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(ENV_PREFIX + f.name.upper())
            if raw is None:
                continue
            if f.type in ("bool", bool):
                values[f.name] = _flag(raw)
            elif f.type in ("int", int, "int | None"):
                values[f.name] = int(raw)
            elif f.name == "fixtures":
                values[f.name] = tuple(p for p in raw.split(os.pathsep) if p)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        if settings.rate_limits not in ("on", "off"):
            raise ValueError(f"rate_limits must be 'on' or 'off', not {settings.rate_limits!r}")
        if settings.rate_limit is not None and settings.rate_limit < 1:
            raise ValueError("rate_limit must be a positive number of requests per minute")
        if settings.block_unpaid_with not in (402, 403):
            raise ValueError("block_unpaid_with must be 402 or 403")
        if settings.validator not in ("fast", "openapi-core"):
            raise ValueError(f"validator must be 'fast' or 'openapi-core', not {settings.validator!r}")
        if settings.webhook_delivery not in ("send", "record"):
            raise ValueError(f"webhook_delivery must be 'send' or 'record', not {settings.webhook_delivery!r}")
        return settings

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)
