"""World control: reset, load fixtures, dump state, snapshots, credentials."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from emulator.admin.bounds import MAX_FIXTURE_BYTES
from emulator.admin.common import admin_error, read_capped, runtime_of
from emulator.world import dump
from emulator.world.fixtures import FixtureErrors, FixtureSource, credentials, load_world


async def reset(request: Request) -> JSONResponse:
    runtime_of(request).reset()
    return JSONResponse({"status": "ok"})


async def load_fixtures(request: Request) -> JSONResponse:
    """POST YAML or JSON fixtures: ?mode=merge (default) adds records, ?mode=replace starts empty;
    ?scope=base (default) makes the result what reset returns to, ?scope=test leaves that alone, so the
    next reset undoes the load."""
    runtime = runtime_of(request)
    mode = request.query_params.get("mode", "merge")
    if mode not in ("merge", "replace"):
        return admin_error(400, f"mode must be merge or replace, not {mode!r}")
    scope = request.query_params.get("scope", "base")
    if scope not in ("base", "test"):
        return admin_error(400, f"scope must be base (kept by reset) or test (undone by the next reset), not {scope!r}")
    raw = await read_capped(request, MAX_FIXTURE_BYTES)
    if isinstance(raw, JSONResponse):
        return raw
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        return admin_error(400, "the fixtures must be UTF-8 text (YAML or JSON)")
    if not text.strip():
        return admin_error(400, "the body is empty: send YAML or JSON fixtures")
    source = FixtureSource(name="<request>", text=text)
    world = runtime.world
    before = world.snapshot()
    try:
        if mode == "replace":
            world.clear()
        load_world(world, [source])
    except FixtureErrors as exc:
        world.restore(before)
        return admin_error(
            400,
            f"{len(exc.errors)} problem(s) in the fixtures; nothing was loaded",
            errors=[{"file": e.file, "line": e.line, "column": e.column, "message": e.message} for e in exc.errors],
        )
    except Exception as exc:  # a failure the loader met late: the world must be as it was, not half-loaded
        world.restore(before)
        return admin_error(400, f"the fixtures could not be loaded ({type(exc).__name__}: {exc}); nothing was loaded")
    if scope == "base":
        runtime.sources = [source] if mode == "replace" else [*runtime.sources, source]
        runtime.mark_base()
    counts = {n: len(r) for n, r in world.tables.items()}
    return JSONResponse({"status": "ok", "mode": mode, "scope": scope, "counts": counts})


async def state(request: Request) -> JSONResponse:
    return JSONResponse(dump.state(runtime_of(request).world))


async def state_table(request: Request) -> JSONResponse:
    world = runtime_of(request).world
    name = request.path_params["table"]
    if name not in world.tables:
        return admin_error(404, f"no table {name!r}", tables=sorted(world.tables))
    return JSONResponse({"table": name, "records": dump.table(world, name)})


async def take_snapshot(request: Request) -> JSONResponse:
    return JSONResponse({"id": runtime_of(request).take_snapshot()}, status_code=201)


async def list_snapshots(request: Request) -> JSONResponse:
    return JSONResponse({"snapshots": sorted(runtime_of(request).snapshots, key=int)})


async def restore_snapshot(request: Request) -> JSONResponse:
    runtime = runtime_of(request)
    snapshot_id = request.path_params["snapshot_id"]
    snap = runtime.snapshots.get(snapshot_id)
    if snap is None:
        return admin_error(404, f"no snapshot {snapshot_id!r}", snapshots=sorted(runtime.snapshots, key=int))
    runtime.world.restore(snap)
    return JSONResponse({"status": "ok", "id": snapshot_id})


async def get_credentials(request: Request) -> JSONResponse:
    return JSONResponse({"credentials": credentials(runtime_of(request).world)})
