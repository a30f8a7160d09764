"""Refining a hole into smaller holes: shapes from the evidence, parts filling the parent, propagation."""

from __future__ import annotations

import pytest

from lift_tui.holes import HoleError, apply_resolution, propagate, refine, suggest
from lift_tui.ir import IR, Hole, HoleKind, HoleStatus


def test_type_hole_takes_the_shape_of_the_best_structured_candidate(lifted: dict[str, IR]) -> None:
    refined = refine(lifted["mean"], "?numbers_type")
    parent = refined.hole("numbers_type")
    assert parent.status is HoleStatus.open
    assert "shape: list[?numbers_item]" in parent.constraints
    assert parent.dependencies == ["numbers_item"]
    part = refined.hole("numbers_item")
    assert part.kind is HoleKind.type and part.target == parent.target
    # the return hole depended on ?numbers_type; it now also depends on the part
    assert "numbers_item" in refined.hole("return_type").dependencies
    assert [h.identifier for h in refined.holes].index("numbers_item") < [
        h.identifier for h in refined.holes
    ].index("numbers_type")
    assert refined.signature.parameter("numbers").type_hint is None  # nothing written yet


def test_part_candidates_are_the_parent_evidence_seen_through_the_shape(lifted: dict[str, IR]) -> None:
    refined = refine(lifted["mean"], "numbers_type")
    values = [c.value for c in suggest(refined, "numbers_item", check=False)]
    assert values[:2] == ["float", "int"]
    assert not any(v.startswith("list") for v in values)


def test_resolving_the_last_part_fills_the_parent_and_propagates(lifted: dict[str, IR]) -> None:
    refined = refine(lifted["mean"], "numbers_type")
    filled = propagate(apply_resolution(refined, "numbers_item", "float"), "numbers_item")
    assert filled.signature.parameter("numbers").type_hint == "list[float]"
    parent = filled.hole("numbers_type")
    assert parent.status is HoleStatus.resolved and parent.resolution.value == "list[float]"
    assert "numbers: list[float]" in filled.hole("return_type").constraints


def test_optional_default_without_structured_evidence_gives_an_optional_shape(
    lifted: dict[str, IR],
) -> None:
    ir = lifted["greet"].model_copy(deep=True)
    ir.signature.parameters[1].default = "None"  # loud=None: no candidate has a structure
    refined = refine(ir, "loud_type")
    assert "shape: ?loud_inner | None" in refined.hole("loud_type").constraints
    done = apply_resolution(refined, "loud_inner", "bool")
    assert done.signature.parameter("loud").type_hint == "bool | None"


def test_precondition_hole_becomes_a_conjunction_of_two_holes(lifted: dict[str, IR]) -> None:
    ir = lifted["clamp"].model_copy(deep=True)
    ir.holes.append(
        Hole(
            identifier="pre",
            kind=HoleKind.precondition,
            target="assertions.precondition.1",
            type_hint="bool expr over (x: int, lo: int, hi: int)",
        )
    )
    refined = refine(ir, "pre")
    assert "shape: ?pre_a and ?pre_b" in refined.hole("pre").constraints
    half = apply_resolution(refined, "pre_a", "x >= lo")
    assert len(half.preconditions) == len(ir.preconditions)  # one part alone writes nothing
    b_values = [c.value for c in suggest(half, "pre_b", check=False, top=None)]
    assert "x >= lo" not in b_values  # the sibling's value is not offered again
    done = apply_resolution(half, "pre_b", "x <= hi or lo == hi")
    assert done.preconditions[-1].expression == "x >= lo and (x <= hi or lo == hi)"
    with pytest.raises(HoleError, match="not a parameter"):
        apply_resolution(refined, "pre_b", "y > 0")


def test_text_hole_becomes_summary_and_success_criteria(lifted: dict[str, IR]) -> None:
    ir = lifted["greet"]
    text = next(h for h in ir.holes if h.kind is HoleKind.text)
    refined = refine(ir, text.identifier)
    line, criteria = refined.hole(f"{text.identifier}_line"), refined.hole(f"{text.identifier}_criteria")
    assert line.target == text.target and criteria.target == "intent.success_criteria"
    assert criteria.dependencies == [line.identifier]
    done = propagate(apply_resolution(refined, line.identifier, "Greet someone."), line.identifier)
    assert done.intent.summary == "Greet someone."
    assert done.hole(text.identifier).status is HoleStatus.resolved
    assert any("Greet someone." in c for c in done.hole(criteria.identifier).constraints)
    done = apply_resolution(done, criteria.identifier, "- says hello\n- shouts when loud\n")
    assert done.intent.success_criteria[-2:] == ["says hello", "shouts when loud"]


def test_refine_refuses_what_it_cannot_split(lifted: dict[str, IR]) -> None:
    refined = refine(lifted["mean"], "numbers_type")
    with pytest.raises(HoleError, match="already refined"):
        refine(refined, "numbers_type")
    with pytest.raises(HoleError, match="only an open hole"):
        refine(apply_resolution(lifted["mean"], "scale_type", "float"), "scale_type")
    with pytest.raises(HoleError, match=r"no hole \?nope"):
        refine(lifted["mean"], "nope")
    ir = lifted["mean"].model_copy(deep=True)
    ir.holes.append(Hole(identifier="v", kind=HoleKind.value, target="intent.rationale", type_hint="str"))
    with pytest.raises(HoleError, match="only type, condition and text"):
        refine(ir, "v")


def test_parts_can_be_refined_again(lifted: dict[str, IR]) -> None:
    ir = lifted["mean"]
    nested = refine(refine(ir, "numbers_type"), "numbers_item")  # list[?numbers_item] -> item: ?a | ?b
    template = next(c for c in nested.hole("numbers_item").constraints if c.startswith("shape: "))
    left, right = (name.strip().removeprefix("?") for name in template.removeprefix("shape: ").split("|"))
    done = apply_resolution(apply_resolution(nested, left, "int"), right, "float")
    assert done.signature.parameter("numbers").type_hint == "list[int | float]"
