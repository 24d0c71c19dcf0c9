"""Fixtures: YAML (or JSON) worlds loaded into a World, and the credentials they hold.

The format is documented in docs/fixtures.md and described by fixture_schema.json. Loading is
all-or-nothing: every problem in every source is collected, each pinned to a line and column,
and if there is any the world is left exactly as it was.

    sources = read_sources(["fixtures/default.yaml", "extra.yaml"])   # later files build on earlier ones
    load_world(world, sources)                                         # raises FixtureErrors
    credentials(world)                                                 # API keys, OAuth clients, tokens
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

from emulator.specs.resources import fixtures_dir
from emulator.world.clock import Clock, iso_ms
from emulator.world.fixture_build import LoadContext, SourceBuilder
from emulator.world.store import World
from emulator.world.yaml_source import (
    FixtureError,
    FixtureErrors,
    FixtureSource,
    ParsedSource,
    check_structure,
    fixture_schema,
    parse_source,
)

__all__ = [
    "FixtureError",
    "FixtureErrors",
    "FixtureSource",
    "check_command",
    "credentials",
    "default_fixture_path",
    "fixture_schema",
    "load_world",
    "read_sources",
]


def default_fixture_path() -> Path:
    """fixtures/default.yaml: of the source checkout, or as installed with the package."""
    return fixtures_dir() / "default.yaml"


def read_sources(paths: list[str]) -> list[FixtureSource]:
    """Read fixture files ("-" is standard input); FixtureErrors names every file that could not be read."""
    sources: list[FixtureSource] = []
    errors: list[FixtureError] = []
    for path in paths:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            errors.append(FixtureError(path, 1, 1, f"cannot read the fixture file: {reason}"))
            continue
        sources.append(FixtureSource(name="<stdin>" if path == "-" else path, text=text))
    if errors:
        raise FixtureErrors(errors)
    return sources


def load_world(world: World, sources: list[FixtureSource]) -> None:
    """Apply the sources in order (each may refer to keys of the ones before) into the world.

    All or nothing: on any problem, raises FixtureErrors with all of them and leaves the world,
    its id counters and its random source exactly as they were.
    """
    parsed: list[ParsedSource] = [parse_source(source) for source in sources]
    for item in parsed:
        if item.ok:
            check_structure(item)
    rng_state = world.rng.getstate()
    # Loading allocates many objects and no reference cycles: the cyclic collector would only walk
    # the growing world again and again (it makes a 50,000-booking load three times slower).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with world.transaction():
            ctx = LoadContext.of(world)
            for item in parsed:
                if item.ok:
                    SourceBuilder(ctx, item).run()
            errors = [e for item in parsed for e in sorted(item.errors, key=lambda e: (e.line, e.column))]
            if errors:
                raise FixtureErrors(errors)
    except BaseException:
        world.rng.setstate(rng_state)
        raise
    finally:
        if collecting:
            gc.enable()


def credentials(world: World) -> list[dict[str, Any]]:
    """Every credential in the world: API keys, OAuth clients (id + secret), access and refresh tokens."""
    users = world.tables["users"]
    teams = world.tables["teams"]

    def owner(user_id: int) -> str | None:
        user = users.get(user_id)
        return None if user is None else user.key or user.email

    out: list[dict[str, Any]] = []
    for key in world.tables["api_keys"].values():
        expires = iso_ms(key.expires_at) if key.expires_at else None
        out.append({"kind": "apiKey", "value": key.key, "owner": owner(key.user_id), "expiresAt": expires})
    for client in world.tables["oauth_clients"].values():
        org = teams.get(client.organization_id)
        out.append(
            {
                "kind": "oauthClient",
                "value": client.id,
                "secret": client.secret,
                "owner": None if org is None else org.key or org.slug,
                "expiresAt": None,
            }
        )
    for token in world.tables["tokens"].values():
        kind = "accessToken" if token.kind == "access" else "refreshToken"
        out.append(
            {"kind": kind, "value": token.secret, "owner": owner(token.user_id), "expiresAt": iso_ms(token.expires_at)}
        )
    return out


def check_command(paths: list[str]) -> int:
    """`calcom-emulator fixtures check FILE...`: load the files (layered, in order) into a scratch world.

    Prints one line per problem (file:line:column: message) and returns 1, or a summary and 0.
    """
    if not paths:
        paths = [str(default_fixture_path())]
    try:
        world = World(Clock())
        load_world(world, read_sources(paths))
    except FixtureErrors as exc:
        for error in exc.errors:
            print(error)
        print(f"{len(exc.errors)} problem(s); nothing would be loaded")
        return 1
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in world.tables.items() if rows)
    print(f"ok: {' + '.join(paths)} -> {counts or 'an empty world'}")
    return 0
