"""Static type evidence from a function's syntax tree: what expressions evaluate to and how
a parameter is used. Plain functions over ``ast``; no imports of the analysed code.

Each piece of evidence is an :class:`Evidence` (value, tag, rationale, weight) so the
candidate generator can merge facts from independent places and say where each came from.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from .source import FunctionNode


@dataclass(frozen=True)
class Evidence:
    value: str
    tag: str
    rationale: str
    weight: float


_LITERAL_TYPES = {bool: "bool", int: "int", float: "float", str: "str", bytes: "bytes", complex: "complex"}

_BUILTIN_RETURNS = {
    "len": "int",
    "str": "str",
    "repr": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "list": "list",
    "dict": "dict",
    "set": "set",
    "frozenset": "frozenset",
    "tuple": "tuple",
    "sorted": "list",
    "isinstance": "bool",
    "issubclass": "bool",
    "hash": "int",
    "ord": "int",
    "chr": "str",
    "format": "str",
    "callable": "bool",
    "hasattr": "bool",
    "any": "bool",
    "all": "bool",
    "id": "int",
    "abs": None,
    "round": "int",
    "divmod": "tuple",
    "hex": "str",
    "oct": "str",
    "bin": "str",
    "ascii": "str",
    "bytearray": "bytearray",
    "range": "range",
}

_METHOD_OWNERS: dict[str, str] = {}
for _owner, _names in {
    "str": "lower upper strip lstrip rstrip startswith endswith isdigit isalpha isalnum isspace "
    "isidentifier casefold splitlines partition rpartition zfill center ljust rjust expandtabs "
    "format_map isupper islower title capitalize swapcase removeprefix removesuffix isdecimal "
    "isnumeric isprintable isascii",
    "bytes": "decode hex",
    "list": "append insert sort reverse",
    "dict": "items keys values setdefault popitem",
    "set": "add discard issubset issuperset symmetric_difference",
    "pathlib.Path": "read_text write_text read_bytes write_bytes exists is_file is_dir resolve "
    "iterdir glob rglob mkdir unlink touch with_suffix relative_to",
    "re.Pattern": "match fullmatch finditer findall subn",
}.items():
    for _name in _names.split():
        _METHOD_OWNERS[_name] = _owner


# builtins that consume an argument of a recognisable shape
_CONSUMERS: dict[str, list[tuple[str, float]]] = {
    "sum": [("list[float]", 0.3), ("list[int]", 0.25), ("Iterable[float]", 0.2)],
    "sorted": [("Iterable", 0.2), ("list", 0.2)],
    "enumerate": [("Iterable", 0.25), ("list", 0.15)],
    "zip": [("Iterable", 0.2)],
    "int": [("str", 0.3)],
    "float": [("str", 0.25)],
    "bytes": [("bytes", 0.1)],
    "iter": [("Iterable", 0.3)],
}


def body_nodes(node: FunctionNode) -> Iterator[ast.AST]:
    """Every node of the body, without descending into nested functions, lambdas or classes."""
    stack: list[ast.AST] = list(node.body)
    while stack:
        current = stack.pop()
        yield current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
                stack.append(child)


def literal_type(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant):
        if node.value is None:
            return "None"
        return _LITERAL_TYPES.get(type(node.value))
    if isinstance(node, ast.JoinedStr):
        return "str"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return literal_type(node.operand)
    return None


def module_functions(module: ast.Module) -> dict[str, list[FunctionNode]]:
    """Functions and methods of the module by simple name (all nesting levels)."""
    found: dict[str, list[FunctionNode]] = {}
    for item in ast.walk(module):
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            found.setdefault(item.name, []).append(item)
    return found


def module_classes(module: ast.Module) -> set[str]:
    return {item.name for item in ast.walk(module) if isinstance(item, ast.ClassDef)}


def _tuple_element(hint: str | None, index: int) -> str | None:
    if not hint:
        return None
    try:
        node = ast.parse(hint, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Subscript) and ast.unparse(node.value).split(".")[-1] in ("tuple", "Tuple"):
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if index < len(elts) and not (isinstance(elts[-1], ast.Constant) and elts[-1].value is Ellipsis):
            return ast.unparse(elts[index])
    return None


def _element(hint: str | None, index: ast.expr) -> str | None:
    """The type of ``value[index]`` for ``list[T]``, ``dict[K, V]``, ``tuple[A, B]`` (constant index)."""
    if not hint:
        return None
    try:
        node = ast.parse(hint, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Subscript):
        return None
    head = ast.unparse(node.value).split(".")[-1].lower()
    elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if head in ("list", "sequence") and len(elts) == 1:
        return ast.unparse(elts[0])
    if head in ("dict", "mapping") and len(elts) == 2:
        return ast.unparse(elts[1])
    if head == "tuple" and isinstance(index, ast.Constant) and isinstance(index.value, int):
        return _tuple_element(hint, index.value)
    return None


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
        self.globals: dict[str, ast.expr] = {}
        for stmt in module.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                self.globals.setdefault(stmt.targets[0].id, stmt.value)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                self.known.setdefault(stmt.target.id, ast.unparse(stmt.annotation))
        for item in body_nodes(node):
            if isinstance(item, ast.Assign) and len(item.targets) == 1:
                target = item.targets[0]
                if isinstance(target, ast.Name):
                    self.locals.setdefault(target.id, item.value)
                elif isinstance(target, ast.Tuple):
                    for index, element in enumerate(target.elts):
                        if isinstance(element, ast.Name):
                            self.unpacked.setdefault(element.id, (item.value, index))
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                self.known[item.target.id] = ast.unparse(item.annotation)
        self._depth = 0

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
            inner = {self.type_of(v) for v in expr.values}
            return inner.pop() if len(inner) == 1 else None
        if isinstance(expr, ast.List | ast.ListComp):
            return self._container("list", expr)
        if isinstance(expr, ast.Set | ast.SetComp):
            return self._container("set", expr)
        if isinstance(expr, ast.Dict | ast.DictComp):
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
            if expr.id in self.params:
                return self.params[expr.id]
            if expr.id in self.known:
                return self.known[expr.id]
            value = self.locals.get(expr.id) or self.globals.get(expr.id)
            if value is not None:
                if isinstance(value, ast.Name) and value.id == expr.id:
                    return None
                return self.type_of(value)
            if expr.id in self.unpacked:
                source, index = self.unpacked[expr.id]
                return _tuple_element(self.type_of(source), index)
            return None
        if isinstance(expr, ast.Call):
            return self._call_type(expr)
        if isinstance(expr, ast.Subscript):
            base = self.type_of(expr.value)
            if base and isinstance(expr.slice, ast.Slice):
                return base if base.split("[", 1)[0] in ("str", "bytes", "list", "tuple") else None
            if base in ("str",):
                return "str"
            if base == "bytes":
                return "int"
            return _element(base, expr.slice)
        return None

    def _container(self, name: str, expr: ast.expr) -> str:
        if isinstance(expr, ast.List | ast.Set):
            elements = [self.type_of(e) for e in expr.elts]
        elif isinstance(expr, ast.ListComp | ast.SetComp):
            elements = [self.type_of(expr.elt)]
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
            if func.id in _BUILTIN_RETURNS:
                return _BUILTIN_RETURNS[func.id]
            if func.id in self.classes:
                return func.id
            annotated = self._function_return(func.id)
            if annotated is None and func.id[:1].isupper() and func.id not in self.functions:
                return func.id  # CapWords: a class constructor by Python convention
            return annotated
        if isinstance(func, ast.Attribute):
            base = func.value
            if isinstance(base, ast.Name) and base.id in ("self", "cls"):
                if func.attr in self.functions:
                    return self._function_return(func.attr)
                return None
            if (
                isinstance(base, ast.Constant)
                and isinstance(base.value, str)
                and func.attr in ("join", "format")
            ):
                return "str"
            owner = self.type_of(base)
            if owner == "str" and func.attr in ("split", "rsplit", "splitlines"):
                return "list[str]"
            if owner == "str" and func.attr in ("join", "format", "lower", "upper", "strip", "replace"):
                return "str"
            if owner == "bytes" and func.attr == "decode":
                return "str"
            if owner == "str" and func.attr == "encode":
                return "bytes"
        return None


def returned_exprs(node: FunctionNode) -> tuple[list[ast.expr | None], bool]:
    """The expressions after ``return`` (``None`` for a bare return) and whether it yields."""
    values: list[ast.expr | None] = []
    yields = False
    for item in body_nodes(node):
        if isinstance(item, ast.Return):
            values.append(item.value)
        elif isinstance(item, ast.Yield | ast.YieldFrom):
            yields = True
    return values, yields


def usage_evidence(node: FunctionNode, name: str, typer: ExprTyper) -> list[Evidence]:
    """How a parameter is used: methods called on it, operators, iteration, calls it is passed to."""
    found: list[Evidence] = []
    for item in body_nodes(node):
        if isinstance(item, ast.Call):
            func = item.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == name:
                owner = _METHOD_OWNERS.get(func.attr)
                if owner:
                    found.append(
                        Evidence(owner, "method", f"`{name}.{func.attr}()` is a {owner} method", 0.55)
                    )
            if isinstance(func, ast.Name) and func.id == name:
                found.append(Evidence("Callable", "called", f"`{name}` is called", 0.4))
            for index, arg in enumerate(item.args):
                if isinstance(arg, ast.Name) and arg.id == name:
                    found.extend(_passed_to(func, index, None, typer, name))
            for keyword in item.keywords:
                if isinstance(keyword.value, ast.Name) and keyword.value.id == name and keyword.arg:
                    found.extend(_passed_to(func, None, keyword.arg, typer, name))
        elif isinstance(item, ast.BinOp):
            sides = (item.left, item.right)
            for side, other in (sides, sides[::-1]):
                if isinstance(side, ast.Name) and side.id == name:
                    other_type = typer.type_of(other)
                    if other_type in ("int", "float", "str", "bytes"):
                        op = type(item.op).__name__
                        found.append(
                            Evidence(
                                other_type,
                                "arithmetic",
                                f"`{name}` is combined ({op}) with a {other_type}",
                                0.45,
                            )
                        )
        elif isinstance(item, ast.Compare):
            parts = [item.left, *item.comparators]
            if any(isinstance(p, ast.Name) and p.id == name for p in parts):
                for op, right in zip(item.ops, item.comparators, strict=False):
                    if isinstance(op, ast.Is | ast.IsNot) and literal_type(right) == "None":
                        found.append(Evidence("None", "none-check", f"`{name}` is compared with None", 0.5))
                for other in parts:
                    if isinstance(other, ast.Name) and other.id == name:
                        continue
                    other_type = literal_type(other)
                    if other_type and other_type != "None":
                        if any(isinstance(op, ast.In | ast.NotIn) for op in item.ops):
                            continue
                        found.append(
                            Evidence(other_type, "compare", f"`{name}` is compared with a {other_type}", 0.4)
                        )
        elif isinstance(item, ast.For | ast.comprehension):
            if isinstance(item.iter, ast.Name) and item.iter.id == name:
                found.append(Evidence("Iterable", "iterated", f"`{name}` is iterated over", 0.35))
        elif isinstance(item, ast.Subscript) and isinstance(item.value, ast.Name) and item.value.id == name:
            key = literal_type(item.slice) if isinstance(item.slice, ast.expr) else None
            if key == "str":
                found.append(Evidence("dict", "subscript", f"`{name}` is indexed with a string key", 0.4))
        elif isinstance(item, ast.Attribute) and isinstance(item.value, ast.Name) and item.value.id == name:
            pass
    return found


def _passed_to(
    func: ast.expr, index: int | None, keyword: str | None, typer: ExprTyper, name: str
) -> list[Evidence]:
    callee: str | None = None
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "join"
        and literal_type(func.value) in ("str", "bytes")
    ):
        kind = literal_type(func.value)
        return [
            Evidence(f"Iterable[{kind}]", "join", f"`{name}` is joined into a {kind}", 0.4),
            Evidence(f"list[{kind}]", "join", f"`{name}` is joined into a {kind}", 0.35),
        ]
    if isinstance(func, ast.Name):
        callee = func.id
    elif (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
    ):
        callee = func.attr
    if callee in ("len",):
        return [Evidence("Sized", "len", f"`len({name})` is taken", 0.3)]
    if callee in _CONSUMERS and index == 0:
        return [
            Evidence(hint, callee, f"`{callee}({name})` consumes it", weight)
            for hint, weight in _CONSUMERS[callee]
        ]
    if callee in ("open",) and index == 0:
        return [Evidence("str", "open", f"`{name}` is opened as a file name", 0.4)]
    if callee is None:
        return []
    result: list[Evidence] = []
    for target in typer.functions.get(callee, []):
        args = [*target.args.posonlyargs, *target.args.args]
        if isinstance(func, ast.Attribute) and args and args[0].arg in ("self", "cls"):
            args = args[1:]
        arg: ast.arg | None = None
        if keyword is not None:
            arg = next((a for a in [*args, *target.args.kwonlyargs] if a.arg == keyword), None)
        elif index is not None and index < len(args):
            arg = args[index]
        if arg is not None and arg.annotation is not None:
            hint = ast.unparse(arg.annotation)
            result.append(
                Evidence(hint, "call-site", f"`{name}` is passed to `{callee}({arg.arg}: {hint})`", 0.6)
            )
    return result[:2]
