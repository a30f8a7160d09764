"""Cheap type evidence for expressions: literals, operators, well-known calls, local assignments
(literal types and call results are :mod:`lift_tui.analysis`'s, shared with the holes layer).

Not a type checker: one pass over a function's own assignments and a few tables, so a
missing annotation's hole starts with the type a reader sees at a glance (``/`` gives a
float, ``len()`` an int, ``random.random()`` a float). Anything unclear gives ``None``.
"""

from __future__ import annotations

import ast

from lift_tui.analysis.literals import literal_type
from lift_tui.analysis.results import CALL_RESULTS, METHOD_RESULTS, NUMERIC, NUMERIC_CALLS, numeric_result

from .body import FunctionBody, dotted_name
from .text import unparse


def _numeric(left: str | None, right: str | None) -> str | None:
    if left in NUMERIC and right in NUMERIC:
        return max(left, right, key=NUMERIC.index)  # type: ignore[arg-type]
    if left == "bool" and right in NUMERIC:
        return right
    if right == "bool" and left in NUMERIC:
        return left
    return None


def expression_type(node: ast.AST, env: dict[str, str]) -> str | None:
    """The type a reader sees for ``node``, given known types of names in ``env``; None if unclear."""
    simple = literal_type(node, displays=True)
    if simple is not None:
        return simple
    if isinstance(node, ast.Name):
        return env.get(node.id)
    if isinstance(node, ast.UnaryOp):
        operand = expression_type(node.operand, env)
        return operand if operand in NUMERIC else None
    if isinstance(node, ast.BoolOp):
        types = {expression_type(v, env) for v in node.values}
        return "bool" if types == {"bool"} else None
    if isinstance(node, ast.IfExp):
        body, orelse = expression_type(node.body, env), expression_type(node.orelse, env)
        return body if body == orelse else None
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Div):
            return "float"  # true division of numbers is always a float
        left, right = expression_type(node.left, env), expression_type(node.right, env)
        if isinstance(node.op, ast.Mod) and left == "str":
            return "str"  # %-formatting
        text_op = isinstance(node.op, ast.Add | ast.Mult) and "str" in (left, right)
        if text_op and {left, right} <= {"str", "int"}:
            return "str" if isinstance(node.op, ast.Mult) or left == right else None
        if isinstance(node.op, ast.Add) and left == right and left in ("list", "tuple", "bytes"):
            return left
        return _numeric(left, right)
    if isinstance(node, ast.Call):
        called = dotted_name(node.func)
        if called in CALL_RESULTS:
            return CALL_RESULTS[called]
        if called in NUMERIC_CALLS and node.args:
            return numeric_result(called, expression_type(node.args[0], env), len(node.args))
        if isinstance(node.func, ast.Attribute) and node.func.attr in METHOD_RESULTS:
            return METHOD_RESULTS[node.func.attr]
        if called and called.split(".")[-1][:1].isupper():
            return called  # looks like a class being instantiated
    return None


def looked_up(node: ast.AST, found: set[str] | None = None) -> set[str]:
    """The names whose type ``expression_type(node, env)`` may read from ``env``.

    It follows exactly the operands ``expression_type`` recurses into (unary, boolean,
    conditional and binary operands, the first argument of ``abs``/``round``/``sum``/
    ``min``/``max``); names anywhere else (call arguments, subscripts, attributes) can
    never change the result, so their types need not be worked out.
    """
    if found is None:
        found = set()
    kind = type(node)
    if kind is ast.Name:
        found.add(node.id)  # type: ignore[attr-defined]
    elif kind is ast.UnaryOp:
        looked_up(node.operand, found)  # type: ignore[attr-defined]
    elif kind is ast.BoolOp:
        for value in node.values:  # type: ignore[attr-defined]
            looked_up(value, found)
    elif kind is ast.IfExp:
        looked_up(node.body, found)  # type: ignore[attr-defined]
        looked_up(node.orelse, found)  # type: ignore[attr-defined]
    elif kind is ast.BinOp:
        looked_up(node.left, found)  # type: ignore[attr-defined]
        looked_up(node.right, found)  # type: ignore[attr-defined]
    elif kind is ast.Call and node.args and dotted_name(node.func) in NUMERIC_CALLS:  # type: ignore[attr-defined]
        looked_up(node.args[0], found)  # type: ignore[attr-defined]
    return found


