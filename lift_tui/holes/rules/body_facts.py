"""Small facts about how a function body uses a name: string formatting that is not division,
factors of a divisor, an index computed from a length, math functions with a domain."""

from __future__ import annotations

import ast

from lift_tui.analysis.ast_match import plain_call, subject
from lift_tui.analysis.index import body_nodes
from lift_tui.analysis.parse import FunctionSource

_DOMAINS = {"log": ">", "log2": ">", "log10": ">", "sqrt": ">=", "isqrt": ">="}


def math_domain(call: ast.Call, name: str) -> tuple[str, str] | None:
    """``log(p)`` needs ``p > 0``, ``sqrt(p)`` needs ``p >= 0`` (also as ``math.log`` or ``_log``)."""
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    op = _DOMAINS.get(called.lstrip("_"))
    if op is None or not call.args or not (isinstance(call.args[0], ast.Name) and call.args[0].id == name):
        return None
    return f"{name} {op} 0", f"`{ast.unparse(call)}` is defined only for {name} {op} 0"


def string_names(fn: FunctionSource) -> set[str]:
    """Local names bound to string literals (format templates such as ``msg = "bad %r"``)."""
    names: set[str] = set()
    for item in body_nodes(fn.node):
        if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant | ast.JoinedStr):
            if isinstance(item.value, ast.JoinedStr) or isinstance(item.value.value, str | bytes):
                names |= {t.id for t in item.targets if isinstance(t, ast.Name)}
    return names


def is_text(node: ast.expr, texts: set[str]) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | bytes)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_text(node.left, texts) or is_text(node.right, texts)
    return isinstance(node, ast.Name) and node.id in texts


def factors(node: ast.expr, name: str) -> bool:
    """``name`` is a factor of a product (``x / (name * k)`` divides by ``name`` too)."""
    if isinstance(node, ast.Name):
        return node.id == name
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return factors(node.left, name) or factors(node.right, name)
    return False


def calls_len_of(node: ast.expr, name: str) -> bool:
    return any(plain_call(n, "len", 1) and subject(n) == name for n in ast.walk(node))
