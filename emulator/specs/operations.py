"""The operation index: every operation of both specs and of our legacy description, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# cal-api-version values the real server knows; anything else, or none, means the first one.
API_VERSIONS = ("2024-04-15", "2024-06-11", "2024-06-14", "2024-08-13", "2024-09-04")
DEFAULT_API_VERSION = API_VERSIONS[0]
VERSION_HEADER = "cal-api-version"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path | query | header
    required: bool
    schema: dict[str, Any]
    explode: bool
    allow_empty: bool = False  # allowEmptyValue: ``?name=`` is the empty string, not a problem

    @property
    def is_array(self) -> bool:
        return self.schema.get("type") == "array"


@dataclass(frozen=True)
class RequestBody:
    required: bool
    schema: dict[str, Any] | None
    media_types: tuple[str, ...]


@dataclass(frozen=True)
class Operation:
    api: str  # "v1" | "v2": the URL prefix and the error shape
    document: str  # "v1" | "v2" | "legacy" | "atoms": where the operation is described
    method: str  # upper case
    path: str  # as served, with the /v1 or /v2 prefix
    spec_path: str  # as written in its document
    operation_id: str
    tag: str
    summary: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: dict[str, dict[str, Any] | None]  # status -> JSON schema (OpenAPI form) or None
    versions: frozenset[str] | None = None  # v2 cal-api-version values served; None for v1
    source: str | None = None  # upstream file a legacy operation follows
    extensions: dict[str, Any] = field(default_factory=dict)

    @property
    def legacy(self) -> bool:
        return self.document == "legacy"

    @property
    def added(self) -> bool:
        """An operation the real server has but the pinned spec omits, described by an overlay."""
        return bool(self.extensions.get("x-emulator-added"))

    @property
    def origin(self) -> str:
        """Where the operation comes from: the pinned spec, one of our own descriptions (legacy, atoms),
        or an overlay."""
        if self.document in ("legacy", "atoms"):
            return self.document
        return "overlay" if self.added else "spec"

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def version_bound(self) -> bool:
        return self.versions is not None and self.versions != frozenset(API_VERSIONS)


def _json_schema(content: dict[str, Any] | None) -> tuple[dict[str, Any] | None, tuple[str, ...]]:
    if not content:
        return None, ()
    types = tuple(content)
    for media in types:
        if "json" in media:
            return content[media].get("schema"), types
    return None, types


def _declared_version(params: list[dict[str, Any]]) -> str | None:
    for p in params:
        if p.get("in") == "header" and p.get("name", "").lower() == VERSION_HEADER:
            default = (p.get("schema") or {}).get("default")
            return str(default) if default is not None else None
    return None


def build_operations(document: dict[str, Any], api: str, name: str, prefix: str) -> list[Operation]:
    """Read operations out of one (overlaid) OpenAPI document.

    The versions an operation serves come from ``x-emulator-versions`` when an overlay or the
    legacy description says so, else from the default of its ``cal-api-version`` header (the
    version the spec says it requires), else every version (unversioned controllers).
    """
    operations: list[Operation] = []
    for spec_path, item in document.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            raw_params = {(p["in"], p["name"]): p for p in [*shared, *op.get("parameters", [])]}
            params = tuple(
                Parameter(
                    name=p["name"],
                    location=p["in"],
                    required=bool(p.get("required")) or p["in"] == "path",
                    schema=p.get("schema") or {},
                    explode=p.get("explode", p.get("style", "form") == "form"),
                    allow_empty=bool(p.get("allowEmptyValue")),
                )
                for p in raw_params.values()
                if p["in"] in ("path", "query", "header")
            )
            body = None
            if "requestBody" in op:
                rb = op["requestBody"]
                schema, media = _json_schema(rb.get("content"))
                body = RequestBody(required=bool(rb.get("required")), schema=schema, media_types=media)
            responses = {
                str(status): _json_schema(resp.get("content"))[0] for status, resp in op.get("responses", {}).items()
            }
            versions: frozenset[str] | None = None
            if api == "v2":
                if "x-emulator-versions" in op:
                    versions = frozenset(op["x-emulator-versions"])
                elif (declared := _declared_version(list(raw_params.values()))) is not None:
                    versions = frozenset({declared})
                else:
                    versions = frozenset(API_VERSIONS)
            operations.append(
                Operation(
                    api=api,
                    document=name,
                    method=method.upper(),
                    path=prefix + spec_path,
                    spec_path=spec_path,
                    operation_id=op.get("operationId") or f"{method.upper()} {spec_path}",
                    tag=(op.get("tags") or [""])[0],
                    summary=op.get("summary", ""),
                    parameters=params,
                    body=body,
                    responses=responses,
                    versions=versions,
                    source=op.get("x-calcom-source"),
                    extensions={k: v for k, v in op.items() if k.startswith("x-")},
                )
            )
    return operations
