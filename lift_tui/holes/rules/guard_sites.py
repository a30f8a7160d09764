"""Where a function checks something and raises: which of those checks state a precondition.

A check is a precondition of the call only when it tests the inputs as they came in: it
reads no local variable (a loop variable, a partial result) and no parameter the body has
already reassigned. A check inside a loop or a branch still says something about the input
on that path, so it counts, but less than a check every call makes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from lift_tui.analysis.parse import FunctionNode
from lift_tui.analysis.typetext import free_names

TOP_WEIGHT = 0.6
NESTED_WEIGHT = 0.35


@dataclass(frozen=True)
class GuardSite:
    test: ast.expr  # the condition that holds when the call is fine (``assert`` test or raise test)
    raises_when: bool  # True for ``if test: raise`` (the precondition is ``not test``)
    names: frozenset[str]
    nested: bool


def _stored_before(node: FunctionNode) -> dict[str, int]:
    """Name -> first line where the body assigns it (parameters rebound count as locals from there)."""
    first: dict[str, int] = {}

    def note(name: str, line: int) -> None:
        first[name] = min(first.get(name, line), line)

    coerced = {id(t) for a in ast.walk(node) if isinstance(a, ast.Assign) for t in _coercions(a)}
    for item in ast.walk(node):
        if item is node:
            continue
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store) and id(item) not in coerced:
            note(item.id, item.lineno)
        elif isinstance(item, ast.arg) and item not in _own_args(node):
            note(item.arg, getattr(item, "lineno", 0))
    return first


def _coercions(assign: ast.Assign) -> list[ast.Name]:
    """``x = int(x)`` / ``x = x.strip()`` / ``x = default_for("x", x)``: the input converted or
    defaulted, still the caller's value."""
    if len(assign.targets) != 1 or not isinstance(assign.targets[0], ast.Name):
        return []
    target, value = assign.targets[0], assign.value
    if not isinstance(value, ast.Call):
        return []
    func = value.func
    on_itself = (
        isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == target.id
    )
    # `x = int(x)`, `x = settings.value_or_default("x", x)`: whichever argument carries it
    carried = [*value.args, *(k.value for k in value.keywords)]
    passes_itself = any(isinstance(a, ast.Name) and a.id == target.id for a in carried)
    return [target] if on_itself or passes_itself else []


def _own_args(node: FunctionNode) -> list[ast.arg]:
    args = node.args
    found = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    return found + [a for a in (args.vararg, args.kwarg) if a is not None]


def guard_sites(node: FunctionNode) -> list[GuardSite]:
    """Each ``if …: raise`` and ``assert`` of the body that tests only the function's inputs."""
    params = {a.arg for a in _own_args(node)}
    stored = _stored_before(node)
    sites: list[GuardSite] = []

    def visit(body: list[ast.stmt], nested: bool, loop: bool = False) -> None:
        for stmt in body:
            test, raises = None, False
            if isinstance(stmt, ast.If) and any(isinstance(s, ast.Raise) for s in stmt.body):
                test, raises = stmt.test, True
            elif isinstance(stmt, ast.Assert):
                test = stmt.test
            if test is not None:
                names = free_names(test)
                # in a loop, a later assignment runs before the next round's check
                fresh = all(
                    n not in stored or (n in params and not loop and stored[n] > stmt.lineno) for n in names
                )
                if fresh and names & params:
                    sites.append(GuardSite(test, raises, frozenset(names), nested))
            if isinstance(stmt, ast.If):
                if test is None:
                    visit(stmt.body, True, loop)
                visit(stmt.orelse, nested if test is not None else True, loop)
            elif isinstance(stmt, ast.For | ast.AsyncFor | ast.While):
                visit(stmt.body, True, True)
                visit(stmt.orelse, True, loop)
            elif isinstance(stmt, ast.With | ast.AsyncWith):
                visit(stmt.body, nested, loop)
            elif isinstance(stmt, ast.Try | ast.TryStar):
                visit(stmt.body, nested, loop)
                for handler in stmt.handlers:
                    visit(handler.body, True, loop)
                visit(stmt.orelse, True, loop)
                visit(stmt.finalbody, nested, loop)

    visit(node.body, False)
    return sites
