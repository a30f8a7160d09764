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

from lift_tui.analysis.classes import (
    class_attributes,
    classes,
    own_method,
    owner_def,
    related_classes,
    typevars,
)
from lift_tui.analysis.parse import FunctionNode, FunctionSource
from lift_tui.analysis.typetext import parse_expr

from ..evidence import Evidence

_DECORATED_AWAY = {"staticmethod", "classmethod", "property", "overload"}


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
    cls = owner_def(fn.module, fn.node)
    if cls is None or fn.node.name not in ("__enter__", "__aenter__"):
        return []
    hint = self_type(fn.module, cls)
    return [Evidence(hint, "protocol", f"`{fn.node.name}` returns the instance by convention", 0.5)]


def override_evidence(fn: FunctionSource, name: str | None) -> list[Evidence]:
    """The annotation of parameter ``name`` (or the return, for ``None``) on the same method in
    related classes of the module; then, weaker, in unrelated classes with a method of that name."""
    cls = owner_def(fn.module, fn.node)
    if cls is None or fn.node.name in ("__init__", "__new__"):
        return []
    what = f"`{name}`" if name else "the return"
    related = related_classes(fn.module, cls)
    evidence: list[Evidence] = []
    for other in related:
        counterpart = own_method(other, fn.node.name)
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
    for other in classes(fn.module).values():
        if other is cls or other in related:
            continue
        counterpart = own_method(other, fn.node.name)
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


def attribute_sink_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """``self.attr = name`` where the class annotates ``attr`` elsewhere: the parameter has that type."""
    cls = owner_def(fn.module, fn.node)
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


def type_parameter_evidence(fn: FunctionSource, weight: float = 0.2) -> list[Evidence]:
    """The type variables of a generic owner class (``class IO(Generic[AnyStr])``): like GHC's
    valid hole fits, the types in scope. Only offered weakly; the caller uses it for declarations."""
    cls = owner_def(fn.module, fn.node)
    if cls is None:
        return []
    return [
        Evidence(e.value, e.tag, e.rationale, weight) for e in type_parameter_evidence_of(fn.module, cls)
    ]


def type_parameter_evidence_of(module: ast.Module, cls: ast.ClassDef) -> list[Evidence]:
    known = typevars(module)
    found: list[str] = []
    for base in cls.bases:
        if isinstance(base, ast.Subscript):
            # a quoted argument (`Sequence["Node[T]"]`, a forward reference) names them too
            quoted = [parse_expr(c.value) for c in ast.walk(base.slice) if isinstance(c, ast.Constant)
                      and isinstance(c.value, str)]
            for part in [base.slice, *(q for q in quoted if q is not None)]:
                for item in ast.walk(part):
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
