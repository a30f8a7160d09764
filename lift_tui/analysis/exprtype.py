"""Expression typing inside one function: literals, annotations, locals, loops and
comprehensions, calls resolved to the module's functions and classes, imported modules (found and
parsed statically), class members with inheritance, and library calls of known result type.

Not a type checker: one pass, and anything unclear is ``None``.
"""

from __future__ import annotations

import ast

from . import results
from .ast_match import plain_call, subject
from .classes import class_attributes, classes, method_of
from .imports import imported_call_type
from .index import body_nodes, module_classes, module_functions, module_globals
from .literals import literal_type
from .members import member_type
from .parse import FunctionNode
from .typetext import callable_result, element_of, subscript_element, tuple_element

# Calls whose result has the type of their first argument: a changed or copied value.
_SAME_TYPE_CALLS = frozenset({"replace", "copy", "deepcopy"})
_SAME_TYPE_MODULE_CALLS = frozenset({"dataclasses.replace", "copy.copy", "copy.deepcopy"})


class ExprTyper:
    """Types of expressions inside one function, from literals, annotations and the module."""

    def __init__(
        self, node: FunctionNode, module: ast.Module, params: dict[str, str | None], owner: str | None
    ) -> None:
        self.node = node
        self.module = module
        self.params = params
        self.owner = owner
        self.functions = module_functions(module)
        self.classes = module_classes(module)
        self.locals: dict[str, ast.expr] = {}
        self.known: dict[str, str] = {}
        self.unpacked: dict[str, tuple[ast.expr, int]] = {}
        self.loop_vars: dict[str, ast.expr] = {}
        self.appended: dict[str, list[ast.expr]] = {}
        self.stored: dict[str, list[tuple[ast.expr, ast.expr]]] = {}
        self.scope: dict[str, str | None] = {}
        values, known = module_globals(module)
        self.globals: dict[str, ast.expr] = values
        self.known.update(known)
        for item in body_nodes(node):
            if isinstance(item, ast.Assign) and len(item.targets) == 1:
                target = item.targets[0]
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    # `table[key] = value`: what a dict built empty is filled with
                    self.stored.setdefault(target.value.id, []).append((target.slice, item.value))
                if isinstance(target, ast.Name):
                    self.locals.setdefault(target.id, item.value)
                elif isinstance(target, ast.Tuple):
                    for index, element in enumerate(target.elts):
                        if isinstance(element, ast.Name):
                            self.unpacked.setdefault(element.id, (item.value, index))
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                self.known[item.target.id] = ast.unparse(item.annotation)
            elif isinstance(item, ast.NamedExpr) and isinstance(item.target, ast.Name):
                self.locals.setdefault(item.target.id, item.value)
            elif isinstance(item, ast.For | ast.AsyncFor) and isinstance(item.target, ast.Name):
                self.loop_vars.setdefault(item.target.id, item.iter)
            elif (
                isinstance(item, ast.Call)
                and isinstance(item.func, ast.Attribute)
                and item.func.attr == "append"
                and isinstance(item.func.value, ast.Name)
                and len(item.args) == 1
            ):
                self.appended.setdefault(item.func.value.id, []).append(item.args[0])
        self._depth = 0

    def _is_enum(self, owner: str) -> bool:
        cls = classes(self.module).get(owner)
        return cls is not None and any(ast.unparse(b).split(".")[-1].endswith("Enum") for b in cls.bases)

    def _method_return(self, name: str) -> str | None:
        """``self.name(...)``: the owner class's own method first (or an imported base's), then any
        of that name."""
        if self.owner:
            own = method_of(self.module, self.owner, name)
            if own is not None:
                return ast.unparse(own.returns).strip("'\"") if own.returns is not None else None
            inherited = member_type(self.module, self.owner, name, called=True)
            if inherited is not None:
                return inherited
        return self._function_return(name) if name in self.functions else None

    def _member(self, base: ast.expr, name: str, *, called: bool) -> str | None:
        """``base.name`` (``called``: ``base.name(...)``) from what ``base``'s class declares."""
        if (
            isinstance(base, ast.Call)
            and isinstance(base.func, ast.Name)
            and base.func.id == "super"
            and self.owner
        ):
            return member_type(self.module, self.owner, name, called=called, skip_self=True)
        owner = self.type_of(base)
        if owner is None and called and isinstance(base, ast.Name) and base.id[:1].isupper():
            owner = base.id  # `Strip.blank(...)`: a classmethod or staticmethod of a class
        if owner in results.PATH_TYPES:
            return results.known_method(owner, name, called=called)
        if owner and owner.isidentifier() and owner[:1].isupper():
            return member_type(self.module, owner, name, called=called)
        return None

    def _dict_comprehension(self, expr: ast.DictComp) -> str:
        saved = self.scope
        self.scope = {**saved, **self._comprehension_scope(expr.generators)}
        try:
            key, value = self.type_of(expr.key), self.type_of(expr.value)
        finally:
            self.scope = saved
        return f"dict[{key}, {value}]" if key and value else "dict"

    def _reduction_type(self, name: str, args: list[ast.expr]) -> str | None:
        """``sum(x * w for x in xs)``, ``max(a, b)``, ``min(values)``: the type of the items."""
        if len(args) > 1:
            kinds = {self.type_of(a) for a in args}
        else:
            (only,) = args
            if isinstance(only, ast.GeneratorExp | ast.ListComp):
                saved = self.scope
                self.scope = {**saved, **self._comprehension_scope(only.generators)}
                try:
                    kinds = {self.type_of(only.elt)}
                finally:
                    self.scope = saved
            else:
                kinds = {element_of(self.type_of(only))}
        if None in kinds or not kinds:
            return None
        if name == "sum":
            return "float" if kinds <= {"int", "float"} and "float" in kinds else (
                "int" if kinds <= {"int", "bool"} else None
            )
        return kinds.pop() if len(kinds) == 1 else ("float" if kinds == {"int", "float"} else None)

    def _comprehension_scope(self, generators: list[ast.comprehension]) -> dict[str, str | None]:
        """Types of a comprehension's variables: an ``isinstance`` filter names the type, else the
        element type of what is iterated."""
        scope: dict[str, str | None] = {}
        saved = self.scope
        try:
            for gen in generators:
                self.scope = {**saved, **scope}
                if isinstance(gen.target, ast.Tuple):
                    # `for name, value in pairs`: each name takes its place in the element tuple
                    item = element_of(self.type_of(gen.iter))
                    for index, part in enumerate(gen.target.elts):
                        if isinstance(part, ast.Name):
                            scope[part.id] = tuple_element(item, index)
                    continue
                if not isinstance(gen.target, ast.Name):
                    continue
                name = gen.target.id
                narrowed = [
                    ast.unparse(test.args[1])
                    for test in gen.ifs
                    if plain_call(test, "isinstance", 2)
                    and subject(test) == name
                    and isinstance(test.args[1], ast.Name | ast.Attribute)
                ]
                scope[name] = narrowed[0] if narrowed else element_of(self.type_of(gen.iter))
        finally:
            self.scope = saved
        return scope

    def _function_return(self, name: str) -> str | None:
        annotated = {ast.unparse(f.returns) for f in self.functions.get(name, []) if f.returns is not None}
        return annotated.pop() if len(annotated) == 1 else None

    def type_of(self, expr: ast.expr) -> str | None:
        if self._depth > 8:
            return None
        self._depth += 1
        try:
            return self._type_of(expr)
        finally:
            self._depth -= 1

    def _type_of(self, expr: ast.expr) -> str | None:
        simple = literal_type(expr)
        if simple:
            return simple
        if isinstance(expr, ast.Compare) or (isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not)):
            return "bool"
        if isinstance(expr, ast.BoolOp):
            # `a and b` is one of its operands; when those we can type agree, that is the type
            # (`not x and getattr(...)` is a predicate; `name or ""` a str)
            typed = [self.type_of(v) for v in expr.values]
            inner = set(typed)
            known = inner - {None}
            if len(known) == 1 and (len(inner) == 1 or known == {"bool"}):
                return known.pop()
            last = typed[-1]
            if isinstance(expr.op, ast.Or) and last and None not in typed:
                # `maybe() or fallback`: the None of the earlier operands falls through to the last
                bare = {t.removesuffix(" | None").removeprefix("Optional[").removesuffix("]") for t in typed}
                return last if bare == {last} else None
            return None
        if isinstance(expr, ast.List | ast.ListComp):
            return self._container("list", expr)
        if isinstance(expr, ast.Set | ast.SetComp):
            return self._container("set", expr)
        if isinstance(expr, ast.DictComp):
            return self._dict_comprehension(expr)
        if isinstance(expr, ast.Dict):
            keys = {self.type_of(k) if k is not None else None for k in expr.keys}
            values = {self.type_of(v) for v in expr.values}
            if expr.keys and len(keys) == 1 and len(values) == 1 and None not in keys | values:
                return f"dict[{keys.pop()}, {values.pop()}]"
            return "dict"
        if isinstance(expr, ast.GeneratorExp):
            return "Iterator"
        if isinstance(expr, ast.Tuple):
            parts = [self.type_of(e) for e in expr.elts]
            if parts and all(parts):
                return f"tuple[{', '.join(p for p in parts if p)}]"
            if parts and any(parts) and len(parts) <= 4:
                return f"tuple[{', '.join(p or 'Any' for p in parts)}]"
            return "tuple"
        if isinstance(expr, ast.BinOp):
            left, right = self.type_of(expr.left), self.type_of(expr.right)
            if isinstance(expr.op, ast.Mod) and left in ("str", "bytes"):
                return left
            if isinstance(expr.op, ast.Add) and ({left, right} & {"str", "bytes"}):
                return left if left in ("str", "bytes") else right
            if (
                isinstance(expr.op, ast.Mult)
                and ({left, right} & {"str", "bytes"})
                and ({left, right} & {"int"})
            ):
                return left if left in ("str", "bytes") else right
            if isinstance(expr.op, ast.Div) and left not in ("str", "bytes"):
                return "float"  # true division of numbers (Fraction/Decimal are the rare exception)
            if left and left == right:
                return left
            if left and right and left.split("[", 1)[0] == right.split("[", 1)[0]:
                return max(left, right, key=len)  # `frozenset[str] - frozenset` keeps the refined one
            if isinstance(expr.op, ast.Add | ast.Sub | ast.FloorDiv | ast.Mod) and "int" in (left, right):
                other = right if left == "int" else left
                if other and other not in ("float", "complex"):
                    return other  # `pos + 1` keeps the type (or alias) of `pos`
            if {left, right} == {"int", "float"} or (
                isinstance(expr.op, ast.Mult | ast.Add | ast.Sub) and "float" in (left, right)
            ):
                return "float"
            return None
        if isinstance(expr, ast.IfExp):
            a, b = self.type_of(expr.body), self.type_of(expr.orelse)
            if a and b:
                return a if a == b else f"{a} | {b}"
            return None
        if isinstance(expr, ast.Name):
            if expr.id in self.scope:
                return self.scope[expr.id]
            if expr.id in self.params:
                return self.params[expr.id]
            if expr.id in self.known:
                return self.known[expr.id]
            value = self.locals.get(expr.id) or self.globals.get(expr.id)
            if value is not None:
                if isinstance(value, ast.Name) and value.id == expr.id:
                    return None
                if isinstance(value, ast.List) and not value.elts and expr.id in self.appended:
                    kinds = {self.type_of(v) for v in self.appended[expr.id]}
                    return f"list[{kinds.pop()}]" if len(kinds) == 1 and None not in kinds else "list"
                if isinstance(value, ast.Dict) and not value.keys and expr.id in self.stored:
                    keys = {self.type_of(k) for k, _ in self.stored[expr.id]}
                    values = {self.type_of(v) for _, v in self.stored[expr.id]}
                    if len(keys) == 1 and len(values) == 1 and None not in keys | values:
                        return f"dict[{keys.pop()}, {values.pop()}]"
                    return "dict"
                return self.type_of(value)
            if expr.id in self.unpacked:
                source, index = self.unpacked[expr.id]
                return tuple_element(self.type_of(source), index)
            if expr.id in self.loop_vars:
                return element_of(self.type_of(self.loop_vars[expr.id]))
            return None
        if isinstance(expr, ast.Call):
            return self._call_type(expr)
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == "self"
            and self.owner
        ):
            own = class_attributes(self.module, self.owner).get(expr.attr)
            if own is None and expr.attr == "name" and self._is_enum(self.owner):
                return "str"  # an enum member's name
            return own if own is not None else self._member(expr.value, expr.attr, called=False)
        if isinstance(expr, ast.Attribute):
            if expr.attr in ("__name__", "__qualname__", "__module__"):
                return "str"  # of a class, function or module alike
            return self._member(expr.value, expr.attr, called=False)
        if isinstance(expr, ast.Subscript):
            base = self.type_of(expr.value)
            if base and isinstance(expr.slice, ast.Slice):
                return base if base.split("[", 1)[0] in ("str", "bytes", "list", "tuple") else None
            if base in ("str",):
                return "str"
            if base == "bytes":
                return "int"
            return subscript_element(base, expr.slice)
        return None

    def _container(self, name: str, expr: ast.expr) -> str:
        if isinstance(expr, ast.List | ast.Set):
            elements = [self.type_of(e) for e in expr.elts]
        elif isinstance(expr, ast.ListComp | ast.SetComp):
            saved = self.scope
            self.scope = {**saved, **self._comprehension_scope(expr.generators)}
            try:
                elements = [self.type_of(expr.elt)]
            finally:
                self.scope = saved
        else:
            elements = []
        kinds = {e for e in elements}
        if elements and len(kinds) == 1 and None not in kinds:
            return f"{name}[{kinds.pop()}]"
        return name

    def _call_type(self, call: ast.Call) -> str | None:
        func = call.func
        if isinstance(func, ast.Name):
            if func.id == "cls" and self.owner:
                return self.owner
            if func.id in ("set", "frozenset", "list", "sorted", "tuple") and len(call.args) == 1:
                element = element_of(self.type_of(call.args[0]))
                head = "list" if func.id == "sorted" else func.id
                if element:
                    return f"{head}[{element}, ...]" if head == "tuple" else f"{head}[{element}]"
            if func.id == "open":
                return results.open_call_type(call)
            if func.id in _SAME_TYPE_CALLS and call.args and func.id not in self.functions:
                return self.type_of(call.args[0])
            if func.id in ("sum", "min", "max") and call.args:
                return self._reduction_type(func.id, call.args)
            if func.id in results.BUILTIN_RESULTS:
                return results.BUILTIN_RESULTS[func.id]
            if func.id in ("abs", "round") and call.args:
                return results.numeric_result(func.id, self.type_of(call.args[0]), len(call.args))
            if func.id in self.classes:
                return func.id
            if func.id in self.params or func.id in self.known:
                called = callable_result(self.params.get(func.id) or self.known.get(func.id))
                if called is not None:
                    return called
            annotated = self._function_return(func.id)
            if annotated is None and func.id not in self.functions:
                annotated = imported_call_type(self.module, func)
            if annotated is None and func.id[:1].isupper() and func.id not in self.functions:
                return func.id  # CapWords: a class constructor by Python convention
            return annotated
        if isinstance(func, ast.Attribute):
            base = func.value
            if isinstance(base, ast.Name) and base.id in ("self", "cls"):
                return self._method_return(func.attr)
            if func.attr == "open":
                return results.open_call_type(call)
            if (
                isinstance(base, ast.Name)
                and f"{base.id}.{func.attr}" in _SAME_TYPE_MODULE_CALLS
                and call.args
            ):
                return self.type_of(call.args[0])
            imported = imported_call_type(self.module, func)
            if imported is not None:
                return imported
            if (
                isinstance(base, ast.Constant)
                and isinstance(base.value, str)
                and func.attr in ("join", "format")
            ):
                return "str"
            if isinstance(base, ast.Call) and isinstance(base.func, ast.Name) and base.func.id == "super":
                return self._member(base, func.attr, called=True)
            owner = self.type_of(base)
            if owner is None and isinstance(base, ast.Name) and base.id[:1].isupper():
                return self._member(base, func.attr, called=True)  # `Strip.blank(...)`
            if owner and owner.endswith(" | None"):
                owner = owner.removesuffix(" | None")  # a method is called on it: it is not None here
            if owner in ("str", "bytes") or owner in results.PATH_TYPES:
                return results.known_method(owner, func.attr)
            if owner and "[" in owner:
                contained = results.container_method(owner, func.attr, len(call.args))
                if contained is not None:
                    return contained
            if owner and owner.isidentifier() and owner[:1].isupper():
                return self._member(base, func.attr, called=True)
        return None
