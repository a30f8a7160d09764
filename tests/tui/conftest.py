"""Fixtures for driving the real app: a working folder with a sample module, and a factory."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lift_tui.settings import Settings

SAMPLE = '''def mean(numbers: list[float]) -> float:
    """Return the arithmetic mean of a non-empty list.

    >>> mean([1.0, 2.0, 3.0])
    2.0
    """
    if not numbers:
        raise ValueError("numbers must not be empty")
    return sum(numbers) / len(numbers)


def clamp(value, low=0, high=10):
    assert low <= high
    return max(low, min(value, high))
'''


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder as the current directory, holding ``sample.py``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIFT_THEME", raising=False)
    (tmp_path / "sample.py").write_text(SAMPLE)
    return tmp_path


@pytest.fixture
def make_app(workdir: Path) -> Callable[..., Any]:
    from lift_tui.tui.app import LiftApp

    def make(watch: Path | None = None, **settings: Any) -> LiftApp:
        return LiftApp(settings=Settings(db=workdir / "lift.db", **settings), watch=watch)

    return make


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 8.0) -> None:
    """Let the app run until ``condition()`` holds; fail with a clear message if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause(0.05)
        await asyncio.sleep(0)


async def settle(app: Any, pilot: Any, timeout: float = 15.0) -> None:
    """Wait until every worker but the watcher has finished (failed ones too: they are notices)."""
    await until(pilot, lambda: all(w.is_finished for w in app.workers if w.group != "watch"), timeout)
    await pilot.pause()
