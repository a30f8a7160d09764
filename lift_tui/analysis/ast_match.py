"""The one shape every evidence rule asks about: a builtin called by its plain name on a name.

``len(xs)``, ``isinstance(x, T)``: guards, type evidence and the bench all read these, and each
had spelled out the same six-clause test.
"""

from __future__ import annotations

import ast
from typing import TypeGuard


def plain_call(node: ast.AST | None, func: str, arity: int | None = None) -> TypeGuard[ast.Call]:
    """``node`` calls ``func`` by its plain name, with ``arity`` positional arguments (``None``: any
    number but none)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == func
        and (len(node.args) == arity if arity is not None else bool(node.args))
    )


def subject(call: ast.Call) -> str | None:
    """The name a call is about: its first argument, when that is a plain name."""
    first = call.args[0] if call.args else None
    return first.id if isinstance(first, ast.Name) else None
