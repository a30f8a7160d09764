"""The language model as the TUI and CLI reach it: the configured engine, loaded on demand."""

from __future__ import annotations

from typing import Any

from lift_tui.settings import Settings


def engine(settings: Settings) -> Any:
    """The process-wide engine for these settings (not loaded yet: call ``load(progress)``)."""
    from lift_tui.llm.engine import get_engine

    return get_engine(settings.model, settings.cache_dir)


def configure(settings: Settings) -> None:
    """Hand the start-up settings to the layers that build an LM or find compiled programs."""
    from lift_tui.holes import model_source

    model_source.configure(settings)
