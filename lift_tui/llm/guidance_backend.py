"""The one seam between guidance 0.3.1 and transformers 5.x: build a guidance model that works.

guidance crops the KV cache with an absolute length (``crop(n)``); transformers 5 wants a negative
count of tokens to remove and raises on a positive value, so the second call with a different
prompt fails. The engine below hands guidance caches whose ``crop`` converts one into the other,
which keeps guidance's prefix caching intact.
"""

from __future__ import annotations

import functools
from typing import Any

from .chat import guidance_chat_template


def _absolute_crop(cache: Any, length: int) -> None:
    """``crop(n)`` with n > 0 meaning "keep n tokens", as guidance intends."""
    if length > 0:
        length = length - cache.get_seq_length()
        if length >= 0:
            return
    type(cache).crop(cache, length)


def _adapt_cache(cache: Any) -> Any:
    if cache is not None and hasattr(cache, "crop") and hasattr(cache, "get_seq_length"):
        if not isinstance(cache.__dict__.get("crop"), functools.partial):
            cache.crop = functools.partial(_absolute_crop, cache)
    return cache


def _engine_class() -> type:
    from guidance.models._transformers import TransformersEngine

    class CropSafeTransformersEngine(TransformersEngine):
        """TransformersEngine whose KV caches accept guidance's absolute crop lengths."""

        @property
        def _past_key_values(self) -> Any:
            return self.__dict__.get("_lift_past_key_values")

        @_past_key_values.setter
        def _past_key_values(self, value: Any) -> None:
            self.__dict__["_lift_past_key_values"] = _adapt_cache(value)

    return CropSafeTransformersEngine


def build_guidance_model(model: Any, tokenizer: Any) -> Any:
    """A guidance ``Model`` over an already loaded transformers model and tokenizer."""
    from guidance._schema import SamplingParams
    from guidance.models import Model
    from guidance.models._engine import EngineInterpreter

    engine = _engine_class()(
        model,
        tokenizer,
        chat_template=guidance_chat_template(tokenizer),
        enable_backtrack=True,
        enable_ff_tokens=True,
        enable_monitoring=False,
        enable_token_probabilities=False,
        enable_top_k=False,
    )
    return Model(interpreter=EngineInterpreter(engine), sampling_params=SamplingParams(), echo=False)
