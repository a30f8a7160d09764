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

