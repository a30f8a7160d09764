"""Source text of an expression node: exactly ``ast.unparse``, without its cost for small shapes.

Lifting turns tens of thousands of small nodes back into text (defaults, annotations,
decorators, raised exception names, guards, returned values). ``ast.unparse`` builds an
unparser object and visits through it every time: ~15 µs even for ``-1``. For names,
dotted names, literals, calls and subscripts over those, and one operator above them
(``f(a, g(b)) + 1``, ``x[i] > 0``, ``(a, b)``, ``not x``, ``T[int]``) the text is built
directly and is the string ``ast.unparse`` gives (a test compares the two over real
code); anything else goes to ``ast.unparse``.
"""

from __future__ import annotations

import ast

# Constants whose unparse is their repr: not complex/tuples/Ellipsis (rewritten or special),
# floats only when finite (inf and nan are rewritten), and no ``u`` prefix kept in ``kind``.
_REPR_CONSTANTS = frozenset({str, int, bool, type(None), bytes})
_UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~", ast.Not: "not "}
_BINARY = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.MatMult: "@", ast.Div: "/", ast.Mod: "%",
    ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&",
    ast.FloorDiv: "//", ast.Pow: "**",
}  # fmt: skip
_COMPARISONS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}  # fmt: skip


def _atom(node: ast.AST) -> str | None:
    """Text of a name, a dotted name or a plain literal; None for anything else."""
    kind = type(node)
    if kind is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if kind is ast.Constant:
        value = node.value  # type: ignore[attr-defined]
        if node.kind is not None:  # type: ignore[attr-defined]
            return None
        if type(value) in _REPR_CONSTANTS:
            return repr(value)
        if type(value) is float:
            text = repr(value)
            return None if "n" in text else text  # inf / nan
        return None
    if kind is ast.Attribute:
        parts = [node.attr]  # type: ignore[attr-defined]
        value = node.value  # type: ignore[attr-defined]
        while type(value) is ast.Attribute:
            parts.append(value.attr)
            value = value.value
        if type(value) is ast.Name:
            parts.append(value.id)
            return ".".join(reversed(parts))
        if type(value) is ast.Constant and type(value.value) in (str, bytes) and value.kind is None:
            parts.append(repr(value.value))  # ``", ".join``; an int would need ``1 .real``
            return ".".join(reversed(parts))
    return None


def _operand(node: ast.AST) -> str | None:
    """Text of an atom, or of a call or subscript over operands: shapes that never need
    parentheses wherever they stand."""
    text = _atom(node)
    if text is None:
        kind = type(node)
        if kind is ast.Call:
            return _call(node)  # type: ignore[arg-type]
        if kind is ast.Subscript:
            return _subscript(node)  # type: ignore[arg-type]
        if kind is ast.Tuple:  # parenthesized wherever it is an operand
            return _tuple(node)  # type: ignore[arg-type]
    return text


def _tuple(node: ast.Tuple) -> str | None:
    parts = _elements(node.elts)
    if parts is None:
        return None
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


def _binary(node: ast.BinOp) -> str | None:
    left, right = _operand(node.left), _operand(node.right)
    if left is None or right is None:
        return None
    return f"{left} {_BINARY[type(node.op)]} {right}"


def _comparand(node: ast.AST) -> str | None:
    """An operand, or one binary operation over operands (never parenthesized in a comparison)."""
    return _binary(node) if type(node) is ast.BinOp else _operand(node)  # type: ignore[arg-type]


def _element(node: ast.AST) -> str | None:
    """An operand, or a unary operation on one: what an argument, a tuple item or an index
    may be without parentheses (``f(-1)``, ``(None, -1)``, ``a[-1]``, ``f(not x)``)."""
    if type(node) is ast.UnaryOp:
        operand = _operand(node.operand)  # type: ignore[attr-defined]
        return None if operand is None else _UNARY[type(node.op)] + operand  # type: ignore[attr-defined]
    return _operand(node)


def _elements(nodes: list[ast.expr]) -> list[str] | None:
    texts = []
    for node in nodes:
        text = _element(node)
        if text is None:
            return None
        texts.append(text)
    return texts


def _call(node: ast.Call) -> str | None:
    if type(node.func) is ast.Constant:
        return None
    func = _operand(node.func)
    if func is None:
        return None
    parts = _elements(node.args)
    if parts is None:
        return None
    for keyword in node.keywords:
        value = _element(keyword.value)
        if keyword.arg is None or value is None:
            return None
        parts.append(f"{keyword.arg}={value}")
    return f"{func}({', '.join(parts)})"


def _subscript(node: ast.Subscript) -> str | None:
    if type(node.value) is ast.Constant:
        return None
    value = _operand(node.value)
    if value is None:
        return None
    index = node.slice
    if type(index) is ast.Tuple and index.elts:  # type: ignore[attr-defined]
        parts = _elements(index.elts)  # type: ignore[attr-defined]
        if parts is None:
            return None
        inner = f"{parts[0]}," if len(parts) == 1 else ", ".join(parts)
    else:
        inner = _element(index)  # type: ignore[assignment]
        if inner is None:
            return None
    return f"{value}[{inner}]"


def _simple(node: ast.AST) -> str | None:
    """The unparse of a top-level expression over operands, or None."""
    kind = type(node)
    if kind is ast.Call:
        return _call(node)  # type: ignore[arg-type]
    if kind is ast.Subscript:
        return _subscript(node)  # type: ignore[arg-type]
    if kind is ast.Tuple:
        return _tuple(node)  # type: ignore[arg-type]
    if kind is ast.Compare:
        if len(node.ops) != 1:  # type: ignore[attr-defined]
            return None
        left, right = _comparand(node.left), _comparand(node.comparators[0])  # type: ignore[attr-defined]
        if left is None or right is None:
            return None
        return f"{left} {_COMPARISONS[type(node.ops[0])]} {right}"  # type: ignore[attr-defined]
    if kind is ast.BinOp:
        return _binary(node)  # type: ignore[arg-type]
    if kind is ast.UnaryOp:
        return _element(node)
    return None


def unparse(node: ast.AST) -> str:
    """``ast.unparse(node)``, built directly for atoms and one-level expressions over them."""
    text = _atom(node)
    if text is None:
        text = _simple(node)
        if text is None:
            return ast.unparse(node)
    return text


def shortened(node: ast.AST, width: int = 40) -> str:
    """``ast.unparse(node)``, cut to ``width`` characters ending in "..." when longer."""
    text = unparse(node)
    return text if len(text) <= width else text[: width - 3] + "..."
