"""Shared fixtures. Area-specific fixtures live in each tests/<area>/conftest.py."""

from __future__ import annotations

import os

# Never let a test reach a hub or a user's real cache by accident.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


# --- llm: one loaded embedded model for the whole run (tests marked `model`) -------------------
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def model_engine():
    """The embedded SmolLM2 engine, loaded once per test run; converts the GGUF on a first-ever run."""
    from lift_tui.llm.engine import get_engine
    from lift_tui.settings import ModelSettings, get_settings

    engine = get_engine(ModelSettings(path=None), get_settings().cache_dir)
    engine.load()
    return engine
