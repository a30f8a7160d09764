"""Batched seeded sampling on the real embedded model: every row obeys its constraint, seeds reproduce."""

from __future__ import annotations

import ast
import json

import pytest

from lift_tui.llm.engine import Engine, GenerationError

pytestmark = pytest.mark.model

HEADER = 'def add(a, b):\n    """Return the sum of a and b."""'
BODY_PROMPT = [{"role": "user", "content": HEADER + "\nWrite the body."}]
SCHEMA = {
    "type": "object",
    "properties": {"count": {"type": "integer"}, "word": {"type": "string", "maxLength": 12}},
    "required": ["count", "word"],
}


def _body_grammar() -> str:
    from lift_tui.forward.grammar import body_grammar

    return body_grammar(["a", "b"], max_lines=2)


def test_every_row_obeys_the_body_grammar_and_seeds_reproduce(model_engine: Engine) -> None:
    import llguidance

    from lift_tui.forward.grammar import normalise_body

    grammar = _body_grammar()
    model_engine.clear_cache()
    first = model_engine.sample(BODY_PROMPT, grammar, n=4, temperature=0.9, max_tokens=40, seed=7)
    assert len(first) == 4 and [s.index for s in first] == [0, 1, 2, 3]
    assert model_engine.last_stats.kind == "sample"
    lark = llguidance.LLMatcher.grammar_from_lark(grammar)
    checker = llguidance.LLMatcher(model_engine.sampler.bridge.lltok, lark)
    for sample in first:
        assert sample.tokens > 0
        if sample.complete:
            body = normalise_body(sample.text)  # the grammar ignores spaces; every line is top level
            ast.parse("def f(a, b):\n" + "".join(f"    {line}\n" for line in body.splitlines()))
        # complete or cut at the limit, the text is a prefix the grammar allows
        fresh = checker.deep_copy()
        tokens = model_engine.loaded.tokenizer.encode(sample.text, add_special_tokens=False)
        assert fresh.validate_tokens(tokens) == len(tokens), sample.text
    model_engine.clear_cache()  # decode again, not from the cache
    again = model_engine.sample(BODY_PROMPT, grammar, n=4, temperature=0.9, max_tokens=40, seed=7)
    assert model_engine.last_stats.kind == "sample"
    assert [s.text for s in again] == [s.text for s in first]
    other = model_engine.sample(BODY_PROMPT, grammar, n=4, temperature=0.9, max_tokens=40, seed=8)
    assert [s.text for s in other] != [s.text for s in first]
    cached = model_engine.sample(BODY_PROMPT, grammar, n=4, temperature=0.9, max_tokens=40, seed=8)
    assert model_engine.last_stats.cached and [s.text for s in cached] == [s.text for s in other]


def test_json_rows_are_schema_valid_and_distinct(model_engine: Engine) -> None:
    samples = model_engine.sample(BODY_PROMPT, SCHEMA, n=4, temperature=1.0, max_tokens=30, seed=1)
    values = [json.loads(s.text) for s in samples if s.complete]
    assert values, [s.text for s in samples]
    for value in values:
        assert set(value) == {"count", "word"} and isinstance(value["count"], int)
        assert len(value["word"]) <= 12
    assert len({s.text for s in samples}) > 1


def test_a_token_limit_cuts_rows_and_says_so(model_engine: Engine) -> None:
    samples = model_engine.sample(BODY_PROMPT, None, n=2, temperature=0.8, max_tokens=3, seed=0)
    assert all(s.tokens == 3 and not s.complete for s in samples)


def test_a_refused_grammar_is_a_generation_error(model_engine: Engine) -> None:
    with pytest.raises(GenerationError, match="constraint cannot be used"):
        model_engine.sample(BODY_PROMPT, "start: undefined_rule\n", n=2, max_tokens=4)


