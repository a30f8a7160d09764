"""The exact signature of a ``def``: every parameter kind, defaults and annotations as text."""

from __future__ import annotations

import ast

from lift_tui.ir import ParameterKind

from . import confidence
from .body import Data, FunctionNode
from .text import unparse


def annotation_text(node: ast.expr | None) -> str | None:
    """Annotation source; a string annotation is kept as written (its text, not re-quoted)."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return unparse(node)


def _parameter(arg: ast.arg, kind: ParameterKind, default: ast.expr | None, path: str | None) -> Data:
    return dict(
        name=arg.arg,
        type_hint=annotation_text(arg.annotation),
        default=None if default is None else unparse(default),
        kind=kind,
        provenance=confidence.provenance(confidence.SIGNATURE, path, arg.lineno, arg.end_lineno),
    )


def parameters(args: ast.arguments, path: str | None) -> list[Data]:
    """Parameters in declaration order; positional defaults align with the last positionals."""
    positional = [(a, ParameterKind.positional_only) for a in args.posonlyargs]
    positional += [(a, ParameterKind.positional_or_keyword) for a in args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    result = [_parameter(a, kind, d, path) for (a, kind), d in zip(positional, defaults, strict=True)]
    if args.vararg is not None:
        result.append(_parameter(args.vararg, ParameterKind.var_positional, None, path))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        result.append(_parameter(arg, ParameterKind.keyword_only, default, path))
    if args.kwarg is not None:
        result.append(_parameter(args.kwarg, ParameterKind.var_keyword, None, path))
    return result


def signature(node: FunctionNode, path: str | None, lines: tuple[int, int]) -> Data:
    return dict(
        name=node.name,
        parameters=parameters(node.args, path),
        returns=annotation_text(node.returns),
        is_async=isinstance(node, ast.AsyncFunctionDef),
        decorators=[unparse(d) for d in node.decorator_list],
        provenance=confidence.provenance(confidence.SIGNATURE, path, lines[0], lines[1]),
    )
