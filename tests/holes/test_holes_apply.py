"""Resolving holes: validation by kind, the IR field written, propagation, the goal context."""

from __future__ import annotations

import pytest

from lift_tui.holes import HoleError, apply_resolution, hole_context, propagate, skip_hole
from lift_tui.ir import IR, Hole, HoleKind, HoleStatus, Source


def test_type_resolution_sets_the_annotation_and_marks_the_hole(lifted: dict[str, IR]) -> None:
    ir = apply_resolution(lifted["mean"], "?numbers_type", "List[float]", "static")
    assert ir.signature.parameter("numbers").type_hint == "List[float]"
    hole = ir.hole("numbers_type")
    assert hole.status is HoleStatus.resolved
    assert hole.resolution.value == "List[float]" and hole.resolution.source is Source.reverse
    assert lifted["mean"].hole("numbers_type").status is HoleStatus.open  # the input is not mutated


@pytest.mark.parametrize(
    ("hole_id", "value", "message"),
    [
        ("numbers_type", "x + 1", "not a type hint"),
        ("numbers_type", "list[", "not a Python expression"),
        ("numbers_type", "  ", "empty"),
        ("nope", "int", r"no hole \?nope"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(
    lifted: dict[str, IR], hole_id: str, value: str, message: str
) -> None:
    with pytest.raises(HoleError, match=message):
        apply_resolution(lifted["mean"], hole_id, value)


def test_precondition_must_use_parameters_only(lifted: dict[str, IR]) -> None:
    ir = lifted["clamp"].model_copy(deep=True)
    ir.holes.append(
        Hole(
            identifier="pre",
            kind=HoleKind.precondition,
            target="assertions.precondition.1",
            type_hint="bool expr over (x: int)",
        )
    )
    with pytest.raises(HoleError, match="y, which is not a parameter"):
        apply_resolution(ir, "pre", "y > 0")
    with pytest.raises(HoleError, match="assignment"):
        apply_resolution(ir, "pre", "(x := 3) > 0")
    done = apply_resolution(ir, "pre", "x>=0")
    assert [a.expression for a in done.preconditions][-1] == "x >= 0"


def test_propagation_narrows_dependent_holes(lifted: dict[str, IR]) -> None:
    ir = lifted["mean"].model_copy(deep=True)
    ir.holes.append(
        Hole(
            identifier="pre_numbers",
            kind=HoleKind.precondition,
            target="assertions.precondition.1",
            type_hint="bool expr over (numbers)",
        )
    )
    ir = apply_resolution(ir, "numbers_type", "list[float]")
    narrowed = propagate(ir, "numbers_type")
    ret = narrowed.hole("return_type")
    assert "numbers: list[float]" in ret.constraints
    assert ret.candidates and ret.candidates[0] == "float"
    pre = narrowed.hole("pre_numbers")
    assert pre.type_hint.startswith("bool expr over (numbers: list[float]")
    assert pre.candidates[0] == "len(numbers) > 0"


def test_propagate_refuses_an_open_hole(lifted: dict[str, IR]) -> None:
    with pytest.raises(HoleError, match="not resolved"):
        propagate(lifted["mean"], "numbers_type")


def test_skip_marks_the_hole_skipped(lifted: dict[str, IR]) -> None:
    assert skip_hole(lifted["mean"], "scale_type").hole("scale_type").status is HoleStatus.skipped


def test_goal_context_lists_bindings_constraints_and_dependencies(lifted: dict[str, IR]) -> None:
    context = hole_context(lifted["mean"], "return_type")
    assert context.kind is HoleKind.type and context.target == "signature.returns"
    assert {b.name for b in context.bindings} == {"numbers", "scale"}
    assert set(context.depends_on) == {"numbers_type", "scale_type"}
    assert "?return_type" in context.function
    assert any("numbers" in c for c in context.constraints)
    upstream = hole_context(lifted["mean"], "numbers_type")
    assert "return_type" in upstream.dependents


def test_value_hole_context_includes_typed_locals(lifted: dict[str, IR]) -> None:
    ir = lifted["greet"].model_copy(deep=True)
    ir.holes.append(Hole(identifier="v", kind=HoleKind.value, target="intent.rationale", type_hint="str"))
    bindings = {b.name: b for b in hole_context(ir, "v").bindings}
    assert bindings["text"].origin == "local" and bindings["text"].type_hint == "str"
