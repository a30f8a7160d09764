"""The sampling half of ``lift-tui bench model``: n rows decoded together under the code-body grammar.

Forward mode asks for several candidates per prompt, so what matters is how the cost of one
``Engine.sample`` call grows with n, and whether the grammar slows decoding down. Each n is run
constrained (the body grammar forward mode uses) and unconstrained (free text) on the same prompt,
with the engine's result cache cleared, so every run decodes. The free run decodes each row to
exactly the length its constrained twin reached (end-of-text barred), so the two runs do the same
work, row for row, and differ only by the grammar: the batch shrinks at the same steps in both.
Throughput counts every output token of every row.
"""

from __future__ import annotations

import resource
import statistics
from typing import Any

PROMPT = (
    "Complete the body of this Python function. Reply with the body only.\n\n"
    "def count_long_words(sentence: str, length: int) -> int:\n"
    '    """Count the words in sentence that are longer than length."""\n'
)
PARAMETERS = ("sentence", "length")


def _one(engine: Any, messages: list[dict[str, str]], constraint: Any, n: int, tokens: int,
         seed: int, lengths: list[int] | None = None) -> dict[str, Any]:
    engine.clear_cache()
    samples = engine.sample(messages, constraint, n=n, temperature=0.8, max_tokens=tokens, seed=seed,
                            lengths=lengths)
    stats = engine.sampler.last_stats
    out = sum(sample.tokens for sample in samples)
    return {
        "lengths": [max(1, sample.tokens) for sample in samples],
        "seconds": stats.seconds,
        "tokens": out,
        "tokens_per_s": out / stats.seconds if stats.seconds else 0.0,
        "mask_ms_per_token_per_seq": stats.mask_s * 1000 / stats.masked_rows if stats.masked_rows else 0.0,
        "mask_wait_share": stats.mask_wait_s / stats.seconds if stats.seconds else 0.0,
        "complete": sum(sample.complete for sample in samples) / len(samples),
    }


def _median(runs: list[dict[str, Any]], field: str) -> float:
    return statistics.median(run[field] for run in runs)


def sweep(engine: Any, ns: list[int], tokens: int, repeats: int) -> dict[str, Any]:
    """Wall time, tokens/s and mask cost for each n, constrained and free; medians of ``repeats``."""
    from lift_tui.forward.grammar import body_grammar

    messages = [{"role": "user", "content": PROMPT}]
    grammar = body_grammar(PARAMETERS)
    _one(engine, messages, grammar, 1, 8, seed=99)  # warm-up: the tokenizer bridge, the grammar
    rows: list[dict[str, Any]] = []
    for n in ns:
        constrained = [_one(engine, messages, grammar, n, tokens, seed=r) for r in range(repeats)]
        free = [_one(engine, messages, None, n, tokens, seed=r, lengths=run["lengths"])
                for r, run in enumerate(constrained)]
        rows.append({
            "n": n,
            "constrained_s": round(_median(constrained, "seconds"), 3),
            "constrained_tokens": round(_median(constrained, "tokens")),
            "constrained_tokens_per_s": round(_median(constrained, "tokens_per_s"), 2),
            "unconstrained_s": round(_median(free, "seconds"), 3),
            "unconstrained_tokens": round(_median(free, "tokens")),
            "unconstrained_tokens_per_s": round(_median(free, "tokens_per_s"), 2),
            "mask_ms_per_token_per_seq": round(_median(constrained, "mask_ms_per_token_per_seq"), 3),
            "mask_wait_share": round(_median(constrained, "mask_wait_share"), 4),
            "grammar_complete_share": round(_median(constrained, "complete"), 3),
        })
    by_n = {row["n"]: row for row in rows}
    report: dict[str, Any] = {"prompt_tokens_budget": tokens, "repeats": repeats, "runs": rows,
                              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    goals: dict[str, Any] = {
        "constrained_at_least_unconstrained_every_n": all(
            row["constrained_tokens_per_s"] >= row["unconstrained_tokens_per_s"] for row in rows),
    }
    if 1 in by_n and 8 in by_n:
        one, eight = by_n[1], by_n[8]
        report["n8_over_n1_seconds"] = round(eight["constrained_s"] / one["constrained_s"], 2)
        report["n8_over_n1_tokens_per_s"] = round(
            eight["constrained_tokens_per_s"] / one["constrained_tokens_per_s"], 2)
        goals["n8_at_most_2_5x_n1"] = report["n8_over_n1_seconds"] <= 2.5
        goals["n8_at_least_3x_tokens_per_s"] = report["n8_over_n1_tokens_per_s"] >= 3.0
    report["goals"] = goals
    return report
