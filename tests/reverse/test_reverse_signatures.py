"""Signatures and qualnames checked against ``ast`` and ``inspect.signature`` on real stdlib code."""

from __future__ import annotations

import ast
import importlib
import inspect
import os
from pathlib import Path

import pytest

from lift_tui.ir import ParameterKind
from lift_tui.reverse import lift_file

from .conftest import lift_one

STDLIB = Path(os.__file__).parent
SAMPLE = [
    "textwrap", "shlex", "fractions", "statistics", "heapq", "bisect", "string", "functools",
    "dataclasses", "argparse", "json/decoder", "json/encoder", "email/utils", "pathlib", "inspect",
    "asyncio/locks", "contextlib", "ipaddress", "calendar", "difflib",
]  # fmt: skip


def _expected_functions(tree: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """Qualname -> node, computed independently with a recursive visitor."""
    found: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}

    class Visitor(ast.NodeVisitor):
        def __init__(self) -> None:
            self.prefix: list[str] = []

        def visit_ClassDef(self, node: ast.ClassDef) -> None:
            self.prefix.append(node.name)
            self.generic_visit(node)
            self.prefix.pop()

        def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
            qualname = ".".join([*self.prefix, node.name])
            found.setdefault(qualname, node)  # first definition wins for redefinitions (see below)
            for default in [*node.args.defaults, *node.args.kw_defaults, *node.decorator_list]:
                if default is not None:
                    self.visit(default)
            self.prefix.extend([node.name, "<locals>"])
            for statement in node.body:
                self.visit(statement)
            del self.prefix[-2:]

        visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    Visitor().visit(tree)
    return found


