"""Where the plugin's emulator settings come from: ini options, CALCOM_EMULATOR_* variables and the
``calcom`` marker. A marker beats a variable, a variable beats an ini option, an ini option beats
the default (docs/pytest.md, "Configuration")."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from emulator.settings import ENV_PREFIX, Settings

# ini option -> (Settings field, help). All are read as text and converted as the CLI flags are.
INI_OPTIONS: dict[str, tuple[str, str]] = {
    "calcom_fixtures": ("fixtures", "fixture files loaded in order (one a line), relative to the rootdir"),
    "calcom_specs": ("specs", "folder of the pinned Cal.com specs, relative to the rootdir"),
    "calcom_clock": ("clock", "start the emulator's clock frozen at this ISO instant (e.g. 2026-01-05T09:00:00Z)"),
    "calcom_rate_limits": ("rate_limits", "on (default) or off"),
    "calcom_rate_limit": ("rate_limit", "requests per minute for every rate-limit tracker"),
    "calcom_strict_versions": ("strict_versions", "true: a missing or unknown cal-api-version is a 400"),
    "calcom_webhook_delivery": ("webhook_delivery", "send (POST deliveries) or record (keep them only)"),
    "calcom_validator": ("validator", "fast (default) or openapi-core"),
    "calcom_lenient": ("lenient", "true: log off-spec responses instead of answering 500"),
    "calcom_unpaid_status": ("block_unpaid_with", "402 (default) or 403 for paid features of unpaid accounts"),
}
TRANSPORT_OPTION = "calcom_transport"
TRANSPORT_ENV = ENV_PREFIX + "TRANSPORT"
# Marker keyword -> Settings field: the ini options' names without ``calcom_``, and any other
# field by its own name (journal_limit, ...). The marker also takes ``transport``.
MARKER_KEYS = {
    **{f.name: f.name for f in fields(Settings) if f.name not in ("host", "port")},
    **{option.removeprefix("calcom_"): name for option, (name, _) in INI_OPTIONS.items()},
}

_BOOLS = ("lenient", "strict_versions")
_INTS = (
    "rate_limit",
    "block_unpaid_with",
    "journal_limit",
    "journal_body_limit",
    "deliveries_limit",
    "snapshots_limit",
    "outbox_limit",
    "worlds_limit",
    "worlds_idle_seconds",
)


class ConfigError(ValueError):
    """A setting the plugin cannot use; pytest shows it as a usage error."""


@dataclass(frozen=True)
class Choice:
    settings: Settings
    transport: str


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _paths(values: Iterable[str] | str, base: Path) -> tuple[str, ...]:
    items = [values] if isinstance(values, (str, os.PathLike)) else list(values)
    return tuple(str((base / os.fspath(v)).resolve()) for v in items if str(v).strip())


def convert(name: str, value: Any, base: Path) -> Any:
    """One setting from ini text or a marker value to the Settings field's type."""
    if name == "fixtures":
        return _paths(value, base)
    if name == "specs":
        return str((base / os.fspath(value)).resolve())
    if name in _BOOLS:
        return _flag(value)
    if name in _INTS:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if name == "webhook_allow":  # a list, or one comma-separated text as the variable takes
        items = value.split(",") if isinstance(value, str) else value
        return tuple(str(item).strip() for item in items if str(item).strip())
    if name == "rate_limits" and isinstance(value, bool):
        return "on" if value else "off"
    return str(value).strip()


def from_ini(values: Mapping[str, Any], rootdir: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """The Settings fields the ini file sets and no CALCOM_EMULATOR_* variable overrides."""
    chosen: dict[str, Any] = {}
    for option, (name, _) in INI_OPTIONS.items():
        value = values.get(option)
        if value in (None, "", []) or ENV_PREFIX + name.upper() in env:
            continue
        chosen[name] = convert(name, value, rootdir)
    return chosen


def from_marker(kwargs: Mapping[str, Any], base: Path) -> tuple[dict[str, Any], str | None]:
    """(Settings fields, transport or None) from ``@pytest.mark.calcom(...)`` keywords."""
    unknown = sorted(set(kwargs) - set(MARKER_KEYS) - {"transport"})
    if unknown:
        known = ", ".join([*MARKER_KEYS, "transport"])
        raise ConfigError(f"@pytest.mark.calcom got unknown keyword(s) {', '.join(unknown)}; it takes {known}")
    fields = {MARKER_KEYS[k]: convert(MARKER_KEYS[k], v, base) for k, v in kwargs.items() if k != "transport"}
    transport = kwargs.get("transport")
    return fields, None if transport is None else str(transport)


def resolve(ini_fields: Mapping[str, Any], marker_fields: Mapping[str, Any]) -> Settings:
    """Settings.from_env lets its overrides beat the environment: the ini fields passed here are
    those no variable sets, and the marker's beat both."""
    try:
        return Settings.from_env(**{**ini_fields, **marker_fields})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"calcom emulator settings: {exc}") from exc


def transport_of(ini_value: str | None, marker_value: str | None, env: Mapping[str, str]) -> str:
    for value in (marker_value, env.get(TRANSPORT_ENV), ini_value):
        if value:
            return value.strip().lower()
    return "socket"
