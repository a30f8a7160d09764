"""Preconditions from asserts and guards, postconditions, and the raises list."""

from __future__ import annotations

from .conftest import lift_one


def _pre(ir) -> list[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(a.expression, a.raises, a.message) for a in ir.preconditions]


def test_leading_asserts_split_on_and() -> None:
    ir = lift_one(
        '''
        def f(x: int, y: int) -> int:
            """Doc."""
            assert x >= 0 and y > x, "x must be small"
            assert isinstance(y, int)
            z = x + y
            assert z > 100  # not leading: a postcondition, not a precondition
            return z
        '''
    )
    assert _pre(ir) == [
        ("x >= 0", "AssertionError", "x must be small"),
        ("y > x", "AssertionError", "x must be small"),
        ("isinstance(y, int)", "AssertionError", None),
    ]
    assert ir.preconditions[0].provenance.confidence == 0.9
    assert ir.preconditions[2].provenance.confidence == 0.85
    assert ir.preconditions[0].provenance.location.line == 4
    assert [a.expression for a in ir.postconditions] == ["result > 100"]


def test_guard_clauses_are_negated_exactly() -> None:
    ir = lift_one(
        """
        def f(x, items, name, value):
            if x < 0:
                raise ValueError("x must be >= 0")
            if name is None or name == "":
                raise ValueError(f"bad name {name!r}")
            if not isinstance(items, list):
                raise TypeError("items must be a list")
            if value in items:
                raise KeyError
            elif not value:
                raise ValueError("empty value")
            if x > 10:
                x = 10
            if x == 3:
                raise RuntimeError("not leading any more")
            return x
        """
    )
    assert _pre(ir) == [
        ("not x < 0", "ValueError", "x must be >= 0"),  # NaN-safe: not flipped to x >= 0
        ("name is not None", "ValueError", "f'bad name {name!r}'"),
        ("name != ''", "ValueError", "f'bad name {name!r}'"),
        ("isinstance(items, list)", "TypeError", "items must be a list"),
        ("value not in items", "KeyError", None),
        ("value", "ValueError", "empty value"),
    ]
    assert ir.signature.raises == ["ValueError", "TypeError", "KeyError", "RuntimeError"]
    assert ir.preconditions[0].provenance.confidence == 0.8
    assert ir.preconditions[3].provenance.confidence == 0.85


def test_raises_ignores_nested_functions_and_bare_raise() -> None:
    ir = lift_one(
        """
        def f(x: int) -> int:
            def g():
                raise IndexError
            try:
                return g()
            except IndexError:
                raise
            finally:
                raise OSError("boom")
        """,
        "f",
    )
    assert ir.signature.raises == ["OSError"]


def test_postconditions_from_assert_before_return() -> None:
    ir = lift_one(
        """
        def clamp(x: int, low: int, high: int) -> int:
            if x < low:
                out = low
                assert out >= low
                return out
            out = min(x, high)
            assert low <= out <= high, "in range"
            return out

        def other(x: int) -> int:
            y = x * 2
            assert x > 0
            return y
        """,
        "clamp",
    )
    assert [(a.expression, a.message) for a in ir.postconditions] == [
        ("result >= low", None),
        ("low <= result <= high", "in range"),
    ]
    assert ir.postconditions[0].provenance.confidence == 0.8


def test_assert_not_about_return_value_is_not_a_postcondition() -> None:
    source = """
        def other(x: int) -> int:
            y = x * 2
            assert x > 0
            return y
        """
    assert lift_one(source).postconditions == []
