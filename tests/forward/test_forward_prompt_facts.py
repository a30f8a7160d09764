"""Prompt facts in every form people write them (our own examples, not a benchmark's items)."""

from __future__ import annotations

import pytest

from lift_tui.forward.prompt_facts import find_facts
from lift_tui.forward.prose_types import phrase_at, return_type


def _shape(prompt: str) -> tuple:
    facts = find_facts(prompt)
    params = None if facts.parameters is None else [(p.name, p.type_hint) for p in facts.parameters]
    return facts.name, params, facts.returns


@pytest.mark.parametrize(
    ("prompt", "name", "params"),
    [
        ("The helper is called clip_value and takes (x, low, high).", "clip_value",
         [("x", None), ("low", None), ("high", None)]),
        ("Write a function named shout that accepts a string `text`.", "shout", [("text", "str")]),
        ("Implement `merge_sorted(left, right)`: merge two sorted lists.", "merge_sorted",
         [("left", None), ("right", None)]),
        ("Write scale(v: list[float], k: float) -> list[float].", "scale",
         [("v", "list[float]"), ("k", "float")]),
        ("Given a string word and an integer times, repeat it.", None, [("word", "str"), ("times", "int")]),
        ("given a list `values`, return the spread", None, [("values", "list")]),
        ("The function takes two integers and returns their lcm.", None, [(None, "int"), (None, "int")]),
        ("A function that takes three arguments, p, q and r.", None, [("p", None), ("q", None), ("r", None)]),
        ("Call it tally; it takes a list of words `ws`.", None, [("ws", "list[str]")]),
        ("count the digits in a text", None, None),
    ],
)
def test_name_and_parameters_in_prose(prompt: str, name: str | None, params: list | None) -> None:
    got_name, got_params, _ = _shape(prompt)
    assert got_name == name
    assert got_params == params


@pytest.mark.parametrize(
    ("prompt", "call", "expected"),
    [
        ("cube(2) == 8", "cube(2)", "8"),
        ("cube(2) -> 8", "cube(2)", "8"),
        ("cube(2) ➞ 8", "cube(2)", "8"),
        ("cube(2) → 8", "cube(2)", "8"),
        ("For example, cube(3) should return 27.", "cube(3)", "27"),
        ("`cube(4)` returns `64`", "cube(4)", "64"),
        ("Cubes a number.\n>>> cube(5)\n125\n", "cube(5)", "125"),
        (">>> cube(1) == 1", "cube(1)", "1"),
        ("join_words(['a', 'b']) ➞ 'a b'", "join_words(['a', 'b'])", "'a b'"),
        ("e.g. pairs([1, 2]) gives [(1, 2)], and more", "pairs([1, 2])", "[(1, 2)]"),
    ],
)
def test_example_calls_in_common_forms(prompt: str, call: str, expected: str) -> None:
    facts = find_facts(prompt)
    assert [(e.call, e.expected) for e in facts.examples] == [(call, expected)]
    assert facts.name == call.split("(")[0]
    assert facts.arity == 1


def test_mentions_of_calls_without_literals_are_not_examples() -> None:
    facts = find_facts("Return f(x) for each x; f(x) is defined by the user.")
    assert facts.examples == ()


def test_a_verbatim_def_line_wins_outright() -> None:
    prompt = (
        "from typing import List\n\n"
        "def spread(xs: List[float], *, scale: float = 1.0) -> float:\n"
        '    """Range of the values, times scale. Called spreadsheet elsewhere.\n'
        "    >>> spread([1.0, 3.0])\n    2.0\n    \"\"\"\n"
    )
    facts = find_facts(prompt)
    assert facts.name == "spread"
    assert [(p.name, p.type_hint, p.default, p.kind) for p in facts.parameters] == [
        ("xs", "List[float]", None, "positional_or_keyword"), ("scale", "float", "1.0", "keyword_only"),
    ]
    assert facts.returns == "float"
    assert facts.def_line.startswith("def spread(")
    assert [(e.call, e.expected) for e in facts.examples] == [("spread([1.0, 3.0])", "2.0")]
    assert facts.docstring.startswith("Range of the values, times scale.")
    assert find_facts(prompt.rsplit('"""', 1)[0]).docstring == facts.docstring  # cut before the close