def test_dspy_n_yields_n_constrained_completions_from_one_batch(model_engine: Engine) -> None:
    from lift_tui.llm.adapter import CompactJSONAdapter, GrammarAdapter, grammar_config
    from lift_tui.llm.dspy_setup import import_dspy
    from lift_tui.llm.lm import embedded_lm

    dspy = import_dspy()
    lm = embedded_lm(model_engine, cache=False)

    class Count(dspy.Signature):
        """Count the words of the text."""

        text: str = dspy.InputField()
        count: int = dspy.OutputField()

    class Body(dspy.Signature):
        """Write the function body."""

        header: str = dspy.InputField()
        body: str = dspy.OutputField()

    with dspy.context(lm=lm, adapter=CompactJSONAdapter()):
        config = {"n": 4, "temperature": 0.8, "max_tokens": 20}
        result = dspy.Predict(Count)(text="one two three", config=config)
    assert len(result.completions.count) == 4
    assert all(isinstance(value, int) for value in result.completions.count)
    assert model_engine.last_stats.kind in ("sample", "cache")

    grammar = _body_grammar()
    header = HEADER
    with dspy.context(lm=lm, adapter=GrammarAdapter()):
        predict = dspy.Predict(Body)
        config = {**grammar_config(grammar, 30), "n": 4, "temperature": 0.9, "seed": 3}
        bodies = predict(header=header, config=config).completions.body
        assert model_engine.sampler.last_stats.n == 4  # one batch of four, not four decodes
        again = predict(header=header, config=config).completions.body
    assert len(bodies) == 4 and len(set(bodies)) > 1
    assert list(again) == list(bodies)
    assert all(body.strip() for body in bodies)


def test_greedy_rows_give_the_greedy_answer_in_the_same_batch(model_engine: Engine) -> None:
    """Row 0 of a batch with ``greedy_rows=1`` is what a greedy call writes; the other rows still sample."""
    grammar = _body_grammar()
    model_engine.clear_cache()
    greedy = model_engine.sample(BODY_PROMPT, grammar, n=1, temperature=0.0, max_tokens=30, seed=3)[0]
    mixed = model_engine.sample(BODY_PROMPT, grammar, n=4, temperature=1.2, max_tokens=30, seed=3,
                                greedy_rows=1)
    assert mixed[0].text == greedy.text
    assert len({s.text for s in mixed}) > 1


def test_free_rows_run_to_the_lengths_asked(model_engine: Engine) -> None:
    """What the sampling benchmark compares a grammar against: the same rows at the same lengths."""
    samples = model_engine.sample(BODY_PROMPT, None, n=3, temperature=0.8, max_tokens=64, seed=2,
                                  lengths=[2, 9, 5])
    assert [s.tokens for s in samples] == [2, 9, 5]
    with pytest.raises(ValueError, match="free text only"):
        model_engine.sample(BODY_PROMPT, _body_grammar(), n=1, max_tokens=8, lengths=[4])


def test_rows_do_not_depend_on_how_many_shards_decode_them(model_engine: Engine) -> None:
    """The shards split rows, not randomness: one thread or two, every row writes the same text."""
    sampler = model_engine.sampler
    assert sampler._forward.fast  # the W @ h.T head gives the model's own logits on this model
    ids = model_engine.loaded.tokenizer.encode("def add(a, b):\n    return", add_special_tokens=False)
    kept = sampler.workers
    try:
        texts = []
        for workers in (1, 2):
            sampler.workers = workers
            rows = sampler.sample(ids, _body_grammar(), 4, 0.9, 0.95, 24, seed=3, greedy_rows=1)
            texts.append([r.text for r in rows])
    finally:
        sampler.workers = kept
    assert texts[0] == texts[1]


def test_the_growing_cache_decodes_what_transformers_own_cache_decodes(model_engine: Engine) -> None:
    import torch
    from transformers import DynamicCache

    from lift_tui.llm.kvcache import growing_cache

    model = model_engine.loaded.model
    tokenizer = model_engine.loaded.tokenizer
    prompt = torch.tensor([tokenizer.encode("def add(a, b):\n", add_special_tokens=False)])

    def greedy(cache: object) -> list[int]:
        ids, out = prompt, []
        with torch.inference_mode():
            for _ in range(12):
                logits = model(input_ids=ids, past_key_values=cache, use_cache=True, logits_to_keep=1).logits
                out.append(int(logits[0, -1].argmax()))
                ids = torch.tensor([[out[-1]]])
        return out

    assert greedy(growing_cache()) == greedy(DynamicCache())
