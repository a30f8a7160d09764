"""Evidence from what happens to a value after it is produced: what is written to or read from
a parameter, which socket calls it gets, what an ``isinstance`` guard narrows a returned name to,
and which type in scope a parameter is named after.
"""

from __future__ import annotations

import ast
import re

from lift_tui.analysis.ast_match import plain_call, subject
from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.index import body_nodes, memo, module_classes
from lift_tui.analysis.parse import FunctionSource

from ..evidence import Evidence

_SOCKET_METHODS = frozenset(
    "recv recv_into recvfrom sendall send sendto connect connect_ex accept bind listen setsockopt "
    "getsockopt getsockname getpeername settimeout setblocking shutdown".split()
)
_READS = frozenset({"read", "readline", "read1", "readlines"})


def _method_calls(fn: FunctionSource, name: str) -> list[ast.Call]:
    return [
        item
        for item in body_nodes(fn.node)
        if isinstance(item, ast.Call)
        and isinstance(item.func, ast.Attribute)
        and isinstance(item.func.value, ast.Name)
        and item.func.value.id == name
    ]


def _read_results(fn: FunctionSource, name: str) -> set[str]:
    """Locals assigned from ``name.read()`` (and friends)."""
    found: set[str] = set()
    for item in body_nodes(fn.node):
        if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
            value = item.value
            if (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr in _READS
                and isinstance(value.func.value, ast.Name)
                and value.func.value.id == name
            ):
                found.add(item.targets[0].id)
    return found


def stream_usage_evidence(fn: FunctionSource, name: str, typer: ExprTyper) -> list[Evidence]:
    """``name.write(b"...")`` or ``name.read().decode()``: a binary stream; ``name.write("...")``
    a text stream; ``name.recv(...)`` a socket."""
    calls = _method_calls(fn, name)
    found: list[Evidence] = []
    for call in calls:
        if call.func.attr in ("write", "writelines") and call.args:  # type: ignore[attr-defined]
            written = typer.type_of(call.args[0])
            if call.func.attr == "writelines":  # type: ignore[attr-defined]
                written = written.split("[", 1)[1].rstrip("]") if written and "[" in written else None
            if written in ("bytes", "bytearray"):
                found.append(Evidence("BinaryIO", "stream", f"`{name}` is written bytes", 0.5))
            elif written == "str":
                found.append(Evidence("TextIO", "stream", f"`{name}` is written text", 0.5))
    results = _read_results(fn, name)
    for item in body_nodes(fn.node):
        if isinstance(item, ast.Call) and isinstance(item.func, ast.Attribute) and item.func.attr == "decode":
            base = item.func.value
            direct = (
                isinstance(base, ast.Call)
                and isinstance(base.func, ast.Attribute)
                and base.func.attr in _READS
                and isinstance(base.func.value, ast.Name)
                and base.func.value.id == name
            )
            if direct or (isinstance(base, ast.Name) and base.id in results):
                found.append(Evidence("BinaryIO", "stream", f"what `{name}` reads is decoded: bytes", 0.5))
                break
    used = sorted({c.func.attr for c in calls} & _SOCKET_METHODS)  # type: ignore[attr-defined]
    if used:
        found.append(Evidence("socket.socket", "method", f"`{name}.{used[0]}()` is a socket method", 0.5))
    return found


def _narrowing(test: ast.expr, negated: bool) -> tuple[str, str] | None:
    """``not isinstance(v, T)`` (with ``negated``) or ``isinstance(v, T)``: (v, T)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _narrowing(test.operand, not negated)
    narrowed = subject(test) if negated and plain_call(test, "isinstance", 2) else None
    if narrowed is not None:
        spec = test.args[1]  # type: ignore[union-attr]
        parts = spec.elts if isinstance(spec, ast.Tuple) else [spec]
        return narrowed, " | ".join(ast.unparse(p) for p in parts)
    return None


def narrowed_return_evidence(fn: FunctionSource, returned: list[ast.expr | None]) -> list[Evidence]:
    """A returned name that an ``if not isinstance(v, T): raise`` (or ``assert isinstance``) guard
    narrows: past the guard it is a ``T``, as a type checker would conclude."""
    names = {v.id for v in returned if isinstance(v, ast.Name)}
    if not names:
        return []
    found: list[Evidence] = []
    for item in body_nodes(fn.node):
        narrowed = None
        if isinstance(item, ast.If) and item.body and isinstance(item.body[-1], ast.Raise | ast.Return):
            narrowed = _narrowing(item.test, False)
        elif isinstance(item, ast.Assert):
            narrowed = _narrowing(item.test, True)
        if narrowed is not None and narrowed[0] in names:
            found.append(
                Evidence(narrowed[1], "narrowing", f"`{narrowed[0]}` is narrowed by an isinstance check", 0.5)
            )
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.lstrip("_")).lower()


def _types_in_scope(module: ast.Module) -> list[str]:
    """Classes and type aliases the module defines or imports by a CapWords name."""

    def build(m: ast.Module) -> list[str]:
        from .conventions import module_aliases

        names = set(module_classes(m))
        names |= {alias for aliases in module_aliases(m).values() for alias in aliases}
        for stmt in m.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module != "typing":
                names |= {(a.asname or a.name) for a in stmt.names if (a.asname or a.name)[:1].isupper()}
        return sorted(names)

    return memo(module, "types_in_scope", build)


def named_type_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """A parameter named after a type in scope (``node`` and ``class Node``, ``path`` and
    ``class FastPath``) is probably one: the valid hole fits a user would scan for by name."""
    if len(name) < 3 or name in ("self", "cls"):
        return []
    found: list[Evidence] = []
    for hint in _types_in_scope(fn.module):
        snake = _snake(hint)
        if snake == name:
            found.append(Evidence(hint, "named-type", f"`{name}` is named after the type `{hint}`", 0.3))
        elif snake.endswith(f"_{name}"):
            found.append(Evidence(hint, "named-type", f"`{name}` is named like the type `{hint}`", 0.22))
    return found[:3]
