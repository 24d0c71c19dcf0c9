"""What one fixture source may cost to read (docs/limits.md).

Aliases are expanded as values are built, so a few lines of nested aliases ("billion laughs") could
otherwise ask for billions of values; an alias to its own collection would never end.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode

MAX_SOURCE_BYTES = 16 * 1024 * 1024
MAX_VALUES = 1_000_000  # values built from one source, aliases counted each time they are used
MAX_DEPTH = 64  # collections inside each other


class TooCostly(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def check_cost(root: Node) -> None:
    """Refuse a document whose values, aliases expanded, would be too many, too deep or endless, before
    building any: sizes are counted once per distinct node, so this is quick whatever the expansion."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: Node, depth: int) -> int:
        if isinstance(node, ScalarNode):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise TooCostly(node, "an alias refers to the collection that contains it")
        if depth > MAX_DEPTH:
            raise TooCostly(node, f"collections nest deeper than {MAX_DEPTH} levels")
        open_nodes.add(key)
        children = [v for pair in node.value for v in pair] if isinstance(node, MappingNode) else node.value
        total = 1 + sum(size(child, depth + 1) for child in children)
        open_nodes.discard(key)
        if total > MAX_VALUES:
            raise TooCostly(node, f"the fixtures expand to more than {MAX_VALUES:,} values (aliases count each use)")
        sizes[key] = total
        return total

    size(root, 0)
