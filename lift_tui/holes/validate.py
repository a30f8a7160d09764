"""Whether a value can fill a hole: the one rule used to rank candidates and to accept input.

A type hole takes a type hint; a precondition a boolean expression over the parameters
(a postcondition may also use ``result``); a value or expression hole any Python expression
over names in scope or builtins; a text hole a non-empty line of text.
"""

from __future__ import annotations

import ast

from lift_tui.analysis.typetext import BUILTIN_NAMES, free_names, normalize_type, parse_expr
from lift_tui.ir import IR, Hole, HoleKind

_STATEMENT_ONLY = (ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)


def module_names(ir: IR) -> set[str]:
    """Names the function's module defines at top level (constants, classes, imports): a guard
    may read them as the lifted guards do (``MINYEAR <= year <= MAXYEAR``)."""
    from lift_tui.analysis.index import memo

    from .source import function_source

    fn = function_source(ir) if ir.metadata.source_path else None
    if fn is None:
        return set()

    def build(module: ast.Module) -> set[str]:
        names: set[str] = set()
        for stmt in module.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(stmt.name)
            elif isinstance(stmt, ast.Import | ast.ImportFrom):
                names.update((a.asname or a.name).split(".")[0] for a in stmt.names if a.name != "*")
            elif isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        return names

    return memo(fn.module, "top_level_names", build)


def value_problem(ir: IR, hole: Hole, value: str) -> str | None:
    """``None`` if ``value`` fits ``hole``; otherwise a one-line reason the user can act on."""
    text = value.strip()
    if not text:
        return f"?{hole.identifier} needs a value; got an empty string"
    if hole.kind is HoleKind.text:
        return None if len(text) <= 2000 else f"?{hole.identifier}: text longer than 2000 characters"
    node = parse_expr(text)
    if node is None:
        return f"?{hole.identifier}: {text!r} is not a Python expression"
    if hole.kind is HoleKind.type:
        return (
            None
            if normalize_type(text)
            else f"?{hole.identifier}: {text!r} is not a type hint (e.g. int, list[str])"
        )
    if any(isinstance(n, _STATEMENT_ONLY) for n in ast.walk(node)):
        return f"?{hole.identifier}: {text!r} has an assignment, await or yield; give a plain expression"
    if hole.kind in (HoleKind.precondition, HoleKind.postcondition):
        allowed = {p.name for p in ir.signature.parameters} | BUILTIN_NAMES | module_names(ir)
        if hole.kind is HoleKind.postcondition:
            allowed.add("result")
        unknown = sorted(free_names(node) - allowed)
        if unknown:
            return f"?{hole.identifier}: {text!r} uses {', '.join(unknown)}, which is not a parameter"
        if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
            return f"?{hole.identifier}: {text!r} is a constant, not a condition"
    return None


def canonical(hole: Hole, value: str) -> str:
    """The form stored in the IR: normalised type hints, ``ast.unparse``-d expressions, stripped text."""
    text = value.strip()
    if hole.kind is HoleKind.text:
        return text
    if hole.kind is HoleKind.type:
        node = parse_expr(text)
        return ast.unparse(node) if node is not None else text
    node = parse_expr(text)
    return ast.unparse(node) if node is not None else text
