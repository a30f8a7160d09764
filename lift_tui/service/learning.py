"""Learning from the user's accepted fills: compile the hole-suggestion program, and say which is used.

Every accepted or given value is kept as a ``HoleSuggestion`` example by the hole graph; the
same rows are this user's "accepted before" candidates at once, and ``optimize`` compiles the
DSPy program from them (the held-out metric before and after). The compiled program is saved
where the model source loads it, so every later model suggestion uses it.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .availability import ServiceError


def optimize(settings: Any, store: Any, *, max_demos: int = 3, output: Path | None = None,
             progress: Callable[[str], None] | None = None) -> Any:
    """Compile and save the program (an ``OptimizeReport``); too few examples or a model that cannot
    load raise :class:`ServiceError` with the reason."""
    if store is None:
        raise ServiceError("no database is open: optimize learns from the accepted fills kept in it")
    from lift_tui.holes import HoleError
    from lift_tui.holes.optimize import optimize as compile_program

    from .model import configure

    configure(settings)  # the LM, the program's path and the limits follow these settings
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # DSPy prints progress; the caller reports it
            return compile_program(store, max_demos=max(1, max_demos), output=output, progress=progress)
    except HoleError as error:
        raise ServiceError(str(error)) from error
    except Exception as error:
        from lift_tui.llm.errors import ModelLoadError

        if isinstance(error, ModelLoadError):
            raise ServiceError(str(error)) from error
        raise


def accepted_count(store: Any) -> int:
    """How many accepted fills the store keeps (what optimize would learn from)."""
    from lift_tui.holes.history import PROGRAM

    return len(store.examples(program=PROGRAM)) if store is not None else 0
