"""Counterexample search and keeping the input as an example, on a real lifted file (real CrossHair)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.ir import Source
from lift_tui.service import ServiceError, Workspace, function_key

BUGGY = '''import math


def magnitude(x: int) -> int:
    """The distance of x from zero."""
    result = x if x > 3 else int(math.copysign(x, 1)) - 2 * (x == 0)
    assert result >= 0
    return result


def twice(x: int) -> int:
    return 2 * x
'''


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    path = tmp_path / "buggy.py"
    path.write_text(BUGGY)
    workspace = Workspace()
    workspace.open_path(path)
    return workspace


def key_of(ws: Workspace, name: str) -> str:
    return next(function_key(ir) for ir in ws.functions() if ir.signature.name == name)


def test_found_counterexample_becomes_an_undoable_example(ws: Workspace) -> None:
    key = key_of(ws, "magnitude")
    search = ws.find_counterexample(key, budget_s=3)
    assert search.status == "found", search
    assert search.example.call == "magnitude(0)"  # the only input the bug shows on
    before = ws.current(key)
    after = ws.add_example(key, search.example)
    assert after.examples[-1].call == "magnitude(0)"
    assert after.examples[-1].provenance.source is Source.solver
    assert len(after.examples) == len(before.examples) + 1
    with pytest.raises(ServiceError, match="already an example"):
        ws.add_example(key, search.example)
    assert ws.undo(key) == before


def test_no_postconditions_is_a_clear_error(ws: Workspace) -> None:
    with pytest.raises(ServiceError, match="no postconditions"):
        ws.find_counterexample(key_of(ws, "twice"), budget_s=1)
