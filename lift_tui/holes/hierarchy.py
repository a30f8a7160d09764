"""Evidence from the classes around a method: the same method in base classes and subclasses of
the same module, the same method name in sibling classes, and the annotated attributes of the
owner class.

This is the evidence a bodiless declaration has: an abstract or protocol method says nothing
about its types in its body, but its override (or the method it overrides) usually does, and
the contract is the same on both sides. Sibling classes that merely share a method name (two
protocols each with ``read``) are weaker evidence, but still evidence.
"""

from __future__ import annotations

import ast
from collections import Counter

from .infer import Evidence, memo
from .source import FunctionNode, FunctionSource

_DECORATED_AWAY = {"staticmethod", "classmethod", "property", "overload"}


def _classes(module: ast.Module) -> dict[str, ast.ClassDef]:
    return memo(
        module,
        "classdefs",
        lambda m: {n.name: n for n in ast.walk(m) if isinstance(n, ast.ClassDef)},
    )


def _owner(module: ast.Module, node: FunctionNode) -> ast.ClassDef | None:
    def build(m: ast.Module) -> dict[int, ast.ClassDef]:
        return {
            id(stmt): item
            for item in ast.walk(m)
            if isinstance(item, ast.ClassDef)
            for stmt in item.body
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
        }

    return memo(module, "owner_defs", build).get(id(node))


def owner_class_def(module: ast.Module, node: FunctionNode) -> ast.ClassDef | None:
    """The class whose body defines ``node`` (``None`` for a plain function)."""
    return _owner(module, node)


def _base_names(cls: ast.ClassDef) -> list[str]:
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
    classes = _classes(module)
    found: list[ast.ClassDef] = []
    frontier = [cls]
    while frontier:  # ancestors
        current = frontier.pop(0)
        for name in _base_names(current):
            base = classes.get(name)
            if base is not None and base is not cls and base not in found:
                found.append(base)
                frontier.append(base)
    frontier = [cls]
    while frontier:  # descendants
        current = frontier.pop(0)
        for other in classes.values():
            if current.name in _base_names(other) and other is not cls and other not in found:
                found.append(other)
                frontier.append(other)
    return found


def _method(cls: ast.ClassDef, name: str) -> FunctionNode | None:
    return next(
        (s for s in cls.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == name),
        None,
    )


def method_of(module: ast.Module, cls_name: str, name: str) -> FunctionNode | None:
    """Method ``name`` of class ``cls_name`` as Python finds it: the class, then its ancestors
    defined in the same module."""
    cls = _classes(module).get(cls_name)
    if cls is None:
        return None
    seen: list[ast.ClassDef] = []
    frontier = [cls]
    while frontier:
        current = frontier.pop(0)
        found = _method(current, name)
        if found is not None:
            return found
        seen.append(current)
        for base in _base_names(current):
            parent = _classes(module).get(base)
            if parent is not None and parent not in seen:
                frontier.append(parent)
    return None


def _positional(node: FunctionNode) -> list[ast.arg]:
    args = [*node.args.posonlyargs, *node.args.args]
    decorators = {ast.unparse(d).split(".")[-1] for d in node.decorator_list}
    if args and "staticmethod" not in decorators:
        args = args[1:]  # self / cls
    return args


def _matching_arg(node: FunctionNode, other: FunctionNode, name: str) -> ast.arg | None:
    """``name``'s counterpart in ``other``: the same name, else the same position."""
    every = [*other.args.posonlyargs, *other.args.args, *other.args.kwonlyargs]
    same = next((a for a in every if a.arg == name), None)
    if same is not None:
        return same
    mine = _positional(node)
    theirs = _positional(other)
    index = next((i for i, a in enumerate(mine) if a.arg == name), None)
    if index is not None and index < len(theirs) and len(mine) == len(theirs):
        return theirs[index]
    return None


def _annotation(node: FunctionNode, name: str | None, counterpart: FunctionNode) -> str | None:
    if name is None:
        return ast.unparse(counterpart.returns) if counterpart.returns is not None else None
    arg = _matching_arg(node, counterpart, name)
    return ast.unparse(arg.annotation) if arg is not None and arg.annotation is not None else None


def _names_class(hint: str, cls_name: str) -> bool:
    text = hint.strip().strip("'\"")
    return text == cls_name or text.startswith(f"{cls_name}[")


def self_type(module: ast.Module, cls: ast.ClassDef) -> str:
    """The class as a type, with its type parameters (``IO[AnyStr]``) when it is generic."""
    params = [e.value for e in type_parameter_evidence_of(module, cls)]
    return f"{cls.name}[{', '.join(params)}]" if params else cls.name


