"""Preconditions, postconditions and the raises list, read from asserts, guards and raises.

Negating a guard keeps Python's meaning exactly: ``==``/``!=``, ``is``/``is not`` and
``in``/``not in`` flip, ``not not c`` becomes ``c`` and De Morgan splits ``or``; an
ordering comparison is NOT flipped (``not x < 0`` differs from ``x >= 0`` for NaN and
for partial orders such as sets), so it stays ``not x < 0``.
"""

from __future__ import annotations

import ast
import copy

from lift_tui.ir import AssertionCategory

from . import confidence
from .body import Data, FunctionBody, FunctionNode, docstring_offset, names_in, statement_blocks
from .text import unparse

_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}


def negate(expression: ast.expr) -> ast.expr:
    """``not expression``, simplified only where the simplification is exact."""
    if isinstance(expression, ast.UnaryOp) and isinstance(expression.op, ast.Not):
        return expression.operand
    if isinstance(expression, ast.Compare) and len(expression.ops) == 1:
        flipped = _FLIP.get(type(expression.ops[0]))
        if flipped is not None:
            return ast.Compare(left=expression.left, ops=[flipped()], comparators=expression.comparators)
    if isinstance(expression, ast.BoolOp) and isinstance(expression.op, ast.Or):
        return ast.BoolOp(op=ast.And(), values=[negate(v) for v in expression.values])
    return ast.UnaryOp(op=ast.Not(), operand=expression)


def _split_and(expression: ast.expr) -> list[ast.expr]:
    if isinstance(expression, ast.BoolOp) and isinstance(expression.op, ast.And):
        return [part for value in expression.values for part in _split_and(value)]
    return [expression]


def _exception_name(raise_node: ast.Raise) -> str | None:
    exc = raise_node.exc
    if exc is None:
        return None
    if isinstance(exc, ast.Call):
        exc = exc.func
    return unparse(exc)


def _exception_message(raise_node: ast.Raise) -> str | None:
    exc = raise_node.exc
    if not isinstance(exc, ast.Call) or not exc.args:
        return None
    first = exc.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    if isinstance(first, ast.JoinedStr):
        return unparse(first)
    return None


def _message(node: ast.expr | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return unparse(node)


def _assertion(
    category: AssertionCategory,
    expression: ast.expr,
    node: ast.stmt,
    value: float,
    path: str | None,
    detail: str,
    message: str | None = None,
    raises: str | None = None,
) -> Data:
    return dict(
        category=category,
        expression=unparse(expression),
        message=message,
        raises=raises,
        provenance=confidence.provenance(value, path, node.lineno, node.end_lineno, detail),
    )


def _is_isinstance(expression: ast.expr) -> bool:
    return (
        isinstance(expression, ast.Call)
        and isinstance(expression.func, ast.Name)
        and expression.func.id in ("isinstance", "issubclass", "callable")
    )


def _guard(statement: ast.If, path: str | None) -> list[Data] | None:
    """Preconditions of an ``if c: raise`` chain (``elif`` branches too), or None if it is not one."""
    found: list[Data] = []
    current: ast.stmt = statement
    while isinstance(current, ast.If):
        if len(current.body) != 1 or not isinstance(current.body[0], ast.Raise):
            return None
        raise_node = current.body[0]
        condition = negate(current.test)
        for part in _split_and(condition):
            value = confidence.ISINSTANCE_GUARD if _is_isinstance(part) else confidence.GUARD_PRECONDITION
            found.append(
                _assertion(
                    AssertionCategory.precondition,
                    part,
                    current,
                    value,
                    path,
                    "guard clause",
                    message=_exception_message(raise_node),
                    raises=_exception_name(raise_node),
                )
            )
        if len(current.orelse) == 1 and isinstance(current.orelse[0], ast.If):
            current = current.orelse[0]  # elif: its test holds only when ours failed, also a guard
            continue
        return found
    return None


def preconditions(node: FunctionNode, path: str | None) -> tuple[list[Data], set[int]]:
    """Asserts and guard clauses that open the body; also the ids of the asserts used."""
    found: list[Data] = []
    used: set[int] = set()
    for statement in node.body[docstring_offset(node) :]:
        if isinstance(statement, ast.Assert):
            for part in _split_and(statement.test):
                value = (
                    confidence.ISINSTANCE_GUARD if _is_isinstance(part) else confidence.ASSERT_PRECONDITION
                )
                found.append(
                    _assertion(
                        AssertionCategory.precondition,
                        part,
                        statement,
                        value,
                        path,
                        "assert",
                        message=_message(statement.msg),
                        raises="AssertionError",
                    )
                )
            used.add(id(statement))
            continue
        if isinstance(statement, ast.If):
            guard = _guard(statement, path)
            if guard is not None:
                found.extend(guard)
                continue
        break
    return found, used


class _Rename(ast.NodeTransformer):
    def __init__(self, old: str) -> None:
        self.old = old

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id="result", ctx=node.ctx) if node.id == self.old else node


def postconditions(body: FunctionBody, path: str | None, used: set[int]) -> list[Data]:
    """``assert`` right before ``return name``, about ``name``, rewritten over ``result``."""
    node = body.node
    found: list[Data] = []
    seen: set[str] = set()
    if not body.of_type(ast.Assert) or not body.of_type(ast.Return):
        return found
    for block in statement_blocks(node.body):
        for before, statement in zip(block, block[1:], strict=False):
            if not (isinstance(statement, ast.Return) and isinstance(statement.value, ast.Name)):
                continue
            if not isinstance(before, ast.Assert) or id(before) in used:
                continue
            name = statement.value.id
            mentioned = names_in(before.test)
            if name not in mentioned or (name != "result" and "result" in mentioned):
                continue  # not about the returned value, or ``result`` already means something else
            rewritten = _Rename(name).visit(copy.deepcopy(before.test))
            assertion = _assertion(
                AssertionCategory.postcondition,
                rewritten,
                before,
                confidence.ASSERT_POSTCONDITION,
                path,
                f"assert before return {name}",
                message=_message(before.msg),
                raises="AssertionError",
            )
            if assertion["expression"] not in seen:
                seen.add(assertion["expression"])
                found.append(assertion)
    found.sort(key=lambda a: a["provenance"]["location"]["line"])
    return found


def raised_names(body: FunctionBody) -> list[str]:
    """Every exception named by a ``raise`` of this function's own code, in order of appearance."""
    names: list[str] = []
    for raise_node in body.of_type(ast.Raise):
        assert isinstance(raise_node, ast.Raise)
        name = _exception_name(raise_node)
        if name is not None and name not in names:
            names.append(name)
    return names
