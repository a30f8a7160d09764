"""How a parameter is used inside its function: methods called on it, operators, iteration, the
builtins and module functions it is passed to. Each use is one piece of :class:`Evidence`."""

from __future__ import annotations

import ast

from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.index import body_nodes
from lift_tui.analysis.literals import literal_type
from lift_tui.analysis.parse import FunctionNode

from ..evidence import Evidence

# methods that str shares with bytes (or lists): evidence for str, but weaker
_MOSTLY_STR = frozenset("replace split rsplit find rfind count join encode format".split())
_METHOD_OWNERS: dict[str, str] = {}
for _owner, _names in {
    "str": "lower upper strip lstrip rstrip startswith endswith isdigit isalpha isalnum isspace "
    "isidentifier casefold splitlines partition rpartition zfill center ljust rjust expandtabs "
    "format_map isupper islower title capitalize swapcase removeprefix removesuffix isdecimal "
    "isnumeric isprintable isascii",
    "bytes": "decode hex",
    "list": "append insert sort reverse",
    "dict": "items keys values setdefault popitem",
    "set": "add discard issubset issuperset symmetric_difference",
    "pathlib.Path": "read_text write_text read_bytes write_bytes exists is_file is_dir resolve "
    "iterdir glob rglob mkdir unlink touch with_suffix relative_to",
    "re.Pattern": "match fullmatch finditer findall subn",
}.items():
    for _name in _names.split():
        _METHOD_OWNERS[_name] = _owner


# builtins that consume an argument of a recognisable shape
_CONSUMERS: dict[str, list[tuple[str, float]]] = {
    "sum": [("list[float]", 0.3), ("list[int]", 0.25), ("Iterable[float]", 0.2)],
    "sorted": [("Iterable", 0.2), ("list", 0.2)],
    "enumerate": [("Iterable", 0.25), ("list", 0.15)],
    "zip": [("Iterable", 0.2)],
    "int": [("str", 0.3)],
    "float": [("str", 0.25)],
    "bytes": [("bytes", 0.1)],
    "iter": [("Iterable", 0.3)],
}


def usage_evidence(node: FunctionNode, name: str, typer: ExprTyper) -> list[Evidence]:
    """How a parameter is used: methods called on it, operators, iteration, calls it is passed to."""
    found: list[Evidence] = []
    for item in body_nodes(node):
        if isinstance(item, ast.Call):
            func = item.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == name:
                owner = _METHOD_OWNERS.get(func.attr)
                if owner is None and func.attr in _MOSTLY_STR:
                    found.append(
                        Evidence("str", "method", f"`{name}.{func.attr}()` is mostly a str method", 0.35)
                    )
                if owner:
                    found.append(
                        Evidence(owner, "method", f"`{name}.{func.attr}()` is a {owner} method", 0.55)
                    )
            if isinstance(func, ast.Name) and func.id == name:
                found.append(Evidence("Callable", "called", f"`{name}` is called", 0.4))
            for index, arg in enumerate(item.args):
                if isinstance(arg, ast.Name) and arg.id == name:
                    found.extend(_passed_to(func, index, None, typer, name))
            for keyword in item.keywords:
                if isinstance(keyword.value, ast.Name) and keyword.value.id == name and keyword.arg:
                    found.extend(_passed_to(func, None, keyword.arg, typer, name))
        elif isinstance(item, ast.BinOp):
            found += _operand_evidence(item, name, typer)
        elif isinstance(item, ast.Compare):
            parts = [item.left, *item.comparators]
            if any(isinstance(p, ast.Name) and p.id == name for p in parts):
                for op, right in zip(item.ops, item.comparators, strict=False):
                    if isinstance(op, ast.Is | ast.IsNot) and literal_type(right) == "None":
                        found.append(Evidence("None", "none-check", f"`{name}` is compared with None", 0.5))
                for other in parts:
                    if isinstance(other, ast.Name) and other.id == name:
                        continue
                    other_type = literal_type(other) or typer.type_of(other)
                    if any(isinstance(op, ast.In | ast.NotIn) for op in item.ops):
                        member = _member_of_literals(other) if other is not item.left else None
                        if member:
                            why = f"`{name}` is looked up among {member} values"
                            found.append(Evidence(member, "compare", why, 0.45))
                        continue
                    if other_type and other_type != "None":
                        found.append(
                            Evidence(other_type, "compare", f"`{name}` is compared with a {other_type}", 0.4)
                        )
        elif isinstance(item, ast.For | ast.comprehension):
            if isinstance(item.iter, ast.Name) and item.iter.id == name:
                found.append(Evidence("Iterable", "iterated", f"`{name}` is iterated over", 0.35))
        elif isinstance(item, ast.Subscript) and isinstance(item.value, ast.Name) and item.value.id == name:
            key = literal_type(item.slice) if isinstance(item.slice, ast.expr) else None
            if key == "str":
                found.append(Evidence("dict", "subscript", f"`{name}` is indexed with a string key", 0.4))
    return found


