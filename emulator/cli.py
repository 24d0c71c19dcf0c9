"""The calcom-emulator command: serve, specs sync, coverage."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any, NoReturn

import emulator
from emulator.drift import commands as drift_commands
from emulator.settings import Settings, SettingsError, environment_help
from emulator.specs import cache as startup_cache
from emulator.specs import heap
from emulator.specs.lock import SpecError
from emulator.world.fixtures import FixtureErrors

if TYPE_CHECKING:
    from emulator.runtime import Runtime


class Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr (the usage itself is one --help away), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _serve(args: argparse.Namespace) -> int:
    # What is made before the server runs lives as long as it: the collector is spared it (specs/heap.py).
    with heap.building():
        import uvicorn

        from emulator.app import create_app

        settings, runtime, generated = _serve_runtime(args)
        app = create_app(runtime=runtime)
    counts = runtime.describe()["operations"]
    print(
        f"calcom-emulator: loaded {counts.get('v1', 0)} v1 + {counts.get('v2', 0)} v2 operations "
        f"(+{counts.get('legacy', 0)} legacy 2024-04-15) (+{counts.get('atoms', 0)} provider/atoms) "
        f"from {runtime.specs.sources['v2'].parent.parent} "
        f"in {runtime.timings['load_ms'] + runtime.timings['compile_ms']:.0f} ms; validator {runtime.validator.name}"
        + ("; strict versions" if settings.strict_versions else "")
        + f"; webhooks {'sent' if settings.webhook_delivery == 'send' else 'recorded, not sent'}"
        + (f" (only to {', '.join(settings.webhook_allow)})" if settings.webhook_allow else ""),
        flush=True,
    )
    _print_credentials(runtime)
    if settings.admin_token:
        where = "generated for this run" if generated else "as configured"
        shown = settings.admin_token if generated else "(CALCOM_EMULATOR_ADMIN_TOKEN / --admin-token)"
        print(
            f"calcom-emulator: the admin API (/_emulator/*, not health) needs "
            f"Authorization: Bearer <token>, {where}: {shown}",
            flush=True,
        )
    print(
        f"calcom-emulator: listening on http://{settings.host}:{settings.port} (health: /_emulator/health)",
        flush=True,
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        access_log=False,
        ws="none",  # Cal.com's API has no websockets; uvicorn's default would import a websocket library
    )
    return 0


def _serve_runtime(args: argparse.Namespace) -> tuple[Settings, Runtime, bool]:
    """The settings of `serve` (with an admin token generated when reachable from a network), the
    runtime built on them, and whether the token was generated."""
    from emulator.runtime import Runtime

    settings = Settings.from_env(
        host=args.host,
        port=args.port,
        specs=args.specs,
        fixtures=tuple(args.fixtures) if args.fixtures else None,
        lenient=True if args.lenient else None,
        validator=args.validator,
        strict_versions=True if args.strict_versions else None,
        clock=args.clock,
        rate_limits=args.rate_limits,
        rate_limit=args.rate_limit,
        block_unpaid_with=args.unpaid_status,
        webhook_delivery=args.webhook_delivery,
        webhook_allow=tuple(p.strip() for a in args.webhook_allow for p in a.split(",") if p.strip())
        if args.webhook_allow
        else None,
        log_level=args.log_level,
        journal_limit=args.journal_limit,
        journal_body_limit=args.journal_body_limit,
        deliveries_limit=args.deliveries_limit,
        snapshots_limit=args.snapshots_limit,
        outbox_limit=args.outbox_limit,
        worlds_limit=args.worlds_limit,
        worlds_idle_seconds=args.worlds_idle_seconds,
        admin_token=args.admin_token,
    )
    from emulator.admin.access import is_loopback, new_token

    generated = not settings.admin_token and not is_loopback(settings.host)
    if generated:  # reachable from a network: the admin API (every key and secret) must not be open to it
        settings = settings.with_(admin_token=new_token())
    return settings, Runtime.build(settings), generated


def _print_credentials(runtime: Any) -> None:
    from emulator.world.fixtures import credentials

    sources = ", ".join(source.name for source in runtime.sources)
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in runtime.world.tables.items() if rows)
    print(f"calcom-emulator: world from {sources}: {counts}", flush=True)
    print("calcom-emulator: credentials (also at GET /_emulator/credentials):", flush=True)
    for cred in credentials(runtime.world):
        expiry = f" (expires {cred['expiresAt']})" if cred.get("expiresAt") else ""
        secret = f" secret {cred['secret']}" if cred.get("secret") else ""
        print(f"  {cred['kind']:13} {cred['owner']:<24} {cred['value']}{secret}{expiry}", flush=True)


def _fixtures_check(args: argparse.Namespace) -> int:
    from emulator.world.fixtures import check_command

    return check_command(args.files)


def _sync(args: argparse.Namespace) -> int:
    from emulator.specs import lock

    for path, done in lock.sync(args.from_dir):
        print(f"calcom-emulator: {path}: {done}, sha256 matches specs.lock.json")
    return 0


def coverage_rows(settings: Settings) -> list[dict[str, Any]]:
    from emulator.runtime import Runtime

    runtime = Runtime.build(settings)
    return [
        {
            "api": op.api,
            "document": op.document,
            "method": op.method,
            "path": op.path,
            "operationId": op.operation_id,
            "tag": op.tag,
            "versions": sorted(op.versions) if op.versions is not None and op.version_bound else None,
            "origin": op.origin,
            "served": runtime.coverage(op),
            **({"source": op.source} if op.source else {}),
        }
        for op in runtime.specs.operations
    ]


def _coverage(args: argparse.Namespace) -> int:
    rows = coverage_rows(Settings.from_env(specs=args.specs))
    spec_rows = [r for r in rows if r["origin"] == "spec"]
    legacy_rows = [r for r in rows if r["origin"] == "legacy"]
    atoms_rows = [r for r in rows if r["origin"] == "atoms"]
    added_rows = [r for r in rows if r["origin"] == "overlay"]

    def totals(selected: list[dict[str, Any]]) -> dict[str, Any]:
        by_api = Counter(r["api"] for r in selected)
        return {
            "operations": len(selected),
            **{k: by_api[k] for k in sorted(by_api)},
            "served": dict(Counter(r["served"] for r in selected)),
        }

    if args.json:
        json.dump(
            {
                "operations": spec_rows,
                "legacy": legacy_rows,
                "atoms": atoms_rows,
                "added": added_rows,
                "totals": {
                    "spec": totals(spec_rows),
                    "legacy": totals(legacy_rows),
                    "atoms": totals(atoms_rows),
                    "added": totals(added_rows),
                },
            },
            sys.stdout,
            indent=2,
        )
        print()
        return 0
    groups = (
        ("spec operations", spec_rows),
        ("legacy 2024-04-15 operations (openapi/legacy/)", legacy_rows),
        ("provider and @calcom/atoms operations the spec leaves out (openapi/atoms/)", atoms_rows),
        ("operations the server has but the spec omits (openapi/overlays/)", added_rows),
    )
    for title, selected in groups:
        print(f"# {title}")
        for r in selected:
            print(f"{r['api']:3} {r['method']:6} {r['path']:80} {r['operationId']:70} {r['tag']:30} {r['served']}")
        t = totals(selected)
        print(f"# {t['operations']} operations; " + ", ".join(f"{k}: {v}" for k, v in t["served"].items()))
        print()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="calcom-emulator",
        description="A local emulator of the Cal.com API.",
        epilog=environment_help() + "\n\n" + startup_cache.environment_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"calcom-emulator {emulator.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser(
        "serve",
        help="run the emulator",
        epilog=environment_help() + "\n\n" + startup_cache.environment_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default=None, help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8080)")
    serve.add_argument("--specs", default=None, help="folder holding the pinned spec files")
    serve.add_argument("--fixtures", action="append", help="YAML fixture file (repeatable)")
    serve.add_argument("--lenient", action="store_true", help="log off-spec responses instead of answering 500")
    serve.add_argument("--validator", choices=["fast", "openapi-core"], default=None)
    serve.add_argument(
        "--strict-versions",
        action="store_true",
        help="answer 400 to a missing or wrong cal-api-version instead of the 2024-04-15 fallback",
    )
    serve.add_argument("--clock", default=None, help="start the clock frozen at this ISO instant")
    serve.add_argument("--rate-limits", choices=["on", "off"], default=None, help="enforce rate limits (default on)")
    serve.add_argument(
        "--rate-limit", type=int, default=None, help="requests per minute for every credential, instead of the defaults"
    )
    serve.add_argument(
        "--unpaid-status",
        type=int,
        choices=[402, 403],
        default=None,
        help="status for paid features when billing is past_due/unpaid (default 402; the live server answers 403)",
    )
    serve.add_argument(
        "--webhook-delivery",
        choices=["send", "record"],
        default=None,
        help="only record webhook deliveries (record, the default) or also POST them to their subscribers (send)",
    )
    serve.add_argument(
        "--webhook-allow",
        action="append",
        default=None,
        metavar="HOSTS",
        help="hosts webhook deliveries may go to (repeatable, or comma-separated): names such as "
        "hooks.example.com, *.example.com, localhost:9000, or networks such as 10.0.0.0/8; deliveries to "
        "any other host are refused, not sent (default: any http(s) host)",
    )
    serve.add_argument("--log-level", choices=["critical", "error", "warning", "info", "debug", "trace"], default=None)
    for name, what in (
        ("journal-limit", "calls kept in the journal (default 1000)"),
        ("journal-body-limit", "bytes of each request and response body the journal keeps (default 65536)"),
        ("deliveries-limit", "webhook deliveries kept (default 1000)"),
        ("snapshots-limit", "world snapshots kept (default 100)"),
        ("outbox-limit", "messages kept in the outbox (default 1000)"),
        ("worlds-limit", "named worlds held at once (default 1000; docs/worlds.md)"),
        ("worlds-idle-seconds", "drop a named world unused this many seconds of wall time (default 3600; 0: never)"),
    ):
        serve.add_argument(f"--{name}", type=int, default=None, metavar="N", help=what)
    serve.add_argument(
        "--admin-token",
        default=None,
        help="require Authorization: Bearer <token> on /_emulator/* but health (default: none on a loopback "
        "host, a generated one, printed, otherwise)",
    )
    serve.set_defaults(func=_serve)

    specs = sub.add_parser("specs", help="manage the pinned upstream specs")
    specs_sub = specs.add_subparsers(dest="specs_command", required=True)
    sync = specs_sub.add_parser("sync", help="copy or download the pinned specs into openapi/upstream/")
    sync.add_argument("--from", dest="from_dir", default=None, help="copy from this folder instead of downloading")
    sync.set_defaults(func=_sync)

    fixtures = sub.add_parser("fixtures", help="work with fixture files")
    fixtures_sub = fixtures.add_subparsers(dest="fixtures_command", required=True)
    check = fixtures_sub.add_parser("check", help="validate fixture files (layered in order); errors with line:column")
    check.add_argument("files", nargs="*", help="YAML or JSON files (default: the default world)")
    check.set_defaults(func=_fixtures_check)
    drift_commands.register(sub, specs_sub, fixtures_sub)  # proxy, replay, specs diff, fixtures from-recording

    cov = sub.add_parser("coverage", help="list every operation and how it is served")
    cov.add_argument("--json", action="store_true")
    cov.add_argument("--specs", default=None)
    cov.set_defaults(func=_coverage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to write, and Python must not try again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("calcom-emulator: output closed before it was all written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except (SettingsError, SpecError) as exc:
        print(f"calcom-emulator: {exc}", file=sys.stderr)
        return 2
    except FixtureErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"calcom-emulator: {len(exc.errors)} problem(s) in the fixtures; not started", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    raise SystemExit(main())
