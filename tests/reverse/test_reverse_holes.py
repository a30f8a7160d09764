"""Typed holes for missing annotations and docstrings, with the evidence found in the body."""

from __future__ import annotations

from lift_tui.ir import get_path

from .conftest import lift_one


def test_parameter_type_candidates_from_usage() -> None:
    ir = lift_one(
        '''
        def summarize(numbers, label="total", limit=10, ratio=0.5, flag=None, *rest, **options):
            """Sum some numbers."""
            if not isinstance(limit, int):
                raise TypeError("limit")
            for n in numbers:
                pass
            if label.startswith("t"):
                pass
            return sum(numbers) * ratio
        '''
    )
    holes = {h.identifier: h for h in ir.holes}
    assert set(holes) == {
        "numbers_type",
        "label_type",
        "limit_type",
        "ratio_type",
        "flag_type",
        "rest_type",
        "options_type",
        "return_type",
    }
    assert holes["numbers_type"].candidates == ["list[float]", "list[int]", "Iterable"]  # summed
    assert "is iterated over" in holes["numbers_type"].constraints
    assert holes["label_type"].candidates == ["str"]
    assert holes["limit_type"].candidates == ["int"]
    assert holes["limit_type"].constraints == ["default is 10", "isinstance check against int"]
    assert holes["ratio_type"].candidates == ["float"]
    assert holes["flag_type"].candidates == ["None"]
    assert holes["rest_type"].candidates == []  # evidence about *rest is about the tuple, not its items
    numbers = holes["numbers_type"]
    assert (numbers.kind.value, numbers.type_hint, numbers.target) == (
        "type",
        "type",
        "signature.parameters.numbers.type_hint",
    )
    assert numbers.provenance.confidence == 0.4
    returned = holes["return_type"]
    assert returned.target == "signature.returns"
    assert returned.dependencies == ["numbers_type", "ratio_type"]


def test_every_hole_target_is_a_real_path_holding_none() -> None:
    ir = lift_one(
        """
        class C:
            def m(self, a, *args, b=1, **kw):
                return a
        """
    )
    assert [h.identifier for h in ir.holes] == [
        "a_type",
        "args_type",
        "b_type",
        "kw_type",
        "return_type",
        "summary",
    ]
    for hole in ir.holes:
        assert get_path(ir, hole.target) is None


def test_return_type_candidates() -> None:
    source = """
        def nothing(x: int):
            print(x)

        def literal(flag: bool):
            if flag:
                return "yes"
            return None

        def compare(a: int, b: int):
            return a < b

        def passthrough(a: int, b):
            if b:
                return a
            return b

        def gen(n: int):
            yield n

        def built(a: int):
            return sorted([a])

        def maybe(a: int):
            if a:
                return 1
            return
        """
    candidates = {
        name: lift_one(source, name).hole("return_type").candidates
        for name in ("nothing", "literal", "compare", "passthrough", "gen", "built", "maybe")
    }
    assert candidates == {
        "nothing": ["None"],
        "literal": ["str", "None"],
        "compare": ["bool"],
        "passthrough": ["int"],
        "gen": ["Iterator"],
        "built": ["list"],
        "maybe": ["int", "None"],
    }
    assert lift_one(source, "passthrough").hole("return_type").dependencies == ["b_type"]


def test_fully_specified_function_has_no_holes() -> None:
    ir = lift_one(
        '''
        def add(a: int, b: int) -> int:
            """Add two integers."""
            return a + b
        '''
    )
    assert ir.holes == []


def test_staticmethod_first_parameter_gets_a_hole() -> None:
    ir = lift_one(
        """
        class C:
            @staticmethod
            def s(self) -> None:
                '''Odd but legal.'''

            @classmethod
            def c(cls) -> None:
                '''Class method.'''
        """,
        "C.s",
    )
    assert [h.identifier for h in ir.holes] == ["self_type"]
    assert (
        lift_one(
            """
        class C:
            @classmethod
            def c(cls) -> None:
                '''Class method.'''
        """
        ).holes
        == []
    )
