"""Fixtures for the store tests: a fresh database in a tmp dir, and a child-process launcher."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lift_tui.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "db" / "lift.db", timeout=1.0)
    yield opened
    opened.close()


def child(module: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``python -m module args`` from the project root with the test's environment."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
