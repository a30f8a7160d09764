"""validate_code on good and bad generated code, running it for real in the sandbox."""

from __future__ import annotations

import pytest

from lift_tui.ir import IR, Assertion, Example, Parameter, ParameterKind, Signature
from lift_tui.verify.harness import call_text
from lift_tui.verify.validate import validate_code


@pytest.fixture
def isqrt_ir() -> IR:
    return IR(
        signature=Signature(
            name="isqrt_floor", parameters=[Parameter(name="n", type_hint="int")], returns="int"
        ),
        assertions=[
            Assertion(category="precondition", expression="n >= 0", raises="ValueError"),
            Assertion(
                category="postcondition", expression="result * result <= n < (result + 1) * (result + 1)"
            ),
        ],
        examples=[
            Example(call="isqrt_floor(10)", expected="3"),
            Example(
                call="isqrt_floor(-1)", expected="Traceback (most recent call last):\nValueError: negative"
            ),
        ],
    )


GOOD = """
def isqrt_floor(n: int) -> int:
    if n < 0:
        raise ValueError("negative")
    r = 0
    while (r + 1) * (r + 1) <= n:
        r += 1
    return r
"""


def statuses(report) -> dict[str, bool | None]:
    return {c.name: c.passed for c in report.checks}


def test_good_code_passes_every_check(isqrt_ir: IR) -> None:
    report = validate_code(isqrt_ir, GOOD, timeout_s=5)
    assert statuses(report) == dict.fromkeys(
        ["parses", "signature_matches", "preconditions_kept", "examples_pass", "postconditions_hold"], True
    ), report.summary()
    assert report.passed
    assert "passed" in report.summary()


def test_off_by_one_without_the_guard_fails_the_right_checks(isqrt_ir: IR) -> None:
    bad = GOOD.replace('    if n < 0:\n        raise ValueError("negative")\n', "").replace("<= n", "< n")
    report = validate_code(isqrt_ir, bad, timeout_s=5)
    s = statuses(report)
    assert s["parses"] and s["signature_matches"]
    assert s["preconditions_kept"] is False
    assert s["examples_pass"] is False
    assert s["postconditions_hold"] is False
    assert "isqrt_floor(-1) returned" in report.check("preconditions_kept").detail
    assert not report.passed


def test_wrong_exception_type_for_a_precondition(isqrt_ir: IR) -> None:
    report = validate_code(isqrt_ir, GOOD.replace("ValueError", "TypeError"), timeout_s=5)
    assert report.check("preconditions_kept").passed is False
    assert "expected ValueError" in report.check("preconditions_kept").detail


def test_signature_mismatches_are_named(isqrt_ir: IR) -> None:
    cases = {
        "def isqrt_floor(n: float) -> int:\n    return 0": "annotation",
        "def isqrt_floor(n: int, m=1) -> int:\n    return 0": "parameters",
        "def isqrt_floor(n: int, /) -> int:\n    return 0": "kind",
        "def isqrt_floor(n: int = 3) -> int:\n    return 0": "default",
        "def isqrt_floor(n: int) -> str:\n    return 0": "returns",
        "async def isqrt_floor(n: int) -> int:\n    return 0": "async",
    }
    for code, word in cases.items():
        check = validate_code(isqrt_ir, code, timeout_s=5).check("signature_matches")
        assert check.passed is False and word in check.detail, (code, check.detail)


def test_code_that_does_not_parse_or_lacks_the_function(isqrt_ir: IR) -> None:
    broken = validate_code(isqrt_ir, "def isqrt_floor(n:", timeout_s=5)
    assert statuses(broken)["parses"] is False and not broken.passed
    missing = validate_code(isqrt_ir, "def other(n: int) -> int:\n    return n", timeout_s=5)
    assert missing.check("signature_matches").passed is False


def test_looping_and_hostile_code_is_contained_and_fails(isqrt_ir: IR) -> None:
    loop = validate_code(
        isqrt_ir, "def isqrt_floor(n: int) -> int:\n    while True:\n        pass", timeout_s=1
    )
    assert loop.check("examples_pass").passed is False and loop.seconds < 15
    hostile = "import os\nos.system('true')\n" + GOOD
    report = validate_code(isqrt_ir, hostile, timeout_s=5)
    assert report.check("examples_pass").passed is False
    assert "forbidden" in report.check("examples_pass").detail


def test_untranslatable_precondition_falls_back_to_the_code_text() -> None:
    ir = IR(
        signature=Signature(name="shout", parameters=[Parameter(name="s", type_hint="str")], returns="str"),
        assertions=[Assertion(category="precondition", expression="s.isalpha()")],
        examples=[Example(call="shout('hi')", expected="'HI'")],
    )
    explicit = (
        "def shout(s: str) -> str:\n    if not s.isalpha():\n        raise ValueError(s)\n"
        "    return s.upper()"
    )
    report = validate_code(ir, explicit, timeout_s=5)
    assert report.check("preconditions_kept").passed is True
    assert report.check("postconditions_hold").passed is None
    unchecked = validate_code(ir, "def shout(s: str) -> str:\n    return s.upper()", timeout_s=5)
    assert unchecked.check("preconditions_kept").passed is None
    assert unchecked.check("examples_pass").passed is True


def test_call_text_honours_parameter_kinds() -> None:
    ir = IR(
        signature=Signature(
            name="f",
            parameters=[
                Parameter(name="a", type_hint="int", kind=ParameterKind.positional_only),
                Parameter(name="b", type_hint="int", default="2"),
                Parameter(name="rest", type_hint="int", kind=ParameterKind.var_positional),
                Parameter(name="k", type_hint="str", kind=ParameterKind.keyword_only),
            ],
        )
    )
    assert call_text(ir, {"a": "1", "b": "5", "rest": "[7, 8]", "k": "'x'"}) == "f(1, 5, *[7, 8], k='x')"
    assert call_text(ir, {"a": "1", "k": "'x'"}) == "f(1, k='x')"
    assert call_text(ir, {"b": "1", "k": "'x'"}) is None


def test_static_fallback_understands_or_guards() -> None:
    from lift_tui.verify.signature_check import find_function, has_static_check

    tree = __import__("ast").parse(
        "def f(email: str) -> bool:\n    if '@' not in email or len(email) > 254:\n        raise ValueError\n"
        "    return True"
    )
    fn = find_function(tree, "f")
    assert has_static_check(fn, "not len(email) > 254")
    assert has_static_check(fn, "'@' in email")
    assert not has_static_check(fn, "len(email) > 3")


def test_the_verdict_mark_claims_behaviour_only_when_examples_showed_it(isqrt_ir: IR) -> None:
    from lift_tui.forward.validation import validate, verdict_mark

    assert verdict_mark(validate(isqrt_ir, GOOD, timeout_s=5)) == "✓"
    assert verdict_mark(validate(isqrt_ir.model_copy(update={"examples": []}), GOOD, timeout_s=5)) == "?"
    assert verdict_mark(validate(isqrt_ir, GOOD.replace("return r", "return r + 1"), timeout_s=5)) == "✗"
