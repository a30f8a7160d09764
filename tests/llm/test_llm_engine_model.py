"""The real embedded model under constraint: few, short calls on one engine loaded once per run."""

from __future__ import annotations

import ast
import threading
import time

import pytest

from lift_tui.llm.chat import SMOLLM2_SYSTEM, render_chat
from lift_tui.llm.engine import Engine, GenerationError, get_engine
from lift_tui.llm.grammars import bool_expr_grammar, check_bool_expr
from lift_tui.llm.outputs import ConstraintsOut, IntentOut

pytestmark = pytest.mark.model


def _ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def test_prompt_uses_smollm2_template_with_its_system_prompt(model_engine: Engine) -> None:
    prompt = render_chat(model_engine.loaded.tokenizer, _ask("hi"))
    expected = f"<|im_start|>system\n{SMOLLM2_SYSTEM}<|im_end|>\n<|im_start|>user\nhi<|im_end|>"
    assert prompt.startswith(expected)
    assert prompt.endswith("<|im_start|>assistant\n")


def test_two_different_json_calls_in_a_row_are_schema_valid(model_engine: Engine) -> None:
    first = model_engine.generate_json(_ask("Describe a function that checks a password."), IntentOut, 120)
    question = "List preconditions for def area(width: float, height: float) -> float"
    second = model_engine.generate_json(_ask(question), ConstraintsOut, 120)
    IntentOut.model_validate(first)
    ConstraintsOut.model_validate(second)
    assert model_engine.last_stats.output_tokens > 0


def test_a_repeated_call_is_served_from_the_cache(model_engine: Engine) -> None:
    messages = _ask("Describe as JSON: a function that reverses a string.")
    first = model_engine.generate_json(messages, IntentOut, 100)
    started = time.perf_counter()
    again = model_engine.generate_json(messages, IntentOut, 100)
    assert again == first
    assert model_engine.last_stats.cached
    assert time.perf_counter() - started < 0.05


@pytest.mark.parametrize(
    ("names", "question"),
    [
        ({"email": "str"}, "Write a Python boolean expression: the str email looks like an email address."),
        (
            {"width": "float", "height": "float", "items": "list[int]"},
            "Write a Python boolean expression: width and height are positive and items is not empty.",
        ),
    ],
)
def test_expression_grammar_yields_parseable_expressions_over_given_names(
    model_engine: Engine, names: dict[str, str | None], question: str
) -> None:
    text = model_engine.generate_grammar(
        _ask(question), bool_expr_grammar(names), max_tokens=40, check=lambda t: check_bool_expr(t, names)
    )
    tree = check_bool_expr(text, names)
    assert any(getattr(node, "id", None) in names for node in ast.walk(tree)), text


def test_too_little_room_is_reported_not_truncated(model_engine: Engine) -> None:
    with pytest.raises(GenerationError, match="incomplete"):
        model_engine.generate_json(_ask("Describe a sorting function as JSON."), IntentOut, max_tokens=3)
    assert model_engine.last_stats.attempts == 2


def test_unconstrained_text_is_plain_generation(model_engine: Engine) -> None:
    text = model_engine.generate_text(_ask("Say hello."), max_tokens=12)
    assert text.strip()
    assert model_engine.last_stats.output_tokens <= 12


def test_get_engine_is_one_engine_across_threads(model_engine: Engine) -> None:
    seen: list[Engine] = []
    def fetch() -> None:
        seen.append(get_engine(model_engine.settings, model_engine.cache_root))

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(engine is model_engine for engine in seen)
    calls: list[tuple[float, str]] = []
    model_engine.load(lambda fraction, message: calls.append((fraction, message)))
    assert calls[-1][0] == 1.0


def test_expression_grammar_accepts_expressions_and_refuses_other_text(model_engine: Engine) -> None:
    import llguidance
    import llguidance.hf

    tokenizer = model_engine.loaded.tokenizer
    grammar = llguidance.grammar_from("lark", bool_expr_grammar({"email": "str", "count": "int"}))
    ll_tokenizer = llguidance.hf.from_tokenizer(tokenizer)

    def accepts(text: str) -> bool:
        matcher = llguidance.LLMatcher(ll_tokenizer, grammar)
        ok = matcher.consume_tokens(tokenizer.encode(text, add_special_tokens=False))
        return bool(ok) and matcher.is_accepting()

    good_ones = ['"@" in email', "count > 0 and not email.isdigit()", "len(email) <= 254", "email is None"]
    for good in good_ones:
        assert accepts(good), good
    for bad in ["other > 1", "1.1 - 1.1 == 1.1", "len(count) > 0", "count >", "import os"]:
        assert not accepts(bad), bad


def test_a_broken_grammar_is_a_generation_error(model_engine: Engine) -> None:
    with pytest.raises(GenerationError, match="constraint cannot be used"):
        model_engine.generate_grammar(_ask("anything"), "start: undefined_rule\n", max_tokens=5)
