"""Classes of one module: each method's owner, ancestors and descendants defined in the same
module, a method as Python's lookup finds it, a class's annotated attributes, type variables.
(Classes imported from other modules: :mod:`.members`.)
"""

from __future__ import annotations

import ast

from .index import memo, nodes_of
from .parse import FunctionNode


def classes(module: ast.Module) -> dict[str, ast.ClassDef]:
    return memo(
        module,
        "classdefs",
        lambda m: {n.name: n for n in nodes_of(m, ast.ClassDef)},  # type: ignore[attr-defined]
    )


def owner_def(module: ast.Module, node: FunctionNode) -> ast.ClassDef | None:
    def build(m: ast.Module) -> dict[int, ast.ClassDef]:
        return {
            id(stmt): item
            for item in nodes_of(m, ast.ClassDef)
            for stmt in item.body  # type: ignore[attr-defined]
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
        }

    return memo(module, "owner_defs", build).get(id(node))


def owner_class_def(module: ast.Module, node: FunctionNode) -> ast.ClassDef | None:
    """The class whose body defines ``node`` (``None`` for a plain function)."""
    return owner_def(module, node)


def base_names(cls: ast.ClassDef) -> list[str]:
    names = []
    for base in cls.bases:
        target = base.value if isinstance(base, ast.Subscript) else base  # Generic[T], IO[AnyStr]
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, ast.Attribute):
            names.append(target.attr)
    return names


def related_classes(module: ast.Module, cls: ast.ClassDef) -> list[ast.ClassDef]:
    """Ancestors and descendants of ``cls`` defined in the same module, nearest first."""
    by_name = classes(module)
    found: list[ast.ClassDef] = []
    frontier = [cls]
    while frontier:  # ancestors
        current = frontier.pop(0)
        for name in base_names(current):
            base = by_name.get(name)
            if base is not None and base is not cls and base not in found:
                found.append(base)
                frontier.append(base)
    frontier = [cls]
    while frontier:  # descendants
        current = frontier.pop(0)
        for other in by_name.values():
            if current.name in base_names(other) and other is not cls and other not in found:
                found.append(other)
                frontier.append(other)
    return found


def own_method(cls: ast.ClassDef, name: str) -> FunctionNode | None:
    return next(
        (s for s in cls.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == name),
        None,
    )


def method_of(module: ast.Module, cls_name: str, name: str) -> FunctionNode | None:
    """Method ``name`` of class ``cls_name`` as Python finds it: the class, then its ancestors
    defined in the same module."""
    cls = classes(module).get(cls_name)
    if cls is None:
        return None
    seen: list[ast.ClassDef] = []
    frontier = [cls]
    while frontier:
        current = frontier.pop(0)
        found = own_method(current, name)
        if found is not None:
            return found
        seen.append(current)
        for base in base_names(current):
            parent = classes(module).get(base)
            if parent is not None and parent not in seen:
                frontier.append(parent)
    return None


def class_attributes(module: ast.Module, cls_name: str) -> dict[str, str]:
    """Annotated attributes of a class: class-body ``x: T``, ``self.x: T = ...`` in its methods,
    ``self.x = param`` where the parameter is annotated, and annotated ``@property`` getters;
    built for one class when first asked."""
    table: dict[str, dict[str, str]] = memo(module, "class_attributes", lambda m: {})
    if cls_name not in table:
        cls = classes(module).get(cls_name)
        table[cls_name] = _attributes(cls) if cls is not None else {}
    return table[cls_name]


def _attributes(cls: ast.ClassDef) -> dict[str, str]:
    found: dict[str, str] = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            found.setdefault(stmt.target.id, ast.unparse(stmt.annotation))
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            decorators = {ast.unparse(d).split(".")[-1] for d in stmt.decorator_list}
            if "property" in decorators and stmt.returns is not None:
                found.setdefault(stmt.name, ast.unparse(stmt.returns))
            params = {
                a.arg: ast.unparse(a.annotation)
                for a in [*stmt.args.posonlyargs, *stmt.args.args, *stmt.args.kwonlyargs]
                if a.annotation is not None
            }
            for item in ast.walk(stmt):
                target, hint = None, None
                if isinstance(item, ast.AnnAssign):
                    target, hint = item.target, ast.unparse(item.annotation)
                elif isinstance(item, ast.Assign) and len(item.targets) == 1:
                    target = item.targets[0]
                    if isinstance(item.value, ast.Name):
                        hint = params.get(item.value.id)
                if (
                    hint
                    and isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                ):
                    found.setdefault(target.attr, hint)
    return found


def typevars(module: ast.Module) -> set[str]:
    def build(m: ast.Module) -> set[str]:
        return {
            stmt.targets[0].id
            for stmt in m.body
            if isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Call)
            and ast.unparse(stmt.value.func).split(".")[-1] in ("TypeVar", "ParamSpec", "TypeVarTuple")
        }

    return memo(module, "typevars", build)