def self_return_evidence(fn: FunctionSource) -> list[Evidence]:
    """``__enter__``/``__aenter__`` return the instance by the data model's idiom (``return self``)."""
    cls = _owner(fn.module, fn.node)
    if cls is None or fn.node.name not in ("__enter__", "__aenter__"):
        return []
    hint = self_type(fn.module, cls)
    return [Evidence(hint, "protocol", f"`{fn.node.name}` returns the instance by convention", 0.5)]


def override_evidence(fn: FunctionSource, name: str | None) -> list[Evidence]:
    """The annotation of parameter ``name`` (or the return, for ``None``) on the same method in
    related classes of the module; then, weaker, in unrelated classes with a method of that name."""
    cls = _owner(fn.module, fn.node)
    if cls is None or fn.node.name in ("__init__", "__new__"):
        return []
    what = f"`{name}`" if name else "the return"
    related = related_classes(fn.module, cls)
    evidence: list[Evidence] = []
    for other in related:
        counterpart = _method(other, fn.node.name)
        hint = _annotation(fn.node, name, counterpart) if counterpart is not None else None
        if hint and _names_class(hint, other.name):
            hint = self_type(fn.module, cls)  # the other class returns itself: so does this one
        if hint:
            evidence.append(
                Evidence(
                    hint, "override", f"{what} of `{other.name}.{fn.node.name}` is annotated {hint}", 0.7
                )
            )
            break  # the nearest related class speaks for the hierarchy
    seen: Counter[str] = Counter()
    for other in _classes(fn.module).values():
        if other is cls or other in related:
            continue
        counterpart = _method(other, fn.node.name)
        hint = _annotation(fn.node, name, counterpart) if counterpart is not None else None
        if hint:
            seen[hint] += 1
    for hint, count in seen.most_common(2):
        evidence.append(
            Evidence(
                hint,
                "sibling-method",
                f"{what} of `{fn.node.name}` is {hint} in {count} other class(es) of this module",
                min(0.35 + 0.1 * count, 0.6),
            )
        )
    return evidence


def class_attributes(module: ast.Module, cls_name: str) -> dict[str, str]:
    """Annotated attributes of a class: class-body ``x: T``, ``self.x: T = ...`` in its methods,
    ``self.x = param`` where the parameter is annotated, and annotated ``@property`` getters."""

    def build(m: ast.Module) -> dict[str, dict[str, str]]:
        table: dict[str, dict[str, str]] = {}
        for cls in _classes(m).values():
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
            table[cls.name] = found
        return table

    return memo(module, "class_attributes", build).get(cls_name, {})


def attribute_sink_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """``self.attr = name`` where the class annotates ``attr`` elsewhere: the parameter has that type."""
    cls = _owner(fn.module, fn.node)
    if cls is None:
        return []
    attrs = class_attributes(fn.module, cls.name)
    evidence = []
    for item in ast.walk(fn.node):
        if (
            isinstance(item, ast.Assign)
            and isinstance(item.value, ast.Name)
            and item.value.id == name
            and len(item.targets) == 1
        ):
            target = item.targets[0]
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
                and target.attr in attrs
            ):
                hint = attrs[target.attr]
                evidence.append(
                    Evidence(hint, "attribute", f"stored in `self.{target.attr}`, annotated {hint}", 0.65)
                )
    return evidence



def _typevars(module: ast.Module) -> set[str]:
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


def type_parameter_evidence(fn: FunctionSource, weight: float = 0.2) -> list[Evidence]:
    """The type variables of a generic owner class (``class IO(Generic[AnyStr])``): like GHC's
    valid hole fits, the types in scope. Only offered weakly; the caller uses it for declarations."""
    cls = _owner(fn.module, fn.node)
    if cls is None:
        return []
    return [
        Evidence(e.value, e.tag, e.rationale, weight) for e in type_parameter_evidence_of(fn.module, cls)
    ]


def type_parameter_evidence_of(module: ast.Module, cls: ast.ClassDef) -> list[Evidence]:
    known = _typevars(module)
    found: list[str] = []
    for base in cls.bases:
        if isinstance(base, ast.Subscript):
            for item in ast.walk(base.slice):
                if isinstance(item, ast.Name) and item.id in known and item.id not in found:
                    found.append(item.id)
    return [
        Evidence(name, "type-parameter", f"`{name}` is a type parameter of `{cls.name}`", 0.2)
        for name in found
    ]


_EXIT_PARAMS = ("type[BaseException] | None", "BaseException | None", "TracebackType | None")


def protocol_parameter_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """Parameters fixed by Python's data model (``__exit__(self, exc_type, exc, tb)``)."""
    if fn.node.name not in ("__exit__", "__aexit__"):
        return []
    positional = [a.arg for a in _positional(fn.node)]
    if name not in positional or positional.index(name) >= 3:
        return []
    hint = _EXIT_PARAMS[positional.index(name)]
    return [Evidence(hint, "protocol", f"`{fn.node.name}` receives this by protocol", 0.8)]
