"""``isinstance`` guards from duck typing: the attributes a function reads on a parameter name
the module's classes that can serve it.

``dt.utcoffset()`` and ``dt.tzinfo`` on a parameter, in a module where only ``time`` and
``datetime`` define both, say what ``dt`` must be. When several classes fit and share a base
class of the module, the base is the check (``isinstance(first, _BaseAddress)`` admits both
address kinds). A builtin type that has every attribute makes the evidence void: the
parameter may as well be a plain ``str`` or ``dict``.
"""

from __future__ import annotations

import ast

from lift_tui.analysis.ast_match import plain_call, subject
from lift_tui.analysis.index import body_nodes, memo
from lift_tui.analysis.parse import FunctionSource

from ..evidence import Evidence

_BUILTINS = (str, bytes, list, dict, set, tuple, int, float, complex, frozenset, bytearray)


def _interfaces(module: ast.Module) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """Class name -> names it defines (with ``self.x`` stores), and class name -> module bases."""

    def build(m: ast.Module) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
        own: dict[str, set[str]] = {}
        bases: dict[str, list[str]] = {}
        for cls in (n for n in m.body if isinstance(n, ast.ClassDef)):
            names: set[str] = set()
            for stmt in cls.body:
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(stmt.name)
                    for item in ast.walk(stmt):
                        if (
                            isinstance(item, ast.Attribute)
                            and isinstance(item.ctx, ast.Store)
                            and isinstance(item.value, ast.Name)
                            and item.value.id == "self"
                        ):
                            names.add(item.attr)
                elif isinstance(stmt, ast.Assign):
                    names |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
                elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    names.add(stmt.target.id)
            own[cls.name] = names
            bases[cls.name] = [b.id for b in cls.bases if isinstance(b, ast.Name)]
        bases = {c: [b for b in bs if b in own] for c, bs in bases.items()}
        full = {c: set(names) for c, names in own.items()}
        for cls in own:
            for ancestor in _ancestors(cls, bases):
                full[cls] |= own[ancestor]
        return full, bases

    return memo(module, "class-interfaces", build)


def _ancestors(cls: str, bases: dict[str, list[str]]) -> list[str]:
    found: list[str] = []
    stack = list(bases.get(cls, []))
    while stack:
        current = stack.pop(0)
        if current not in found and current != cls:
            found.append(current)
            stack += bases.get(current, [])
    return found


def _module_aliases(module: ast.Module) -> dict[str, str]:
    """Class name -> a module-level name bound to it (``_date_class = date``)."""
    found: dict[str, str] = {}
    for stmt in module.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Name):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(stmt.value.id, target.id)
    return found


def _spelling(cls: str, name: str, module: ast.Module) -> str | None:
    """How the check can name ``cls`` inside the function (a parameter may shadow the class)."""
    if cls != name:
        return cls
    return _module_aliases(module).get(cls)


def attribute_class_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """``isinstance(name, C)`` for the module classes that define every attribute used on ``name``."""
    if name in ("self", "cls"):
        return []
    attrs = {
        item.attr
        for item in body_nodes(fn.node)
        if isinstance(item, ast.Attribute)
        and isinstance(item.value, ast.Name)
        and item.value.id == name
        and not item.attr.startswith("__")
    }
    if not attrs or any(all(hasattr(t, a) for a in attrs) for t in _BUILTINS):
        return []
    interfaces, bases = _interfaces(fn.module)
    fits = [c for c, names in interfaces.items() if attrs <= names]
    minimal = [c for c in fits if not any(o in _ancestors(c, bases) for o in fits if o != c)]
    shown = ", ".join(f"`{name}.{a}`" for a in sorted(attrs)[:3])
    chosen: list[tuple[str, float, str]] = []
    if len(minimal) == 1:
        chosen.append((minimal[0], 0.45, f"only {minimal[0]} defines {shown}"))
    elif 2 <= len(minimal) <= 4:
        shared = [b for b in _ancestors(minimal[0], bases) if all(b in _ancestors(c, bases) for c in minimal)]
        if shared:
            why = f"{', '.join(minimal)} define {shown}; they share the base {shared[0]}"
            chosen.append((shared[0], 0.4, why))
        if len(minimal) == 2:
            chosen += [(c, 0.3, f"{' and '.join(minimal)} define {shown}") for c in minimal]
    found = []
    for cls, weight, why in chosen:
        spelled = _spelling(cls, name, fn.module)
        if spelled is not None:
            found.append(Evidence(f"isinstance({name}, {spelled})", "attributes", why, weight))
    return found


_ABC_MODULES = ("collections.abc", "_collections_abc", "typing")


def _abc_names(module: ast.Module) -> dict[str, str]:
    """ABC name -> how this module spells it (``from collections.abc import Sequence as _Seq``)."""
    found: dict[str, str] = {}
    for stmt in module.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module in _ABC_MODULES:
            for alias in stmt.names:
                found.setdefault(alias.name, alias.asname or alias.name)
    return found


def sequence_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """A parameter the body both measures (``len(p)``) and indexes (``p[i]``) is used as a Sequence;
    when the module has the ``Sequence`` ABC at hand, checking it is how such code fails early."""
    spelled = _abc_names(fn.module).get("Sequence")
    if spelled is None or name in ("self", "cls"):
        return []
    measured = indexed = False
    for item in body_nodes(fn.node):
        if plain_call(item, "len", 1) and subject(item) == name:
            measured = True
        elif (
            isinstance(item, ast.Subscript)
            and isinstance(item.value, ast.Name)
            and item.value.id == name
            and isinstance(item.ctx, ast.Load)
            and not isinstance(item.slice, ast.Slice | ast.Constant)
        ):
            indexed = True
    if not (measured and indexed):
        return []
    why = f"the body takes `len({name})` and indexes `{name}` with a computed position"
    return [Evidence(f"isinstance({name}, {spelled})", "sequence", why, 0.3)]
