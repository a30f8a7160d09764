"""Forward mode's model calls go through the DSPy signatures on the embedded LM, constrained and cached."""

from __future__ import annotations

import ast
import time

import pytest

from lift_tui.llm.engine import Engine

PROMPT = "Return the larger of two integers: larger(3, 5) == 5"


@pytest.mark.model
def test_json_calls_run_through_dspy_and_return_closed_answers(model_engine: Engine) -> None:
    from lift_tui.forward import model_calls
    from lift_tui.llm.lm import lm_for
    from lift_tui.llm.outputs import ConstraintsOut, IntentOut

    lm = lm_for(model_engine)
    before = len(lm.history)
    intent = model_calls.ask_intent(model_engine, PROMPT)
    # the types call's schema has one field per stated parameter: the count cannot drift
    types = model_calls.ask_types(model_engine, PROMPT, "def larger(a, b)", ["a", "b"])
    constraints = model_calls.ask_constraints(model_engine, PROMPT, "def larger(arg0: int, arg1: int) -> int")
    IntentOut.model_validate(intent)
    assert [p["name"] for p in types["parameters"]] == ["a", "b"]
    ConstraintsOut.model_validate(constraints)
    assert len(lm.history) == before + 3
    assert lm.history[-1]["kwargs"]["max_tokens"] == model_calls.CONSTRAINT_TOKENS
    started = time.perf_counter()
    assert model_calls.ask_intent(model_engine, PROMPT) == intent
    assert time.perf_counter() - started < 1.0  # cached (DSPy's disk cache, then the engine's)


@pytest.mark.model
def test_code_calls_decode_under_the_grammar_passed_through_the_signature(model_engine: Engine) -> None:
    from lift_tui.forward import model_calls
    from lift_tui.forward.grammar import body_grammar, function_grammar, normalise_body
    from lift_tui.forward.idioms import retrieve
    from lift_tui.llm.lm import lm_for

    header = "def larger(a: int, b: int) -> int:"
    shots = retrieve(PROMPT, header, k=2)
    grammar = body_grammar(["a", "b"])
    body = normalise_body(model_calls.write_body(model_engine, PROMPT, header, shots, grammar))
    assert body.splitlines()[-1].startswith("return")
    ast.parse(body)
    assert lm_for(model_engine).history[-1]["kwargs"]["metadata"] == {"lark_grammar": grammar}
    text = model_calls.write_function(model_engine, PROMPT, function_grammar("larger"))
    assert text.startswith("def larger(")
    assert len(text.splitlines()) <= 9
