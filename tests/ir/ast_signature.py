"""Read a function's signature back from source with ``ast``, in IR terms, to compare with an IR."""

from __future__ import annotations

import ast


def _text(node: ast.expr | None) -> str | None:
    return None if node is None else ast.unparse(node)


def read_signature(source: str, name: str) -> dict[str, object]:
    """``{"parameters": [(name, hint, default, kind)], "returns", "is_async"}`` of function ``name``."""
    tree = ast.parse(source)
    node = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == name
    )
    args = node.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params: list[tuple[str, str | None, str | None, str]] = []
    for index, arg in enumerate(positional):
        kind = "positional_only" if index < len(args.posonlyargs) else "positional_or_keyword"
        params.append((arg.arg, _text(arg.annotation), _text(defaults[index]), kind))
    if args.vararg:
        params.append((args.vararg.arg, _text(args.vararg.annotation), None, "var_positional"))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append((arg.arg, _text(arg.annotation), _text(default), "keyword_only"))
    if args.kwarg:
        params.append((args.kwarg.arg, _text(args.kwarg.annotation), None, "var_keyword"))
    return {
        "parameters": params,
        "returns": _text(node.returns),
        "is_async": isinstance(node, ast.AsyncFunctionDef),
        "docstring": ast.get_docstring(node),
    }


def ir_signature(ir) -> dict[str, object]:
    """The same shape from an IR (holes and missing hints are unannotated)."""

    def hint(text: str | None) -> str | None:
        return None if text is None or text.startswith("?") else text

    return {
        "parameters": [(p.name, hint(p.type_hint), p.default, p.kind.value) for p in ir.signature.parameters],
        "returns": hint(ir.signature.returns),
        "is_async": ir.signature.is_async,
    }
