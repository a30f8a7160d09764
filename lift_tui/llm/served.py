"""A served model (llama.cpp server, vLLM, SGLang: OpenAI-compatible) with the embedded engine's surface.

:class:`ServedEngine` answers the calls :class:`lift_tui.llm.engine.Engine` answers
(``generate_json``, ``generate_grammar``, ``sample``, ``generate_text``, ``load``), so every
caller (forward's DSPy programs through ``lm.LocalEngine``, reverse enrichment, hole
suggestions) runs unchanged on a server once ``model.served_model`` is set, and the local
weights are never loaded. Why not DSPy's LiteLLM client: the project's calls carry a Lark
grammar and an ``n`` hint in their metadata, which LiteLLM would drop, and LiteLLM's retries
turn a dead server into a long wait; here each failure is one request and one line.

Constraints, in the server's own structured-output decoding:

- a JSON Schema goes as ``response_format = {"type": "json_object", "schema": ...}`` (llama.cpp's
  form; the schema bounded as on the embedded path), and the answer is parsed and validated;
- a Lark grammar (code bodies, expressions) is translated to GBNF (:mod:`.gbnf`) and sent as
  llama.cpp's ``grammar`` field; ``model.served_grammar = "none"`` sends no grammar instead (a
  server without GBNF), the answer being parsed and validated downstream as always.

``sample(n)`` is n requests with seeds ``seed + i``, in flight together up to
``model.concurrency`` (a batching server serves them at once; llama.cpp's queues them).
Every failure raises :class:`ServedModelError` with one line that names the cause and the fix.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from lift_tui.settings import ModelSettings

from .chat import validate_messages
from .errors import GenerationError, ModelLoadError
from .sampler import Sample
from .schemas import Schema, bounded_schema, sampling_constraint, schema_of, validator_for

DEFAULT_API_BASE = "http://127.0.0.1:8000/v1"
"""llama.cpp server's default address, used when ``model.api_base`` is empty."""
PROVIDER_PREFIXES = ("openai/", "hosted_vllm/", "local/", "served/")
RESULT_CACHE_SIZE = 512
PING_TIMEOUT_S = 10.0

__all__ = ["ServedEngine", "ServedModelError"]


def server_pattern(pattern: str) -> str:
    """A regex for llama.cpp's JSON-Schema converter, matching the same strings as ``pattern``.

    The converter refuses non-capturing groups ("Unsupported pattern syntax"), so ``(?:`` becomes
    ``(``; and it copies an escaped punctuation character such as ``\\.`` into a GBNF literal as
    ``"\\."``, an escape llama.cpp's grammar parser does not know: the server then fails to parse
    the grammar and (llama-cpp-python 0.3.36) dies. Outside a class, ``\\X`` becomes ``[X]``.
    """
    pattern = pattern.replace("(?:", "(")
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            if not in_class and not escaped.isalnum():
                out.append("[" + ("\\" + escaped if escaped in "[]\\^-" else escaped) + "]")
            else:
                out.append(char + escaped)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def server_schema(node: Any) -> Any:
    """``node`` (a JSON Schema) with every ``pattern`` rewritten by :func:`server_pattern`."""
    if isinstance(node, dict):
        return {key: server_pattern(value) if key == "pattern" and isinstance(value, str)
                else server_schema(value) for key, value in node.items()}
    if isinstance(node, list):
        return [server_schema(item) for item in node]
    return node


class ServedModelError(GenerationError):
    """A served-model request failed; the message is one line naming the cause and what to do."""


class ServedStats:
    """What the last request cost (the bench and status lines read ``output_tokens``, ``seconds``)."""

    def __init__(self, kind: str = "", seconds: float = 0.0, output_tokens: int = 0,
                 cached: bool = False) -> None:
        self.kind = kind
        self.seconds = seconds
        self.output_tokens = output_tokens
        self.cached = cached


