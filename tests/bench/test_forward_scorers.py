"""Scorers on real sandbox subprocesses: right code passes, wrong code fails, loops time out."""

from __future__ import annotations

from lift_tui.bench.forward_corpus import Facts, Item
from lift_tui.bench.forward_score import (
    definitions_only,
    entry_function,
    parses,
    score_calls,
    signature_matches_facts,
)

ANY = Item("own", "terse", "dev", "t", "reverse a string", "calls", call_style="any_name",
           tests=(("{fn}('abc')", "'cba'"), ("{fn}('')", "''")))
NAMED = Item("own", "named", "dev", "n", "clamp(value, low, high)", "calls",
             facts=Facts("clamp", ("value", "low", "high")), tests=(("clamp(5, 0, 3)", "3"),))
LOOP = "def f(s):\n    while True:\n        pass\n"


def test_calls_scorer_passes_right_code_under_any_name_and_fails_wrong_code() -> None:
    right = score_calls(ANY, "def backwards(text):\n    return text[::-1]\n")
    assert right.passed and right.passed_checks == 2
    wrong = score_calls(ANY, "def backwards(text):\n    return text\n")
    assert not wrong.passed and wrong.passed_checks == 1 and "'abc'" in wrong.detail
    assert not score_calls(ANY, "x = 1\n").passed
    assert not score_calls(ANY, "def f(:\n").passed


def test_calls_scorer_stops_a_looping_candidate() -> None:
    looping = score_calls(ANY, LOOP, timeout_s=1.5)
    assert not looping.passed and "timeout" in looping.detail


def test_named_items_are_called_by_their_stated_name() -> None:
    assert score_calls(NAMED, "def clamp(v, lo, hi):\n    return max(lo, min(hi, v))\n").passed
    assert not score_calls(NAMED, "def limit(v, lo, hi):\n    return max(lo, min(hi, v))\n").passed


def test_entry_function_is_the_uncalled_top_level_function() -> None:
    code = (
        "def helper(x):\n    return x\n\ndef main(s):\n    return helper(s)\n\n"
        "def other():\n    return main('a')\n"
    )
    assert entry_function(code).name == "other"
    assert entry_function("def a(n):\n    return a(n - 1) if n else 0\n").name == "a"  # recursion is no call
    assert entry_function(code, "main").name == "main"
    assert entry_function("import os\n") is None


def test_signature_facts_compare_name_parameter_names_and_arity() -> None:
    code = "def clamp(value, low, high):\n    return value\n"
    assert signature_matches_facts(code, Facts("clamp", ("value", "low", "high"))) is True
    assert signature_matches_facts(code, Facts("clamp", ("value", "lo", "hi"))) is False
    assert signature_matches_facts(code, Facts("clamp", None, 3)) is True
    assert signature_matches_facts(code, Facts("clamp", None, 4)) is False
    assert signature_matches_facts(code, Facts("limit", None, 3)) is False
    assert signature_matches_facts(code, Facts()) is None
    assert parses(code) and not parses("") and not parses("def (")


def test_humaneval_scorer_runs_the_published_tests() -> None:
    from lift_tui.bench.forward_humaneval import load_humaneval, score_humaneval

    item = next(i for i in load_humaneval() if i.id == "HumanEval/2")  # truncate_number
    head = "def truncate_number(number):\n"
    assert score_humaneval(item, head + "    return number % 1.0\n").passed
    assert not score_humaneval(item, head + "    return 0.5\n").passed
    assert not score_humaneval(item, "def other(number):\n    return number % 1.0\n").passed
    slow = score_humaneval(item, head + "    while True:\n        pass\n", timeout_s=1.5)
    assert not slow.passed and "timeout" in slow.detail


def _reimpl_item() -> Item:
    return Item("reimpl", "docstring", "dev", "colorsys.rgb_to_hsv", "Convert RGB to HSV.", "differential",
                facts=Facts("rgb_to_hsv", ("r", "g", "b")),
                extra={"module": "colorsys", "name": "rgb_to_hsv", "types": ["float"] * 3,
                       "inputs": ["(0.0, 0.0, 0.0)", "(1.0, 0.5, 0.25)", "(0.2, 0.9, 0.4)",
                                  "(1.0, 1.0, 1.0)"]})


def test_differential_scorer_compares_with_the_original() -> None:
    from lift_tui.bench.forward_reimpl import score_differential

    item = _reimpl_item()
    right = "import colorsys as _c\n\ndef rgb_to_hsv(r, g, b):\n    return _c.rgb_to_hsv(r, g, b)\n"
    outcome = score_differential(item, right)
    assert outcome.passed and outcome.passed_checks == 4
    wrong = score_differential(item, "def rgb_to_hsv(r, g, b):\n    return (r, g, b)\n")
    assert not wrong.passed and wrong.passed_checks < 4 and "original" in wrong.detail
    looping = score_differential(item, "def rgb_to_hsv(r, g, b):\n    while 1:\n        pass\n", timeout_s=2)
    assert not looping.passed and "timeout" in looping.detail


def test_differential_scorer_needs_the_same_exception_class() -> None:
    from lift_tui.bench.forward_reimpl import score_differential

    item = Item("reimpl", "docstring", "dev", "math.sqrt", "Square root.", "differential",
                facts=Facts("root", ("x",)),
                extra={"module": "math", "name": "sqrt", "types": ["float"], "inputs": ["(4.0,)", "(-1.0,)"]})
    guarded = "def root(x):\n    if x < 0:\n        raise {}(x)\n    return x ** 0.5\n"
    assert score_differential(item, guarded.format("ValueError")).passed
    assert score_differential(item, guarded.format("ArithmeticError")).passed is False  # unrelated class
    assert not score_differential(item, "def root(x):\n    return abs(x) ** 0.5\n").passed
    assert not score_differential(item, guarded.format("KeyError")).passed


def test_demo_code_around_the_function_is_not_scored() -> None:
    script = (
        "import sys\n\ndef backwards(text):\n    return text[::-1]\n\nprint(backwards(input()))\n"
        "if __name__ == '__main__':\n    sys.exit(backwards('x'))\n"
    )
    assert definitions_only(script) == "import sys\n\ndef backwards(text):\n    return text[::-1]"
    assert score_calls(ANY, script).passed
