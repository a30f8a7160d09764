"""Helpers for reverse-mode tests: lift a snippet and pick a function by qualname."""

from __future__ import annotations

import textwrap

from lift_tui.ir import IR
from lift_tui.reverse import lift_source


def lift_one(source: str, qualname: str | None = None) -> IR:
    """Lift dedented ``source``; return the function named ``qualname`` (or the only/first one)."""
    report = lift_source(textwrap.dedent(source), "snippet.py")
    assert not report.errors, report.errors
    if qualname is None:
        return report.functions[0]
    matches = [f for f in report.functions if f.metadata.qualname == qualname]
    assert matches, [f.metadata.qualname for f in report.functions]
    return matches[0]
