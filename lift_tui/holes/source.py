"""Finding a lifted function's syntax tree again, from ``metadata.source_path`` and ``lines``
(the parse itself is :mod:`lift_tui.analysis.parse`'s)."""

from __future__ import annotations

import ast

from lift_tui.analysis.parse import (
    FunctionNode,
    FunctionSource,
    parse_module,
    qualname_nodes,
    source_from_text,
)
from lift_tui.ir import IR

__all__ = ["FunctionNode", "FunctionSource", "function_source", "parse_module", "source_from_text"]


def function_source(ir: IR) -> FunctionSource | None:
    """The lifted function's node, or ``None`` when the file is gone or changed beyond recognition."""
    meta = ir.metadata
    if not meta.source_path:
        return None
    module = parse_module(meta.source_path)
    if module is None:
        return None
    nodes = qualname_nodes(module)
    name = ir.signature.name
    node = nodes.get(meta.qualname or "")
    if node is not None and meta.lines and not meta.lines[0] <= node.lineno <= meta.lines[1]:
        # overloads and property setters share a qualname: the def within the lifted lines
        start, end = meta.lines
        node = next(
            (
                n
                for n in ast.walk(module)
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                and n.name == name
                and start <= n.lineno <= end
            ),
            node,
        )
    if node is None or node.name != name:
        candidates = [n for n in nodes.values() if n.name == name]
        if meta.lines:
            start, end = meta.lines
            candidates = [n for n in candidates if start <= n.lineno <= end] or candidates
        node = candidates[0] if candidates else None
    return FunctionSource(node, module) if node is not None else None


