"""The language model as the TUI and CLI reach it: the configured engine, loaded on demand."""

from __future__ import annotations

from typing import Any

from lift_tui.settings import Settings


def engine(settings: Settings) -> Any:
    """The process-wide engine for these settings (not loaded yet: call ``load(progress)``)."""
    from lift_tui.llm.engine import get_engine

    return get_engine(settings.model, settings.cache_dir)


def configure(settings: Settings) -> None:
    """Hand the start-up settings to the layers below that keep defaults of their own (the hole
    model's LM and compiled program, z3's time limit, the sandbox's limits, DSPy's cache), so
    nothing under the service layer reads a process-wide settings singleton."""
    from lift_tui.holes import model_source
    from lift_tui.verify import sandbox, solver

    model_source.configure(settings)
    solver.configure(settings.solver_timeout_ms)
    sandbox.configure(settings.sandbox_timeout_s, settings.sandbox_memory_mb)
    from lift_tui.llm.dspy_setup import prepare_environment

    prepare_environment(settings.cache_dir)  # DSPy reads its cache dir when first imported
