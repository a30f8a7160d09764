"""Guards a declared type spells out: a ``Literal`` parameter checked against its values, a union
of classes checked with one ``isinstance``.

Annotations are not enforced at run time, so code that accepts a closed set of strings
(``AlignMethod = Literal["left", "center", "right"]``) or one of a few classes typically checks
exactly that at the top: ``if align not in ("left", "center", "right"): raise``. The alias is
followed through the module and its imports (read statically).
"""

from __future__ import annotations

import ast

from lift_tui.analysis.imports import resolve
from lift_tui.analysis.index import memo, module_assignments
from lift_tui.analysis.typetext import parse_expr

from ..evidence import Evidence


def _local_aliases(module: ast.Module) -> dict[str, ast.expr]:
    def build(m: ast.Module) -> dict[str, ast.expr]:
        found: dict[str, ast.expr] = {}
        for target, value in module_assignments(m):
            if isinstance(target, ast.Name):
                found.setdefault(target.id, value)
        return found

    return memo(module, "alias_values", build)


def _expand(module: ast.Module, node: ast.expr, depth: int = 0) -> ast.expr:
    """``AlignMethod`` -> ``Literal['left', ...]`` when the name is a module or imported alias."""
    if depth > 3 or not isinstance(node, ast.Name):
        return node
    value = _local_aliases(module).get(node.id)
    if value is None:
        symbol = resolve(module, node.id)
        if symbol is not None and symbol.kind == "alias" and symbol.returns:
            value = parse_expr(symbol.returns)
    return _expand(module, value, depth + 1) if value is not None else node


def _literal_values(node: ast.expr) -> list[ast.expr] | None:
    if isinstance(node, ast.Subscript) and ast.unparse(node.value).split(".")[-1] == "Literal":
        values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if values and all(isinstance(v, ast.Constant) and v.value is not None for v in values):
            return list(values)
    return None


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    if isinstance(node, ast.Subscript) and ast.unparse(node.value).split(".")[-1] == "Union":
        return list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    return [node]


def typed_guard_evidence(module: ast.Module, name: str, declared: str | None) -> list[Evidence]:
    """Guards that restate ``name``'s declared ``Literal`` or union-of-classes type at run time."""
    node = parse_expr(declared) if declared else None
    if node is None:
        return []
    found: list[Evidence] = []
    values = _literal_values(_expand(module, node))
    if values:
        choices = ast.unparse(ast.Tuple(elts=values, ctx=ast.Load()))
        why = f"`{name}` is declared {declared}: one of a closed set of values"
        found.append(Evidence(f"{name} in {choices}", "literal", why, 0.45))
    members = [m for m in _union_members(node) if not (isinstance(m, ast.Constant) and m.value is None)]
    names = [ast.unparse(m).strip("'\"") for m in members]
    if len(names) >= 2 and all(n.replace(".", "").isidentifier() for n in names):
        checked = ", ".join(names)
        why = f"`{name}` is declared {declared}: one of {len(names)} classes"
        found.append(Evidence(f"isinstance({name}, ({checked}))", "isinstance", why, 0.3))
    return found


def optional_state_evidence(module: ast.Module, node: ast.FunctionDef | ast.AsyncFunctionDef,
                            owner: str | None) -> list[Evidence]:
    """A method that reads ``self.x`` where the class declares ``x: T | None`` usually requires it
    to be set (``if self._result is None: raise``): the state the method depends on."""
    from lift_tui.analysis.classes import class_attributes
    from lift_tui.analysis.index import body_nodes
    from lift_tui.analysis.typetext import normalize_type

    if owner is None:
        return []
    declared = class_attributes(module, owner)
    found: list[Evidence] = []
    for item in body_nodes(node):
        if (
            isinstance(item, ast.Attribute)
            and isinstance(item.ctx, ast.Load)
            and isinstance(item.value, ast.Name)
            and item.value.id == "self"
            and (normalize_type(declared.get(item.attr, "")) or "").endswith("| None")
        ):
            value = f"self.{item.attr} is not None"
            if value not in {e.value for e in found}:
                why = f"the method reads `self.{item.attr}`, declared {declared[item.attr]}"
                found.append(Evidence(value, "state", why, 0.3))
    return found[:2]
