"""The static lift's shortcuts give exactly what the general code they replace gives.

``--no-model`` output must stay byte-identical while it gets cheaper, so each shortcut
is compared with its reference (``ast.unparse``, ``ast.get_docstring``, a plain
pre-order walk) over real code: a few standard-library modules with varied syntax.
"""

from __future__ import annotations

import ast
import gc
import importlib.util
import textwrap
from pathlib import Path

import pytest

from lift_tui.reverse import lift_source
from lift_tui.reverse.body import UNINDEXED, FunctionBody
from lift_tui.reverse.docstrings import docstring
from lift_tui.reverse.text import shortened, unparse

from .conftest import lift_one

_MODULES = ("ast", "argparse", "_pydecimal", "typing", "email._header_value_parser")
_EDGE_CASES = '''
def f(a, b=-1, *args, c=1e999, d=-(-2), e=u"x", f=b"\\x00", g=..., h=(1, 2), **kw):
    """\tTabbed one-liner  """
    x = (1).real, a.b.c, a[1:2, ::3], a[b,], a[()], not a, -a.b, ~1, +a
    y = f(*args, **kw), f(a, k=1), f"{a!r:>{b}} {'q'}", "'\\"", 1j, -1j, 1e999 - 1e999
    z = a < b < c, a not in b, a is not None, (a,), (), [a, b], {a: b, **kw}, a if b else c
    w = await_(lambda q: q), [q for q in a if q], a @ b ** -c // d, x.y(z)[0].w
    v = f(x)(y), a[0](x), -f(x), f(x) ** 2, a ** -b, a[i + 1], (-1) ** 2, not a == b, x[f(y)]
    u = f(a)[b:c], (f(a),), f(a) in b[c], -a.b(), "".join(a), 1 .real, a.b[c](d=e)
    return a, b, -1.5, "long" * 40
'''


def _trees() -> list[ast.Module]:
    trees = [ast.parse(_EDGE_CASES)]
    for name in _MODULES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None
        trees.append(ast.parse(Path(spec.origin).read_bytes()))
    return trees


def _functions(trees: list[ast.Module]) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for t in trees for n in ast.walk(t) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


@pytest.fixture(scope="module")
def trees() -> list[ast.Module]:
    return _trees()


def test_unparse_and_shortened_equal_ast_unparse(trees: list[ast.Module]) -> None:
    checked = 0
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.expr):
                expected = ast.unparse(node)
                assert unparse(node) == expected
                for width in (8, 40):
                    cut = expected if len(expected) <= width else expected[: width - 3] + "..."
                    assert shortened(node, width) == cut
                checked += 1
    assert checked > 30_000


def test_docstring_equals_get_docstring(trees: list[ast.Module]) -> None:
    functions = _functions(trees)
    assert len(functions) > 800
    for node in functions:
        assert docstring(node) == ast.get_docstring(node, clean=True)
    one_liners = ["   ", "\t a\tb  ", "", "x"]
    for text in one_liners:
        node = ast.parse(f"def f():\n    {text!r}\n").body[0]
        assert isinstance(node, ast.FunctionDef)
        assert docstring(node) == ast.get_docstring(node, clean=True)


def _reference_groups(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[type, list[ast.AST]]:
    """A plain recursive pre-order walk of the function's own code (the order of ``_fields``)."""
    groups: dict[type, list[ast.AST]] = {}

    def visit(node: ast.AST) -> None:
        groups.setdefault(type(node), []).append(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            # A nested scope: only what runs here (defaults, then decorators), not its body.
            inner = [] if isinstance(node, ast.ClassDef) else [*node.args.defaults, *node.args.kw_defaults]
            for child in [*inner, *node.decorator_list]:
                if child is not None:
                    visit(child)
            return
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.expr_context | ast.operator | ast.cmpop | ast.unaryop | ast.boolop):
                visit(child)

    for statement in function.body:
        visit(statement)
    return groups


def test_function_body_groups_match_a_plain_walk(trees: list[ast.Module]) -> None:
    functions = _functions(trees)
    for function in functions:
        groups = FunctionBody.of(function).by_type
        reference = _reference_groups(function)
        assert not UNINDEXED & groups.keys()
        assert groups == {k: v for k, v in reference.items() if k not in UNINDEXED and k is not ast.alias}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Local types flow through each operand expression_type looks at ...
        ("a = 1\n    b = -a\n    return b", ["int"]),
        ("a = 2.0\n    b = a if x else a\n    return b", ["float"]),
        ("a = x > 1\n    b = a and a\n    return b", ["bool"]),
        ("a = 1\n    b = abs(a)\n    c = b * 2.5\n    return c", ["float"]),
        ("a = 'x'\n    a += 'y'\n    return a", ["str"]),
        ("a: int = g()\n    return a", ["int"]),
        # ... and names elsewhere (call arguments) change nothing.
        ("a = 1\n    b = g(a)\n    return b", []),
        ("a = 1\n    return g(a) + a", []),
        ("a = 1\n    a = 'x'\n    return a", []),
    ],
)
def test_local_type_chains(body: str, expected: list[str]) -> None:
    hole = lift_one(f"def f(x):\n    {body}\n").hole("return_type")
    assert hole is not None
    assert hole.candidates == expected


def test_return_facts_shorten_long_values_and_keep_dependencies() -> None:
    hole = lift_one(
        """
        def f(values, scale):
            return len([value * scale for value in values if value is not None and value > 0])
        """
    ).hole("return_type")
    assert hole is not None
    assert hole.candidates == ["int"]
    assert "returns len([value * scale for value in value...: int" in hole.constraints
    assert hole.dependencies == ["scale_type", "values_type"]


def test_doctests_of_other_functions_are_not_examples() -> None:
    ir = lift_one(
        '''
        def square(x):
            """Square x.

            >>> other(3)
            9
            >>> square(3)
            9
            """
            return x * x
        '''
    )
    assert [(e.call, e.expected) for e in ir.examples] == [("square(3)", "9")]


def test_static_lift_makes_no_reference_cycles() -> None:
    """The CLI runs the static lift with the cyclic GC off: garbage in cycles would leak."""
    source = textwrap.dedent(
        '''
        import os

        def save(path, rows, *, mode="w"):
            """Write rows.

            Args:
                path: where.
                rows: what.

            Raises:
                ValueError: if rows is empty.

            >>> save("p", [1])
            None
            """
            if not rows:
                raise ValueError("no rows")
            total = sum(rows) / len(rows)
            rows.append(total)
            os.remove(path + ".bak")
            return f"{path}: {len(rows)} rows, mean {total:.2f} over a long enough text", total
        '''
    )
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        for _ in range(3):
            report = lift_source(source, "cycles.py")
            assert report.functions and not report.errors
        del report
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
