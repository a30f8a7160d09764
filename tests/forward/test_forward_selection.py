"""Selection by execution: candidates run in one real sandbox process, scored, ranked, lifted back."""

from __future__ import annotations

import time

from lift_tui.forward.codegen import _Made as Made
from lift_tui.forward.codegen import rank_candidates
from lift_tui.forward.probes import drawn_probes, example_probes
from lift_tui.forward.roundtrip import compare
from lift_tui.ir import IR, Example, Parameter, Signature
from lift_tui.verify.batch import Probe, run_batch


def _ir(examples: list[tuple[str, str]] = ()) -> IR:
    return IR(
        signature=Signature(name="double", parameters=[Parameter(name="x", type_hint="int")], returns="int"),
        examples=[Example(call=c, expected=e) for c, e in examples],
    )


def test_one_process_runs_every_candidate_and_a_loop_stalls_only_itself() -> None:
    good = "def double(x):\n    return 2 * x\n"
    loops = "def double(x):\n    while True:\n        pass\n"
    broken = "def double(x):\n    return x +\n"
    probes = [Probe("(1,)", "2"), Probe("(5,)"), Probe("(-3,)")]
    started = time.perf_counter()
    outcome = run_batch([("g", good, "double"), ("l", loops, "double"), ("b", broken, "double")], probes,
                        call_timeout_s=0.3, budget_s=1.0)
    assert time.perf_counter() - started < 8
    assert [r.get("out") for r in outcome.rows["g"]] == ["2", "10", "-6"]
    assert outcome.rows["g"][0]["equal"] is True
    assert outcome.rows["l"][0].get("timeout") and outcome.rows["l"][1].get("skipped")
    assert all(r.get("skipped") for r in outcome.rows["b"])


def test_examples_then_agreement_decide_and_a_constant_earns_no_agreement() -> None:
    ir = _ir([("double(2)", "4")])
    made = [
        Made("body", "return x + x", ir, ""),
        Made("body", "return 4", ir, ""),
        Made("body", "return x * 2", ir, ""),
        Made("body", "return x ** 2", ir, ""),
    ]
    order = rank_candidates(ir, made)
    scores = {m.body: s for s, m in order}
    assert {order[0][1].body, order[1][1].body} == {"return x + x", "return x * 2"}
    assert scores["return x + x"].parts["agreement"] > 0.3
    assert scores["return 4"].parts["agreement"] == 0.0  # passes the example, ignores x
    square = scores["return x ** 2"]
    assert square.parts["examples"] == 1.0 and square.total < order[0][0].total


def test_drawn_inputs_follow_the_types_and_are_the_same_every_time() -> None:
    ir = IR(signature=Signature(name="f", parameters=[
        Parameter(name="xs", type_hint="list[int]"), Parameter(name="s", type_hint="str")]))
    first, second = drawn_probes(ir), drawn_probes(ir)
    assert first and [p.args for p in first] == [p.args for p in second]
    values = [eval(p.args) for p in first]  # noqa: S307 - our own literals
    assert all(isinstance(v[0], list) and isinstance(v[1], str) for v in values)
    assert drawn_probes(IR(signature=Signature(name="f", parameters=[Parameter(name="q")]))) == []
    assert [p.args for p in example_probes(_ir([("double(3)", "6")]))] == ["(3,)"]


def test_the_lifted_candidate_is_compared_with_the_ir() -> None:
    ir = _ir()
    assert compare(ir, "def double(x: int) -> int:\n    return x * 2\n").agreement == 1.0
    other = compare(ir, "def double(x, y):\n    return x * y\n")
    assert other.agreement < 1.0 and any("2 parameter" in d for d in other.differences)


def test_failed_checks_are_shown_beside_the_code() -> None:
    from lift_tui.forward.validation import code_with_checks, validate

    ir = _ir([("double(2)", "4")])
    code = "def double(x: int) -> int:\n    return x + 1\n"
    shown = code_with_checks(code, validate(ir, code))
    assert shown.startswith(code.rstrip())
    assert "# ✗ examples_pass: double(2): got 3, expected 4" in shown
