"""Rules run directly on small functions of their own: operand evidence, class members called on
the class, generic classes returned with their type parameters, the generators of context
managers, and a path's members."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.parse import FunctionSource, qualname_nodes
from lift_tui.analysis.typetext import same_type
from lift_tui.holes.evidence import Evidence
from lift_tui.holes.rules.registry import Site
from lift_tui.holes.rules.return_shapes import generic_class_evidence
from lift_tui.holes.rules.returns import return_evidence
from lift_tui.holes.rules.usage import usage_evidence
from lift_tui.reverse import lift_file


def _site(tmp_path: Path, source: str, qualname: str, name: str | None) -> Site:
    path = tmp_path / "mod.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    ir = next(f for f in lift_file(path).functions if f.metadata.qualname == qualname)
    target = "signature.returns" if name is None else f"signature.parameters.{name}.type_hint"
    hole = next(h for h in ir.holes if h.target == target)
    module = ast.parse(path.read_text(encoding="utf-8"))
    module_fn = FunctionSource(qualname_nodes(module)[qualname], module)
    return Site(ir, hole, module_fn, name)


def _returns(tmp_path: Path, source: str, qualname: str) -> list[Evidence]:
    site = _site(tmp_path, source, qualname, None)
    return return_evidence(site.ir, site.hole, site.fn)


def test_operands_say_what_the_operator_needs(tmp_path: Path) -> None:
    source = "def f(name, n, x):\n    return ('Hi ' + name) + '-' * n + '%s' % x\n"
    site = _site(tmp_path, source, "f", "name")
    typer = site.typer
    found = usage_evidence(site.fn.node, "name", typer)
    assert [(e.value, e.weight >= 0.6) for e in found] == [("str", True)]  # concatenated
    assert [e.value for e in usage_evidence(site.fn.node, "n", typer)] == ["int"]  # a str repeated n times
    assert usage_evidence(site.fn.node, "x", typer) == []  # formatted: any type


def test_a_classmethod_called_on_its_class_and_dunder_names_are_typed(tmp_path: Path) -> None:
    source = """
        class Strip:
            @classmethod
            def blank(cls, width: int) -> "Strip":
                return cls()

        def line(y):
            return Strip.blank(y), Strip.__name__
        """
    site = _site(tmp_path, source, "line", None)
    [returned] = [n.value for n in ast.walk(site.fn.node) if isinstance(n, ast.Return)]
    typer = ExprTyper(site.fn.node, site.fn.module, {"y": None}, None)
    assert typer.type_of(returned) == "tuple[Strip, str]"


GENERIC = """
    from typing import Generic, TypeVar

    T = TypeVar("T")

    class Nodes(Generic[T]):
        pass

    class Node(Generic[T]):
        def siblings(self):
            return Nodes()

        def copy(self):
            return Node()
    """


def test_a_generic_class_is_returned_with_the_type_parameters_in_scope(tmp_path: Path) -> None:
    site = _site(tmp_path, GENERIC, "Node.siblings", None)
    found = generic_class_evidence(site.fn, [Evidence("Nodes", "returns", "returned", 0.75)])
    assert [(e.value, e.weight) for e in found] == [("Nodes[T]", 0.675)]
    values = [e.value for e in _returns(tmp_path, GENERIC, "Node.copy")]
    assert "Node[T]" in values and "Node" in values


def test_a_context_managers_generator_is_an_iterator(tmp_path: Path) -> None:
    source = """
        from contextlib import contextmanager

        @contextmanager
        def session():
            yield

        def numbers():
            yield 1
        """
    managed = {e.value for e in _returns(tmp_path, source, "session")}
    assert {"Iterator[None]", "Generator[None, None, None]"} <= managed
    assert not any(v.startswith("Iterable") for v in managed)
    assert any(same_type(e.value, "Iterable[int]") for e in _returns(tmp_path, source, "numbers"))



def test_path_members_are_typed_with_the_modules_spelling(tmp_path: Path) -> None:
    source = """
        from pathlib import Path

        def find(folder: Path, name: str):
            for entry in folder.iterdir():
                if entry.name == name:
                    return entry
            return None
        """
    values = [e.value for e in _returns(tmp_path, source, "find")]
    assert values[0] == "Path | None"
