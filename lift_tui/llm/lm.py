"""DSPy language models: the embedded engine behind ``dspy.LM``, or a served model by settings.

The embedded route is DSPy 3.4's non-deprecated one: ``dspy.LM("local/<model>", engine=...)``
with an engine exposing ``complete(Request) -> Response``. The engine declares
``supports_response_schema``, so ``dspy.JSONAdapter`` sends the signature's output fields as a
JSON Schema response format, which becomes the llguidance constraint: every prediction is
schema-valid by construction. A Lark grammar passed as ``metadata={"lark_grammar": ...}`` is
decoded under instead (code bodies: DSPy's request has no grammar slot). A served model (vLLM,
SGLang, llama.cpp server; ``model.served_model``) sits behind the same bridge as a
:class:`~lift_tui.llm.served.ServedEngine`, which sends the schema and the grammar (as GBNF) to
the server's own structured-output decoding, and the n samples as concurrent seeded requests.

Several completions (``config={"n": 8, "temperature": 0.8}``): DSPy 3.4 gives a custom engine
one request per completion (its ``Response`` holds one message; the LM combines the n
responses into n outputs), all n identical, and never tells the engine n. Our adapters put n
into the request's metadata (``lift_n``, see ``adapter.BatchHint``); on the first of the n
identical requests :class:`LocalEngine` decodes all n rows in one batch with
:meth:`Engine.sample` and answers the other n - 1 requests from that batch, in row order. Without
the hint (another adapter), the k-th identical request in this process is row 0 of seed
``seed + k``: still n different samples, decoded one at a time. The seed is the request's
``seed`` (``config={"seed": ...}``), else 0; DSPy's ``rollout_id`` only keys DSPy's cache.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from typing import Any

from lift_tui.settings import ModelSettings, Settings

from .dspy_setup import import_dspy
from .engine import Engine, get_engine
from .sampler import Sample
from .served import ServedEngine

LOCAL_PREFIX = "local"
# Any object is allowed when DSPy asks for plain JSON mode; bounded all the same.
ANY_OBJECT: dict[str, Any] = {"type": "object"}


def _messages(request: Any) -> list[dict[str, str]]:
    """lm15 request -> chat messages; the system prompt comes first."""
    messages: list[dict[str, str]] = []
    if request.system is not None:
        system = request.system if isinstance(request.system, str) else "".join(
            getattr(part, "text", "") or "" for part in request.system
        )
        messages.append({"role": "system", "content": system})
    for message in request.messages:
        role = message.role if message.role in ("system", "user", "assistant") else "user"
        messages.append({"role": role, "content": message.text or ""})
    return messages


def _metadata(request: Any) -> dict[str, Any]:
    metadata = (request.config.extensions or {}).get("metadata") or {}
    return metadata if isinstance(metadata, dict) else {}


def _grammar(request: Any) -> str | None:
    """The Lark grammar passed as ``metadata={"lark_grammar": ...}`` (see ``adapter.GrammarAdapter``)."""
    from .adapter import GRAMMAR_KEY

    grammar = _metadata(request).get(GRAMMAR_KEY)
    return grammar if isinstance(grammar, str) and grammar.strip() else None


def _batch_hint(request: Any) -> int:
    """How many identical requests DSPy is about to send (``metadata["lift_n"]``), 1 if not said."""
    from .adapter import N_KEY

    value = _metadata(request).get(N_KEY)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 1 else 1


def _greedy_rows(request: Any) -> int:
    from .adapter import GREEDY_KEY

    value = _metadata(request).get(GREEDY_KEY)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _request_key(request: Any) -> str:
    from dspy._vendor.lm15.serde import request_to_dict

    return json.dumps(request_to_dict(request), sort_keys=True, default=str)


class LocalEngine:
    """A DSPy engine (``complete(Request) -> Response``) over the embedded :class:`Engine`."""

    supports_response_schema = True
    supports_function_calling = False
    supports_reasoning = False
    supported_params = frozenset(
        {"response_format", "max_tokens", "temperature", "top_p", "seed", "metadata"}
    )

    def __init__(self, engine: Engine | ServedEngine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        """Guards the dictionaries below; held only for bookkeeping, never across a generation."""
        self._key_locks: dict[str, threading.Lock] = {}
        self._pending: dict[str, deque[Sample]] = {}
        self._seen: dict[str, int] = {}

    def _limit(self, request: Any) -> int:
        ceiling = self.engine.settings.max_new_tokens
        asked = request.config.max_tokens
        return min(asked, ceiling) if asked else ceiling

    def _constraint(self, request: Any) -> Any:
        grammar = _grammar(request)
        fmt = request.config.response_format
        if grammar is not None:
            return grammar
        if fmt and fmt.get("type") == "json_schema":
            return fmt["schema"]
        if fmt and fmt.get("type") == "json_object":
            return ANY_OBJECT
        return None

    def _key_lock(self, key: str) -> threading.Lock:
        """One lock per distinct request: the n identical requests of one call wait for the first
        one's batch, while other requests (another function, another hole) run beside it, which a
        served model answers concurrently."""
        with self._lock:
            lock = self._key_locks.get(key)
            if lock is None:
                lock = self._key_locks[key] = threading.Lock()
                if len(self._key_locks) > 4096:
                    self._key_locks.pop(next(iter(self._key_locks)))
            return lock

    def _sampled(self, request: Any, messages: list[dict[str, str]], limit: int) -> Sample:
        """One of the n sampled completions DSPy asks for, batched on the first request (see module doc)."""
        config = request.config
        options = {
            "temperature": float(config.temperature or 0.0),
            "top_p": float(config.top_p) if config.top_p is not None else 0.95,
            "max_tokens": limit,
        }
        seed = int(config.seed) if config.seed is not None else 0
        constraint = self._constraint(request)
        hint = _batch_hint(request)
        key = _request_key(request)
        with self._key_lock(key):
            with self._lock:
                queued = self._pending.get(key)
                if queued:
                    sample = queued.popleft()
                    if not queued:
                        del self._pending[key]
                    return sample
            if hint > 1:
                samples = self.engine.sample(messages, constraint, n=hint, seed=seed,
                                             greedy_rows=_greedy_rows(request), **options)
                with self._lock:
                    self._pending[key] = deque(samples[1:])
                return samples[0]
            with self._lock:
                count = self._seen.get(key, 0)
                self._seen[key] = count + 1
                if len(self._seen) > 4096:
                    self._seen.pop(next(iter(self._seen)))
            return self.engine.sample(messages, constraint, n=1, seed=seed + count, **options)[0]

    def complete(self, request: Any) -> Any:
        from dspy.lm15 import Message, Response, TextPart, Usage

        messages = _messages(request)
        limit = self._limit(request)
        fmt = request.config.response_format
        grammar = _grammar(request)
        if (request.config.temperature or 0) > 0 or _batch_hint(request) > 1:
            sample = self._sampled(request, messages, limit)
            return Response(
                id=None,
                model=request.model,
                message=Message.assistant([TextPart(sample.text)]),
                finish_reason="stop" if sample.complete else "length",
                usage=Usage(input_tokens=0, output_tokens=sample.tokens),
            )
        if grammar is not None:
            text = self.engine.generate_grammar(messages, grammar, limit)
        elif fmt and fmt.get("type") == "json_schema":
            text = json.dumps(self.engine.generate_json(messages, fmt["schema"], limit))
        elif fmt and fmt.get("type") == "json_object":
            text = json.dumps(self.engine.generate_json(messages, ANY_OBJECT, limit))
        else:
            text = self.engine.generate_text(messages, limit)
        stats = self.engine.last_stats
        return Response(
            id=None,
            model=request.model,
            message=Message.assistant([TextPart(text)]),
            finish_reason="stop",
            usage=Usage(input_tokens=0, output_tokens=stats.output_tokens),
        )

    def stream(self, request: Any) -> Any:
        from dspy.lm15 import response_to_events

        return response_to_events(self.complete(request))

    def close(self) -> None:
        return None


class AsyncLocalEngine:
    """The async twin DSPy wants; generation runs in a worker thread (the engine serialises it)."""

    def __init__(self, sync: LocalEngine) -> None:
        self.sync = sync

    async def complete(self, request: Any) -> Any:
        return await asyncio.to_thread(self.sync.complete, request)

    async def stream(self, request: Any) -> Any:
        for event in await asyncio.to_thread(lambda: list(self.sync.stream(request))):
            yield event

    async def aclose(self) -> None:
        return None


def embedded_lm(engine: Engine | ServedEngine, cache: bool = True) -> Any:
    """A ``dspy.LM`` whose every call runs on ``engine`` under the response-format constraint.

    ``num_retries=0``: the engines fail for reasons a retry does not fix (a cut-off answer is
    already retried with more room inside the engine; a dead server stays dead), and DSPy's
    backoff would turn a failure into a long wait before the hole appears."""
    dspy = import_dspy(engine.cache_root)
    sync = LocalEngine(engine)
    model = f"{LOCAL_PREFIX}/{engine.model_id}"
    return dspy.LM(model, engine=sync, async_engine=AsyncLocalEngine(sync), cache=cache, temperature=0.0,
                   num_retries=0)


_EMBEDDED: dict[int, tuple[Engine, Any]] = {}
_EMBEDDED_LOCK = threading.Lock()


def lm_for(engine: Engine | ServedEngine) -> Any:
    """The ``dspy.LM`` over ``engine``, built once per engine (it keeps the call history)."""
    with _EMBEDDED_LOCK:
        held = _EMBEDDED.get(id(engine))
        if held is None or held[0] is not engine:
            held = _EMBEDDED[id(engine)] = (engine, embedded_lm(engine))
        return held[1]


def served_lm(model: ModelSettings, cache_dir: Any = None) -> Any:
    """The ``dspy.LM`` over the served model (vLLM, SGLang, llama.cpp server) the settings name.

    The same DSPy route as the embedded engine (:class:`LocalEngine` over a
    :class:`~lift_tui.llm.served.ServedEngine`), so grammars and the n hint reach the server."""
    if cache_dir is None:
        from lift_tui.settings import get_settings

        cache_dir = get_settings().cache_dir
    return lm_for(get_engine(model, cache_dir))


def build_lm(settings: Settings | None = None, load: bool = True) -> Any:
    """The LM the settings ask for: the served model if one is set, else the (shared) local engine.

    With a served model nothing local is loaded; ``load`` checks that the server answers
    (``ModelLoadError`` in one line if it does not)."""
    if settings is None:
        from lift_tui.settings import get_settings

        settings = get_settings()
    engine = get_engine(settings.model, settings.cache_dir)
    if load:
        engine.load()
    return lm_for(engine)


def configure(settings: Settings | None = None, load: bool = True) -> Any:
    """Build the LM the settings ask for and make it DSPy's default, with :class:`CompactJSONAdapter`."""
    if settings is None:
        from lift_tui.settings import get_settings

        settings = get_settings()
    dspy = import_dspy(settings.cache_dir)
    lm = build_lm(settings, load)
    from .adapter import CompactJSONAdapter

    dspy.configure(lm=lm, adapter=CompactJSONAdapter())
    return lm


def lm_concurrency(lm: Any) -> int:
    """How many calls may go to ``lm`` at once: a served model's ``concurrency`` setting, else 1
    (the embedded engine decodes one request at a time; threads would only queue on its lock)."""
    engine = getattr(getattr(lm, "engine", None), "engine", None)
    if isinstance(engine, ServedEngine):
        return max(1, engine.concurrency)
    return 1
