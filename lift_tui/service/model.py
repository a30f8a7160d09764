"""The language model as the TUI and CLI reach it: the configured engine, loaded on demand."""

from __future__ import annotations

import os
from typing import Any

from lift_tui.settings import ModelSettings, Settings


def model_settings(settings: Settings) -> ModelSettings:
    """``settings.model`` with one known fault undone: ``ModelSettings`` has no env prefix, so it
    reads ``$PATH`` as ``model.path``. A path equal to ``$PATH`` is never a model."""
    model = settings.model
    if model.path is not None and str(model.path) == os.environ.get("PATH"):
        model = model.model_copy(update={"path": None})
    return model


def engine(settings: Settings) -> Any:
    """The process-wide engine for these settings (not loaded yet: call ``load(progress)``)."""
    from lift_tui.llm.engine import get_engine

    return get_engine(model_settings(settings), settings.cache_dir)
