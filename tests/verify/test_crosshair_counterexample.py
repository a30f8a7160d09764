"""CrossHair counterexample search, run for real in the sandbox (a few seconds each)."""

from __future__ import annotations

import ast

from lift_tui.ir import IR, Assertion, Parameter, Signature, Source
from lift_tui.verify.counterexamples import build_module, find_counterexample, search_counterexample

IR_ISQRT = IR(
    signature=Signature(name="isqrt_floor", parameters=[Parameter(name="n", type_hint="int")], returns="int"),
    assertions=[
        Assertion(category="precondition", expression="n >= 0"),
        Assertion(category="postcondition", expression="result * result <= n < (result + 1) * (result + 1)"),
    ],
)
CORRECT = """
def isqrt_floor(n: int) -> int:
    r = 0
    while (r + 1) * (r + 1) <= n:
        r += 1
    return r
"""
OFF_BY_ONE = CORRECT.replace("<= n", "< n")


def test_finds_a_counterexample_that_really_breaks_the_postcondition() -> None:
    example = find_counterexample(IR_ISQRT, OFF_BY_ONE, budget_s=3)
    assert example is not None
    assert example.call.startswith("isqrt_floor(")
    assert example.provenance.source is Source.solver
    namespace: dict = {}
    exec(OFF_BY_ONE, namespace)  # noqa: S102 - our own fixture code
    n = ast.literal_eval(example.call[len("isqrt_floor(") : -1])
    result = namespace["isqrt_floor"](n)
    assert n >= 0 and not (result * result <= n < (result + 1) * (result + 1))
    assert example.expected == repr(result)


def test_correct_code_has_no_counterexample_within_the_budget() -> None:
    search = search_counterexample(IR_ISQRT, CORRECT, budget_s=1)
    assert search.status == "none", search
    assert search.example is None


def test_module_wrapper_carries_the_contracts() -> None:
    module = build_module(IR_ISQRT, CORRECT)
    ast.parse(module)
    assert "pre: n >= 0" in module
    assert "post: __return__ * __return__ <= n" in module
