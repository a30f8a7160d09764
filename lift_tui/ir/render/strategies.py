"""Hypothesis strategy source text from a type hint's source text.

Hints are read with ``ast``, never evaluated, so a hint naming a type the test module
cannot see still gets an answer: a strategy, or the reason there is none. Sizes and
integers are bounded so a generated property test stays quick on any implementation.
"""

from __future__ import annotations

import ast

ST = "_st"
INT_BOUND = 10_000
MAX_SIZE = 10


class NoStrategy(Exception):
    """No strategy is known for this hint; the message is the reason shown in the skip."""


_ATOMS: dict[str, str] = {
    "int": f"{ST}.integers(min_value={-INT_BOUND}, max_value={INT_BOUND})",
    "float": f"{ST}.floats(min_value={-INT_BOUND}, max_value={INT_BOUND}, allow_nan=False)",
    "bool": f"{ST}.booleans()",
    "str": f"{ST}.text(max_size={MAX_SIZE})",
    "bytes": f"{ST}.binary(max_size={MAX_SIZE})",
    "None": f"{ST}.none()",
    "NoneType": f"{ST}.none()",
}
_SEQUENCES = {"list", "List", "Sequence", "Iterable", "Collection", "MutableSequence"}
_SETS = {"set", "Set", "frozenset", "FrozenSet", "AbstractSet", "MutableSet"}
_MAPPINGS = {"dict", "Dict", "Mapping", "MutableMapping"}


def _name(node: ast.expr) -> str | None:
    """``int``, ``typing.List`` → ``List``, ``collections.abc.Sequence`` → ``Sequence``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Constant) and node.value is None:
        return "None"
    return None


def _arguments(node: ast.expr) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.Tuple) else [node]


def _union(members: list[str]) -> str:
    unique = list(dict.fromkeys(members))
    return unique[0] if len(unique) == 1 else f"{ST}.one_of({', '.join(unique)})"


def _strategy(node: ast.expr, hint: str) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            inner = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return _no(hint)
        return _strategy(inner, hint)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union([_strategy(node.left, hint), _strategy(node.right, hint)])
    name = _name(node)
    if name in _ATOMS:
        return _ATOMS[name]
    if not isinstance(node, ast.Subscript):
        return _no(hint)
    outer = _name(node.value)
    args = _arguments(node.slice)
    if outer == "Optional" and len(args) == 1:
        return _union([_strategy(args[0], hint), f"{ST}.none()"])
    if outer == "Union":
        return _union([_strategy(a, hint) for a in args])
    if outer == "Literal":
        return f"{ST}.sampled_from([{', '.join(ast.unparse(a) for a in args)}])"
    if outer in _SEQUENCES and len(args) == 1:
        return f"{ST}.lists({_strategy(args[0], hint)}, max_size={MAX_SIZE})"
    if outer in _SETS and len(args) == 1:
        kind = "frozensets" if outer in {"frozenset", "FrozenSet"} else "sets"
        return f"{ST}.{kind}({_strategy(args[0], hint)}, max_size={MAX_SIZE})"
    if outer in _MAPPINGS and len(args) == 2:
        key, value = (_strategy(a, hint) for a in args)
        return f"{ST}.dictionaries({key}, {value}, max_size={MAX_SIZE})"
    if outer in {"tuple", "Tuple"}:
        if len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is Ellipsis:
            return f"{ST}.lists({_strategy(args[0], hint)}, max_size={MAX_SIZE}).map(tuple)"
        return f"{ST}.tuples({', '.join(_strategy(a, hint) for a in args)})"
    return _no(hint)


def _no(hint: str) -> str:
    raise NoStrategy(f"no Hypothesis strategy for type {hint!r}")


def strategy_for(hint: str | None) -> str:
    """Source text of a strategy (using ``_st`` for ``hypothesis.strategies``); raises NoStrategy."""
    if hint is None or not hint.strip() or hint.strip().startswith("?"):
        raise NoStrategy("no type hint")
    try:
        tree = ast.parse(hint.strip(), mode="eval")
    except SyntaxError:
        raise NoStrategy(f"type hint {hint!r} is not valid Python") from None
    return _strategy(tree.body, hint.strip())
