"""Placeholder parameter names give way to the model's own good names, everywhere they are named."""

from __future__ import annotations

from lift_tui.forward import detect
from lift_tui.forward.grammar import own_parameters
from lift_tui.forward.rename import better_names, is_placeholder, rename_parameters
from lift_tui.forward.steps import ModelAnswer, merge_to_ir
from lift_tui.ir import IR

PROMPT = "Find the largest number in a non-empty list, e.g. largest([3, 9, 2]) == 9."


def _ir() -> IR:
    signature = ModelAnswer(kind="signature", data={"parameters": [{"name": "list", "type_hint": "int"}]})
    constraints = ModelAnswer(kind="constraints", data={"preconditions": ["len(arg0) < 100"]})
    ir, rejected = merge_to_ir(PROMPT, ModelAnswer(kind="intent"), [signature, constraints])
    return detect.detect_holes(ir, rejected)


def test_the_model_names_replace_placeholders_in_signature_assertions_and_holes() -> None:
    ir = _ir()
    assert [p.name for p in ir.signature.parameters] == ["items"] and is_placeholder("items")
    own = own_parameters("def largest(numbers):\n    return max(numbers)\n", "largest")
    mapping = better_names(ir, own)
    assert mapping == {"items": "numbers"}
    renamed = rename_parameters(ir, mapping)
    assert [p.name for p in renamed.signature.parameters] == ["numbers"]
    assert "len(numbers) < 100" in [a.expression for a in renamed.preconditions]
    holes = {h.identifier: h for h in renamed.holes}
    assert holes["precondition_numbers_non_empty"].candidates == ["len(numbers) > 0"]
    assert "items" not in renamed.model_dump_json().replace("success_criteria", "")
    IR.model_validate_json(renamed.to_json())
    assert ir.signature.parameters[0].name == "items"  # the input IR is untouched


def test_bad_or_clashing_model_names_keep_the_ir_names() -> None:
    ir = _ir()
    assert better_names(ir, ["list"]) == {}  # a builtin
    assert better_names(ir, ["largest"]) == {}  # the function's own name
    assert better_names(ir, ["a", "b"]) == {}  # another arity
    named = rename_parameters(ir, {"items": "values"})
    assert better_names(named, ["numbers"]) == {}  # a real name is never replaced
