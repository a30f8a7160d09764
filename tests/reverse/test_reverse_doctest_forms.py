"""Every usual doctest form gives its example; escapes and late docstrings do not lose them."""

from __future__ import annotations

from .conftest import lift_one


def _pairs(source: str, qualname: str | None = None) -> list[tuple[str, str]]:
    return [(e.call, e.expected) for e in lift_one(source, qualname).examples]


def test_an_equality_with_no_output_line_is_an_example() -> None:
    assert _pairs(
        '''
        def double(x):
            """Double x.

            >>> double(2) == 4
            >>> 6 == double(3)
            >>> double(5) == 10
            True
            """
            return 2 * x
        '''
    ) == [("double(2)", "4"), ("double(3)", "6"), ("double(5)", "10")]


def test_an_assert_in_a_doctest_is_an_example() -> None:
    assert _pairs(
        '''
        def inc(x):
            """Add one.

            >>> assert inc(1) == 2
            >>> assert inc(1) > 0
            """
            return x + 1
        '''
    ) == [("inc(1)", "2")]


def test_a_call_with_no_output_returns_none() -> None:
    assert _pairs(
        '''
        def log(x):
            """Log x.

            >>> log("a")
            >>> value = log("b")
            """
        '''
    ) == [('log("a")', "None")]


def test_an_escape_in_a_non_raw_docstring_keeps_the_examples() -> None:
    # Python reads "\n" inside the docstring as a line break: the doctest and the docstring's
    # indentation break. The examples are read again from the literal as written.
    source = (
        "def split_lines(text):\n"
        '    """Split text at line breaks.\n'
        "\n"
        '    >>> split_lines("a\\nb")\n'
        "    ['a', 'b']\n"
        "    >>> split_lines('x')\n"
        "    ['x']\n"
        '    """\n'
        "    return text.split('\\n')\n"
    )
    assert _pairs(source) == [('split_lines("a\\nb")', "['a', 'b']"), ("split_lines('x')", "['x']")]
    assert lift_one(source).intent.summary == "Split text at line breaks."


def test_a_raw_docstring_is_read_as_python_reads_it() -> None:
    source = (
        "def count(text):\n"
        '    r"""Count lines.\n'
        "\n"
        '    >>> count("a\\nb")\n'
        "    2\n"
        '    """\n'
        "    return len(text.splitlines())\n"
    )
    assert _pairs(source) == [('count("a\\nb")', "2")]


def test_a_string_after_leading_imports_is_the_intent() -> None:
    ir = lift_one(
        '''
        def numbers(text):
            import re
            from math import floor
            """Every whole number in the text.

            >>> numbers("1 and 22")
            [1, 22]
            """
            return [floor(int(n)) for n in re.findall(r"\\d+", text)]
        '''
    )
    assert ir.intent.summary == "Every whole number in the text."
    assert [(e.call, e.expected) for e in ir.examples] == [('numbers("1 and 22")', "[1, 22]")]
    assert ir.hole("summary") is None


def test_a_string_after_other_code_is_not_the_intent() -> None:
    ir = lift_one(
        '''
        def f(x):
            x = x + 1
            """not a docstring"""
            return x
        '''
    )
    assert ir.intent.summary is None
