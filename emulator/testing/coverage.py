"""The pytest plugin's client coverage (``--calcom-coverage``; docs/coverage.md): at the end of the
session, what the suite called on every emulator it used, merged into one report, summed up in the
terminal and written as JSON and as a self-contained HTML page.

The counts come from each instance's ``/_emulator/coverage/client``, which per-test resets leave
alone, so they add up over the whole session. They are read while the instances still run (the
pool's teardown), and the files are written when the session finishes. Under pytest-xdist each
worker hands what it read to the controller, which writes the one report; an emulator several
workers share (``calcom_url``, worlds) is counted once. pytest imports this module
with the plugin in every session, so the emulator's own modules are imported only when needed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from emulator.testing.servers import Pool

FLAG = "--calcom-coverage"
INI = "calcom_coverage"
PATHS = {"json": "calcom-coverage.json", "html": "calcom-coverage.html"}  # default file per format
REPORT = pytest.StashKey[dict[str, Any]]()
READINGS = pytest.StashKey[dict[str, Any]]()
WORKER_KEY = "calcom_coverage"  # in pytest-xdist's workeroutput


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("calcom", "calcom emulator")
    group.addoption(
        FLAG,
        action="store_true",
        default=None,
        help="report which Cal.com operations the suite called and which answers it never met (docs/coverage.md)",
    )
    parser.addini(INI, "calcom emulator: true to report client coverage, as --calcom-coverage does", type="string")
    for kind, default in PATHS.items():
        group.addoption(
            f"{FLAG}-{kind}",
            default=None,
            metavar="PATH",
            help=f"where the coverage {kind.upper()} report goes (default {default}, relative to the rootdir; "
            "empty: not written)",
        )
        parser.addini(
            f"{INI}_{kind}",
            f"calcom emulator: where the coverage {kind.upper()} report goes (empty: not written)",
            type="string",
            default=default,
        )


def enabled(config: pytest.Config) -> bool:
    flag = config.getoption(FLAG)
    if flag is not None:
        return bool(flag)
    return str(config.getini(INI)).strip().lower() in ("1", "true", "yes", "on")


def report_path(config: pytest.Config, kind: str) -> Path | None:
    chosen = config.getoption(f"{FLAG}-{kind}")
    if chosen is None:
        chosen = config.getini(f"{INI}_{kind}")
    text = str(chosen).strip()
    return (config.rootpath / text).resolve() if text else None


def _readings(config: pytest.Config) -> dict[str, Any]:
    """What this process has read: ``local`` reports (emulators it started) and ``remote`` ones by URL
    (emulators it used but did not start, which count for every process that uses them)."""
    if READINGS not in config.stash:
        config.stash[READINGS] = {"local": [], "remote": {}}
    return config.stash[READINGS]


def _add(config: pytest.Config, part: dict[str, Any]) -> None:
    readings = _readings(config)
    readings["local"] += part.get("local", [])
    for url, report in part.get("remote", {}).items():
        held = readings["remote"].get(url)
        # Several workers read one shared emulator at different times; its counts only grow, so the
        # reading with the most calls is the latest.
        if held is None or report["totals"]["calls"] >= held["totals"]["calls"]:
            readings["remote"][url] = report


def collect(config: pytest.Config, pool: Pool) -> None:
    """Read every emulator's counts before the pool stops the ones it started."""
    if not enabled(config):
        return
    from emulator.testing.channel import AdminError, call

    def read(handle: Any) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = call(handle.channel, "GET", "/_emulator/coverage/client")
        except (AdminError, OSError):  # an emulator gone or older than the route: nothing to report
            return None
        return found

    local = [read(i.handle) for i in pool.instances.values()]
    remote = {url: read(handle) for url, handle in pool.remotes.items()}
    _add(
        config,
        {
            "local": [r for r in local if r is not None],
            "remote": {url: r for url, r in remote.items() if r is not None},
        },
    )


def worker_done(node: Any) -> None:
    """In the pytest-xdist controller: a worker's readings, handed over when it finished."""
    part = getattr(node, "workeroutput", {}).get(WORKER_KEY)
    if part is not None:
        _add(node.config, part)


def finish(config: pytest.Config) -> None:
    """A worker hands its readings to the controller; the controller, or a session without xdist,
    merges them and writes the files (the terminal summary names them)."""
    if not enabled(config) or READINGS not in config.stash:
        return
    readings = config.stash[READINGS]
    if hasattr(config, "workerinput"):
        config.workeroutput[WORKER_KEY] = readings  # type: ignore[attr-defined]
        return
    from emulator.admin import coverage_html
    from emulator.admin.coverage_report import merge

    reports = [*readings["local"], *readings["remote"].values()]
    if not reports:
        return
    report = config.stash[REPORT] = merge(reports)
    for kind in PATHS:
        path = report_path(config, kind)
        if path is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(report, indent=2) + "\n" if kind == "json" else coverage_html.render(report)
        path.write_text(text, encoding="utf-8")


def terminal_summary(terminal: Any, config: pytest.Config) -> None:
    if not enabled(config):
        return
    terminal.section("calcom coverage")
    report = config.stash.get(REPORT, None)
    if report is None:
        terminal.write_line("calcom coverage: no test used a calcom emulator")
        return
    from emulator.admin.coverage_report import summary

    for line in summary(report):
        terminal.write_line(line)
    for kind in PATHS:
        path = report_path(config, kind)
        if path is not None:
            terminal.write_line(f"  {kind.upper()} report: {path}")
