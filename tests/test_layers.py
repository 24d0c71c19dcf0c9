"""The package's shape, enforced: imports run one way down the layers, no module imports itself back
through a circle, and no module outgrows a head (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "emulator"
MAX_LINES = 400

# Bottom to top. A module may import its own layer and the layers below it, never one above.
LAYERS = [
    ("emulator.settings", "emulator.wire", "emulator.specs", "emulator.world"),
    ("emulator.domain",),
    ("emulator.pipeline",),
    ("emulator.api",),
    ("emulator.runtime", "emulator.worlds"),
    ("emulator.admin",),
    ("emulator.app",),
    ("emulator.cli", "emulator.pytest_plugin", "emulator.testing", "emulator.drift"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every emulator module the file imports, wherever the import stands (type-checking blocks and
    function bodies included): an arrow is an arrow even when it is only followed late."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from emulator.api import registry` names a module; `from emulator.x import name` a name.
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != "emulator":
                found.add(name)
    return found


def layer(module: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return index
    raise AssertionError(f"{module} belongs to no layer; add it to LAYERS and docs/architecture.md")


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(path, known) - {name} for name, path in found.items()}


def test_every_module_has_a_layer() -> None:
    for name in modules():
        if name != "emulator":
            layer(name)


def test_no_import_runs_upward() -> None:
    upward = [
        f"{source} (layer {layer(source)}) imports {target} (layer {layer(target)})"
        for source, targets in graph().items()
        if source != "emulator"
        for target in sorted(targets)
        if layer(target) > layer(source)
    ]
    assert upward == []


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_circles_are_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle() -> None:
    # Packages' __init__ modules are faces, not rooms: a package importing its own modules is no circle.
    edges = {source: {t for t in targets if not source.startswith(t + ".")} for source, targets in graph().items()}
    assert circles(edges) == []


def test_no_module_over_the_limit() -> None:
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}