def test_example_arity_beats_a_stated_list_that_disagrees() -> None:
    facts = find_facts("It is called mix and takes (a, b). mix(1, 2, 3) == 6")
    assert facts.name == "mix" and facts.arity == 3


@pytest.mark.parametrize(
    ("phrase", "hint"),
    [
        ("a list of integers", "list[int]"), ("a positive float", "float"), ("a string", "str"),
        ("an integer array", "list[int]"), ("a list of lists of strings", "list[list[str]]"),
        ("a dictionary mapping strings to integers", "dict[str, int]"), ("a set of words", "set[str]"),
        ("a list of pairs of integers", "list[tuple[int, int]]"), ("a boolean", "bool"),
    ],
)
def test_types_from_prose(phrase: str, hint: str) -> None:
    assert phrase_at(phrase, 0)[0] == hint


@pytest.mark.parametrize(
    ("prompt", "hint"),
    [
        ("Return True if the list is sorted.", "bool"), ("check whether n is prime", "bool"),
        ("count the vowels", "int"), ("Return the number of lines.", "int"),
        ("It returns a list of strings.", "list[str]"),
        ("Return the decimal part of a positive float.", None),
    ],
)
def test_result_type_from_prose(prompt: str, hint: str | None) -> None:
    assert return_type(prompt) == hint


def test_predicate_names_return_bool() -> None:
    assert find_facts("The function is called has_duplicates.").returns == "bool"


@pytest.mark.parametrize(
    ("prompt", "params"),
    [
        ("Return the sum of the even numbers in a list of integers. It is called f and takes (xs).",
         [("xs", "list[int]")]),
        ("Count the vowels of a string. The function is named vowels and takes (s).", [("s", "str")]),
        ("Returns a list of strings. Called split_words, takes (s).", [("s", None)]),
        ("Merge a list of integers into a string. Called glue, takes (xs).", [("xs", None)]),
        ("Scale a list of floats. Called scale, takes (xs, k).", [("xs", None), ("k", None)]),
    ],
)
def test_a_lone_parameter_takes_the_one_input_type_the_prose_gives(prompt: str, params: list) -> None:
    """The result's own phrase ("returns a list of strings") is not the input's; two phrases that
    disagree, or two parameters, leave it untyped."""
    assert _shape(prompt)[1] == params


@pytest.mark.parametrize(
    ("prompt", "name", "params"),
    [
        # a prose "Input is ..." comes first; the explicit list later is the signature
        ("Input is a string of words separated by commas. Sort them. The function is called sort_words and "
         "takes (text).", "sort_words", [("text", "str")]),
        # a count and a type phrase cover the names after it
        ("Takes two strings left and right and returns their common prefix. Name it common_prefix.",
         "common_prefix", [("left", "str"), ("right", "str")]),
        # "Name:" / "Argument:" forms, with the type in parentheses
        ("Name: word_count. Argument: text (str). Count the words.", "word_count", [("text", "str")]),
        # prose calls other things "called"; the function's own name is said later
        ("A number is called perfect if it equals the sum of its divisors. The function is called "
         "is_perfect and takes (n).", "is_perfect", [("n", None)]),
        ("strip_tags is called with some html and returns the text.", "strip_tags", None),
        ("Define rescale(xs: list[float]) -> list[float] mapping the range onto [0, 1].", "rescale",
         [("xs", "list[float]")]),
    ],
)
def test_more_ways_people_state_the_signature(prompt: str, name: str, params: list | None) -> None:
    found = _shape(prompt)
    assert found[0] == name
    if params is not None:
        assert found[1] == params


def test_a_parameter_the_examples_never_pass_is_optional() -> None:
    facts = find_facts("Split a line into fields. The function is called fields and takes (line, sep).\n"
                       ">>> fields('a b')\n['a', 'b']")
    assert [(p.name, p.default) for p in facts.parameters] == [("line", None), ("sep", "None")]


def test_the_def_to_write_is_the_one_without_a_body() -> None:
    prompt = (
        "def helper(x: int) -> int:\n    return x + 1\n\n\n"
        "def target(xs: list[int]) -> list[int]:\n    \"\"\"Add one to every item using helper.\n"
        "    >>> target([1])\n    [2]\n    \"\"\"\n"
    )
    facts = find_facts(prompt)
    assert facts.name == "target" and facts.docstring.startswith("Add one")
