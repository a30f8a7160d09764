"""Type hints and expressions as text: parse, normalise, compare.

Values are kept as source text (like the IR). Two hints are the same when their canonical
forms agree: ``Optional[X]`` is ``X | None``, ``Union[A, B]`` is ``A | B`` in any order,
``typing.List`` is ``list``.
"""

from __future__ import annotations

import ast
import builtins
import typing

_ALIASES = {
    "List": "list",
    "Dict": "dict",
    "Set": "set",
    "FrozenSet": "frozenset",
    "Tuple": "tuple",
    "Type": "type",
    "Text": "str",
    "Never": "NoReturn",  # the same bottom type (typing docs); Never is the newer spelling
    "DefaultDict": "collections.defaultdict",
}
BUILTIN_NAMES = frozenset(dir(builtins))
# How modules commonly spell the typing module (`import typing as T`): `T.List` is `List`.
_TYPING_MODULES = ("typing.", "typing_extensions.", "T.", "t.", "tp.", "te.")
_TYPING_NAMES = frozenset(typing.__all__)


def _typing_name(text: str) -> str:
    """``typing.Optional`` / ``T.Optional`` -> ``Optional``; anything else unchanged."""
    for prefix in _TYPING_MODULES:
        rest = text.removeprefix(prefix)
        if rest != text and (rest in _TYPING_NAMES or prefix == "typing."):
            return rest
    return text


