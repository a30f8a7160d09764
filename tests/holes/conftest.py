"""Fixtures for the holes tests: real files lifted by the real reverse layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.ir import IR

SAMPLE = '''\
import os

DEFAULT_SEP = ", "


def mean(numbers, scale=1.0):
    """Average of the numbers.

    Args:
        numbers: the values, must be non-empty.
    """
    if not numbers:
        raise ValueError("empty")
    return sum(numbers) / len(numbers) * scale


def greet(name, loud=False):
    # build the greeting
    text = "Hello, " + name
    if loud:
        return text.upper()
    return text


def join_words(words: list[str], sep: str = DEFAULT_SEP) -> str:
    """Join words."""
    return sep.join(words)


def caller(title: str) -> str:
    return label(title, 3)


def label(title, width):
    return title.center(width)


def clamp(x: int, lo: int, hi: int) -> int:
    if lo > hi:
        raise ValueError("lo > hi")
    return max(lo, min(x, hi))


def log(message: str):
    print(message)


class Box:
    def size(self):
        return len(self.items)

    def one(self): return 1
'''


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    path = tmp_path / "sample.py"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


@pytest.fixture
def lifted(sample_path: Path) -> dict[str, IR]:
    from lift_tui.reverse import lift_file

    report = lift_file(sample_path)
    assert not report.errors
    return {ir.metadata.qualname: ir for ir in report.functions}
