"""Ranking with real z3: a candidate that makes the IR unsatisfiable is marked and ranked last."""

from __future__ import annotations

from lift_tui.holes import Candidate, CandidateSource, suggest
from lift_tui.holes.ranking import combine, order_by_fit
from lift_tui.ir import IR, Assertion, AssertionCategory, Hole, HoleKind, Parameter, Signature


def _ir(*preconditions: str, hint: str | None = "int") -> IR:
    return IR(
        signature=Signature(name="f", parameters=[Parameter(name="x", type_hint=hint)], returns="int"),
        assertions=[Assertion(category=AssertionCategory.precondition, expression=p) for p in preconditions],
        holes=[
            Hole(
                identifier="pre",
                kind=HoleKind.precondition,
                target="assertions.precondition.1",
                type_hint="bool expr over (x: int)",
            ),
            Hole(
                identifier="x_type",
                kind=HoleKind.type,
                target="signature.parameters.x.type_hint",
                type_hint="type",
            ),
        ],
    )


def _c(value: str, confidence: float, source: CandidateSource = CandidateSource.static) -> Candidate:
    return Candidate(value=value, rationale="test", confidence=confidence, source=source)


def test_unsatisfiable_candidate_is_marked_and_last() -> None:
    ir = _ir("x > 5")
    hole = ir.hole("pre")
    ranked = order_by_fit(ir, hole, [_c("x < 0", 0.9), _c("x >= 0", 0.2), _c("x != 7", 0.5)])
    assert [c.value for c in ranked] == ["x != 7", "x >= 0", "x < 0"]
    assert ranked[-1].satisfiable is False
    assert ranked[0].satisfiable is True


def test_already_unsatisfiable_ir_blames_no_candidate() -> None:
    ir = _ir("x > 5", "x < 2")
    ranked = order_by_fit(ir, ir.hole("pre"), [_c("x == 3", 0.5)])
    assert ranked[0].satisfiable is None


def test_untranslatable_candidate_is_unknown_not_unsat() -> None:
    ir = _ir("x > 5")
    ranked = order_by_fit(ir, ir.hole("pre"), [_c("some_call(x)", 0.5)])
    assert ranked[0].type_ok is False  # some_call is not a parameter: fails the kind check first
    ranked = order_by_fit(ir, ir.hole("pre"), [_c("x.bit_length() > 2", 0.5)])
    assert ranked[0].type_ok and ranked[0].satisfiable is None


def test_type_candidate_contradicting_isinstance_precondition_is_unsat() -> None:
    ir = _ir("isinstance(x, int)", "x > 0", hint=None)
    ranked = order_by_fit(ir, ir.hole("x_type"), [_c("str", 0.9), _c("int", 0.4)])
    assert ranked[0].value == "int" and ranked[0].satisfiable is True
    assert ranked[1].value == "str" and ranked[1].satisfiable is False


def test_kind_mismatch_ranks_below_fitting_values() -> None:
    ir = _ir("x > 5")
    ranked = order_by_fit(ir, ir.hole("x_type"), [_c("x + 1", 0.99), _c("int", 0.1)])
    assert ranked[0].value == "int"
    assert ranked[1].type_ok is False


def test_combine_merges_sources_and_keeps_history_counts() -> None:
    merged = combine(
        [
            [_c("int", 0.5, CandidateSource.history).model_copy(update={"accepted_before": 2})],
            [_c("int", 0.5), _c("str", 0.4)],
        ]
    )
    by_value = {c.value: c for c in merged}
    assert by_value["int"].confidence == 0.75
    assert by_value["int"].accepted_before == 2
    assert by_value["int"].source is CandidateSource.history


def test_suggest_checks_every_precondition_candidate_with_z3(lifted) -> None:
    ir = lifted["clamp"].model_copy(deep=True)
    ir.assertions.append(Assertion(category=AssertionCategory.precondition, expression="x < 0"))
    ir.holes.append(
        Hole(
            identifier="pre_x",
            kind=HoleKind.precondition,
            target="assertions.precondition.2",
            type_hint="bool expr over (x: int)",
        )
    )
    ranked = suggest(ir, "pre_x", top=None)
    verdicts = {c.value: c.satisfiable for c in ranked}
    assert verdicts["x >= 0"] is False and verdicts["x > 0"] is False
    assert ranked[-1].satisfiable is False


def test_evidence_from_code_ranks_before_the_models_word_alone() -> None:
    ir = _ir("x > 5")
    model_only = _c("x > 6", 0.9, CandidateSource.model).model_copy(update={"evidence": ["model"]})
    ranked = order_by_fit(ir, ir.hole("pre"), [model_only, _c("x != 7", 0.2)])
    assert [c.value for c in ranked] == ["x != 7", "x > 6"]
    both = combine([[_c("x != 7", 0.2)], [model_only.model_copy(update={"value": "x != 7"})]])
    assert both[0].source is CandidateSource.static and "model" in both[0].evidence
