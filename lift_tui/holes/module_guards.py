"""Guard evidence from the rest of the module: the checks other functions make on the same names.

A module tends to check one concept the same way everywhere (``MINYEAR <= year <= MAXYEAR``,
``isinstance(dt, datetime)``, ``self._ready is not None``), so a guard another function
raises on, over names that are in scope here, is a likely precondition here too. Guards of
the same method in a base class or subclass count most: they state the same contract.
"""

from __future__ import annotations

import ast
from collections import Counter

from lift_tui.ir import IR

from .guards import _negate
from .hierarchy import related_classes
from .infer import Evidence, all_functions, body_nodes, memo, owner_classes
from .source import FunctionNode, FunctionSource


def _own_names(node: FunctionNode) -> set[str]:
    """Parameters and locals of a function: names that mean nothing outside it."""
    args = node.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for item in body_nodes(node):
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store):
            names.add(item.id)
    return names


def _guards(node: FunctionNode) -> list[tuple[str, set[str], set[str]]]:
    """(precondition text, its free names, the function's own names) for each raise-guard/assert."""
    own = _own_names(node)
    found = []
    for item in body_nodes(node):
        test = None
        if isinstance(item, ast.If) and len(item.body) == 1 and isinstance(item.body[0], ast.Raise):
            test = _negate(item.test)
        elif isinstance(item, ast.Assert):
            test = ast.unparse(item.test)
        if test is None:
            continue
        try:
            names = {n.id for n in ast.walk(ast.parse(test, mode="eval")) if isinstance(n, ast.Name)}
        except SyntaxError:
            continue
        found.append((test, names, own))
    return found


def _module_guards(module: ast.Module) -> list[tuple[FunctionNode, str, set[str], set[str]]]:
    def build(m: ast.Module) -> list[tuple[FunctionNode, str, set[str], set[str]]]:
        return [(fn, *guard) for fn in all_functions(m) for guard in _guards(fn)]

    return memo(module, "guards", build)


def module_guard_evidence(ir: IR, fn: FunctionSource | None) -> list[Evidence]:
    """Guards of other functions of the module whose free names are all meaningful here."""
    if fn is None:
        return []
    params = {p.name for p in ir.signature.parameters}
    if not params - {"self", "cls"} and "self" not in params:
        return []
    owners = owner_classes(fn.module)
    owner = owners.get(id(fn.node))
    related_methods: set[int] = set()
    if owner is not None:
        cls = next(
            (c for c in ast.walk(fn.module) if isinstance(c, ast.ClassDef) and c.name == owner), None
        )
        if cls is not None:
            for other in related_classes(fn.module, cls):
                for stmt in other.body:
                    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == fn.node.name:
                        related_methods.add(id(stmt))
    counts: Counter[str] = Counter()
    related: set[str] = set()
    for other, test, names, own in _module_guards(fn.module):
        if other is fn.node or not (names & params):
            continue
        if fn.node.name in ("__init__", "__new__") and not (names & params) - {"self", "cls"}:
            continue  # the object is being built: its own state is not a precondition yet
        if any(n in own and n not in params for n in names):
            continue  # uses a name local to the other function
        if "self" in names and (owner is None or owners.get(id(other)) != owner):
            continue  # `self` means another class there
        counts[test] += 1
        if id(other) in related_methods:
            related.add(test)
    evidence = []
    for test, count in counts.most_common(8):
        if test in related:
            evidence.append(Evidence(test, "override", "the same method checks this in a related class", 0.7))
        else:
            evidence.append(
                Evidence(
                    test,
                    "module-guard",
                    f"{count} other function(s) of this module check this",
                    min(0.4 + 0.1 * count, 0.7),
                )
            )
    return evidence