def _one_line(text: str, limit: int = 160) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class ServedEngine:
    """An OpenAI-compatible server behind the :class:`~lift_tui.llm.engine.Engine` interface."""

    parallel = True
    """Callers may send it several requests at once (the embedded engine serialises them)."""

    def __init__(self, settings: ModelSettings, cache_root: Path) -> None:
        import httpx

        self.settings = settings
        self.cache_root = Path(cache_root)
        self.api_base = (settings.api_base or DEFAULT_API_BASE).rstrip("/")
        name = settings.served_model or ""
        for prefix in PROVIDER_PREFIXES:
            name = name.removeprefix(prefix)
        self.model_name = name
        headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
        limits = httpx.Limits(max_connections=settings.concurrency * 2)
        self._client = httpx.Client(headers=headers, limits=limits, timeout=settings.timeout_s)
        self._pool = ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="lift-served")
        self._results: OrderedDict[str, Any] = OrderedDict()
        self._results_lock = threading.Lock()
        self._loaded = False
        self.last_stats = ServedStats()
        self.requests = 0
        """Requests sent (the bench and tests read it)."""

    # -- the Engine surface ------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self._loaded

    @property
    def model_id(self) -> str:
        return f"served/{self.model_name}"

    @property
    def concurrency(self) -> int:
        return self.settings.concurrency

    def load(self, progress: Callable[[float, str], None] | None = None) -> None:
        """Check that the server answers ``GET /models``; ``ModelLoadError`` (one line) if not."""
        import httpx

        if self._loaded:
            return
        if progress:
            progress(0.0, f"contacting {self.api_base}")
        try:
            response = self._client.get(f"{self.api_base}/models", timeout=min(PING_TIMEOUT_S,
                                                                               self.settings.timeout_s))
        except httpx.TimeoutException as error:
            raise ModelLoadError(self.api_base, f"the served model did not answer within "
                                 f"{min(PING_TIMEOUT_S, self.settings.timeout_s):g}s; is the server up? "
                                 f"(model.api_base)") from error
        except httpx.HTTPError as error:
            raise ModelLoadError(self.api_base, f"cannot reach the served model ({_one_line(error, 80)}); "
                                 "start the server or fix model.api_base") from error
        if response.status_code >= 400:
            raise ModelLoadError(self.api_base, f"GET /models answered HTTP {response.status_code}; "
                                 "check model.api_base and model.api_key")
        self._loaded = True
        if progress:
            progress(1.0, "served model ready")

    def clear_cache(self) -> None:
        with self._results_lock:
            self._results.clear()

    def count_tokens(self, text: str) -> int:
        """An estimate (~4 characters a token): the server's tokenizer is not here."""
        return max(1, len(text) // 4)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._client.close()

    # -- requests ----------------------------------------------------------------------------

    def _payload(self, messages: Sequence[dict[str, str]], constraint: Any, max_tokens: int,
                 temperature: float = 0.0, top_p: float | None = None,
                 seed: int | None = None) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model_name,
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if top_p is not None:
            payload["top_p"] = top_p
        if seed is not None:
            payload["seed"] = seed
        if isinstance(constraint, dict):
            payload["response_format"] = {"type": "json_object", "schema": server_schema(constraint)}
        elif isinstance(constraint, str) and self.settings.served_grammar == "gbnf":
            from .gbnf import GrammarTranslationError, lark_to_gbnf

            try:
                payload["grammar"] = lark_to_gbnf(constraint)
            except GrammarTranslationError as error:
                raise ServedModelError(f"the grammar cannot be sent to the served model: {error}; "
                                       "set model.served_grammar = \"none\" to decode without it") from error
        return payload

    def _post(self, payload: dict[str, Any]) -> tuple[str, str, int]:
        """One chat completion: ``(text, finish_reason, output tokens)``; one-line errors."""
        import httpx

        url = f"{self.api_base}/chat/completions"
        where = f"served model at {self.api_base}"
        started = time.perf_counter()
        self.requests += 1
        try:
            response = self._client.post(url, json=payload)
        except httpx.TimeoutException as error:
            raise ServedModelError(f"{where} did not answer within {self.settings.timeout_s:g}s; "
                                   "raise model.timeout_s or use a faster server") from error
        except httpx.RemoteProtocolError as error:
            constraint = ("grammar" if "grammar" in payload
                          else "schema" if "response_format" in payload else "")
            hint = (f" (did it fail on the request's {constraint}? see its log; model.served_grammar = "
                    "\"none\" sends no grammar)") if constraint else " (see its log)"
            raise ServedModelError(f"{where} closed the connection without an answer{hint}") from error
        except httpx.HTTPError as error:
            raise ServedModelError(f"cannot reach the {where} ({_one_line(error, 80)}); "
                                   "start the server or fix model.api_base") from error
        if response.status_code >= 400:
            detail = _one_line(response.text, 120)
            if "grammar" in payload:
                raise ServedModelError(f"{where} refused the request with its grammar (HTTP "
                                       f"{response.status_code}: {detail}); set model.served_grammar = "
                                       "\"none\" if it does not take GBNF")
            raise ServedModelError(f"{where} refused the request (HTTP {response.status_code}: {detail}); "
                                   "check model.served_model and the server's log")
        try:
            body = response.json()
            choice = body["choices"][0]
            text = choice["message"]["content"] or ""
            finish = str(choice.get("finish_reason") or "stop")
            tokens = int((body.get("usage") or {}).get("completion_tokens") or 0)
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise ServedModelError(f"{where} answered with something that is not a chat completion "
                                   f"({_one_line(response.text, 60)!r}); is model.api_base an "
                                   "OpenAI-compatible /v1 endpoint?") from error
        self.last_stats = ServedStats("served", time.perf_counter() - started, tokens)
        return text, finish, tokens

    def _cached_call(self, kind: str, payload: dict[str, Any], run: Callable[[], Any]) -> Any:
        key = hashlib.sha256(json.dumps([kind, payload], sort_keys=True).encode()).hexdigest()
        with self._results_lock:
            if key in self._results:
                self._results.move_to_end(key)
                self.last_stats = ServedStats("cache", cached=True)
                return json.loads(self._results[key])
        value = run()
        with self._results_lock:
            self._results[key] = json.dumps(value)
            while len(self._results) > RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
        return value

    def _with_room(self, kind: str, messages: Sequence[dict[str, str]], constraint: Any, max_tokens: int,
                   check: Callable[[str], Any]) -> Any:
        """Like the embedded engine: a cut-off answer is retried once with twice the room."""
        problem = ""
        for limit in (max_tokens, max_tokens * 2):
            text, finish, _ = self._post(self._payload(messages, constraint, limit))
            try:
                if finish == "length":
                    raise ValueError("hit the token limit")
                return check(text)
            except ValueError as error:
                problem = f"{_one_line(error, 80)} (output: {text[:60]!r})"
        raise ServedModelError(f"served model's {kind} answer is unusable after {max_tokens * 2} tokens: "
                               f"{problem}")

    def generate_json(self, messages: list[dict[str, str]], schema: Schema | type[BaseModel],
                      max_tokens: int | None = None) -> dict[str, Any]:
        """A JSON object valid under ``schema``, decoded by the server under its JSON-Schema grammar."""
        checked = validate_messages(messages)
        raw = schema_of(schema)
        constraint = bounded_schema(raw)
        validate = validator_for(schema if not isinstance(schema, dict) else raw)
        limit = max_tokens or self.settings.max_new_tokens

        def check(text: str) -> Any:
            try:
                json.loads(text)
            except ValueError as error:
                raise ValueError(f"invalid JSON from the server: {error}") from error
            return validate(text)  # the schema's own check (maxLength, required, ...) on the text

        payload = self._payload(checked, constraint, limit)
        return self._cached_call("json", payload, lambda: self._with_room("json", checked, constraint, limit,
                                                                          check))

    def generate_grammar(self, messages: list[dict[str, str]], lark_grammar: str,
                         max_tokens: int | None = None, check: Callable[[str], Any] | None = None) -> str:
        """Text under ``lark_grammar`` (sent as GBNF); ``check`` may refuse it via ``ValueError``."""
        checked = validate_messages(messages)
        limit = max_tokens or self.settings.max_new_tokens

        def complete(text: str) -> str:
            if check is not None:
                check(text)
            return text

        payload = self._payload(checked, lark_grammar, limit)
        return self._cached_call("lark", payload, lambda: self._with_room("grammar", checked, lark_grammar,
                                                                          limit, complete))

    def generate_text(self, messages: list[dict[str, str]], max_tokens: int | None = None,
                      min_tokens: int = 0) -> str:
        """Unconstrained greedy text."""
        checked = validate_messages(messages)
        payload = self._payload(checked, None, max_tokens or self.settings.max_new_tokens)
        return self._cached_call("text", payload, lambda: self._post(payload)[0])

    def sample(self, messages: list[dict[str, str]], constraint: Any, *, n: int, temperature: float = 0.8,
               max_tokens: int | None = None, seed: int = 0, top_p: float = 0.95,
               greedy_rows: int = 0) -> list[Sample]:
        """``n`` samples: n requests seeded ``seed + i``, up to ``model.concurrency`` in flight; the
        first ``greedy_rows`` requests at temperature 0 (the model's own answer, as locally).

        A row whose request fails comes back incomplete and empty (not dropped); when every row
        fails the first error is raised, so a dead server is one clear line.
        """
        constraint = sampling_constraint(constraint)
        if n < 1:
            raise ValueError("n must be at least 1")
        checked = validate_messages(messages)
        limit = max_tokens or self.settings.max_new_tokens
        payloads = [self._payload(checked, constraint, limit, 0.0 if i < greedy_rows else temperature, top_p,
                                  seed + i) for i in range(n)]

        def one(index: int) -> dict[str, Any]:
            payload = payloads[index]

            def run() -> dict[str, Any]:
                text, finish, tokens = self._post(payload)
                return {"text": text, "complete": finish != "length", "tokens": tokens, "index": index}

            return self._cached_call("sample", payload, run)

        futures = [self._pool.submit(one, i) for i in range(n)]
        rows: list[Sample] = []
        errors: list[BaseException] = []
        for index, future in enumerate(futures):
            try:
                rows.append(Sample(**future.result()))
            except ServedModelError as error:
                errors.append(error)
                rows.append(Sample(text="", complete=False, tokens=0, index=index))
        if errors and len(errors) == n:
            raise errors[0]
        return rows


def is_parallel(engine: Any) -> bool:
    """Whether ``engine`` takes concurrent requests (a served model) rather than serialising them."""
    return bool(getattr(engine, "parallel", False))