def local_types(body: FunctionBody, env: dict[str, str], wanted: set[str]) -> dict[str, str]:
    """Types of the local names in ``wanted`` (and those they are computed from), where every
    assignment agrees (numbers widen). Only assignments that can matter are typed: this runs
    for every function without a return annotation.
    """
    groups = body.by_type
    assignments: list[tuple[str, ast.AST]] = []  # (target name, assignment), as of_type lists them
    by_name: dict[str, list[ast.AST]] = {}
    for node in groups.get(ast.Assign, ()):
        for target in node.targets:  # type: ignore[attr-defined]
            if type(target) is ast.Name:
                assignments.append((target.id, node))
    for node_type in (ast.AnnAssign, ast.AugAssign):
        for node in groups.get(node_type, ()):
            if type(node.target) is ast.Name:  # type: ignore[attr-defined]
                assignments.append((node.target.id, node))  # type: ignore[attr-defined]
    for name, node in assignments:
        by_name.setdefault(name, []).append(node)
    wanted = set(wanted) - env.keys()
    pending = [name for name in wanted if name in by_name]
    if not pending:
        return {}  # no wanted name is assigned here: nothing to type
    # Close ``wanted`` over the names whose types its assignments' types depend on (a
    # worklist, each value looked at once); an augmented assignment reads its own target.
    read: set[int] = set()
    while pending:
        for node in by_name[pending.pop()]:
            if node.value is None or id(node) in read:  # type: ignore[attr-defined]
                continue
            read.add(id(node))
            for more in looked_up(node.value):  # type: ignore[attr-defined]
                if more not in wanted and more not in env:
                    wanted.add(more)
                    if more in by_name:
                        pending.append(more)
    found: dict[str, str | None] = {}
    # env plus the names typed so far; kept up to date rather than rebuilt per assignment
    # (``wanted`` excludes env's names, so a found name never shadows an env entry).
    current = dict(env)
    for name, node in sorted(
        ((n, a) for n, a in assignments if n in wanted), key=lambda item: (item[1].lineno, item[1].col_offset)
    ):
        if isinstance(node, ast.Assign):
            kind = expression_type(node.value, current)
        elif isinstance(node, ast.AnnAssign):
            kind = unparse(node.annotation)
        else:
            assert isinstance(node, ast.AugAssign)
            kind = expression_type(ast.BinOp(left=node.target, op=node.op, right=node.value), current)
        if name in found and found[name] != kind:
            found[name] = _numeric(found[name], kind)
        else:
            found[name] = kind
        if found[name]:
            current[name] = found[name]  # type: ignore[assignment]
        else:
            current.pop(name, None)
    return {name: kind for name, kind in found.items() if kind}


def summed_iterables(body: FunctionBody) -> set[str]:
    """Names iterated by a ``for`` whose loop variable takes part in arithmetic, or passed to ``sum()``.

    Such a parameter is evidence of a list of numbers, a more telling candidate than ``Iterable``.
    Arithmetic is only looked at when some ``for name in name`` loop could use it.
    """
    found: set[str] = set()
    groups = body.by_type
    for node in groups.get(ast.Call, ()):
        func = node.func  # type: ignore[attr-defined]
        if type(func) is ast.Name and func.id == "sum":
            if node.args and type(node.args[0]) is ast.Name:  # type: ignore[attr-defined]
                found.add(node.args[0].id)  # type: ignore[attr-defined]
    loops = [
        n
        for n in groups.get(ast.For, ())
        if type(n.iter) is ast.Name and type(n.target) is ast.Name  # type: ignore[attr-defined]
    ]
    if not loops:
        return found
    arithmetic: set[str] = set()
    for node in groups.get(ast.BinOp, ()):
        for side in (node.left, node.right):  # type: ignore[attr-defined]
            if type(side) is ast.Name:
                arithmetic.add(side.id)
    for node in groups.get(ast.AugAssign, ()):
        if type(node.value) is ast.Name:  # type: ignore[attr-defined]
            arithmetic.add(node.value.id)  # type: ignore[attr-defined]
    for loop in loops:
        if loop.target.id in arithmetic:  # type: ignore[attr-defined]
            found.add(loop.iter.id)  # type: ignore[attr-defined]
    return found
