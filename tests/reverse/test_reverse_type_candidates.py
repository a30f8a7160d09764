"""Sensible candidates for missing annotations, from operators, well-known calls and locals."""

from __future__ import annotations

import pytest

from .conftest import lift_one


def _candidates(source: str, hole: str = "return_type") -> list[str]:
    found = lift_one(source).hole(hole)
    assert found is not None
    return found.candidates


def test_mean_gets_number_lists_and_a_float_return() -> None:
    source = """
        def mean(numbers):
            total = 0
            for n in numbers:
                total += n
            return total / len(numbers)
        """
    assert _candidates(source, "numbers_type")[:2] == ["list[float]", "list[int]"]
    assert _candidates(source) == ["float"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("import random\n    return random.random()", ["float"]),
        ("import time\n    return time.time()", ["float"]),
        ("import os\n    return os.path.join(x, 'a')", ["str"]),
        ("return len(x)", ["int"]),
        ("return x < 3 and x > 0", ["bool"]),
        ("return f'{x}!'", ["str"]),
        ("return x.strip().lower()", ["str"]),
        ("return ', '.join(x)", ["str"]),
        ("return x.split(',')", ["list[str]"]),
        ("n = len(x)\n    return n * 2", ["int"]),
        ("t = 1\n    t = t + 0.5\n    return t", ["float"]),
        ("return x.startswith('a')", ["bool"]),
        ("return x if x else 0", []),
        ("total = 0\n    for n in x:\n        total += n\n    return total", []),
    ],
)
def test_return_candidates(body: str, expected: list[str]) -> None:
    assert _candidates(f"def f(x):\n    {body}\n") == expected


def test_unknown_call_gives_no_guess() -> None:
    assert _candidates("def f(x):\n    return helper(x)\n") == []
