"""Route matching: method + path -> the candidate operations, compiled once from the specs.

The templates form a trie of path segments. At each segment a literal beats a segment pattern
(``{userId}_{teamId}``), which beats a plain parameter, and matching backtracks, so
``/v2/schedules/default`` reaches its own operation before ``/v2/schedules/{scheduleId}``. All the
leaves a path reaches are kept in that order: the version stage picks among them, as Nest moves on
to the next route when a controller does not serve the requested version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from emulator.specs.operations import Operation

_PARAM = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Candidate:
    operation: Operation
    path_params: dict[str, str]


@dataclass
class _Node:
    static: dict[str, _Node] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern[str], _Node]] = field(default_factory=list)
    pattern_keys: dict[str, _Node] = field(default_factory=dict)
    param: _Node | None = None
    # method -> operations ending here, each with its parameter names in template order
    methods: dict[str, list[tuple[Operation, list[str]]]] = field(default_factory=dict)


def _segment_pattern(segment: str) -> re.Pattern[str]:
    pieces: list[str] = []
    pos = 0
    params = list(_PARAM.finditer(segment))
    for i, m in enumerate(params):
        pieces.append(re.escape(segment[pos : m.start()]))
        # Every parameter but the last stops at the next literal; the last takes the rest.
        pieces.append("(.+)" if i == len(params) - 1 else "(.+?)")
        pos = m.end()
    pieces.append(re.escape(segment[pos:]))
    return re.compile("^" + "".join(pieces) + "$")


def split(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


@dataclass(frozen=True)
class Match:
    candidates: list[Candidate]  # leaves serving the method, in priority order
    allowed: list[str]  # methods served anywhere at this path (for 405 and its Allow header)


# Matches remembered by method and path: a client calls the same few paths over and over, and the
# trie walk costs more than the rest of routing. Bounded (docs/limits.md): paths longer than
# MATCHED_PATH_LENGTH are never kept, and the whole memory is dropped when it holds MATCHES_KEPT.
MATCHES_KEPT = 4096
MATCHED_PATH_LENGTH = 256


class Router:
    def __init__(self, operations: list[Operation]) -> None:
        self._root = _Node()
        self._matches: dict[tuple[str, str], Match] = {}
        for op in operations:
            self._add(op)

    def _add(self, op: Operation) -> None:
        node = self._root
        for segment in split(op.path):
            if not _PARAM.search(segment):
                node = node.static.setdefault(segment, _Node())
            elif _PARAM.fullmatch(segment):
                if node.param is None:
                    node.param = _Node()
                node = node.param
            else:
                child = node.pattern_keys.get(segment)
                if child is None:
                    child = node.pattern_keys[segment] = _Node()
                    node.patterns.append((_segment_pattern(segment), child))
                node = child
        node.methods.setdefault(op.method, []).append((op, _PARAM.findall(op.path)))

    def _walk(self, node: _Node, segments: list[str], i: int, values: list[str]) -> Iterator[tuple[_Node, list[str]]]:
        if i == len(segments):
            if node.methods:
                yield node, values
            return
        segment = segments[i]
        child = node.static.get(segment)
        if child is not None:
            yield from self._walk(child, segments, i + 1, values)
        for pattern, pchild in node.patterns:
            m = pattern.match(segment)
            if m:
                yield from self._walk(pchild, segments, i + 1, [*values, *m.groups()])
        if node.param is not None:
            yield from self._walk(node.param, segments, i + 1, [*values, segment])

    def match(self, method: str, path: str) -> Match:
        """The operations serving method at path. The answer is shared between calls: read it, never change it."""
        key = (method, path)
        found = self._matches.get(key)
        if found is None:
            found = self._match(method, path)
            if len(path) <= MATCHED_PATH_LENGTH:
                if len(self._matches) >= MATCHES_KEPT:
                    self._matches.clear()
                self._matches[key] = found
        return found

    def _match(self, method: str, path: str) -> Match:
        candidates: list[Candidate] = []
        allowed: set[str] = set()
        for node, values in self._walk(self._root, split(path), 0, []):
            allowed.update(node.methods)
            for op, names in node.methods.get(method, []):
                candidates.append(Candidate(op, dict(zip(names, values, strict=True))))
        return Match(candidates, sorted(allowed))


# The v1 app's own rewrites (apps/api/v1/next.config.js): /api/hooks/* is the old name of /api/webhooks/*,
# and a path the app has no other page for falls back to /api/<path>, so the v1 operations also answer
# at the root (n8n's Cal.com trigger node calls /webhooks?apiKey= and /event-types?apiKey=).
V1_OLD_NAMES = {"hooks": "webhooks"}


def v1_alias(router: Router, path: str) -> str | None:
    """The /v1 path a request is served as when the v1 app's rewrites name it differently, else None:
    /v1/hooks/... is /v1/webhooks/...; a root path is /v1/<path> when a v1 operation lives there (any
    method). /v2, the admin API under /_emulator and unknown root paths are left alone."""
    if path.startswith(("/v2/", "/_emulator/")):  # nearly every request: nothing to rewrite
        return None
    segments = split(path)
    if not segments or segments[0] in ("v2", "_emulator"):
        return None
    if segments[0] != "v1":
        segments = ["v1", *segments]
    elif len(segments) == 1:
        return None
    aliased = "/" + "/".join(["v1", V1_OLD_NAMES.get(segments[1], segments[1]), *segments[2:]])
    if aliased == path.rstrip("/"):
        return None
    return aliased if router.match("GET", aliased).allowed else None
