"""Parsed modules, shared: a cache of parses keyed by (path, size, mtime), and functions found
again by qualname.

The IR keeps no AST (it must stay JSON), so every analysis re-finds the code; every hole of
every function of a file asks, and imported modules are read the same way, so a file is parsed
once until it changes.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from functools import lru_cache

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


def qualname_nodes(module: ast.Module) -> dict[str, FunctionNode]:
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


def source_from_text(text: str, qualname: str) -> FunctionSource | None:
    """Like :func:`function_source` for code that is not on disk (tests, the TUI's buffer)."""
    try:
        module = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    node = qualname_nodes(module).get(qualname)
    return FunctionSource(node, module) if node is not None else None

