"""The drift subcommands of calcom-emulator: proxy, replay, fixtures from-recording and specs diff
(docs/coverage.md). Only argparse is imported here: every command imports what it needs when it runs,
so ``calcom-emulator --help`` and the other commands do not pay for it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HTTPX_MISSING = "the proxy forwards with httpx, which is not installed: pip install 'calcom-emulator[proxy]'"


def _proxy(args: argparse.Namespace) -> int:
    try:
        import httpx
    except ImportError:
        print(f"calcom-emulator: {HTTPX_MISSING}", file=sys.stderr)
        return 2
    import uvicorn

    import emulator
    from emulator.drift.proxy import RecordingProxy, wall_clock
    from emulator.drift.recording import Writer, header_line
    from emulator.runtime import Runtime
    from emulator.settings import Settings

    target = args.target.rstrip("/")
    if not target.startswith(("http://", "https://")):
        print(f"calcom-emulator: --target must be an http(s) URL, not {args.target!r}", file=sys.stderr)
        return 2
    runtime = Runtime.build(Settings.from_env(specs=args.specs))
    out = Path(args.record)
    with out.open("w", encoding="utf-8") as handle:
        writer = Writer(handle)
        writer.header(header_line(target, wall_clock(), emulator.__version__))
        client = httpx.AsyncClient(timeout=args.timeout, follow_redirects=False, trust_env=False)
        app = RecordingProxy(target, writer, runtime, client)
        print(
            f"calcom-emulator: proxying http://{args.host}:{args.port} -> {target}, recording /v1 and /v2 calls "
            f"(secrets redacted) to {out}",
            flush=True,
        )
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


def _replay(args: argparse.Namespace) -> int:
    from emulator.drift import recording, replay
    from emulator.testing.channel import AdminError, AsgiChannel, AsgiRunner, Channel, HttpChannel, call

    try:
        header, exchanges = recording.read(args.file)
    except recording.RecordingError as exc:
        print(f"calcom-emulator: {exc}", file=sys.stderr)
        return 2
    clock = header.get("startedAt") if args.clock == "recorded" else args.clock
    channel: Channel
    if args.against:
        channel, where = HttpChannel(args.against, admin_token=args.admin_token), args.against
    else:
        from emulator.app import create_app
        from emulator.runtime import Runtime
        from emulator.settings import Settings

        settings = Settings.from_env(
            fixtures=tuple(args.fixtures) if args.fixtures else None, rate_limits=args.rate_limits, specs=args.specs
        )
        channel, where = AsgiChannel(AsgiRunner(create_app(runtime=Runtime.build(settings)))), "an in-process emulator"
    subs = replay.Substitutions(fallback=args.credential)
    try:
        if not args.no_reset:
            call(channel, "POST", "/_emulator/reset")
        if clock:
            call(channel, "POST", "/_emulator/clock", json_body={"set": clock, "frozen": True})
        for credential in call(channel, "GET", "/_emulator/credentials")["credentials"]:
            subs.know(credential.get("value"), credential.get("secret"))
    except (AdminError, OSError) as exc:
        print(f"calcom-emulator: could not prepare {where} for the replay: {exc}", file=sys.stderr)
        return 2
    outcomes = replay.replay(exchanges, channel, subs)
    report = replay.drift_report(outcomes, where, subs.unknown)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
    else:
        print("\n".join(replay.text_lines(report)))
    return 1 if report["different"] else 0


def _from_recording(args: argparse.Namespace) -> int:
    from emulator.drift import recording
    from emulator.drift.fixtures import build_fixtures, dump
    from emulator.world.fixtures import check_command

    try:
        _, exchanges = recording.read(args.file)
    except recording.RecordingError as exc:
        print(f"calcom-emulator: {exc}", file=sys.stderr)
        return 2
    document, counts = build_fixtures(exchanges)
    note = f"# Fixtures made by `calcom-emulator fixtures from-recording {args.file}` (docs/coverage.md).\n"
    Path(args.output).write_text(note + dump(document), encoding="utf-8")
    carried = ", ".join(f"{counts[k]} {k}" for k in ("users", "schedules", "eventTypes", "bookings"))
    left = ", ".join(f"{counts[k]} {k[7:].lower()}" for k in counts if k.startswith("leftOut") and counts[k])
    print(f"calcom-emulator: wrote {args.output}: {carried}" + (f"; left out {left}" if left else ""))
    return check_command([args.output])


def _specs_diff(args: argparse.Namespace) -> int:
    import emulator.api.handlers  # noqa: F401  registers every handler: what the emulator serves
    from emulator.api.registry import HANDLERS
    from emulator.specs import lock
    from emulator.specs.diff import diff_documents, text_lines
    from emulator.specs.yamlio import read_yaml

    pin = lock.load_pins()[args.api]
    pinned_path = lock.locate(pin, args.specs)
    other_path = Path(args.other)
    try:
        other: Any = json.loads(other_path.read_bytes()) if other_path.suffix == ".json" else read_yaml(other_path)
    except (OSError, ValueError) as exc:
        print(f"calcom-emulator: cannot read {other_path}: {exc}", file=sys.stderr)
        return 2
    if not isinstance(other, dict) or not isinstance(other.get("paths"), dict):
        print(f"calcom-emulator: {other_path} is not an OpenAPI document (no paths)", file=sys.stderr)
        return 2
    report = diff_documents(json.loads(pinned_path.read_bytes()), other, set(HANDLERS))
    report = {"api": args.api, "pinned": str(pinned_path), "other": str(other_path), **report}
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
    else:
        print(f"# {args.api}: pinned {pinned_path} ({pin.commit[:10]}) against {other_path}")
        print("\n".join(text_lines(report)))
    return 0


def register(sub: Any, specs_sub: Any, fixtures_sub: Any) -> None:
    """Add the commands to the parser's subcommands (and to those of ``specs`` and ``fixtures``)."""
    proxy = sub.add_parser(
        "proxy", help="forward to another Cal.com API server and record each call, checked against the contract"
    )
    proxy.add_argument("--target", required=True, help="the server to forward to, e.g. https://api.cal.com")
    proxy.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    proxy.add_argument("--port", type=int, default=8081, help="port (default 8081)")
    proxy.add_argument("--record", default="calcom-recording.jsonl", metavar="FILE", help="the recording (JSON lines)")
    proxy.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the target (default 30)")
    proxy.add_argument("--specs", default=None, help="folder holding the pinned spec files")
    proxy.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    proxy.set_defaults(func=_proxy)

    rep = sub.add_parser("replay", help="send a recording's requests to an emulator and report how the answers differ")
    rep.add_argument("file", help="a recording made by calcom-emulator proxy")
    where = rep.add_mutually_exclusive_group()
    where.add_argument("--against", metavar="URL", default=None, help="a running emulator")
    where.add_argument("--in-process", action="store_true", help="a fresh emulator in this process (the default)")
    rep.add_argument("--admin-token", default=None, help="the --against emulator's admin token, if it has one")
    rep.add_argument("--no-reset", action="store_true", help="do not reset the emulator first")
    rep.add_argument(
        "--clock", default=None, help="freeze the emulator's clock here first: an ISO instant or 'recorded'"
    )
    rep.add_argument("--credential", default=None, help="API key or token to send where the recorded one is unknown")
    rep.add_argument("--fixtures", action="append", help="in-process: the world's fixture files (repeatable)")
    rep.add_argument(
        "--rate-limits", choices=["on", "off"], default="off", help="in-process: rate limits (default off)"
    )
    rep.add_argument("--specs", default=None, help="in-process: folder holding the pinned spec files")
    rep.add_argument("--json", action="store_true", help="the drift report as JSON")
    rep.set_defaults(func=_replay)

    diff = specs_sub.add_parser("diff", help="compare the pinned spec with another version of it")
    diff.add_argument("other", help="the other version (JSON or YAML)")
    diff.add_argument("--api", choices=["v1", "v2"], default="v2", help="which pinned spec (default v2)")
    diff.add_argument("--specs", default=None, help="folder holding the pinned spec files")
    diff.add_argument("--json", action="store_true")
    diff.set_defaults(func=_specs_diff)

    convert = fixtures_sub.add_parser("from-recording", help="fixtures from the records a recording's answers show")
    convert.add_argument("file", help="a recording made by calcom-emulator proxy")
    convert.add_argument("-o", "--output", default="world.yaml", help="the fixture file to write (default world.yaml)")
    convert.set_defaults(func=_from_recording)
