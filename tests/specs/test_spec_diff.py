"""specs diff: the pinned spec against another version of it, with which operations the emulator serves."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from emulator.cli import main
from emulator.specs import lock
from emulator.specs.diff import Flattener, diff_documents


@pytest.fixture(scope="module")
def pinned() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(lock.locate(lock.load_pins()["v2"]).read_bytes())
    return document


@pytest.fixture
def altered(pinned: dict[str, Any], tmp_path: Path) -> Path:
    """The pinned v2 spec with GET /v2/me removed and the refresh token input's field made a number."""
    other = copy.deepcopy(pinned)
    del other["paths"]["/v2/me"]["get"]
    other["components"]["schemas"]["RefreshTokenInput"]["properties"]["refreshToken"]["type"] = "number"
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(other))
    return path


def test_the_same_spec_has_no_drift(pinned: dict[str, Any]) -> None:
    report = diff_documents(pinned, copy.deepcopy(pinned), set())
    assert (report["totals"]["added"], report["totals"]["removed"], report["totals"]["changed"]) == (0, 0, 0)


def test_a_removed_operation_and_a_changed_field_are_both_listed(
    altered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["specs", "diff", str(altered), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == []
    assert report["removed"] == [
        {"method": "GET", "path": "/v2/me", "operationId": "MeController_getMe", "served": True}
    ]
    [changed] = report["changed"]
    assert (changed["method"], changed["path"], changed["operationId"]) == (
        "POST",
        "/v2/oauth/{clientId}/refresh",
        "OAuthFlowController_refreshTokens",
    )
    assert changed["changes"] == [
        {
            "kind": "requestBody",
            "change": "changed",
            "where": "refreshToken",
            "before": "string, required",
            "after": "number, required",
        }
    ]
    assert report["totals"]["servedAffected"] == 1 + int(changed["served"])


def test_the_text_report(altered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["specs", "diff", str(altered)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("229 operations pinned, 228 in the other spec: 0 added, 1 removed, 1 changed")
    assert "  - GET    /v2/me  MeController_getMe  [served]" in out
    assert "      requestBody refreshToken: string, required -> number, required" in out


def test_added_operations_responses_and_parameters() -> None:
    before: dict[str, Any] = {
        "paths": {
            "/x": {
                "get": {
                    "operationId": "getX",
                    "parameters": [{"name": "take", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}}
                    },
                }
            }
        },
        "components": {"schemas": {"X": {"type": "object", "properties": {"id": {"type": "integer"}}}}},
    }
    after = copy.deepcopy(before)
    after["paths"]["/y"] = {"post": {"operationId": "postY", "responses": {"201": {}}}}
    get_x = after["paths"]["/x"]["get"]
    get_x["parameters"].append({"name": "skip", "in": "query", "required": True, "schema": {"type": "integer"}})
    get_x["responses"]["404"] = {}
    after["components"]["schemas"]["X"]["properties"]["status"] = {"type": "string", "enum": ["a", "b"]}
    report = diff_documents(before, after, {"getX"})
    assert report["added"] == [{"method": "POST", "path": "/y", "operationId": "postY", "served": False}]
    [changed] = report["changed"]
    assert changed["served"] is True
    assert [(c["kind"], c["change"], c["where"], c["after"]) for c in changed["changes"]] == [
        ("parameter", "added", "query.skip", "integer, required"),
        ("response", "added", "200 status", "string enum[a, b]"),
        ("response", "added", "404", "documented"),
    ]


def test_recursive_schemas_end() -> None:
    document = {
        "components": {
            "schemas": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}}
        }
    }
    fields = Flattener(document).fields({"$ref": "#/components/schemas/Node"})
    assert set(fields) == {"next"}
