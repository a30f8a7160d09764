"""Batched, seeded, constrained sampling: n sequences from one prompt in one forward pass per step.

Why this and not n guidance calls: guidance decodes one sequence at a time, so n candidates
cost n times one. Here the prompt is prefilled once, its KV cache is repeated n times, and
every step runs the n rows together; each row has its own llguidance ``LLMatcher``, the masks
of all rows are filled in parallel by one ``LLExecutor`` (``fill_next_token_bitmask_par``,
the batching API servers use) while the model computes the step, and are applied as
``apply_token_bitmask_inplace`` does (eagerly: see :meth:`BatchSampler._apply_mask`). All
rows share the prompt, so they always have the same length: no padding is needed (left padding
would be, for rows of different prompts), and a finished row is dropped from the cache
(``batch_select_indices``) so later steps only pay for rows still running. When one row is
left, the tokens its grammar forces are fed in one pass instead of one pass each.

Row ``i`` draws from its own ``torch.Generator`` seeded from ``(seed, i)``, so a result is a
function of (model, prompt, constraint, n, temperature, top_p, seed, max_tokens) and can be
cached under that key.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from .errors import GenerationError

Constraint = dict[str, Any] | str | None
"""A JSON Schema (dict), a Lark grammar in llguidance's dialect (str), or None (free text)."""

_SEED_STRIDE = 1_000_003


@dataclass
class Sample:
    """One sampled sequence."""

    text: str
    """The decoded output (forced tokens included, the stop token not)."""
    complete: bool
    """True when the grammar accepted the text (or, unconstrained, the model stopped); False when cut
    at the token limit."""
    tokens: int
    """Output tokens of this sequence (forced ones included)."""
    index: int = 0
    """Which of the n rows this is: row ``i`` is seeded from ``(seed, i)``."""


@dataclass
class SampleStats:
    """What one ``sample`` call cost; the benchmark reads it."""

    n: int = 0
    seconds: float = 0.0
    prefill_s: float = 0.0
    steps: int = 0
    """Forward passes after the prefill."""
    tokens: int = 0
    """Output tokens over all rows."""
    mask_s: float = 0.0
    """Wall time spent computing masks (parallel with the forward pass) and applying them."""
    mask_wait_s: float = 0.0
    """The part of mask time not hidden behind the forward pass."""
    masked_rows: int = 0
    """Row-steps that needed a mask (for per-token-per-sequence cost)."""
    peak_batch: int = 0
    errors: list[str] = field(default_factory=list)


def row_seed(seed: int, index: int) -> int:
    """The generator seed of row ``index``: distinct per row, stable across batch sizes."""
    return (int(seed) * _SEED_STRIDE + index) % (2**63 - 1)


class TokenizerBridge:
    """The llguidance view of a transformers tokenizer, built once (~1 s) per loaded model."""

    def __init__(self, tokenizer: Any, vocab_size: int) -> None:
        import llguidance
        import llguidance.hf

        self.vocab_size = vocab_size
        self.eos_id = tokenizer.eos_token_id
        self.lltok = llguidance.hf.from_tokenizer(tokenizer, n_vocab=vocab_size)
        self.executor = llguidance.LLExecutor(num_threads=1)

    def grammar(self, constraint: Constraint) -> str | None:
        import llguidance

        if constraint is None:
            return None
        if isinstance(constraint, dict):
            return llguidance.LLMatcher.grammar_from_json_schema(
                constraint, defaults={"whitespace_flexible": False}
            )
        if isinstance(constraint, str):
            return llguidance.LLMatcher.grammar_from_lark(constraint)
        kind = type(constraint).__name__
        raise TypeError(f"constraint must be a JSON Schema dict, a Lark str or None, not {kind}")

    def matchers(self, grammar: str, n: int) -> list[Any]:
        """n fresh matchers; a refused grammar is a ``GenerationError`` naming llguidance's reason."""
        import llguidance

        first = llguidance.LLMatcher(self.lltok, grammar, log_level=0)
        if first.is_error():
            reason = first.get_error().strip().splitlines()[0][:200]
            raise GenerationError(f"constraint cannot be used: {reason}")
        return [first] + [first.deep_copy() for _ in range(n - 1)]


