"""The return-shape rules (:mod:`lift_tui.holes.rules.return_shapes`), the class/module guard
rules (:mod:`lift_tui.holes.rules.state_guards`), the analysis-layer typing they rely on, and
the bench's truth-value matching of sized containers: each run directly on a small sample of
its own, so a failure names the rule."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.parse import FunctionSource, qualname_nodes
from lift_tui.analysis.typetext import callable_result, element_of, same_type
from lift_tui.bench.holes_score import equivalent
from lift_tui.holes import suggest
from lift_tui.holes.rules import return_shapes as shapes
from lift_tui.holes.rules import state_guards as guards
from lift_tui.ir import IR, Parameter, Signature
from lift_tui.reverse import lift_file


def _fn(source: str, qualname: str) -> FunctionSource:
    module = ast.parse(textwrap.dedent(source))
    return FunctionSource(qualname_nodes(module)[qualname], module)


def _values(evidence: list) -> list[str]:
    return [e.value for e in evidence]


def test_doc_prefix_reads_a_google_style_leading_type() -> None:
    fn = _fn(
        '''
        class Task:
            @property
            def elapsed(self):
                """Optional[float]: Time since the task started."""
                return self._elapsed
        ''',
        "Task.elapsed",
    )
    assert any(same_type(v, "float | None") for v in _values(shapes.doc_prefix_evidence(fn)))


def test_doc_prefix_reads_a_union_left_in_the_returns_description() -> None:
    fn = _fn('def f(x):\n    """Look up x."""\n    return x\n', "f")
    found = shapes.doc_prefix_evidence(fn, "int | None: the number, or None when missing.")
    assert any(same_type(v, "int | None") for v in _values(found))


def test_doc_prefix_ignores_section_titles() -> None:
    fn = _fn('def f():\n    """Note: this is slow."""\n    return 1\n', "f")
    assert shapes.doc_prefix_evidence(fn) == []


def test_self_returning_method_is_self_or_its_generic_class() -> None:
    fn = _fn(
        """
        from typing import Generic, TypeVar
        T = TypeVar("T")

        class Query(Generic[T]):
            def blur(self):
                return self
        """,
        "Query.blur",
    )
    values = _values(shapes.self_evidence(fn, [ast.Name("self")]))
    assert "Self" in values and "Query[T]" in values


def test_inherited_return_comes_from_an_imported_base(tmp_path: Path) -> None:
    (tmp_path / "base.py").write_text(
        "class Source:\n    def load(self) -> dict[str, str]:\n        return {}\n"
    )
    (tmp_path / "env.py").write_text(
        "from .base import Source\n\n\nclass Env(Source):\n    def load(self):\n        return self.read()\n"
    )
    ir = next(f for f in lift_file(tmp_path / "env.py").functions if f.metadata.qualname == "Env.load")
    hole = next(h for h in ir.holes if h.target == "signature.returns")
    values = [c.value for c in suggest(ir, hole.identifier, use_model=False, top=3, check=False)]
    assert any(same_type(v, "dict[str, str]") for v in values)


def test_spelled_gives_a_bare_generic_the_modules_own_arguments() -> None:
    fn = _fn(
        """
        from typing import Any

        def a() -> dict[str, Any]:
            return {}

        def b(x: dict[str, Any]) -> None:
            pass

        def c():
            return dict(x=1)
        """,
        "c",
    )
    bare = [shapes.Evidence("dict", "returns", "a dict", 0.75)]
    assert "dict[str, Any]" in _values(shapes.spelled_evidence(fn, bare))


def test_spelled_needs_a_repeated_spelling() -> None:
    fn = _fn("def a() -> list[int]:\n    return []\n\ndef c():\n    return []\n", "c")
    assert shapes.spelled_evidence(fn, [shapes.Evidence("list", "returns", "a list", 0.75)]) == []


def test_optional_widens_other_evidence_when_some_paths_return_none() -> None:
    values: list[ast.expr | None] = [ast.Constant(None), ast.Name("found")]
    found = shapes.optional_evidence(values, ["None", None], [shapes.Evidence("str", "naming", "x", 0.3)])
    assert any(same_type(v, "str | None") for v in _values(found))
    assert (
        shapes.optional_evidence(values, ["None", "int"], [shapes.Evidence("str", "naming", "x", 0.3)]) == []
    )


def test_exits_gives_noreturn() -> None:
    fn = _fn("import sys\n\ndef fail(message):\n    print(message)\n    sys.exit(2)\n", "fail")
    assert _values(shapes.exits_evidence(fn)) == ["NoReturn"]


def test_bare_yield_context_manager_yields_none(tmp_path: Path) -> None:
    path = tmp_path / "cm.py"
    path.write_text(
        "from contextlib import contextmanager\n\n\n@contextmanager\ndef quiet():\n"
        "    print('on')\n    yield\n    print('off')\n"
    )
    ir = lift_file(path).functions[0]
    hole = next(h for h in ir.holes if h.target == "signature.returns")
    values = [c.value for c in suggest(ir, hole.identifier, use_model=False, top=3, check=False)]
    assert any(same_type(v, "Iterator[None]") or same_type(v, "Generator[None, None, None]") for v in values)


def test_analysis_iteration_and_call_results() -> None:
    assert element_of("range") == "int"
    assert element_of("tuple[str, ...]") == "str"
    assert element_of("dict[str, int]") == "str"
    assert element_of("Collection[Region]") == "Region"
    assert callable_result("Callable[[], int] | None") == "int"
    fn = _fn(
        """
        from dataclasses import replace

        class Column:
            def copy(self):
                return replace(self, cells=[])

        def first(tokens: list[str]):
            for index in range(len(tokens)):
                return index
        """,
        "Column.copy",
    )
    typer = ExprTyper(fn.node, fn.module, {"self": "Column"}, "Column")
    assert typer.type_of(fn.node.body[0].value) == "Column"  # type: ignore[attr-defined]
    first = _fn("def first(tokens):\n    for index in range(9):\n        return index\n", "first")
    ret = first.node.body[0].body[0].value  # type: ignore[attr-defined]
    assert ExprTyper(first.node, first.module, {"tokens": None}, None).type_of(ret) == "int"


STREAM = """
_VALID_MODES = {"text", "binary"}