def parse_expr(text: str) -> ast.expr | None:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def is_type_expr(node: ast.expr) -> bool:
    """Whether the node can only be a type hint: names, dotted names, subscripts, ``|`` unions."""
    if isinstance(node, ast.Name | ast.Attribute):
        return isinstance(node, ast.Name) or is_type_expr(node.value)
    if isinstance(node, ast.Constant):
        return node.value is None or node.value is Ellipsis or isinstance(node.value, str)
    if isinstance(node, ast.Subscript):
        if ast.unparse(node.value).split(".")[-1] == "Literal":
            values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return all(isinstance(v, ast.Constant) for v in values)  # Literal[False], Literal[1, "a"]
        return is_type_expr(node.value) and is_type_expr(node.slice)
    if isinstance(node, ast.Tuple | ast.List):
        return all(is_type_expr(e) for e in node.elts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return is_type_expr(node.left) and is_type_expr(node.right)
    return False


def _members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _members(node.left) + _members(node.right)
    if isinstance(node, ast.Subscript):
        head = _typing_name(ast.unparse(node.value))
        if head == "Optional":
            return _members(node.slice) + [ast.Constant(None)]
        if head == "Union":
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [m for e in elts for m in _members(e)]
    return [node]


def _canon(node: ast.expr) -> str:
    members = _members(node)
    if len(members) > 1:
        parts = sorted({_canon(m) for m in members}, key=lambda p: (p == "None", p))
        return " | ".join(parts)
    node = members[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        inner = parse_expr(node.value)
        return _canon(inner) if inner is not None else repr(node.value)
    if isinstance(node, ast.Subscript):
        head = _canon(node.value)
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if head == "Literal":
            # values, not forward references; their order means nothing
            return f"Literal[{', '.join(sorted(ast.unparse(e) for e in elts))}]"
        return f"{head}[{', '.join(_canon(e) for e in elts)}]"
    if isinstance(node, ast.List):
        return f"[{', '.join(_canon(e) for e in node.elts)}]"
    text = _typing_name(ast.unparse(node))
    for prefix in ("collections.abc.", "_collections_abc."):
        text = text.removeprefix(prefix)
    return _ALIASES.get(text, text)


def normalize_type(text: str) -> str | None:
    """Canonical text of a type hint, or ``None`` if it is not one."""
    node = parse_expr(text)
    if node is None or not is_type_expr(node):
        return None
    return _canon(node)


def same_type(a: str, b: str) -> bool:
    na, nb = normalize_type(a), normalize_type(b)
    return na is not None and na == nb


def normalize_expr(text: str) -> str | None:
    node = parse_expr(text)
    return ast.unparse(node) if node is not None else None


def with_none(hint: str) -> str:
    """``hint | None`` unless it already admits None."""
    canon = normalize_type(hint) or hint
    return canon if canon == "None" or canon.endswith("| None") else f"{canon} | None"


def union(hints: list[str]) -> str:
    node = parse_expr(" | ".join(f"({h})" for h in hints))
    return _canon(node) if node is not None else " | ".join(hints)


def free_names(node: ast.AST) -> set[str]:
    """Names an expression reads, minus those bound by its own comprehensions and lambdas."""
    bound: set[str] = set()
    for item in ast.walk(node):
        if isinstance(item, ast.comprehension):
            bound |= {n.id for n in ast.walk(item.target) if isinstance(n, ast.Name)}
        elif isinstance(item, ast.Lambda):
            bound |= {a.arg for a in item.args.args}
    loaded = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    return loaded - bound


def tuple_element(hint: str | None, index: int) -> str | None:
    if not hint:
        return None
    try:
        node = ast.parse(hint, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Subscript) and ast.unparse(node.value).split(".")[-1] in ("tuple", "Tuple"):
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if index < len(elts) and not (isinstance(elts[-1], ast.Constant) and elts[-1].value is Ellipsis):
            return ast.unparse(elts[index])
    return None


def subscript_element(hint: str | None, index: ast.expr) -> str | None:
    """The type of ``value[index]`` for ``list[T]``, ``dict[K, V]``, ``tuple[A, B]`` (constant index)."""
    if not hint:
        return None
    try:
        node = ast.parse(hint, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Subscript):
        return None
    head = ast.unparse(node.value).split(".")[-1].lower()
    elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if head in ("list", "sequence") and len(elts) == 1:
        return ast.unparse(elts[0])
    if head in ("dict", "mapping") and len(elts) == 2:
        return ast.unparse(elts[1])
    if head == "tuple" and isinstance(index, ast.Constant) and isinstance(index.value, int):
        return tuple_element(hint, index.value)
    return None


def element_of(hint: str | None) -> str | None:
    """What iterating a value of this type yields: ``str`` for str, ``T`` for ``list[T]``/``set[T]``."""
    if hint == "str":
        return "str"
    if hint in ("bytes", "range", "bytearray"):
        return "int"
    node = None
    if hint:
        try:
            node = ast.parse(hint, mode="eval").body
        except SyntaxError:
            return None
    if (
        isinstance(node, ast.Subscript)
        and ast.unparse(node.value).split(".")[-1].lower()
        in ("list", "set", "frozenset", "iterable", "iterator", "sequence")
        and not isinstance(node.slice, ast.Tuple)
    ):
        return ast.unparse(node.slice)
    if not isinstance(node, ast.Subscript):
        return None
    head = ast.unparse(node.value).split(".")[-1]
    elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if head.lower() == "tuple" and len(elts) == 2 and ast.unparse(elts[1]) == "...":
        return ast.unparse(elts[0])  # tuple[T, ...]
    if head == "ItemsView" and len(elts) == 2:
        return f"tuple[{ast.unparse(elts[0])}, {ast.unparse(elts[1])}]"
    if head in _KEYED or head in _ONE_ARG:
        return ast.unparse(elts[0])  # a mapping iterates its keys; a collection its items
    return None


# Generic containers whose iteration yields their first type argument.
_KEYED = frozenset({"dict", "Dict", "Mapping", "MutableMapping", "defaultdict", "OrderedDict", "Counter"})
_ONE_ARG = frozenset(
    {
        "Collection", "AbstractSet", "MutableSet", "MutableSequence", "deque", "Deque", "Reversible",
        "KeysView", "ValuesView",
    }
)



def callable_result(hint: str | None) -> str | None:
    """What calling a value of this type gives: ``R`` for ``Callable[[...], R]`` (or its Optional,
    which a call has ruled out)."""
    node = parse_expr(hint) if hint else None
    for member in _members(node) if node is not None else []:
        if (
            isinstance(member, ast.Subscript)
            and ast.unparse(member.value).split(".")[-1] == "Callable"
            and isinstance(member.slice, ast.Tuple)
            and len(member.slice.elts) == 2
        ):
            return ast.unparse(member.slice.elts[1])
    return None
