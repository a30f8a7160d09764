"""Intent, sections and examples from Google, NumPy, reST and plain docstrings."""

from __future__ import annotations

from .conftest import lift_one


def test_google_style() -> None:
    ir = lift_one(
        '''
        def scale(values, factor=2):
            """Multiply every value by a factor.

            Values are not modified in place.

            Args:
                values: numbers to scale.
                factor: what to multiply by.

            Returns:
                A new list of scaled numbers.

            Raises:
                TypeError: if a value is not a number.
            """
            return [v * factor for v in values]
        '''
    )
    assert ir.intent.summary == "Multiply every value by a factor."
    assert ir.intent.rationale == "Values are not modified in place."
    assert ir.intent.provenance.confidence == 0.9
    assert ir.intent.provenance.detail == "docstring (google)"
    assert ir.signature.parameter("values").description == "numbers to scale."
    assert ir.signature.parameter("factor").description == "what to multiply by."
    assert ir.signature.returns_description == "A new list of scaled numbers."
    assert ir.signature.raises == ["TypeError"]
    assert ir.hole("summary") is None


def test_numpy_style() -> None:
    ir = lift_one(
        '''
        def mean(xs):
            """Arithmetic mean.

            Parameters
            ----------
            xs : list of float
                The sample.

            Returns
            -------
            float
                The mean of the sample.

            Raises
            ------
            ZeroDivisionError
                If the sample is empty.
            """
            return sum(xs) / len(xs)
        '''
    )
    assert ir.intent.summary == "Arithmetic mean."
    assert ir.signature.parameter("xs").description == "The sample."
    assert ir.signature.returns_description == "The mean of the sample."
    assert ir.signature.raises == ["ZeroDivisionError"]


def test_rest_style() -> None:
    ir = lift_one(
        '''
        def fetch(key, default=None):
            """Look a key up.

            :param key: the key to find
            :param default: returned when missing
            :returns: the stored value
            :raises KeyError: never, despite the name
            """
            if key is None:
                raise ValueError("no key")
            return default
        '''
    )
    assert ir.intent.summary == "Look a key up."
    assert ir.signature.parameter("key").description == "the key to find"
    assert ir.signature.returns_description == "the stored value"
    assert ir.signature.raises == ["ValueError", "KeyError"]  # body first, then the docstring


def test_plain_docstring_with_wrapped_summary() -> None:
    ir = lift_one(
        '''
        def f(x: int) -> int:
            """Return x unchanged, a summary
            that wraps onto a second line.

            The rest explains why.
            """
            return x
        '''
    )
    assert ir.intent.summary == "Return x unchanged, a summary that wraps onto a second line."
    assert ir.intent.rationale == "The rest explains why."
    assert ir.holes == []


def test_doctest_examples_for_own_calls_only() -> None:
    ir = lift_one(
        '''
        def square(n: int) -> int:
            """Square a number.

            >>> square(3)
            9
            >>> square(-2)
            4
            >>> other(3)
            1
            >>> x = square(2)
            >>> square(0); print("x")
            0
            >>> square("a")
            Traceback (most recent call last):
            TypeError: bad
            """
            return n * n
        '''
    )
    assert [(e.call, e.expected) for e in ir.examples] == [("square(3)", "9"), ("square(-2)", "4")]
    assert ir.examples[0].provenance.detail == "doctest"
    assert ir.examples[0].provenance.confidence == 0.95


def test_prose_examples_only_when_unambiguous() -> None:
    ir = lift_one(
        '''
        def square(n: int) -> int:
            """Square a number, so square(3) == 9 and square(4) returns 16.

            Also square(-1) -> 1. But square(x) returns the square of x,
            other(3) == 4 is about another function, and presquare(2) == 5 too.
            square(2) is 4 (no marker word), square(1, k=2) gives [1, 2].
            """
            return n * n
        '''
    )
    assert [(e.call, e.expected) for e in ir.examples] == [
        ("square(3)", "9"),
        ("square(4)", "16"),
        ("square(-1)", "1"),
        ("square(1, k=2)", "[1, 2]"),
    ]
    assert all(e.provenance.detail == "prose" for e in ir.examples)


def test_missing_docstring_is_a_text_hole() -> None:
    ir = lift_one(
        """
        def f(x: int) -> int:
            return x
        """
    )
    assert ir.intent.summary is None
    assert ir.intent.provenance.confidence == 0.0
    hole = ir.hole("summary")
    assert hole is not None
    assert (hole.kind.value, hole.target, hole.type_hint) == ("text", "intent.summary", "str")


def test_docstring_with_bad_doctest_indentation_still_gives_intent() -> None:
    ir = lift_one(
        '''
        def f(x: int) -> int:
            """Do f.

                >>> f(1)
              1
            """
            return x
        '''
    )
    assert ir.intent.summary == "Do f."