class Stream:
    def __init__(self):
        self._closed = False
        self.count = 0

    def close(self):
        self._closed = True

    def is_valid_offset(self, offset):
        return 0 <= offset < self.count

    def seek(self, offset):
        return offset

    def set_mode(self, mode):
        self.mode = mode

    def insert(self, item, before=None, after=None):
        '''Insert an item.

        Only one of `before` or `after` may be given.
        '''
"""


def test_latch_flag_guard() -> None:
    assert "not self._closed" in _values(guards.latch_guard_evidence(_fn(STREAM, "Stream.seek")))
    assert guards.latch_guard_evidence(_fn(STREAM, "Stream.__init__")) == []


def test_member_guard_from_a_module_collection_named_for_the_parameter() -> None:
    fn = _fn(STREAM, "Stream.set_mode")
    assert _values(guards.member_guard_evidence(fn, "mode")) == ["mode in _VALID_MODES"]
    assert guards.member_guard_evidence(fn, "offset") == []


def test_predicate_guard_from_a_checking_method() -> None:
    fn = _fn(STREAM, "Stream.seek")
    assert _values(guards.predicate_guard_evidence(fn, "offset")) == ["self.is_valid_offset(offset)"]


def test_exclusive_parameters_from_prose() -> None:
    params = [Parameter(name="self"), Parameter(name="item")] + [
        Parameter(name=n, default="None") for n in ("before", "after")
    ]
    ir = IR(signature=Signature(name="insert", parameters=params))
    found = guards.exclusive_guard_evidence(ir, "Only one of `before` or `after` may be given.")
    assert "not (before is not None and after is not None)" in _values(found)


def test_bench_matches_truth_value_and_length_of_a_declared_container() -> None:
    ir = IR(
        signature=Signature(name="union", parameters=[Parameter(name="regions", type_hint="Collection[int]")])
    )
    assert equivalent("len(regions) > 0", "regions", ir)
    assert not equivalent("len(regions) > 1", "regions", ir)


def test_lookup_guards_from_the_objects_own_collections() -> None:
    fn = _fn(
        """
        class Board:
            def tile(self, position):
                return self.locations[position]

            def place(self, name, tile):
                self.tiles[name] = tile

            def last(self):
                return self.nodes[-1]
        """,
        "Board.tile",
    )
    assert _values(guards.lookup_guard_evidence(fn, ["position"])) == ["position in self.locations"]
    place = _fn(fn_source := ast.unparse(fn.module), "Board.place")
    assert _values(guards.lookup_guard_evidence(place, ["name", "tile"])) == ["name not in self.tiles"]
    last = _fn(fn_source, "Board.last")
    assert "self.nodes" in _values(guards.lookup_guard_evidence(last, []))


def test_function_source_finds_the_overloaded_def_within_the_lifted_lines(tmp_path: Path) -> None:
    from lift_tui.holes.source import function_source

    path = tmp_path / "over.py"
    path.write_text(
        "from typing import overload\n\n\nclass Q:\n    @overload\n    def last(self) -> int: ...\n\n"
        "    @overload\n    def last(self, kind: str) -> str: ...\n\n"
        "    def last(self, kind=None):\n        return self.nodes[-1]\n"
    )
    irs = [f for f in lift_file(path).functions if f.metadata.qualname == "Q.last"]
    real = next(ir for ir in irs if ir.metadata.lines and ir.metadata.lines[0] >= 11)
    found = function_source(real)
    assert found is not None and found.node.lineno == 11


def test_container_methods_and_their_items() -> None:
    from lift_tui.analysis.results import container_method

    assert container_method("dict[str, int]", "get", 1) == "int | None"
    assert container_method("Dict[TaskID, Task]", "keys", 0) == "KeysView[TaskID]"
    assert element_of(container_method("dict[str, int]", "items", 0)) == "tuple[str, int]"
    assert container_method("list[str]", "pop", 0) == "str"
    fn = _fn(
        """
        from typing import Dict

        class Progress:
            _tasks: Dict[int, str]

            def task_ids(self):
                return list(self._tasks.keys())
        """,
        "Progress.task_ids",
    )
    typer = ExprTyper(fn.node, fn.module, {"self": "Progress"}, "Progress")
    assert typer.type_of(fn.node.body[0].value) == "list[int]"  # type: ignore[attr-defined]


def test_returned_tuples_with_none_beside_untyped_values_join_to_any(tmp_path: Path) -> None:
    path = tmp_path / "pair.py"
    path.write_text(
        "def safe_get(obj, name):\n    try:\n        return (None, getattr(obj, name))\n"
        "    except Exception as error:\n        return (error, None)\n"
    )
    ir = lift_file(path).functions[0]
    hole = next(h for h in ir.holes if h.target == "signature.returns")
    values = [c.value for c in suggest(ir, hole.identifier, use_model=False, top=3, check=False)]
    assert any(same_type(v, "tuple[Any, Any]") for v in values)


def test_getattr_without_default_needs_hasattr() -> None:
    fn = _fn(
        "def animate(obj, attribute, value):\n    start = getattr(obj, attribute)\n    return start\n",
        "animate",
    )
    assert "hasattr(obj, attribute)" in _values(
        guards.lookup_guard_evidence(fn, ["obj", "attribute", "value"])
    )


def test_literal_results_and_uniform_tuples() -> None:
    values: list[ast.expr | None] = [ast.Constant("function"), ast.Constant("command")]
    assert _values(shapes.literal_evidence(values)) == ["Literal['function', 'command']"]
    assert shapes.literal_evidence([ast.Constant("a"), ast.Name("x")]) == []
    assert _values(shapes.tuple_evidence(["tuple[Source, Source, Source]"])) == ["tuple[Source, ...]"]
    assert _values(shapes.tuple_evidence(["tuple[str, Any]", "tuple[str]"])) == ["tuple[str, ...]"]
    assert shapes.tuple_evidence(["tuple[str, Any]"]) == []


def test_async_generator_is_an_async_iterator(tmp_path: Path) -> None:
    path = tmp_path / "agen.py"
    path.write_text("async def ticks(n: int):\n    for i in range(n):\n        yield i\n")
    ir = lift_file(path).functions[0]
    hole = next(h for h in ir.holes if h.target == "signature.returns")
    values = [c.value for c in suggest(ir, hole.identifier, use_model=False, top=3, check=False)]
    assert any(same_type(v, "AsyncIterator[int]") for v in values)
    assert not any(v.startswith("Iterator") for v in values)


def test_bench_reads_a_bare_generic_as_parameterised_by_any() -> None:
    from lift_tui.bench.holes_score import correct

    assert correct("return", "tuple[Any, list]", ["tuple[Any, list[Any]]"], None)
    assert correct("return", "tuple", ["tuple[Any, ...]"], None)
    assert not correct("return", "list", ["list[str]"], None)
    assert not correct("return", "dict", ["dict[str, Any]"], None)


def test_parameters_no_overload_accepts_together_are_exclusive(tmp_path: Path) -> None:
    path = tmp_path / "load.py"
    path.write_text(
        "from typing import overload\n\n\n@overload\ndef load(*, args: list) -> int: ...\n\n\n"
        "@overload\ndef load(*, parsed: dict) -> int: ...\n\n\n"
        "def load(*, args=None, parsed=None):\n    return 1\n"
    )
    ir = next(f for f in lift_file(path).functions if f.metadata.lines and f.metadata.lines[0] >= 12)
    fn = _fn(path.read_text(), "load")
    fn = FunctionSource(
        next(n for n in fn.module.body if isinstance(n, ast.FunctionDef) and n.lineno >= 12), fn.module
    )
    found = guards.overload_exclusive_evidence(ir, fn)
    assert _values(found) == ["not (args is not None and parsed is not None)"]


def test_a_property_named_for_an_annotated_value_returns_its_type() -> None:
    source = """
    class Process:
        def __init__(self, pid: int, quote: bool) -> None:
            self._pid = pid

        @property
        def pid(self):
            return self._p.pid

        def quote(self, text):
            return text
    """
    assert _values(shapes.named_value_evidence(_fn(source, "Process.pid"))) == ["int"]
    assert shapes.named_value_evidence(_fn(source, "Process.quote")) == []


def test_neighbourhood_prior_fills_an_empty_list_from_the_class() -> None:
    source = """
    class Db:
        def a(self) -> str: ...
        def b(self) -> str: ...
        def c(self) -> None: ...
        def d(self) -> None: ...
        def mode(self):
            return self.run().one()[0]
    """
    assert _values(shapes.neighbourhood_prior(_fn(source, "Db.mode"))) == ["str"]


def test_dict_filled_by_stores_and_alternate_constructors() -> None:
    fn = _fn(
        "def css(names: list[str]):\n    table = {}\n    for name in names:\n"
        "        table[name] = name.upper()\n    return table\n",
        "css",
    )
    ret = fn.node.body[-1].value  # type: ignore[attr-defined]
    assert ExprTyper(fn.node, fn.module, {"names": "list[str]"}, None).type_of(ret) == "dict[str, str]"
    maker = _fn("class Node:\n    @classmethod\n    def make(cls):\n        return cls()\n", "Node.make")
    assert "Self" in _values(shapes.self_evidence(maker, [maker.node.body[0].value]))  # type: ignore[attr-defined]


def test_an_enum_members_name_is_a_str() -> None:
    fn = _fn(
        "from enum import IntEnum\n\nclass Change(IntEnum):\n    added = 1\n\n"
        "    def raw(self):\n        return self.name\n",
        "Change.raw",
    )
    ret = fn.node.body[0].value  # type: ignore[attr-defined]
    assert ExprTyper(fn.node, fn.module, {"self": "Change"}, "Change").type_of(ret) == "str"


def test_literal_values_stay_values_when_normalised() -> None:
    assert same_type("Literal['command', 'function']", "\"Literal['function', 'command']\"")
    assert not same_type("Literal['a']", "Literal[a]")


def test_bench_mirrors_the_package_so_relative_imports_resolve(tmp_path: Path) -> None:
    from lift_tui.bench.holes import _mirror

    pkg = tmp_path / "src" / "pkg"
    (pkg / "sub").mkdir(parents=True)
    for name in (
        "pkg/__init__.py",
        "pkg/base.py",
        "pkg/sub/__init__.py",
        "pkg/sub/mod.py",
        "pkg/sub/other.py",
    ):
        (tmp_path / "src" / name).write_text("x = 1\n")
    copy = _mirror(pkg / "sub" / "mod.py", tmp_path / "work")
    assert copy == tmp_path / "work" / "pkg" / "sub" / "mod.py" and not copy.exists()
    assert (copy.parent / "other.py").resolve() == (pkg / "sub" / "other.py").resolve()
    assert (copy.parent.parent / "base.py").resolve() == (pkg / "base.py").resolve()
    assert not copy.parent.is_symlink()
