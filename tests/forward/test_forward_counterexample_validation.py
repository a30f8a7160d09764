"""validate_code's counterexample search: real CrossHair in the sandbox, no model."""

from __future__ import annotations

from lift_tui.forward.validation import counterexample_report, validate, with_counterexample
from lift_tui.ir import IR, Assertion, Example, Parameter, Signature

IR_ABS = IR(
    signature=Signature(name="magnitude", parameters=[Parameter(name="x", type_hint="int")], returns="int"),
    assertions=[Assertion(category="postcondition", expression="result >= 0")],
    examples=[Example(call="magnitude(3)", expected="3")],
)
RIGHT = "def magnitude(x: int) -> int:\n    return x if x >= 0 else -x\n"
WRONG = "def magnitude(x: int) -> int:\n    return x\n"


def test_wrong_body_gets_a_counterexample_and_fails_validation() -> None:
    base = validate(IR_ABS, WRONG)
    assert base["passed"] is True  # the example alone does not catch the bug
    report = with_counterexample(base, IR_ABS, WRONG, budget_s=3)
    found = report["counterexample"]
    assert found["status"] == "found", found
    assert found["call"].startswith("magnitude(")
    x = int(found["call"][len("magnitude(") : -1])
    assert x < 0 and int(found["got"]) == x  # it really breaks result >= 0
    assert report["passed"] is False
    assert "counterexample" in report["summary"]
    assert base["passed"] is True  # the input report is left as it was (the node can re-run)


def test_right_body_has_none_and_keeps_passing() -> None:
    report = with_counterexample(validate(IR_ABS, RIGHT), IR_ABS, RIGHT, budget_s=1)
    assert report["counterexample"] == {"status": "none", "call": None, "got": None,
                                        "message": "no counterexample within the budget"}
    assert report["passed"] is True


def test_no_postconditions_means_no_search() -> None:
    bare = IR_ABS.model_copy(update={"assertions": []})
    assert counterexample_report(bare, WRONG, budget_s=1) is None
    assert "counterexample" not in with_counterexample({"passed": True, "counterexample": {}}, bare, WRONG, 1)