def _operand_evidence(item: ast.BinOp, name: str, typer: ExprTyper) -> list[Evidence]:
    """``name`` as an operand: beside a number it is a number; ``"a" + name`` concatenates, so it
    is text of the same kind (str and bytes add only their own kind); ``"-" * name`` repeats, so
    it is an int; ``"%s" % name`` formats it, which says nothing of its type."""
    sides = (item.left, item.right)
    op = type(item.op).__name__
    for side, other in (sides, sides[::-1]):
        if not (isinstance(side, ast.Name) and side.id == name):
            continue
        other_type = typer.type_of(other)
        if other_type in ("str", "bytes"):
            if isinstance(item.op, ast.Add):
                why = f"`{name}` is concatenated with a {other_type}"
                return [Evidence(other_type, "arithmetic", why, 0.65)]
            if isinstance(item.op, ast.Mult):
                return [Evidence("int", "arithmetic", f"a {other_type} is repeated `{name}` times", 0.55)]
            if isinstance(item.op, ast.Mod) and side is item.left:
                return [Evidence(other_type, "arithmetic", f"`{name}` is a format string", 0.45)]
            return []
        if other_type in ("int", "float"):
            why = f"`{name}` is combined ({op}) with a {other_type}"
            return [Evidence(other_type, "arithmetic", why, 0.45)]
    return []


def _member_of_literals(container: ast.expr) -> str | None:
    """``x in ("a", "b")``: the type shared by the literal elements of the container."""
    if not isinstance(container, ast.Tuple | ast.List | ast.Set) or not container.elts:
        return None
    kinds = {literal_type(e) for e in container.elts}
    return kinds.pop() if len(kinds) == 1 and None not in kinds and "None" not in kinds else None


def _passed_to(
    func: ast.expr, index: int | None, keyword: str | None, typer: ExprTyper, name: str
) -> list[Evidence]:
    callee: str | None = None
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "join"
        and literal_type(func.value) in ("str", "bytes")
    ):
        kind = literal_type(func.value)
        return [
            Evidence(f"Iterable[{kind}]", "join", f"`{name}` is joined into a {kind}", 0.4),
            Evidence(f"list[{kind}]", "join", f"`{name}` is joined into a {kind}", 0.35),
        ]
    if isinstance(func, ast.Name):
        callee = func.id
    elif (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
    ):
        callee = func.attr
    if callee in ("len",):
        return [Evidence("Sized", "len", f"`len({name})` is taken", 0.3)]
    if callee in _CONSUMERS and index == 0:
        return [
            Evidence(hint, callee, f"`{callee}({name})` consumes it", weight)
            for hint, weight in _CONSUMERS[callee]
        ]
    if callee in ("open",) and index == 0:
        return [Evidence("str", "open", f"`{name}` is opened as a file name", 0.4)]
    if callee in ("min", "max"):
        return _peer_evidence(func, typer, name)
    result: list[Evidence] = []
    if callee is None or callee not in typer.functions:
        result = _declared_elsewhere(func, index, keyword, typer, name)
    if callee is None:
        return result
    for target in typer.functions.get(callee, []):
        args = [*target.args.posonlyargs, *target.args.args]
        if isinstance(func, ast.Attribute) and args and args[0].arg in ("self", "cls"):
            args = args[1:]
        arg: ast.arg | None = None
        if keyword is not None:
            arg = next((a for a in [*args, *target.args.kwonlyargs] if a.arg == keyword), None)
        elif index is not None and index < len(args):
            arg = args[index]
        if arg is not None and arg.annotation is not None:
            hint = ast.unparse(arg.annotation)
            result.append(
                Evidence(hint, "call-site", f"`{name}` is passed to `{callee}({arg.arg}: {hint})`", 0.6)
            )
    return result[:2]


def _declared_elsewhere(
    func: ast.expr, index: int | None, keyword: str | None, typer: ExprTyper, name: str
) -> list[Evidence]:
    """The parameter ``name`` is passed to, when the callee is a class (its constructor), an
    imported function, or a method of a typed receiver (inherited ones too)."""
    from lift_tui.analysis.members import callee_parameters

    receiver = None
    if isinstance(func, ast.Attribute):
        base = func.value
        own = isinstance(base, ast.Name) and base.id in ("self", "cls")
        receiver = typer.owner if own else typer.type_of(base)
    found = callee_parameters(typer.module, func, receiver)
    if found is None:
        return []
    positional, keyword_only = found
    hint = None
    if keyword is not None:
        hint = next((h for n, h in [*positional, *keyword_only] if n == keyword), None)
    elif index is not None and index < len(positional):
        keyword, hint = positional[index]
    if not hint or hint in ("Any", "object"):
        return []
    shown = ast.unparse(func)
    why = f"`{name}` is passed to `{shown}({keyword}: {hint})`"
    return [Evidence(hint.strip("'\""), "call-site", why, 0.55)]


def _peer_evidence(func: ast.expr, typer: ExprTyper, name: str) -> list[Evidence]:
    """``min(x, limit)``: the value is compared with its peers, so it is of their type."""
    call = next(
        (n for n in ast.walk(typer.node) if isinstance(n, ast.Call) and n.func is func), None
    )
    kinds = {
        typer.type_of(a)
        for a in (call.args if call is not None else [])
        if not (isinstance(a, ast.Name) and a.id == name)
    }
    if len(kinds) != 1 or None in kinds:
        return []
    kind = kinds.pop()
    if kind not in ("int", "float", "str"):
        return []
    callee = ast.unparse(func)
    return [Evidence(kind, "compare", f"`{name}` is compared with a {kind} in `{callee}(...)`", 0.4)]
