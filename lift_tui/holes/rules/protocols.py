"""Evidence from the protocols a class implements as a whole: its methods must agree.

A file-like class reads and writes one kind of data ``T``: ``read``/``readline`` return ``T``,
``readlines`` ``list[T]``, ``__iter__`` ``Iterator[T]``, ``write`` takes ``T`` and
``writelines`` a list of them. A container's ``__contains__`` takes what ``__iter__`` yields.
Binary operators of a value class return the class. And a bodiless declaration in a protocol
class is most likely typed like its neighbours. Any annotated sibling method fixes ``T``; the
hole's own method is never its own evidence.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from lift_tui.analysis.classes import owner_class_def
from lift_tui.analysis.parse import FunctionNode, FunctionSource

from ..evidence import Evidence
from .hierarchy import self_type

_READS = ("read", "readline", "read1", "__next__")
_SEQUENCES = ("list", "List", "Iterable", "Sequence", "Iterator")
_OPERATORS = frozenset(
    f"__{op}__"
    for base in "add sub mul matmul truediv floordiv mod pow and or xor lshift rshift".split()
    for op in (base, f"r{base}")
) | {"__neg__", "__pos__", "__invert__", "__copy__", "__deepcopy__"}


def _class_of(fn: FunctionSource) -> ast.ClassDef | None:
    return owner_class_def(fn.module, fn.node)


def _methods(cls: ast.ClassDef, skip: FunctionNode) -> dict[str, FunctionNode]:
    return {
        s.name: s for s in cls.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s is not skip
    }


def _first_param(node: FunctionNode) -> ast.arg | None:
    args = [*node.args.posonlyargs, *node.args.args][1:]
    return args[0] if args else None


def _first_annotation(node: FunctionNode) -> str | None:
    """The annotation of the argument after ``self``, as written."""
    arg = _first_param(node)
    return ast.unparse(arg.annotation) if arg is not None and arg.annotation is not None else None


def _inner(hint: ast.expr | None, heads: tuple[str, ...]) -> str | None:
    """``X`` of ``list[X]`` (or another of ``heads``)."""
    if isinstance(hint, ast.Subscript) and ast.unparse(hint.value).split(".")[-1] in heads:
        return ast.unparse(hint.slice)
    return None


def _text(hint: ast.expr | None) -> str | None:
    return ast.unparse(hint) if hint is not None else None


def _stream_item(methods: dict[str, FunctionNode]) -> tuple[str, str] | None:
    """The ``T`` a file-like class reads or writes, and the method that says so."""
    for name in _READS:
        if name in methods and methods[name].returns is not None:
            return _text(methods[name].returns) or "", name
    if "readlines" in methods:
        found = _inner(methods["readlines"].returns, _SEQUENCES)
        if found:
            return found, "readlines"
    if "write" in methods and (found := _first_annotation(methods["write"])):
        return found, "write"
    if "writelines" in methods:
        arg = _first_param(methods["writelines"])
        found = _inner(arg.annotation, _SEQUENCES) if arg is not None else None
        if found:
            return found, "writelines"
    return None


def _container_item(methods: dict[str, FunctionNode]) -> tuple[str, str] | None:
    """What a container holds: what ``__iter__`` yields, what ``__contains__`` takes."""
    if "__iter__" in methods:
        found = _inner(methods["__iter__"].returns, ("Iterator", "Iterable", "Generator"))
        if found:
            return found, "__iter__"
    if "__contains__" in methods and (found := _first_annotation(methods["__contains__"])):
        return found, "__contains__"
    return None


def _is_stream(methods: dict[str, FunctionNode], own: str) -> bool:
    io_names = {*_READS, "readlines", "write", "writelines", "flush", "seek", "tell"}
    return own in io_names and bool(io_names & set(methods))


def protocol_family_evidence(fn: FunctionSource, param: str | None) -> list[Evidence]:
    """The type of ``param`` (``None``: the return) that the class's other methods imply."""
    cls = _class_of(fn)
    if cls is None:
        return []
    own = fn.node.name
    methods = _methods(cls, fn.node)
    first = _first_param(fn.node)
    is_first = param is not None and first is not None and first.arg == param
    found: list[Evidence] = []
    stream = _stream_item(methods) if _is_stream(methods, own) else None
    if stream is not None:
        item, source = stream
        why = f"`{cls.name}.{source}` deals in {item}"
        if param is None and own in _READS:
            found.append(Evidence(item, "file-protocol", f"{why}; `{own}` returns the same", 0.7))
        elif param is None and own == "readlines":
            found.append(Evidence(f"list[{item}]", "file-protocol", f"{why}; `readlines` lists them", 0.7))
        elif is_first and own == "write":
            found.append(Evidence(item, "file-protocol", f"{why}; `write` takes the same", 0.7))
        elif is_first and own == "writelines":
            found.append(Evidence(f"list[{item}]", "file-protocol", f"{why}; `writelines` takes many", 0.6))
            found.append(
                Evidence(f"Iterable[{item}]", "file-protocol", f"{why}; `writelines` takes many", 0.5)
            )
    item_of = _container_item(methods) or (_stream_item(methods) if own == "__iter__" else None)
    if item_of is not None:
        item, source = item_of
        why = f"`{cls.name}.{source}` is about {item}"
        if param is None and own == "__iter__":
            found.append(
                Evidence(f"Iterator[{item}]", "container-protocol", f"{why}; iteration yields it", 0.7)
            )
        elif is_first and own == "__contains__":
            found.append(Evidence(item, "container-protocol", f"{why}; `in` tests for it", 0.7))
        elif is_first and own == "__getitem__" and re.search(r"key|name", param or ""):
            found.append(Evidence(item, "container-protocol", f"{why}; keys are what iteration yields", 0.35))
    if param is None and own in _OPERATORS:
        hint = self_type(fn.module, cls)
        found.append(Evidence(hint, "operator", f"`{own}` of a value class returns the class", 0.3))
    return found


def neighbour_return_evidence(fn: FunctionSource) -> list[Evidence]:
    """For a declaration without a body: the return types its class's other methods declare —
    the class itself (a fluent interface) or a type most of them share. Both weigh less than
    the naming prior: ``is_dir`` in a fluent class still returns a bool."""
    cls = _class_of(fn)
    if cls is None:
        return []
    seen: Counter[str] = Counter()
    for name, method in _methods(cls, fn.node).items():
        if method.returns is not None and not (name.startswith("__") and name not in _OPERATORS):
            seen[ast.unparse(method.returns).strip("'\"")] += 1
    found: list[Evidence] = []
    if seen[cls.name]:
        found.append(
            Evidence(cls.name, "neighbours", f"other methods of `{cls.name}` return the class", 0.18)
        )
    common = seen.most_common(2)
    if common and common[0][1] >= 2 and (len(common) == 1 or common[1][1] < common[0][1]):
        hint, count = common[0]
        if hint != cls.name:
            found.append(
                Evidence(hint, "neighbours", f"{count} other methods of `{cls.name}` return {hint}", 0.17)
            )
    return found
