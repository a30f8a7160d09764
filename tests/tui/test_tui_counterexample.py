"""The counterexample key through the real app: CrossHair finds the bug, enter keeps the input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lift_tui.tui.screens.counterexample_screen import CounterexampleScreen
from lift_tui.tui.widgets.ir_tree import IRTree

from .conftest import settle, until
from .test_tui_pilot_actions import SIZE, notes, open_sample

pytestmark = pytest.mark.anyio

BUGGY = '''def magnitude(x: int) -> int:
    """The distance of x from zero (wrong at zero)."""
    result = abs(x) if x else -1
    assert result >= 0
    return result


def twice(x: int) -> int:
    return 2 * x
'''


def tree_text(app: Any) -> list[str]:
    out: list[str] = []

    def walk(node: Any) -> None:
        out.append(str(node.label))
        for child in node.children:
            walk(child)

    walk(app.query_one(IRTree).root)
    return out


async def select(app: Any, pilot: Any, name: str) -> None:
    tree = app.query_one(IRTree)
    key = next(k for k in tree.function_keys() if k.endswith(f"::{name}"))
    tree.select_function(key)
    await until(pilot, lambda: app.selected_key == key)


async def test_found_counterexample_is_shown_and_becomes_an_example(make_app: Any, workdir: Path) -> None:
    (workdir / "buggy.py").write_text(BUGGY)
    app = make_app(counterexample_budget_s=3.0)
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot, "buggy.py")
        await select(app, pilot, "magnitude")
        assert not any("magnitude(0)" in line for line in tree_text(app))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, CounterexampleScreen), timeout=30)
        assert "magnitude(0)" in app.screen.body
        await pilot.press("enter")
        await until(pilot, lambda: any("magnitude(0)" in line for line in tree_text(app)))
        assert app.workspace.current(app.selected_key).examples[-1].call == "magnitude(0)"
        await pilot.press("u")  # undo drops it again
        await until(pilot, lambda: not any("magnitude(0)" in line for line in tree_text(app)))


async def test_no_postconditions_says_so(make_app: Any, workdir: Path) -> None:
    (workdir / "buggy.py").write_text(BUGGY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot, "buggy.py")
        await select(app, pilot, "twice")
        await pilot.press("x")
        await settle(app, pilot)
        assert any("no postconditions" in n for n in notes(app))
        assert not isinstance(app.screen, CounterexampleScreen)
