"""Evidence from outside the function: how its callers call it, how neighbouring modules name
their types, and Python's common naming idioms.

- Call sites: every call of the function in its module, with the argument typed in the
  caller's own scope (annotated parameters, literals, typed locals).
- Package conventions: the same parameter name annotated in sibling modules (same folder).
- Naming idioms: a small, documented prior (``is_*`` returns bool, ``count``/``size`` are int,
  ``name``/``text`` are str...). It is deliberately weak: any fact from the code outweighs it.
"""

from __future__ import annotations

import ast
import os
import re
from collections import Counter
from pathlib import Path

from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.index import all_functions, call_index, memo, owner_classes
from lift_tui.analysis.parse import FunctionSource, parse_module

from ..evidence import Evidence

_NAME_PRIOR: list[tuple[re.Pattern[str], str | tuple[str, ...]]] = [
    (
        re.compile(
            r"^(n|k|i|j|count|size|length|index|offset|level|width|height|depth|num_\w+|\w+_(count|size|len|"
            r"length|index|level|width|height|depth|num))$"
        ),
        "int",
    ),
    (
        re.compile(
            r"^(name|text|msg|message|prefix|suffix|sep|encoding|errors|fmt|format|title|label|\w+_(name|"
            r"text|msg|message|str|string|prefix|suffix))$"
        ),
        "str",
    ),
    (re.compile(r"^(is|has|use|allow|enable|strict|verbose|quiet|force|recursive)(_\w+)?$"), "bool"),
    (re.compile(r"^(path|filename|file_name|\w+_path|\w+_dir)$"), "str"),
    (re.compile(r"^(data|payload|raw|buf|buffer)$"), "bytes"),
    (re.compile(r"^(sock|\w+_sock|sock_\w+)$"), "socket.socket"),
    (re.compile(r"^(exc|err|error|exception|\w+_exc|\w+_error|exc_value)$"), ("BaseException", "Exception")),
    (re.compile(r"^(fp|fh|fileobj|file_obj|stream|\w+_stream|\w+_fp)$"), ("IO", "BinaryIO", "TextIO")),
]
_RETURN_PRIOR: list[tuple[re.Pattern[str], str | tuple[str, ...]]] = [
    (re.compile(r"^(is|has|can|should|supports|exists|contains|\w+able)(_\w+)?$"), "bool"),
    (re.compile(r"^(isatty|closed)$"), "bool"),  # the io protocol's predicates
    (
        re.compile(r"^(count|size|length|tell|seek|truncate|fileno|\w+_count|\w+_size|\w+_len|\w+_index)$"),
        "int",
    ),
    (
        re.compile(
            r"^(name|\w+_name|to_str|as_str|\w+_text|encoding|mode|read_text|__str__|__repr__|format_\w+)$"
        ),
        "str",
    ),
    (re.compile(r"^(read_bytes|to_bytes|as_bytes|encode)$"), "bytes"),
]


def name_prior(name: str, *, returns: bool = False) -> list[Evidence]:
    table = _RETURN_PRIOR if returns else _NAME_PRIOR
    for pattern, hints in table:
        if pattern.match(name):
            what = "functions" if returns else "parameters"
            choices = (hints,) if isinstance(hints, str) else hints
            return [
                Evidence(hint, "naming", f"{what} named like `{name}` are usually {hint}", 0.2 - 0.03 * rank)
                for rank, hint in enumerate(choices)
            ]
    return []


def _arguments(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str | None]:
    args = fn.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    return {a.arg: ast.unparse(a.annotation) if a.annotation is not None else None for a in every}


def _owner_of(module: ast.Module, fn: ast.AST) -> str | None:
    return owner_classes(module).get(id(fn))


