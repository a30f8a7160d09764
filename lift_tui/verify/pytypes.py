"""The small set of Python types the z3 translation understands, parsed from type-hint text.

Kept free of z3 so type inference and hint parsing are cheap and testable on their own.
A type is a string for scalars (``int``, ``float``, ``bool``, ``str``) or ``("list", elem)``.
"""

from __future__ import annotations

import ast

PyType = str | tuple[str, "PyType"]

SCALARS = ("int", "float", "bool", "str")
_SEQUENCES = {"list", "List", "Sequence", "tuple", "Tuple", "typing.List", "typing.Sequence"}


def parse_hint(hint: str | None) -> PyType | None:
    """The type for ``hint``, or None when it is missing, a hole, or outside what z3 can model."""
    if not hint or hint.lstrip().startswith("?"):
        return None
    try:
        node = ast.parse(hint.strip(), mode="eval").body
    except SyntaxError:
        return None
    return _from_node(node)


def _from_node(node: ast.expr) -> PyType | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return parse_hint(node.value)
    if isinstance(node, ast.Name) and node.id in SCALARS:
        return node.id
    if isinstance(node, ast.Subscript):
        base = ast.unparse(node.value)
        if base not in _SEQUENCES:
            return None
        arg = node.slice
        if isinstance(arg, ast.Tuple):
            # tuple[int, ...] is a homogeneous sequence; fixed tuples are not modelled.
            if len(arg.elts) == 2 and isinstance(arg.elts[1], ast.Constant) and arg.elts[1].value is ...:
                arg = arg.elts[0]
            else:
                return None
        elem = _from_node(arg)
        return ("list", elem) if elem is not None else None
    return None


def describe(t: PyType) -> str:
    return t if isinstance(t, str) else f"list[{describe(t[1])}]"


_ISINSTANCE_NAMES = {"int", "float", "bool", "str", "list", "tuple"}


def isinstance_fact(declared: PyType, names: list[str]) -> bool | None:
    """Whether a value of exactly ``declared`` type passes ``isinstance(x, names)``; None if unknown.

    ``bool`` is a subclass of ``int`` as in Python; a declared ``int`` is taken to be a
    plain int (not a bool), which is the type fact the signature states.
    """
    if any(n not in _ISINSTANCE_NAMES for n in names):
        return None
    kind = declared if isinstance(declared, str) else "list"
    matches = {kind}
    if kind == "bool":
        matches.add("int")
    return any(n in matches for n in names)


def infer_from_usage(name: str, expressions: list[str]) -> PyType | None:
    """Guess the type of an unannotated parameter when every clue points to one type.

    Clues: comparison or arithmetic with a literal of one type, string methods, and
    ``isinstance(name, T)`` with a single scalar ``T``. ``len(name)`` alone is ambiguous.
    """
    seen: set[str] = set()
    for text in expressions:
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            seen |= _clues(name, node)
    return seen.pop() if len(seen) == 1 else None


def _is(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _literal_type(node: ast.expr) -> str | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float, bool, str):
        return type(node.value).__name__
    return None


def _clues(name: str, node: ast.AST) -> set[str]:
    found: set[str] = set()
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        for i, op in enumerate(node.ops):
            left, right = operands[i], operands[i + 1]
            if isinstance(op, ast.In | ast.NotIn):
                continue
            for a, b in ((left, right), (right, left)):
                if _is(a, name) and (t := _literal_type(b)):
                    found.add(t)
    elif isinstance(node, ast.BinOp):
        for a, b in ((node.left, node.right), (node.right, node.left)):
            if _is(a, name) and (t := _literal_type(b)) in ("int", "float"):
                found.add(t)
    elif isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and _is(func.value, name):
            if func.attr in ("startswith", "endswith", "find", "lower", "upper", "strip", "isdigit"):
                found.add("str")
        if (
            _is(func, "isinstance")
            and len(node.args) == 2
            and _is(node.args[0], name)
            and isinstance(node.args[1], ast.Name)
            and node.args[1].id in SCALARS
        ):
            found.add(node.args[1].id)
    return found
