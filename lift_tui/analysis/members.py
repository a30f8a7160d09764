"""What a member of a class is typed as, found statically across modules.

``obj.name`` and ``obj.method(...)`` have the type the class declares for them: a property's or
method's return annotation, a class-level ``x: T`` or an annotated ``self.x``. The class may be
defined in this module or imported (its file located and parsed, never imported), and the member
may be inherited: bases are followed the way Python finds them, across modules, a few levels
deep. ``super().name`` starts at the bases of the method's own class. Any failure is "unknown".
"""

from __future__ import annotations

import ast

from .classes import class_attributes, classes
from .imports import remember_path, resolve
from .parse import parse_module

_MAX_CLASSES = 12
_TYPING_PREFIXES = ("typing.", "T.", "t.")


def find_class(module: ast.Module, name: str) -> tuple[ast.Module, ast.ClassDef] | None:
    """The definition of class ``name`` as seen from ``module``: its own, else the imported one."""
    local = classes(module).get(name)
    if local is not None:
        return module, local
    symbol = resolve(module, name)
    if symbol is None or symbol.kind != "class" or not symbol.path:
        return None
    other = parse_module(symbol.path)
    if other is None:
        return None
    remember_path(other, symbol.path)
    found = classes(other).get(name)
    return (other, found) if found is not None else None


def _base_names(cls: ast.ClassDef) -> list[str]:
    names = []
    for base in cls.bases:
        target = base.value if isinstance(base, ast.Subscript) else base
        if isinstance(target, ast.Name):
            names.append(target.id)
    return names


def lineage(
    module: ast.Module, cls: ast.ClassDef, *, skip_self: bool = False
) -> list[tuple[ast.Module, ast.ClassDef]]:
    """``cls`` and its ancestors, breadth first (a close approximation of the MRO)."""
    order: list[tuple[ast.Module, ast.ClassDef]] = []
    frontier = [(module, cls)]
    seen: set[int] = set()
    while frontier and len(order) < _MAX_CLASSES:
        current_module, current = frontier.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        order.append((current_module, current))
        for base in _base_names(current):
            found = find_class(current_module, base)
            if found is not None:
                frontier.append(found)
    return order[1:] if skip_self else order


def _clean(hint: str) -> str:
    text = hint.strip().strip("'\"")
    for prefix in _TYPING_PREFIXES:
        text = text.replace(prefix, "")
    return text


def _own_member(module: ast.Module, cls: ast.ClassDef, name: str, *, called: bool) -> str | None:
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == name:
            decorators = {ast.unparse(d).split(".")[-1] for d in stmt.decorator_list}
            if "overload" in decorators:
                continue
            if ("property" in decorators) == called or stmt.returns is None:
                return None  # a property called, a method read as a value, or unannotated
            hint = _clean(ast.unparse(stmt.returns))
            return cls.name if hint == "Self" else hint
    if not called:
        hint = class_attributes(module, cls.name).get(name)
        return _clean(hint) if hint else None
    return None


def member_type(
    module: ast.Module, cls_name: str, name: str, *, called: bool, skip_self: bool = False
) -> str | None:
    """The declared type of ``cls_name().name`` (``called``: of ``cls_name().name(...)``)."""
    found = find_class(module, cls_name.strip("'\""))
    if found is None:
        return None
    for owner_module, cls in lineage(*found, skip_self=skip_self):
        hint = _own_member(owner_module, cls, name, called=called)
        if hint is not None:
            return hint
        if any(
            isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == name for s in cls.body
        ):
            return None  # defined here without an annotation: an ancestor's says nothing certain
    return None


def _method_def(module: ast.Module, cls: ast.ClassDef, name: str) -> tuple[ast.FunctionDef, bool] | None:
    """``name`` on ``cls`` or an ancestor; the flag says whether ``self`` is bound (not a staticmethod)."""
    for _owner_module, current in lineage(module, cls):
        for stmt in current.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == name:
                decorators = {ast.unparse(d).split(".")[-1] for d in stmt.decorator_list}
                if "overload" in decorators:
                    continue
                return stmt, "staticmethod" not in decorators  # type: ignore[return-value]
    return None


def _fields(cls: ast.ClassDef) -> list[tuple[str, str]]:
    """Class-level ``x: T`` in order: the constructor's parameters of a dataclass or NamedTuple."""
    return [
        (stmt.target.id, ast.unparse(stmt.annotation))
        for stmt in cls.body
        if isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and "ClassVar" not in ast.unparse(stmt.annotation)
    ]


def _arguments(node: ast.FunctionDef | ast.AsyncFunctionDef, bound: bool) -> tuple[list, list]:
    positional = [*node.args.posonlyargs, *node.args.args][1 if bound else 0 :]
    pairs = [(a.arg, ast.unparse(a.annotation) if a.annotation is not None else None) for a in positional]
    keywords = [
        (a.arg, ast.unparse(a.annotation) if a.annotation is not None else None) for a in node.args.kwonlyargs
    ]
    return pairs, keywords


def _constructor(module: ast.Module, cls: ast.ClassDef) -> tuple[list, list] | None:
    found = _method_def(module, cls, "__init__")
    if found is not None:
        return _arguments(found[0], True)
    fields = _fields(cls)
    return (list(fields), []) if fields else None


def callee_parameters(
    module: ast.Module, func: ast.expr, receiver_type: str | None
) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]] | None:
    """The positional and keyword-only parameters (name, annotation) of what ``func(...)`` calls:
    a class's constructor (``__init__`` or its dataclass fields), an imported function, or a
    method of the receiver's class (``receiver_type``), inherited ones included."""
    if isinstance(func, ast.Name):
        found = find_class(module, func.id)
        if found is not None:
            return _constructor(*found)
        symbol = resolve(module, func.id)
        if symbol is None or symbol.kind != "function" or not symbol.path:
            return None
        other = parse_module(symbol.path)
        node = next(
            (
                s
                for s in (other.body if other is not None else [])
                if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == func.id
            ),
            None,
        )
        return _arguments(node, False) if node is not None else None
    if isinstance(func, ast.Attribute) and receiver_type and receiver_type.isidentifier():
        found = find_class(module, receiver_type)
        if found is None:
            return None
        method = _method_def(*found, func.attr)
        return _arguments(*method) if method is not None else None
    return None
