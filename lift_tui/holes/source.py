"""Finding a lifted function's syntax tree again, from ``metadata.source_path`` and ``lines``.

The IR keeps no AST (it must stay JSON), so candidate generation re-parses the file. Parses
are cached by (path, size, mtime) because every hole of every function of a file asks.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from functools import lru_cache

from lift_tui.ir import IR

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class FunctionSource:
    """The function's node and its module, so module-wide conventions can be consulted."""

    node: FunctionNode
    module: ast.Module


@lru_cache(maxsize=128)
def _parse(path: str, size: int, mtime_ns: int) -> ast.Module | None:
    try:
        with open(path, "rb") as handle:
            return ast.parse(handle.read(), filename=path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def parse_module(path: str) -> ast.Module | None:
    """The parsed file, shared by every caller until the file changes (symlinks share their target's)."""
    try:
        real = os.path.realpath(path)
        stat = os.stat(real)
    except OSError:
        return None
    return _parse(real, stat.st_size, stat.st_mtime_ns)


def _qualname_nodes(module: ast.Module) -> dict[str, FunctionNode]:
    found: dict[str, FunctionNode] = {}

    def walk(body: list[ast.stmt], prefix: str) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{stmt.name}"
                found.setdefault(name, stmt)
                walk(stmt.body, f"{name}.<locals>.")
            elif isinstance(stmt, ast.ClassDef):
                walk(stmt.body, f"{prefix}{stmt.name}.")
            elif isinstance(stmt, ast.If | ast.Try | ast.With | ast.For | ast.While):
                for block in ("body", "orelse", "finalbody"):
                    walk(getattr(stmt, block, []) or [], prefix)
                for handler in getattr(stmt, "handlers", []) or []:
                    walk(handler.body, prefix)

    walk(module.body, "")
    return found


def function_source(ir: IR) -> FunctionSource | None:
    """The lifted function's node, or ``None`` when the file is gone or changed beyond recognition."""
    meta = ir.metadata
    if not meta.source_path:
        return None
    module = parse_module(meta.source_path)
    if module is None:
        return None
    nodes = _qualname_nodes(module)
    name = ir.signature.name
    node = nodes.get(meta.qualname or "")
    if node is None or node.name != name:
        candidates = [n for n in nodes.values() if n.name == name]
        if meta.lines:
            start, end = meta.lines
            candidates = [n for n in candidates if start <= n.lineno <= end] or candidates
        node = candidates[0] if candidates else None
    return FunctionSource(node, module) if node is not None else None


def source_from_text(text: str, qualname: str) -> FunctionSource | None:
    """Like :func:`function_source` for code that is not on disk (tests, the TUI's buffer)."""
    try:
        module = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    node = _qualname_nodes(module).get(qualname)
    return FunctionSource(node, module) if node is not None else None
