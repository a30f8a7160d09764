"""Batched, seeded, constrained sampling: n sequences from one prompt in one forward pass per step.

Why this and not n guidance calls: guidance decodes one sequence at a time, so n candidates
cost n times one. Here the prompt is prefilled once, its KV cache is repeated n times, and
every step runs the n rows together; each row has its own llguidance ``LLMatcher``, the masks
of all rows are filled in parallel by one ``LLExecutor`` (``fill_next_token_bitmask_par``,
the batching API servers use) while the model computes the step, and are applied as
``apply_token_bitmask_inplace`` does (eagerly; the step's arithmetic is in :mod:`.decoding`). All
rows share the prompt, so they always have the same length: no padding is needed (left padding
would be, for rows of different prompts), and a finished row is dropped from the cache
(``batch_select_indices``) so later steps only pay for rows still running. When one row is
left, the tokens its grammar forces are fed in one pass instead of one pass each. The rows
are decoded in shards, one thread per free core (:meth:`BatchSampler._decode_parallel`).

Row ``i`` draws from its own ``torch.Generator`` seeded from ``(seed, i)``, so a result is a
function of (model, prompt, constraint, n, temperature, top_p, seed, max_tokens) and can be
cached under that key.
"""

from __future__ import annotations

import copy
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from .decoding import LogitsHead, apply_mask, choose
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


@dataclass
class _Run:
    """One ``sample`` call's rows; each shard reads and writes only its own rows' entries."""

    matchers: list[Any] | None
    generators: list[Any]
    outputs: list[list[int]]
    complete: list[bool]
    limits: list[int]
    max_tokens: int
    temperature: float
    top_p: float
    greedy_rows: int
    free_length: bool


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
_SHARDS: ThreadPoolExecutor | None = None


def _shard_pool(workers: int) -> ThreadPoolExecutor:
    """Threads for the shards after the first (which runs on the caller's thread)."""
    global _SHARDS
    with _POOL_LOCK:
        if _SHARDS is None or _SHARDS._max_workers < workers:
            _SHARDS = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lift-decode")
        return _SHARDS


