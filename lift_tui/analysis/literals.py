"""The type a literal spells: ``3`` is an int, ``f"..."`` a str, ``-1.5`` a float. One rule for
reverse mode (a default's type) and for holes (an argument's or a compared value's type).

``displays`` also types the containers and expressions whose head type is fixed by syntax
(``[...]`` is a list, ``a < b`` a bool, ``lambda`` a Callable).
"""

from __future__ import annotations

import ast

_DISPLAY_TYPES: dict[type, str] = {
    ast.List: "list", ast.ListComp: "list", ast.Dict: "dict", ast.DictComp: "dict", ast.Set: "set",
    ast.SetComp: "set", ast.Tuple: "tuple", ast.GeneratorExp: "Iterator", ast.Lambda: "Callable",
}  # fmt: skip
_LITERAL_TYPES = {bool: "bool", int: "int", float: "float", str: "str", bytes: "bytes", complex: "complex"}


def literal_type(node: ast.AST, *, displays: bool = False) -> str | None:
    if isinstance(node, ast.Constant):
        if node.value is None:
            return "None"
        return _LITERAL_TYPES.get(type(node.value))
    if isinstance(node, ast.JoinedStr):
        return "str"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return literal_type(node.operand)
    if displays:
        if isinstance(node, ast.Compare) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            return "bool"
        return _DISPLAY_TYPES.get(type(node))
    return None


_NUMBER_ORDER = ("bool", "int", "float", "complex")


def join_types(types: list[str]) -> str | None:
    """One type for values seen together: equal types stay, numbers widen (``int`` and ``float``
    are a ``float``), up to three others make a union; ``None`` for no types or more kinds."""
    kinds = list(dict.fromkeys(types))
    if not kinds:
        return None
    if len(kinds) == 1:
        return kinds[0]
    if all(k in _NUMBER_ORDER for k in kinds) and "bool" not in kinds:
        return max(kinds, key=_NUMBER_ORDER.index)
    if len(kinds) > 3:
        return None
    return " | ".join(sorted(kinds, key=lambda k: (k == "None", k)))


def value_type(node: ast.AST) -> str | None:
    """The type of a literal value, with element types: ``[1.0, 2]`` is ``list[float]``,
    ``{"a": (1, "x")}`` is ``dict[str, tuple[int, str]]``; ``None`` for anything not a literal."""
    simple = literal_type(node)
    if simple is not None:
        return simple
    if isinstance(node, ast.List | ast.Set):
        head = "list" if isinstance(node, ast.List) else "set"
        if not node.elts:
            return head
        parts = [value_type(e) for e in node.elts]
        joined = join_types([p for p in parts if p]) if all(parts) else None
        return f"{head}[{joined}]" if joined else None
    if isinstance(node, ast.Tuple):
        parts = [value_type(e) for e in node.elts]
        if not parts:
            return "tuple"
        return f"tuple[{', '.join(p for p in parts if p)}]" if all(parts) else None
    if isinstance(node, ast.Dict):
        if not node.keys:
            return "dict"
        if any(k is None for k in node.keys):
            return None  # a `**` unpacking
        keys = [value_type(k) for k in node.keys if k is not None]
        values = [value_type(v) for v in node.values]
        if not all(keys) or not all(values):
            return None
        key, value = join_types([k for k in keys if k]), join_types([v for v in values if v])
        return f"dict[{key}, {value}]" if key and value else None
    return None
