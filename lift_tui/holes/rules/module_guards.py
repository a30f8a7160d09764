"""Guard evidence from the rest of the module: the checks other functions make on the same names.

A module tends to check one concept the same way everywhere (``MINYEAR <= year <= MAXYEAR``,
``isinstance(dt, datetime)``, ``self._ready is not None``), so a guard another function
raises on, over names that are in scope here, is a likely precondition here too. Guards of
the same method in a base class or subclass count most: they state the same contract.
"""

from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right
from collections import Counter

from lift_tui.analysis.classes import classes, related_classes
from lift_tui.analysis.index import all_functions, body_nodes, memo, nodes_of, owner_classes
from lift_tui.analysis.parse import FunctionNode, FunctionSource
from lift_tui.ir import IR

from ..evidence import Evidence
from .guard_sites import guard_sites
from .guards import _negate


def _own_names(node: FunctionNode) -> set[str]:
    """Parameters and locals of a function: names that mean nothing outside it."""
    args = node.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for item in body_nodes(node):
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store):
            names.add(item.id)
    return names


def _guards(node: FunctionNode) -> list[tuple[str, set[str], set[str], bool]]:
    """(precondition text, its free names, the function's own names, nested?) per input check."""
    own = _own_names(node)
    found = []
    for site in guard_sites(node):
        test = _negate(site.test) if site.raises_when else ast.unparse(site.test)
        try:
            names = {n.id for n in ast.walk(ast.parse(test, mode="eval")) if isinstance(n, ast.Name)}
        except SyntaxError:
            continue
        found.append((test, names, own, site.nested))
    return found


def _module_guards(module: ast.Module) -> list[tuple[FunctionNode, str, set[str], set[str], bool]]:
    def build(m: ast.Module) -> list[tuple[FunctionNode, str, set[str], set[str], bool]]:
        # Only a function with a `raise` or an `assert` in its lines can have a guard site.
        lines = sorted(n.lineno for kind in (ast.Raise, ast.Assert) for n in nodes_of(m, kind))  # type: ignore[attr-defined]
        if not lines:
            return []
        candidates = [
            fn
            for fn in all_functions(m)
            if bisect_right(lines, fn.end_lineno or fn.lineno) > bisect_left(lines, fn.lineno)
        ]
        return [(fn, *guard) for fn in candidates for guard in _guards(fn)]

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
        cls = classes(fn.module).get(owner)
        if cls is not None:
            for other in related_classes(fn.module, cls):
                for stmt in other.body:
                    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == fn.node.name:
                        related_methods.add(id(stmt))
    counts: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    related: set[str] = set()
    for other, test, names, own, nested in _module_guards(fn.module):
        if other is fn.node or not (names & params):
            continue
        if fn.node.name in ("__init__", "__new__") and not (names & params) - {"self", "cls"}:
            continue  # the object is being built: its own state is not a precondition yet
        if any(n in own and n not in params for n in names):
            continue  # uses a name local to the other function
        if "self" in names and (owner is None or owners.get(id(other)) != owner):
            continue  # `self` means another class there
        counts[test] += 0.5 if nested else 1
        seen[test] += 1
        if id(other) in related_methods:
            related.add(test)
    evidence = _state_evidence(fn, set(counts))
    for test, count in counts.most_common(8):
        if test in related:
            evidence.append(Evidence(test, "override", "the same method checks this in a related class", 0.7))
        else:
            evidence.append(
                Evidence(
                    test,
                    "module-guard",
                    f"{seen[test]} other function(s) of this module check this",
                    min(0.4 + 0.1 * count, 0.7) if count >= 1 else 0.3,
                )
            )
    return evidence


def _state_evidence(fn: FunctionSource, tests: set[str]) -> list[Evidence]:
    """Which side of a ``self.x is None`` check the other methods make this method needs.

    A method that sets ``self.x`` to a value needs it unset before (``is None``: set once); a
    method that uses ``self.x`` as a value (calls its methods, indexes, iterates, passes it on)
    needs it set (``is not None``). Only for attributes the class itself checks against None.
    """
    found = []
    for item in body_nodes(fn.node):
        target = None
        if isinstance(item, ast.Assign) and not (
            isinstance(item.value, ast.Constant) and item.value.value is None
        ):
            target = next((t for t in item.targets if _self_attr(t)), None)
            if target is not None:
                text = f"{ast.unparse(target)} is None"
                if text in tests:
                    found.append(Evidence(text, "state", f"the method sets `{ast.unparse(target)}`", 0.3))
            continue
        used = _used_value(item)
        if used is not None:
            text = f"{ast.unparse(used)} is not None"
            if text in tests:
                found.append(Evidence(text, "state", f"the method uses `{ast.unparse(used)}`", 0.3))
    return list({e.value: e for e in found}.values())


def _self_attr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def _used_value(item: ast.AST) -> ast.expr | None:
    """``self.x`` used as a value: ``self.x.m()``, ``self.x[i]``, ``for _ in self.x``, ``f(self.x)``."""
    if isinstance(item, ast.Attribute) and _self_attr(item.value) and isinstance(item.ctx, ast.Load):
        return item.value  # type: ignore[return-value]
    if isinstance(item, ast.Subscript) and _self_attr(item.value):
        return item.value
    if isinstance(item, ast.For | ast.comprehension) and _self_attr(item.iter):
        return item.iter
    if isinstance(item, ast.Call) and not (isinstance(item.func, ast.Name) and item.func.id == "bool"):
        return next((a for a in item.args if _self_attr(a)), None)
    return None
