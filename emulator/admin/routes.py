"""Admin routes under /_emulator. Each answers JSON; see docs/admin-api.md."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import emulator
from emulator.admin import client_coverage, clock, faults, journal, outbox, payments, providers, webhooks, world, worlds
from emulator.admin.common import admin_error, runtime_of
from emulator.admin.ui.routes import routes as ui_routes


async def health(request: Request) -> JSONResponse:
    runtime = runtime_of(request)
    counts = runtime.describe()["operations"]
    return JSONResponse(
        {
            "status": "ok",
            "emulator": emulator.__version__,
            "validator": runtime.validator.name,
            "strictVersions": runtime.settings.strict_versions,
            "now": runtime.clock.now().isoformat(),
            "apis": {
                name: {"operations": counts[name], "sha256": runtime.specs.hashes.get(name)}
                for name in runtime.specs.documents
            },
        }
    )


async def openapi(request: Request) -> JSONResponse:
    """The contract the emulator enforces: the pinned upstream document with our overlays applied."""
    documents = runtime_of(request).specs.documents
    name = request.path_params["name"]
    if name not in documents:
        return admin_error(404, f"no document {name!r}", documents=sorted(documents))
    return JSONResponse(documents[name])


routes = [
    Route("/_emulator/health", health, methods=["GET"]),
    Route("/_emulator/openapi/{name}.json", openapi, methods=["GET"]),
    Route("/_emulator/requests", journal.requests, methods=["GET"]),
    Route("/_emulator/reset", world.reset, methods=["POST"]),
    Route("/_emulator/fixtures", world.load_fixtures, methods=["POST"]),
    Route("/_emulator/state", world.state, methods=["GET"]),
    Route("/_emulator/state/{table}", world.state_table, methods=["GET"]),
    Route("/_emulator/snapshot", world.take_snapshot, methods=["POST"]),
    Route("/_emulator/snapshot", world.list_snapshots, methods=["GET"]),
    Route("/_emulator/snapshot/{snapshot_id}/restore", world.restore_snapshot, methods=["POST"]),
    Route("/_emulator/clock", clock.get_clock, methods=["GET"]),
    Route("/_emulator/clock", clock.post_clock, methods=["POST"]),
    Route("/_emulator/credentials", world.get_credentials, methods=["GET"]),
    Route("/_emulator/faults", faults.add_fault, methods=["POST"]),
    Route("/_emulator/faults", faults.list_faults, methods=["GET"]),
    Route("/_emulator/faults", faults.clear_faults, methods=["DELETE"]),
    Route("/_emulator/faults/{fault_id}", faults.delete_fault, methods=["DELETE"]),
    Route("/_emulator/webhooks/deliveries", webhooks.list_deliveries, methods=["GET"]),
    Route("/_emulator/webhooks/deliveries", webhooks.clear_deliveries, methods=["DELETE"]),
    Route("/_emulator/webhooks/deliveries/{delivery_id}/redeliver", webhooks.redeliver, methods=["POST"]),
    *providers.routes,
    *payments.routes,
    *outbox.routes,
    *client_coverage.routes,
    *worlds.routes,
    *ui_routes,
]
