"""The shared analysis layer on real files: parse cache, indexes, typing, tables, resolution."""

from __future__ import annotations

import ast
import os
import textwrap
from pathlib import Path

from lift_tui.analysis.classes import class_attributes, method_of, related_classes
from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.imports import find_module_file, imported_call_type, remember_path
from lift_tui.analysis.index import all_functions, module_classes, nodes_of, owner_classes
from lift_tui.analysis.literals import join_types, literal_type
from lift_tui.analysis.parse import parse_module, qualname_nodes
from lift_tui.analysis.results import CALL_RESULTS, numeric_result

MODULE = textwrap.dedent(
    """
    import os.path
    from helpers import scale

    class Base:
        size: int

        def area(self) -> float:
            return 1.0

    class Square(Base):
        def __init__(self, side: float) -> None:
            self.side = side

        async def grow(self):
            return self.area() * scale(2)

    def total(xs):
        names = [os.path.basename(x) for x in xs]
        return sum(len(n) for n in names)
    """
)


def _write(tmp_path: Path) -> Path:
    (tmp_path / "helpers.py").write_text("def scale(k: int) -> float:\n    return k * 1.5\n")
    path = tmp_path / "shapes.py"
    path.write_text(MODULE, encoding="utf-8")
    return path


def test_parses_are_shared_until_the_file_changes(tmp_path: Path) -> None:
    path = _write(tmp_path)
    first = parse_module(str(path))
    assert first is not None and parse_module(str(path)) is first
    path.write_text(MODULE + "\nX = 1\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert parse_module(str(path)) is not first
    assert parse_module(str(tmp_path / "missing.py")) is None


def test_one_walk_indexes_functions_classes_and_owners(tmp_path: Path) -> None:
    module = parse_module(str(_write(tmp_path)))
    assert [f.name for f in all_functions(module)] == [
        n.name for n in ast.walk(module) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    assert module_classes(module) == {"Base", "Square"}
    grow = qualname_nodes(module)["Square.grow"]
    assert owner_classes(module)[id(grow)] == "Square" and len(nodes_of(module, ast.ClassDef)) == 2
    assert class_attributes(module, "Square") == {"side": "float"} and class_attributes(module, "Base") == {
        "size": "int"
    }
    assert method_of(module, "Square", "area") is qualname_nodes(module)["Base.area"]
    square = next(c for c in nodes_of(module, ast.ClassDef) if c.name == "Square")
    assert [c.name for c in related_classes(module, square)] == ["Base"]


def test_expressions_are_typed_through_methods_imports_and_tables(tmp_path: Path) -> None:
    path = _write(tmp_path)
    module = parse_module(str(path))
    remember_path(module, str(path))  # where its relative imports are looked for
    grow = qualname_nodes(module)["Square.grow"]
    typer = ExprTyper(grow, module, {"self": "Square"}, "Square")
    (ret,) = [n for n in ast.walk(grow) if isinstance(n, ast.Return)]
    assert typer.type_of(ret.value) == "float"  # Base.area() (inherited) times helpers.scale()
    assert imported_call_type(module, ast.parse("scale(2)", mode="eval").body.func) == "float"
    total = qualname_nodes(module)["total"]
    typer = ExprTyper(total, module, {"xs": None}, None)
    (ret,) = [n for n in ast.walk(total) if isinstance(n, ast.Return)]
    assert typer.type_of(ret.value) == "int"
    assert find_module_file("helpers", 0, str(tmp_path)) == str(tmp_path / "helpers.py")


def test_one_table_and_one_literal_rule() -> None:
    assert CALL_RESULTS["len"] == "int" and CALL_RESULTS["os.path.join"] == "str"
    assert numeric_result("round", "float", 1) == "int" and numeric_result("abs", "float", 1) == "float"
    assert literal_type(ast.parse("-2.5", mode="eval").body) == "float"
    assert literal_type(ast.parse("[1]", mode="eval").body) is None
    assert literal_type(ast.parse("[1]", mode="eval").body, displays=True) == "list"
    assert literal_type(ast.parse("...", mode="eval").body, displays=True) is None
    assert join_types(["int", "float"]) == "float" and join_types(["int", "str"]) == "int | str"
