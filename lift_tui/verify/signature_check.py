"""Static checks of generated code: does it define exactly the IR's signature, and does its
text contain a check equivalent to a precondition?

Type hints, defaults and expressions are compared as normalised source text
(``ast.unparse``), the same normalisation the IR uses. A type hint or return type that the
IR leaves unknown (None) is not compared; a default that is None means "no default".
"""

from __future__ import annotations

import ast

from lift_tui.ir import IR, ParameterKind


def normalise(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return ast.unparse(ast.parse(text.strip(), mode="eval"))
    except SyntaxError:
        return text.strip()


def find_function(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The top-level def called ``name``, else the first nested one (e.g. a method)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return node
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return node
    return None


def _code_parameters(
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[tuple[str, ParameterKind, str | None, str | None]]:
    a = fn.args
    out: list[tuple[str, ParameterKind, str | None, str | None]] = []
    positional = [(arg, ParameterKind.positional_only) for arg in a.posonlyargs]
    positional += [(arg, ParameterKind.positional_or_keyword) for arg in a.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for (arg, kind), default in zip(positional, defaults, strict=True):
        out.append((arg.arg, kind, _text(arg.annotation), _text(default)))
    if a.vararg:
        out.append((a.vararg.arg, ParameterKind.var_positional, _text(a.vararg.annotation), None))
    for arg, default in zip(a.kwonlyargs, a.kw_defaults, strict=True):
        out.append((arg.arg, ParameterKind.keyword_only, _text(arg.annotation), _text(default)))
    if a.kwarg:
        out.append((a.kwarg.arg, ParameterKind.var_keyword, _text(a.kwarg.annotation), None))
    return out


def _text(node: ast.expr | None) -> str | None:
    return ast.unparse(node) if node is not None else None


def signature_mismatches(ir: IR, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """Every difference between the def and the IR's signature; empty when they match."""
    sig = ir.signature
    problems: list[str] = []
    if isinstance(fn, ast.AsyncFunctionDef) != sig.is_async:
        problems.append("an async def expected" if sig.is_async else "a plain (not async) def expected")
    got = _code_parameters(fn)
    want = sig.parameters
    if [g[0] for g in got] != [p.name for p in want]:
        problems.append(f"parameters {[g[0] for g in got]} != expected {[p.name for p in want]}")
        return problems
    for (name, kind, annotation, default), p in zip(got, want, strict=True):
        if kind is not p.kind:
            problems.append(f"{name}: kind {kind.value} != {p.kind.value}")
        if p.type_hint is not None and normalise(annotation) != normalise(p.type_hint):
            problems.append(f"{name}: annotation {annotation!r} != {p.type_hint!r}")
        if normalise(default) != normalise(p.default):
            problems.append(f"{name}: default {default!r} != {p.default!r}")
    if sig.returns is not None and normalise(_text(fn.returns)) != normalise(sig.returns):
        problems.append(f"returns {_text(fn.returns)!r} != {sig.returns!r}")
    return problems


_FLIP = {
    ast.Lt: ast.GtE,
    ast.LtE: ast.Gt,
    ast.Gt: ast.LtE,
    ast.GtE: ast.Lt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


def _negations(expr: ast.expr) -> set[str]:
    forms = {ast.unparse(ast.UnaryOp(op=ast.Not(), operand=expr))}
    if isinstance(expr, ast.Compare) and len(expr.ops) == 1:
        flipped = ast.Compare(left=expr.left, ops=[_FLIP[type(expr.ops[0])]()], comparators=expr.comparators)
        forms.add(ast.unparse(flipped))
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
        forms.add(ast.unparse(expr.operand))
    return forms


def has_static_check(fn: ast.FunctionDef | ast.AsyncFunctionDef, precondition: str) -> bool:
    """True when the function asserts the precondition or raises when its negation holds."""
    try:
        expr = ast.parse(precondition.strip(), mode="eval").body
    except SyntaxError:
        return False
    wanted = ast.unparse(expr)
    negated = _negations(expr)
    for node in ast.walk(fn):
        if isinstance(node, ast.Assert) and ast.unparse(node.test) == wanted:
            return True
        if isinstance(node, ast.If) and any(isinstance(s, ast.Raise) for s in node.body):
            # `if a or b: raise` enforces the negation of each of a and b.
            tests = [node.test]
            if isinstance(node.test, ast.BoolOp) and isinstance(node.test.op, ast.Or):
                tests += node.test.values
            if any(ast.unparse(t) in negated for t in tests):
                return True
    return False
