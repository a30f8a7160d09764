"""Indexes of one parsed module, built once per parse and kept on the module object: its
functions by name, classes, the class owning each method, call sites by callee, module globals.
Plain functions over ``ast``; the analysed code is never imported.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator

from .parse import FunctionNode


def body_nodes(node: FunctionNode) -> Iterator[ast.AST]:
    """Every node of the body, without descending into nested functions, lambdas or classes."""
    stack: list[ast.AST] = list(node.body)
    while stack:
        current = stack.pop()
        yield current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
                stack.append(child)


def module_assignments(module: ast.Module) -> Iterator[tuple[ast.expr, ast.expr]]:
    """(target, value) of each single-target assignment at module level, annotated ones included."""
    for stmt in module.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            yield stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            yield stmt.target, stmt.value


def memo(module: ast.Module, name: str, build):  # noqa: ANN001, ANN201 - tiny typed-by-use helper
    """Per-module cache kept on the (itself cached) module object: indexes are built once per parse."""
    cache = module.__dict__.setdefault("_lift_memo", {})
    if name not in cache:
        cache[name] = build(module)
    return cache[name]


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _walk(module: ast.Module) -> dict[type, list[ast.AST]]:
    """Every node of the module by its type, in ``ast.walk``'s (breadth-first) order; defs of both
    kinds together under ``ast.FunctionDef``. One pass serves every index below."""
    found: dict[type, list[ast.AST]] = {}
    queue: deque[ast.AST] = deque([module])
    node_type = ast.AST
    while queue:
        node = queue.popleft()
        kind = type(node)
        found.setdefault(ast.FunctionDef if kind is ast.AsyncFunctionDef else kind, []).append(node)
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                queue.extend(v for v in value if isinstance(v, node_type))
            elif isinstance(value, node_type):
                queue.append(value)
    return found


def nodes_of(module: ast.Module, kind: type) -> list[ast.AST]:
    """The module's nodes of one type (``ast.FunctionDef`` includes async defs), walk order."""
    return memo(module, "nodes", _walk).get(kind, [])


def all_functions(module: ast.Module) -> list[FunctionNode]:
    return nodes_of(module, ast.FunctionDef)  # type: ignore[return-value]


def module_functions(module: ast.Module) -> dict[str, list[FunctionNode]]:
    """Functions and methods of the module by simple name (all nesting levels)."""

    def build(m: ast.Module) -> dict[str, list[FunctionNode]]:
        found: dict[str, list[FunctionNode]] = {}
        for item in all_functions(m):
            found.setdefault(item.name, []).append(item)
        return found

    return memo(module, "by_name", build)


def module_classes(module: ast.Module) -> set[str]:
    return memo(module, "classes", lambda m: {n.name for n in nodes_of(m, ast.ClassDef)})  # type: ignore[attr-defined]


def owner_classes(module: ast.Module) -> dict[int, str]:
    """id(function node) -> name of the class whose body defines it."""

    def build(m: ast.Module) -> dict[int, str]:
        return {
            id(stmt): item.name  # type: ignore[attr-defined]
            for item in nodes_of(m, ast.ClassDef)
            for stmt in item.body  # type: ignore[attr-defined]
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
        }

    return memo(module, "owners", build)


def call_index(module: ast.Module) -> dict[str, list[tuple[FunctionNode, ast.Call]]]:
    """Callee simple name (``f(...)``, ``self.f(...)``, ``cls.f(...)``) -> (calling function, call)."""

    def build(m: ast.Module) -> dict[str, list[tuple[FunctionNode, ast.Call]]]:
        found: dict[str, list[tuple[FunctionNode, ast.Call]]] = {}
        for caller in all_functions(m):
            for item in body_nodes(caller):
                if isinstance(item, ast.Call):
                    func = item.func
                    if isinstance(func, ast.Name):
                        found.setdefault(func.id, []).append((caller, item))
                    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                        found.setdefault(func.attr, []).append((caller, item))
        return found

    return memo(module, "calls", build)


def module_globals(module: ast.Module) -> tuple[dict[str, ast.expr], dict[str, str]]:
    def build(m: ast.Module) -> tuple[dict[str, ast.expr], dict[str, str]]:
        values: dict[str, ast.expr] = {}
        known: dict[str, str] = {}
        for stmt in m.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                values.setdefault(stmt.targets[0].id, stmt.value)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                known.setdefault(stmt.target.id, ast.unparse(stmt.annotation))
        return values, known

    return memo(module, "globals", build)


def returned_exprs(node: FunctionNode) -> tuple[list[ast.expr | None], bool]:
    """The expressions after ``return`` (``None`` for a bare return) and whether it yields."""
    values: list[ast.expr | None] = []
    yields = False
    for item in body_nodes(node):
        if isinstance(item, ast.Return):
            values.append(item.value)
        elif isinstance(item, ast.Yield | ast.YieldFrom):
            yields = True
    return values, yields