def decode_workers(torch_threads: int) -> int:
    """How many shards a batch decodes in: the usable cores left after each shard's torch threads."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores // max(1, torch_threads))


class BatchSampler:
    """Decodes n rows of one prompt together; one instance per loaded model, used under its lock."""

    def __init__(self, model: Any, tokenizer: Any, workers: int | None = None) -> None:
        import torch

        self.model = model
        self.workers = workers or decode_workers(torch.get_num_threads())
        """Rows are decoded in this many shards at once (one thread each, see :meth:`_decode_parallel`)."""
        self.tokenizer = tokenizer
        vocab = int(model.get_output_embeddings().weight.shape[0])
        self.bridge = TokenizerBridge(tokenizer, vocab)
        self.device = next(model.parameters()).device
        self.last_stats = SampleStats()
        self._forward = LogitsHead(model)

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

        from .kvcache import growing_cache

        if n < 1 or max_tokens < 1:
            raise ValueError("n and max_tokens must be at least 1")
        if lengths is not None and (constraint is not None or len(lengths) != n or min(lengths) < 1):
            raise ValueError("lengths: one positive length per row, for free text only")
        stats = SampleStats(n=n, peak_batch=n)
        started = time.perf_counter()
        grammar = self.bridge.grammar(constraint)
        run = _Run(
            matchers=self.bridge.matchers(grammar, n) if grammar is not None else None,
            generators=[torch.Generator().manual_seed(row_seed(seed, i)) for i in range(n)],
            outputs=[[] for _ in range(n)], complete=[False] * n,
            limits=list(lengths) if lengths is not None else [max_tokens] * n, max_tokens=max_tokens,
            temperature=temperature, top_p=top_p, greedy_rows=greedy_rows, free_length=lengths is not None,
        )
        with torch.inference_mode():
            cache = growing_cache()
            ids = torch.tensor([list(prompt_ids)], dtype=torch.long, device=self.device)
            logits = self._forward(ids, cache)
            stats.prefill_s = time.perf_counter() - started
            shards = [list(range(n))[k :: self.workers] for k in range(min(self.workers, n))]
            if len(shards) == 1:
                parts = [self._decode(run, shards[0], cache, logits)]
            else:
                parts = self._decode_parallel(run, shards, cache, logits)
        for part in parts:
            stats.steps += part.steps
            stats.mask_s += part.mask_s
            stats.mask_wait_s += part.mask_wait_s
            stats.masked_rows += part.masked_rows
            stats.errors += part.errors
        stats.seconds = time.perf_counter() - started
        stats.tokens = sum(len(o) for o in run.outputs)
        self.last_stats = stats
        decode = self.tokenizer.decode
        return [
            Sample(text=decode(run.outputs[i], skip_special_tokens=False), complete=run.complete[i],
                   tokens=len(run.outputs[i]), index=i)
            for i in range(n)
        ]

    def _decode_parallel(
        self, run: _Run, shards: list[list[int]], cache: Any, logits: Any
    ) -> list[SampleStats]:
        """Each shard decodes in its own thread from its own copy of the prefilled cache.

        Why threads: at a few rows a step is bound by reading the weights, and one core's matmul
        does not get faster with more intra-op threads (a 4-row step: 132 ms on one thread, 122 on
        two); two shards on two cores each run at nearly the one-shard speed (173 and 178 ms/step
        for two 4-row shards at once against 162 for one, 2026-12-04). Rows never share state
        across shards, so a row's tokens do not depend on how the rows were split."""
        import torch

        def work(rows: list[int], shard_cache: Any) -> SampleStats:
            with torch.inference_mode():
                return self._decode(run, rows, shard_cache, logits)

        copies = [copy.deepcopy(cache) for _ in shards[1:]]
        pool = _shard_pool(len(shards) - 1)
        pending = [pool.submit(work, rows, c) for rows, c in zip(shards[1:], copies, strict=True)]
        first = self._decode(run, shards[0], cache, logits)
        return [first, *(f.result() for f in pending)]

    def _decode(self, run: _Run, rows: list[int], cache: Any, prefill_logits: Any) -> SampleStats:
        """The decode loop for ``rows`` (one shard) over ``cache`` (the prompt's, not yet repeated).

        Every step is one forward pass over the rows still running; a finished row is dropped from
        the cache; when one row is left, the tokens its grammar forces are fed in one pass."""
        import torch
        from llguidance.torch import allocate_token_bitmask, fill_next_token_bitmask_par

        stats = SampleStats(n=len(rows))
        matchers, outputs, complete, limits = run.matchers, run.outputs, run.complete, run.limits
        bitmask = allocate_token_bitmask(len(rows), self.bridge.vocab_size) if matchers else None
        eos = self.bridge.eos_id
        active = list(rows)  # row index of each batch position

        def fill(batch_rows: list[int]) -> float:
            t0 = time.perf_counter()
            batch = [(matchers[row], position) for position, row in enumerate(batch_rows)]
            fill_next_token_bitmask_par(self.bridge.executor, batch, bitmask)
            return time.perf_counter() - t0

        pending: Future[float] | None = _mask_pool().submit(fill, active) if matchers else None
        logits = prefill_logits
        if len(rows) > 1:
            cache.batch_repeat_interleave(len(rows))
        logits = logits.expand(len(rows), -1).clone()
        while active:
            batch = len(active)
            if matchers:
                t0 = time.perf_counter()
                stats.mask_s += pending.result() if pending is not None else fill(active)
                stats.mask_wait_s += time.perf_counter() - t0
                t1 = time.perf_counter()
                apply_mask(logits, bitmask[:batch])
                stats.mask_s += time.perf_counter() - t1
                stats.masked_rows += batch
            elif run.free_length:
                logits[:, eos] = float("-inf")
            chosen = choose(logits, active, run.generators, run.temperature, run.top_p, run.greedy_rows)
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
                last = active[0]
                forced = self._forced(matchers[last], run.max_tokens - len(outputs[last]))
                outputs[last].extend(forced)
                step[0].extend(forced)
                if forced and matchers[last].is_stopped():
                    complete[last] = matchers[last].is_accepting()
                    break
                if len(outputs[last]) >= run.max_tokens:
                    complete[last] = matchers[last].is_accepting()
                    break
            pending = _mask_pool().submit(fill, list(active)) if matchers else None
            logits = self._forward(torch.tensor(step, dtype=torch.long, device=self.device), cache)
            stats.steps += 1
        if pending is not None and not pending.done():
            pending.result()
        return stats

    @staticmethod
    def _forced(matcher: Any, room: int) -> list[int]:
        """Tokens the grammar forces next (consumed here), at most ``room`` of them."""
        forced = list(matcher.compute_ff_tokens())[: max(0, room)]
        if forced and not matcher.consume_tokens(forced):
            return []
        return forced
