"""The one in-process model: loaded lazily and once, shared by every caller, constrained by llguidance.

Two decoding paths share the loaded model:

- :meth:`Engine.sample` decodes n sequences of one prompt *together* (one batched forward pass
  per step, one llguidance matcher per row, see :mod:`.sampler`), seeded, under a JSON Schema,
  a Lark grammar or nothing. Forward mode's candidates and every DSPy call with ``n`` or a
  temperature above 0 come here.
- :meth:`Engine.generate_json` / :meth:`Engine.generate_grammar` (greedy, one sequence) stay on
  guidance: by ``lift-tui bench model`` on this 2-core CPU the greedy single call is no slower
  there, guidance keeps the prompt's KV cache between calls (a repeated prefix is not prefilled
  again) and skips the model for runs of forced tokens, and the retry-with-more-room loop is
  built on it.

Every result is a pure function of its inputs (greedy, or seeded sampling) and is cached under
them: a repeated graph node costs nothing. Generation is serialised by a lock because one model
is shared.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from lift_tui.settings import ModelSettings

from .chat import Message, render_chat, validate_messages
from .errors import GenerationError, ModelLoadError
from .loader import LoadedModel, Progress, load_model
from .sampler import BatchSampler, Constraint, Sample
from .schemas import Schema, bounded_schema, sampling_constraint, schema_of, validator_for

RESULT_CACHE_SIZE = 512

__all__ = ["Engine", "GenerationError", "GenerationStats", "ModelLoadError", "Sample", "get_engine"]


@dataclass
class GenerationStats:
    """What the last generation cost; the benchmark and the TUI status line read it."""

    kind: str = ""
    seconds: float = 0.0
    output_tokens: int = 0
    forced_tokens: int = 0
    forward_passes: int = 0
    mask_ms: list[float] = field(default_factory=list)
    """Per token: parser advance + mask computation (the mask is built while the model runs)."""
    mask_overhead_ms: list[float] = field(default_factory=list)
    """Per token: the part of ``mask_ms`` not hidden behind the forward pass."""
    cached: bool = False
    attempts: int = 0
    text: str = ""
    """The decoded output as generated (forced tokens included)."""


def _quiet_transformers() -> None:
    """Keep tqdm bars and advisory warnings off the terminal the TUI draws on."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class Engine:
    """One loaded model with constrained (JSON Schema, Lark) and plain generation."""

    def __init__(self, settings: ModelSettings, cache_root: Path) -> None:
        self.settings = settings
        self.cache_root = Path(cache_root)
        self._load_lock = threading.Lock()
        self._run_lock = threading.RLock()
        self._loaded: LoadedModel | None = None
        self._guidance: Any = None
        self._sampler: BatchSampler | None = None
        self._results: OrderedDict[str, Any] = OrderedDict()
        self.last_stats = GenerationStats()

    # -- loading -------------------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self._loaded is not None

    @property
    def loaded(self) -> LoadedModel:
        """The loaded model (loading it first if needed)."""
        self.load()
        assert self._loaded is not None
        return self._loaded

    @property
    def model_id(self) -> str:
        return self.loaded.model_id

    def load(self, progress: Progress | None = None) -> None:
        """Load the model if it is not loaded yet; safe to call from any thread, any number of times."""
        if self._loaded is not None:
            if progress:
                progress(1.0, "model ready")
            return
        with self._load_lock:
            if self._loaded is not None:
                return
            _quiet_transformers()
            loaded = load_model(self.settings, self.cache_root, progress)
            try:
                from .guidance_backend import build_guidance_model

                self._guidance = build_guidance_model(loaded.model, loaded.tokenizer)
            except Exception as error:
                cause = f"guidance cannot use this model: {error}"
                raise ModelLoadError(loaded.source.display, cause) from error
            self._loaded = loaded
            if progress:
                progress(1.0, "model ready")

    # -- result cache --------------------------------------------------------------------------

    def _key(self, kind: str, constraint: Any, messages: Sequence[Message], max_tokens: int) -> str:
        payload = json.dumps([self.model_id, kind, constraint, list(messages), max_tokens], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    def _cached(self, key: str) -> Any:
        if key in self._results:
            self._results.move_to_end(key)
            self.last_stats = GenerationStats(kind="cache", cached=True)
            return json.loads(self._results[key])
        return None

    def _remember(self, key: str, value: Any) -> None:
        self._results[key] = json.dumps(value)
        while len(self._results) > RESULT_CACHE_SIZE:
            self._results.popitem(last=False)

    def clear_cache(self) -> None:
        self._results.clear()

    # -- constrained generation ---------------------------------------------------------------

    def _run_guidance(self, kind: str, prompt: str, node: Any) -> tuple[str, GenerationStats]:
        base = self._guidance
        base._reset_usage()
        started = time.perf_counter()
        try:
            result = base + prompt + node
        except (ValueError, TypeError, RuntimeError) as error:  # llguidance refuses bad grammars here
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise GenerationError(f"{kind} constraint cannot be used: {first[:200]}") from error
        seconds = time.perf_counter() - started
        usage = result._get_usage()
        stats = GenerationStats(
            kind=kind,
            seconds=seconds,
            output_tokens=usage.output_tokens,
            forced_tokens=usage.ff_tokens or 0,
            forward_passes=usage.forward_passes,
            mask_ms=list(usage.mask_times_ms),
            mask_overhead_ms=list(usage.mask_overheads_ms),
        )
        stats.text = str(result["out"] or "")
        return stats.text, stats

    def _constrained(
        self,
        kind: str,
        messages: Sequence[Message],
        make_node: Callable[[int], Any],
        check: Callable[[str], Any],
        max_tokens: int,
        limit_is_failure: bool = False,
    ) -> Any:
        """Decode under a constraint; on a failed check (a cut-off output) retry once with twice the room."""
        prompt = render_chat(self.loaded.tokenizer, messages)
        limits = (max_tokens, max_tokens * 2)
        problem = ""
        for attempt, limit in enumerate(limits, start=1):
            text, stats = self._run_guidance(kind, prompt, make_node(limit))
            stats.attempts = attempt
            self.last_stats = stats
            try:
                if limit_is_failure and stats.output_tokens >= limit:
                    raise ValueError("hit the token limit")
                return check(text)
            except ValueError as error:
                problem = f"{error} (output: {text[:120]!r})"
        raise GenerationError(f"{kind} output incomplete after {limits[-1]} tokens: {problem}")

    def generate_json(
        self,
        messages: list[dict[str, str]],
        schema: Schema | type[BaseModel],
        max_tokens: int | None = None,
    ) -> dict[str, Any]:
        """A JSON object that validates against ``schema`` (a JSON Schema or a pydantic model)."""
        import guidance

        checked = validate_messages(messages)
        raw = schema_of(schema)
        constraint = bounded_schema(raw)
        limit = max_tokens or self.settings.max_new_tokens
        with self._run_lock:
            key = self._key("json", constraint, checked, limit)
            hit = self._cached(key)
            if hit is not None:
                return hit
            check = validator_for(schema if not isinstance(schema, dict) else raw)
            value = self._constrained(
                "json",
                checked,
                lambda n: guidance.json(name="out", schema=constraint, max_tokens=n),
                check,
                limit,
            )
            self._remember(key, value)
            return value

    def generate_grammar(
        self,
        messages: list[dict[str, str]],
        lark_grammar: str,
        max_tokens: int | None = None,
        check: Callable[[str], Any] | None = None,
    ) -> str:
        """Text matching a Lark grammar (llguidance syntax); ``check`` may refuse it via ``ValueError``."""
        import guidance

        checked = validate_messages(messages)
        limit = max_tokens or self.settings.max_new_tokens
        with self._run_lock:
            key = self._key("lark", lark_grammar, checked, limit)
            hit = self._cached(key)
            if hit is not None:
                return hit

            def complete(text: str) -> str:
                if check is not None:
                    check(text)
                return text

            value = self._constrained(
                "lark",
                checked,
                lambda n: guidance.lark(lark_grammar, name="out", max_tokens=n),
                complete,
                limit,
                limit_is_failure=True,
            )
            self._remember(key, value)
            return value

    # -- batched sampling -----------------------------------------------------------------------

    @property
    def sampler(self) -> BatchSampler:
        """The batched decoder over the loaded model (its llguidance tokenizer is built once, ~1 s)."""
        loaded = self.loaded
        with self._run_lock:
            if self._sampler is None:
                self._sampler = BatchSampler(loaded.model, loaded.tokenizer)
            return self._sampler

    def sample(
        self,
        messages: list[dict[str, str]],
        constraint: Constraint | type[BaseModel],
        *,
        n: int,
        temperature: float = 0.8,
        max_tokens: int | None = None,
        seed: int = 0,
        top_p: float = 0.95,
        greedy_rows: int = 0,
        lengths: Sequence[int] | None = None,
    ) -> list[Sample]:
        """``n`` sequences for one chat prompt, decoded together, each obeying ``constraint``.

        ``constraint`` is a JSON Schema dict (bounded and closed as in :meth:`generate_json`; a
        pydantic model class is taken too), a Lark grammar in llguidance's dialect (the grammars
        :meth:`generate_grammar` takes), or None for free text. The prompt is prefilled once
        and its KV cache repeated for the n rows; each step is one forward pass over the rows
        still running. Row ``i`` samples from a generator seeded by ``(seed, i)`` (temperature,
        then nucleus ``top_p``; ``temperature <= 0`` is greedy), so the same arguments give the
        same samples, and are served from the result cache the second time. The first
        ``greedy_rows`` rows are greedy instead (the model's own first answer, in the same batch);
        ``lengths`` fixes each free-text row's length (benchmarks, see :meth:`BatchSampler.sample`).

        Each :class:`Sample` has ``text``, ``complete`` (the grammar accepted / the model stopped,
        False when cut at ``max_tokens``) and ``tokens``. A grammar llguidance refuses raises
        :class:`GenerationError`; a row that cannot finish is returned incomplete, not dropped.
        """
        constraint = sampling_constraint(constraint)
        if n < 1:
            raise ValueError("n must be at least 1")
        checked = validate_messages(messages)
        limit = max_tokens or self.settings.max_new_tokens
        sampler = self.sampler
        tokenizer = self.loaded.tokenizer
        with self._run_lock:
            options = {"n": n, "temperature": temperature, "top_p": top_p, "seed": seed}
            if greedy_rows:
                options["greedy_rows"] = greedy_rows
            if lengths is not None:
                options["lengths"] = list(lengths)
            key = self._key("sample", [constraint, options], checked, limit)
            hit = self._cached(key)
            if hit is not None:
                return [Sample(**item) for item in hit]
            prompt = render_chat(tokenizer, checked)
            ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
            samples = sampler.sample(ids, constraint, n, temperature, top_p, limit, seed, greedy_rows,
                                     lengths)
            run = sampler.last_stats
            self.last_stats = GenerationStats(
                kind="sample", seconds=run.seconds, output_tokens=run.tokens, forward_passes=run.steps + 1,
                attempts=1, text=samples[0].text if samples else "",
            )
            self._remember(key, [vars(sample) for sample in samples])
            return samples

    # -- plain generation ---------------------------------------------------------------------

    def generate_text(
        self, messages: list[dict[str, str]], max_tokens: int | None = None, min_tokens: int = 0
    ) -> str:
        """Unconstrained greedy text (the raw baseline); ``min_tokens`` forces a length for benchmarks."""
        import torch

        checked = validate_messages(messages)
        limit = max_tokens or self.settings.max_new_tokens
        loaded = self.loaded
        with self._run_lock:
            key = self._key("text", min_tokens, checked, limit)
            hit = self._cached(key)
            if hit is not None:
                return hit
            prompt = render_chat(loaded.tokenizer, checked)
            inputs = loaded.tokenizer(prompt, return_tensors="pt", add_special_tokens=False).to(loaded.device)
            started = time.perf_counter()
            with torch.no_grad():
                output = loaded.model.generate(
                    **inputs,
                    max_new_tokens=limit,
                    min_new_tokens=min_tokens or None,
                    do_sample=False,
                    pad_token_id=loaded.tokenizer.eos_token_id,
                )
            new = output[0, inputs["input_ids"].shape[1] :]
            self.last_stats = GenerationStats(
                kind="text", seconds=time.perf_counter() - started, output_tokens=int(new.shape[0]),
                forward_passes=int(new.shape[0]), attempts=1,
            )
            text = loaded.tokenizer.decode(new, skip_special_tokens=True)
            self._remember(key, text)
            return text

    def count_tokens(self, text: str) -> int:
        return len(self.loaded.tokenizer.encode(text, add_special_tokens=False))


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(settings: ModelSettings | None = None, cache_dir: Path | None = None) -> Engine:
    """The process-wide engine for these model settings (created on first use, loaded lazily).

    With ``served_model`` set this is a :class:`~lift_tui.llm.served.ServedEngine` (same calls,
    answered by the server): every caller that asks for "the engine" then reaches the server,
    and the local weights are never loaded."""
    if settings is None or cache_dir is None:
        from lift_tui.settings import get_settings

        app = get_settings()
        settings = settings or app.model
        cache_dir = cache_dir or app.cache_dir
    make: Callable[[ModelSettings, Path], Engine] = Engine
    if settings.served_model:
        from .served import ServedEngine

        make = ServedEngine  # type: ignore[assignment]
    key = json.dumps([settings.model_dump(mode="json"), str(cache_dir)], sort_keys=True)
    with _engines_lock:  # one registry: the served model key differs in ``served_model``
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make(settings, cache_dir)
        return engine


def describe(engine: Engine) -> Mapping[str, Any]:
    """A short summary of the loaded model for status lines and ``--json`` output."""
    loaded = engine.loaded
    return {
        "model": loaded.model_id,
        "device": loaded.device,
        "dtype": loaded.dtype,
        "path": str(loaded.source.display),
    }