def _mask_pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lift-mask")
        return _POOL


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _filter_top_p(probs: Any, top_p: float) -> Any:
    """Nucleus filter over a (rows, vocab) probability tensor, renormalised."""
    import torch

    if top_p >= 1.0:
        return probs
    ordered, order = torch.sort(probs, descending=True, dim=-1)
    keep = torch.cumsum(ordered, dim=-1) - ordered < top_p
    keep[:, 0] = True
    ordered = torch.where(keep, ordered, torch.zeros_like(ordered))
    filtered = torch.zeros_like(probs).scatter_(-1, order, ordered)
    return filtered / filtered.sum(dim=-1, keepdim=True)


class BatchSampler:
    """Decodes n rows of one prompt together; one instance per loaded model, used under its lock."""

    def __init__(self, model: Any, tokenizer: Any) -> None:
        self.model = model
        self.tokenizer = tokenizer
        vocab = int(model.get_output_embeddings().weight.shape[0])
        self.bridge = TokenizerBridge(tokenizer, vocab)
        self.device = next(model.parameters()).device
        self.last_stats = SampleStats()
        self._shifts: Any = None

    def _forward(self, ids: Any, cache: Any) -> Any:
        out = self.model(input_ids=ids, past_key_values=cache, use_cache=True, logits_to_keep=1)
        return out.logits[:, -1, :].float()

    def sample(
        self,
        prompt_ids: Sequence[int],
        constraint: Constraint,
        n: int,
        temperature: float,
        top_p: float,
        max_tokens: int,
        seed: int,
        greedy_rows: int = 0,
        lengths: Sequence[int] | None = None,
    ) -> list[Sample]:
        """Rows ``< greedy_rows`` take the most likely token (what the model writes unprompted); the
        rest sample. One batch then holds the greedy answer and the samples: one prefill, one decode.

        ``lengths`` (free text only) makes row ``i`` run exactly ``lengths[i]`` tokens, end-of-text
        barred: the benchmark decodes the same rows at the same lengths with and without a grammar,
        so the two differ only by the constraint."""
        import torch
        from llguidance.torch import allocate_token_bitmask, fill_next_token_bitmask_par
        from transformers import DynamicCache

        if n < 1 or max_tokens < 1:
            raise ValueError("n and max_tokens must be at least 1")
        if lengths is not None and (constraint is not None or len(lengths) != n or min(lengths) < 1):
            raise ValueError("lengths: one positive length per row, for free text only")
        limits = list(lengths) if lengths is not None else [max_tokens] * n
        stats = SampleStats(n=n)
        started = time.perf_counter()
        grammar = self.bridge.grammar(constraint)
        matchers = self.bridge.matchers(grammar, n) if grammar is not None else None
        generators = [torch.Generator().manual_seed(row_seed(seed, i)) for i in range(n)]
        outputs: list[list[int]] = [[] for _ in range(n)]
        complete = [False] * n
        active = list(range(n))  # row index of each batch position
        bitmask = allocate_token_bitmask(n, self.bridge.vocab_size) if matchers else None
        eos = self.bridge.eos_id

        def fill(rows: list[int]) -> float:
            t0 = time.perf_counter()
            batch = [(matchers[row], position) for position, row in enumerate(rows)]
            fill_next_token_bitmask_par(self.bridge.executor, batch, bitmask)
            return time.perf_counter() - t0

        with torch.inference_mode():
            cache = DynamicCache()
            ids = torch.tensor([list(prompt_ids)], dtype=torch.long, device=self.device)
            pending: Future[float] | None = _mask_pool().submit(fill, active) if matchers else None
            logits = self._forward(ids, cache)
            stats.prefill_s = time.perf_counter() - started
            if n > 1:
                cache.batch_repeat_interleave(n)
                logits = logits.expand(n, -1).clone()
            while active:
                batch = len(active)
                stats.peak_batch = max(stats.peak_batch, batch)
                if matchers:
                    t0 = time.perf_counter()
                    stats.mask_s += pending.result() if pending is not None else fill(active)
                    stats.mask_wait_s += time.perf_counter() - t0
                    t1 = time.perf_counter()
                    self._apply_mask(logits, bitmask[:batch])
                    stats.mask_s += time.perf_counter() - t1
                    stats.masked_rows += batch
                elif lengths is not None:
                    logits[:, eos] = float("-inf")
                chosen = self._choose(logits, active, generators, temperature, top_p, greedy_rows)
                keep: list[int] = []
                for position, row in enumerate(active):
                    token = chosen[position]
                    if matchers:
                        matcher = matchers[row]
                        if not matcher.consume_token(token):
                            stats.errors.append(f"row {row}: {matcher.get_error()[:120]}")
                            continue
                        if token != eos:
                            outputs[row].append(token)
                        if matcher.is_stopped():
                            complete[row] = matcher.is_accepting()
                            continue
                    elif token == eos:
                        complete[row] = True
                        continue
                    else:
                        outputs[row].append(token)
                    if len(outputs[row]) >= limits[row]:
                        complete[row] = bool(matchers) and matchers[row].is_accepting()
                        continue
                    keep.append(position)
                if not keep:
                    break
                if len(keep) < batch:
                    cache.batch_select_indices(torch.tensor(keep, device=self.device))
                active = [active[p] for p in keep]
                step = [[outputs[r][-1]] for r in active]
                if len(active) == 1 and matchers:
                    forced = self._forced(matchers[active[0]], max_tokens - len(outputs[active[0]]))
                    outputs[active[0]].extend(forced)
                    step[0].extend(forced)
                    if forced and matchers[active[0]].is_stopped():
                        complete[active[0]] = matchers[active[0]].is_accepting()
                        break
                    if len(outputs[active[0]]) >= max_tokens:
                        complete[active[0]] = matchers[active[0]].is_accepting()
                        break
                pending = _mask_pool().submit(fill, list(active)) if matchers else None
                logits = self._forward(torch.tensor(step, dtype=torch.long, device=self.device), cache)
                stats.steps += 1
            if pending is not None and not pending.done():
                pending.result()
        stats.seconds = time.perf_counter() - started
        stats.tokens = sum(len(o) for o in outputs)
        self.last_stats = stats
        decode = self.tokenizer.decode
        return [
            Sample(text=decode(outputs[i], skip_special_tokens=False), complete=complete[i],
                   tokens=len(outputs[i]), index=i)
            for i in range(n)
        ]

    def _apply_mask(self, logits: Any, bitmask: Any) -> None:
        """Set every token the row's mask forbids to -inf (bit ``t % 32`` of word ``t // 32``).

        This is what ``llguidance.torch.apply_token_bitmask_inplace`` computes, done eagerly: that
        helper is wrapped in ``torch.compile``, whose first call compiled for ~20 s on this CPU.
        """
        import torch

        if self._shifts is None:
            self._shifts = torch.arange(32, dtype=torch.int32)
        rows = bitmask.shape[0]
        allowed = ((bitmask.unsqueeze(-1) >> self._shifts) & 1).bool().view(rows, -1)
        vocab = logits.shape[1]
        allowed = allowed[:, :vocab].to(logits.device)
        if allowed.shape[1] < vocab:
            logits[:, allowed.shape[1]:] = float("-inf")
            logits = logits[:, : allowed.shape[1]]
        logits.masked_fill_(~allowed, float("-inf"))

    @staticmethod
    def _forced(matcher: Any, room: int) -> list[int]:
        """Tokens the grammar forces next (consumed here), at most ``room`` of them."""
        forced = list(matcher.compute_ff_tokens())[: max(0, room)]
        if forced and not matcher.consume_tokens(forced):
            return []
        return forced

    @staticmethod
    def _choose(
        logits: Any, active: list[int], generators: list[Any], temperature: float, top_p: float,
        greedy_rows: int = 0,
    ) -> list[int]:
        import torch

        best = [int(t) for t in torch.argmax(logits, dim=-1).tolist()]
        if temperature <= 0:
            return best
        probs = _filter_top_p(torch.softmax(logits / temperature, dim=-1), top_p)
        return [
            best[p] if row < greedy_rows
            else int(torch.multinomial(probs[p], 1, generator=generators[row]).item())
            for p, row in enumerate(active)
        ]