def call_site_evidence(fn: FunctionSource, param: str) -> list[Evidence]:
    """Types of the arguments passed for ``param`` at the calls of this function in its module."""
    node = fn.node
    args = [*node.args.posonlyargs, *node.args.args]
    is_method = bool(args) and args[0].arg in ("self", "cls")
    positional = [a.arg for a in args][1 if is_method else 0 :]
    seen: Counter[str] = Counter()
    typers: dict[int, ExprTyper] = {}
    for caller, item in call_index(fn.module).get(node.name, []):
        if caller is node:
            continue
        func = item.func
        direct = isinstance(func, ast.Name) and not is_method
        via_self = (
            is_method
            and isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in ("self", "cls")
        )
        if not (direct or via_self):
            continue
        value: ast.expr | None = None
        if param in positional and positional.index(param) < len(item.args):
            candidate = item.args[positional.index(param)]
            if not isinstance(candidate, ast.Starred):
                value = candidate
        for keyword in item.keywords:
            if keyword.arg == param:
                value = keyword.value
        if value is None:
            continue
        typer = typers.get(id(caller))
        if typer is None:
            owner = _owner_of(fn.module, caller)
            params = _arguments(caller)
            if owner and "self" in params and params["self"] is None:
                params["self"] = owner
            typer = typers[id(caller)] = ExprTyper(caller, fn.module, params, owner)
        hint = typer.type_of(value)
        if hint and hint != "None":
            seen[hint] += 1
    return [
        Evidence(
            hint, "call-site", f"{count} call(s) in this module pass a {hint}", min(0.4 + 0.1 * count, 0.7)
        )
        for hint, count in seen.most_common(3)
    ]


def _file_annotations(module: ast.Module) -> dict[str, Counter[str]]:
    """Parameter name -> annotations in one module (memoised on the cached module)."""

    def build(m: ast.Module) -> dict[str, Counter[str]]:
        found: dict[str, Counter[str]] = {}
        for item in all_functions(m):
            for name, hint in _arguments(item).items():
                if hint:
                    found.setdefault(name, Counter())[hint] += 1
        return found

    return memo(module, "param_annotations", build)


def package_evidence(source_path: str | None, param: str, limit: int = 60) -> list[Evidence]:
    """``param`` as annotated in the other modules of the same folder (the first ``limit`` by name)."""
    if not source_path:
        return []
    path = Path(source_path)
    try:
        siblings = sorted(path.parent.glob("*.py"))[:limit]
        own = os.path.realpath(path)
    except OSError:
        return []
    seen: Counter[str] = Counter()
    for sibling in siblings:
        if os.path.realpath(sibling) == own:
            continue
        module = parse_module(str(sibling))
        if module is not None:
            seen.update(_file_annotations(module).get(param, Counter()))
    return [
        Evidence(
            hint,
            "package",
            f"`{param}: {hint}` in {count} function(s) of sibling modules",
            min(0.3 + 0.05 * count, 0.5),
        )
        for hint, count in seen.most_common(2)
    ]


def is_stub(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A body that declares rather than implements (docstring, pass, ..., raise NotImplementedError)."""
    decorators = {ast.unparse(d).split(".")[-1] for d in node.decorator_list}
    if decorators & {"abstractmethod", "overload"}:
        return True
    body = list(node.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if not body:
        return True
    if len(body) != 1:
        return False
    only = body[0]
    if isinstance(only, ast.Pass) or (isinstance(only, ast.Expr) and isinstance(only.value, ast.Constant)):
        return True
    if isinstance(only, ast.Raise) and only.exc is not None:
        exc = only.exc.func if isinstance(only.exc, ast.Call) else only.exc
        return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
    return False


def module_aliases(module: ast.Module) -> dict[str, list[str]]:
    """Type aliases at module level (``Pos = int``, ``Key = tuple[str, ...]``): target -> alias names."""
    from lift_tui.analysis.typetext import is_type_expr, normalize_type

    found: dict[str, list[str]] = {}
    for stmt in module.body:
        value = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, value = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            if "TypeAlias" not in ast.unparse(stmt.annotation):
                continue
            name, value = stmt.target.id, stmt.value
        if value is None or not is_type_expr(value) or isinstance(value, ast.Constant):
            continue
        canon = normalize_type(ast.unparse(value))
        if canon and canon != name:
            found.setdefault(canon, []).append(name)
    from lift_tui.analysis.imports import imported_aliases

    for canon, names in imported_aliases(module).items():
        found.setdefault(canon, []).extend(n for n in names if n not in found[canon])
    return found
