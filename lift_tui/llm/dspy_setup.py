"""Import DSPy with its disk cache under lift-tui's cache dir and nothing able to download.

DSPy reads ``DSPY_CACHEDIR`` at import time, so the variable must be set before the first
``import dspy`` anywhere in the process; every lift-tui module that needs DSPy imports it from here.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType


def prepare_environment(cache_dir: Path | None = None) -> None:
    """Point DSPy's cache at ``<cache_dir>/dspy`` and keep Hugging Face offline."""
    if cache_dir is None:
        from lift_tui.settings import get_settings

        cache_dir = get_settings().cache_dir
    os.environ.setdefault("DSPY_CACHEDIR", str(Path(cache_dir) / "dspy"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def import_dspy(cache_dir: Path | None = None) -> ModuleType:
    prepare_environment(cache_dir)
    import dspy

    return dspy
