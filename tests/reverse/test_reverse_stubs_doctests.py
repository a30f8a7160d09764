"""Stubs are not failures, doctests are not rationale."""

from __future__ import annotations

from .conftest import lift_one


def test_bare_doctest_block_is_an_example_not_rationale() -> None:
    ir = lift_one(
        '''
        def sq(x):
            """Square a number.

            >>> sq(3)
            9

            Works for floats too.

            Example:

            >>> sq(2)
            4
            """
            return x * x
        '''
    )
    assert ir.intent.summary == "Square a number."
    assert ir.intent.rationale == "Works for floats too."
    assert [(e.call, e.expected) for e in ir.examples] == [("sq(3)", "9"), ("sq(2)", "4")]


def test_docstring_of_only_a_doctest_has_no_summary() -> None:
    ir = lift_one('def one(x):\n    """>>> one(1)\n    1\n    """\n    return x\n')
    assert ir.intent.summary is None and ir.intent.rationale is None
    assert [e.call for e in ir.examples] == ["one(1)"]
    assert ir.hole("summary") is not None


def test_stub_body_is_not_a_raise() -> None:
    ir = lift_one(
        '''
        def stub(a: int) -> int:
            """Stub."""
            raise NotImplementedError("later")
        '''
    )
    assert ir.signature.raises == []
    assert "abstract" in (ir.signature.provenance.detail or "")


def test_stub_keeps_its_guards_raises_and_no_return_none_guess() -> None:
    ir = lift_one(
        """
        def scale(factor):
            if factor == 0:
                raise ValueError("factor must not be zero")
            raise NotImplementedError
        """
    )
    assert ir.signature.raises == ["ValueError"]
    assert [a.expression for a in ir.preconditions] == ["factor != 0"]
    assert "None" not in ir.hole("return_type").candidates


def test_conditional_not_implemented_is_still_a_raise() -> None:
    ir = lift_one(
        """
        def area(shape: str) -> float:
            if shape == "circle":
                return 3.0
            raise NotImplementedError(shape)
        """
    )
    assert ir.signature.raises == ["NotImplementedError"]
    assert ir.signature.provenance.detail is None
