"""What the adapters show the model and read back, without a model: short prompts, unwrapped answers."""

from __future__ import annotations

import json

import pytest

from lift_tui.llm.adapter import CompactJSONAdapter, GrammarAdapter, grammar_config, single_model_output
from lift_tui.llm.outputs import ConstraintsOut, IntentOut, SignatureOut
from lift_tui.llm.programs import build_program
from lift_tui.llm.signatures import SIGNATURES


def test_json_calls_are_one_short_user_message_with_labelled_inputs() -> None:
    program = build_program("constraint_extraction")
    inputs = {"intent": "average of numbers", "def_line": "def avg(xs: list[float])"}
    messages = CompactJSONAdapter().format(program.signature, program.demos, inputs)
    assert messages == [{
        "role": "user",
        "content": "List at most two preconditions on the inputs of this function, each a Python boolean "
                   "expression over its parameters.\nRequest: average of numbers\n"
                   "Function: def avg(xs: list[float])",
    }]


def test_an_empty_input_is_left_out_and_a_demo_is_shown_as_unwrapped_json() -> None:
    program = build_program("intent_to_signature")
    demo = {"intent": "double a number", "known": "", "function": SignatureOut(
        name="double", parameters=[{"name": "x", "type_hint": "int"}], returns="int")}
    messages = CompactJSONAdapter().format(program.signature, [demo], {"intent": "halve", "known": ""})
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert "Known:" not in messages[0]["content"]
    assert json.loads(messages[1]["content"])["name"] == "double"


def test_a_top_level_answer_is_parsed_back_into_its_field_and_checked() -> None:
    signature = SIGNATURES["nl_to_intent"]
    assert single_model_output(signature) == ("intent", IntentOut)
    parsed = CompactJSONAdapter().parse(signature, '{"summary": "Add two numbers.", "success_criteria": []}')
    assert parsed["intent"] == IntentOut(summary="Add two numbers.", success_criteria=[])
    wrapped = CompactJSONAdapter().parse(signature, '{"intent": {"summary": "Add two numbers."}}')
    assert wrapped["intent"].summary == "Add two numbers."
    with pytest.raises(Exception, match="preconditions|Failed to parse"):
        CompactJSONAdapter().parse(SIGNATURES["constraint_extraction"], '{"preconditions": ["x > 0"] * 5}')


def test_outputs_refuse_prose_types_and_long_lists() -> None:
    with pytest.raises(ValueError):
        SignatureOut(name="f", parameters=[{"name": "x", "type_hint": "list of numbers"}], returns="int")
    with pytest.raises(ValueError):
        ConstraintsOut(preconditions=["x > 0", "x < 9", "x != 3"])
    with pytest.raises(ValueError):
        SignatureOut(name="NotSnake", parameters=[], returns="int")


def test_grammar_calls_carry_the_grammar_and_read_raw_text() -> None:
    signature = SIGNATURES["ir_to_code"]
    adapter = GrammarAdapter(render=lambda v: f"Write the body.\n{v['def_line']}")
    demo = {"specification": "one", "def_line": "def one() -> int:", "code": "return 1"}
    messages = adapter.format(signature, [demo], {"specification": "two", "def_line": "def two() -> int:"})
    assert messages[0] == {"role": "system", "content": signature.instructions}
    assert messages[2] == {"role": "assistant", "content": "return 1\n"}
    assert messages[-1]["content"] == "Write the body.\ndef two() -> int:"
    assert adapter.parse(signature, "return 2\n") == {"code": "return 2\n"}
    assert grammar_config("start: X", 40) == {"max_tokens": 40, "metadata": {"lark_grammar": "start: X"}}