def _ast_parameters(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[tuple[str, str, str | None, str | None]]:
    args = node.args
    rows: list[tuple[str, str, str | None, str | None]] = []
    positional = [*args.posonlyargs, *args.args]
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
        kind = "positional_only" if index < len(args.posonlyargs) else "positional_or_keyword"
        rows.append((arg.arg, kind, _ann(arg.annotation), None if default is None else ast.unparse(default)))
    if args.vararg:
        rows.append((args.vararg.arg, "var_positional", _ann(args.vararg.annotation), None))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        rows.append(
            (arg.arg, "keyword_only", _ann(arg.annotation), None if default is None else ast.unparse(default))
        )
    if args.kwarg:
        rows.append((args.kwarg.arg, "var_keyword", _ann(args.kwarg.annotation), None))
    return rows


def _ann(node: ast.expr | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ast.unparse(node)


@pytest.mark.parametrize("module", SAMPLE)
def test_stdlib_signatures_match_ast(module: str) -> None:
    path = STDLIB / f"{module}.py"
    report = lift_file(path)
    assert report.errors == []
    tree = ast.parse(path.read_bytes())
    expected = _expected_functions(tree)
    lifted = {}
    for ir in report.functions:
        lifted.setdefault(ir.metadata.qualname, ir)
    assert set(lifted) == set(expected)
    total = sum(isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) for n in ast.walk(tree))
    assert len(report.functions) == total
    for qualname, node in expected.items():
        ir = lifted[qualname]
        got = [(p.name, p.kind.value, p.type_hint, p.default) for p in ir.signature.parameters]
        assert got == _ast_parameters(node), qualname
        assert ir.signature.returns == _ann(node.returns)
        assert ir.signature.is_async == isinstance(node, ast.AsyncFunctionDef)
        assert ir.signature.decorators == [ast.unparse(d) for d in node.decorator_list]
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        assert ir.metadata.lines == (start, node.end_lineno)
        assert ir.metadata.source_path == str(path)
        assert ir.intent.summary is None or ir.intent.summary.strip() == ir.intent.summary


_INSPECT_KIND = {
    inspect.Parameter.POSITIONAL_ONLY: ParameterKind.positional_only,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: ParameterKind.positional_or_keyword,
    inspect.Parameter.VAR_POSITIONAL: ParameterKind.var_positional,
    inspect.Parameter.KEYWORD_ONLY: ParameterKind.keyword_only,
    inspect.Parameter.VAR_KEYWORD: ParameterKind.var_keyword,
}


@pytest.mark.parametrize(
    "module", ["textwrap", "shlex", "fractions", "statistics", "heapq", "difflib", "calendar"]
)
def test_stdlib_signatures_match_inspect(module: str) -> None:
    imported = importlib.import_module(module)
    report = lift_file(Path(imported.__file__))
    compared = 0
    for ir in report.functions:
        if "<locals>" in ir.metadata.qualname or ir.signature.decorators:
            continue
        obj: object = imported
        for part in ir.metadata.qualname.split("."):
            obj = getattr(obj, part, None)
        if not inspect.isfunction(obj) or obj.__code__.co_firstlineno not in range(*ir.metadata.lines):
            continue  # redefined, replaced by a C version, or not reachable by name
        signature = inspect.signature(obj)
        assert [p.name for p in ir.signature.parameters] == list(signature.parameters)
        for mine, theirs in zip(ir.signature.parameters, signature.parameters.values(), strict=True):
            assert mine.kind is _INSPECT_KIND[theirs.kind]
            assert (mine.default is None) == (theirs.default is inspect.Parameter.empty)
            if mine.default is not None:
                try:
                    value = ast.literal_eval(mine.default)
                except ValueError:
                    continue
                assert value == theirs.default or value is theirs.default
        compared += 1
    assert compared >= 5


def test_every_kind_of_definition_and_qualnames() -> None:
    source = """
        import functools

        def plain(a, b=1, /, c: "List[int]" = [], *args: int, d, e: str = "x", **kw) -> "Dict[str, int]":
            pass

        @functools.cache
        @staticmethod
        async def decorated(x): ...

        class Outer:
            class Inner:
                def method(self, y: int) -> int:
                    def helper(z):
                        class Local:
                            def deep(self): ...
                        return z
                    return helper(y)

            @property
            def prop(self) -> str:
                return "p"

        def outer():
            def inner():
                async def innermost(): ...
            lam = lambda q: q
            return inner
        """
    report = __import__("lift_tui.reverse", fromlist=["lift_source"]).lift_source(
        __import__("textwrap").dedent(source), "defs.py"
    )
    names = [f.metadata.qualname for f in report.functions]
    assert names == [
        "plain",
        "decorated",
        "Outer.Inner.method",
        "Outer.Inner.method.<locals>.helper",
        "Outer.Inner.method.<locals>.helper.<locals>.Local.deep",
        "Outer.prop",
        "outer",
        "outer.<locals>.inner",
        "outer.<locals>.inner.<locals>.innermost",
    ]
    plain = report.functions[0]
    assert [(p.name, p.kind.value) for p in plain.signature.parameters] == [
        ("a", "positional_only"),
        ("b", "positional_only"),
        ("c", "positional_or_keyword"),
        ("args", "var_positional"),
        ("d", "keyword_only"),
        ("e", "keyword_only"),
        ("kw", "var_keyword"),
    ]
    assert plain.signature.parameter("c").type_hint == "List[int]"  # string annotation kept as written
    assert plain.signature.parameter("c").default == "[]"
    assert plain.signature.parameter("e").default == "'x'"
    assert plain.signature.returns == "Dict[str, int]"
    decorated = report.functions[1]
    assert decorated.signature.is_async
    assert decorated.signature.decorators == ["functools.cache", "staticmethod"]
    assert decorated.metadata.lines == (7, 9)  # decorators included
    assert report.functions[-1].signature.is_async


def test_self_is_kept_as_a_parameter() -> None:
    ir = lift_one(
        """
        class A:
            def m(self, x: int) -> int:
                return x
        """
    )
    assert [p.name for p in ir.signature.parameters] == ["self", "x"]
    assert ir.hole("self_type") is None
