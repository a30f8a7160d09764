"""Learning you can see, in the real app: a value given before is a candidate at once ("accepted
N×") and, given three times, the first one; optimize runs from the palette in the background,
reports the metric before and after, and its compiled program is the one used from then on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList
from textual.widgets import Input

from lift_tui.tui.widgets.ir_tree import IRTree
from lift_tui.tui.widgets.model_status import ModelStatus
from lift_tui.tui.widgets.suggestions_pane import SuggestionsPane

from .conftest import settle, until

pytestmark = pytest.mark.anyio
SIZE = (140, 45)


def notes(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def open_clamp(app: Any, pilot: Any) -> None:
    await pilot.press("o")
    app.screen.query_one(Input).value = "sample.py"
    await pilot.press("enter")
    await until(pilot, lambda: len(app.query_one(IRTree).function_keys()) == 2)
    await settle(app, pilot)
    tree = app.query_one(IRTree)
    tree.select_function(next(k for k in tree.function_keys() if k.endswith("::clamp")))
    await until(pilot, lambda: app.selected_key.endswith("::clamp"))


async def at_hole(app: Any, pilot: Any, hole: str) -> SuggestionsPane:
    app.select_hole(app.selected_key, hole)
    await until(pilot, lambda: (app.selected_key, hole) in app.workbench._ranked)
    await settle(app, pilot)
    return app.query_one(SuggestionsPane)


async def give(app: Any, pilot: Any, hole: str, value: str) -> None:
    await at_hole(app, pilot, hole)
    app.workbench.holes_pane.focus()
    await pilot.press("v")
    app.screen.query_one(Input).value = value
    await pilot.press("enter")
    await settle(app, pilot)
    await until(pilot, lambda: app.selected_ir().hole(hole).status.value == "resolved")


async def test_values_given_before_rank_first(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_clamp(app, pilot)
        pane = await at_hole(app, pilot, "low_type")
        assert [s.value for s in pane.suggestions][:1] == ["int"]  # static evidence: the default 0
        for times in (1, 2, 3):
            await give(app, pilot, "low_type", "float")
            await pilot.press("u")  # undo: ask the same question again
            await settle(app, pilot)
            pane = await at_hole(app, pilot, "low_type")
            again = next(s for s in pane.suggestions if s.value == "float")  # at once, no restart
            assert (str(again.source), again.accepted_before) == ("history", times)
        assert pane.suggestions[0] is again  # three times: ahead of the static evidence
        assert "accepted 3×" in str(pane.get_option_at_index(0).prompt)


async def test_optimize_with_too_few_fills_says_so(make_app: Any, tmp_path: Path) -> None:
    app = make_app(programs_dir=tmp_path / "programs")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Optimize")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: any("need at least 4" in n for n in notes(app)), timeout=30)
        assert not (tmp_path / "programs").exists()


def highlighted_command(app: Any) -> str:
    """The palette's highlighted command ("" while it searches): hits stream in and may reorder."""
    for commands in app.screen.query(CommandList):
        if commands.highlighted is not None:
            return str(commands.get_option_at_index(commands.highlighted).prompt)
    return ""


@pytest.mark.model
@pytest.mark.slow
async def test_optimize_from_the_palette_and_the_program_is_used(
    make_app: Any, tmp_path: Path, model_engine: Any
) -> None:
    from lift_tui.holes import model_source

    app = make_app(programs_dir=tmp_path / "programs")
    async with app.run_test(size=SIZE) as pilot:
        await open_clamp(app, pilot)
        for hole, value in (("value_type", "float"), ("low_type", "float"), ("high_type", "float"),
                            ("return_type", "float"), ("summary", "Limit value to the range.")):
            await give(app, pilot, hole, value)
        await pilot.press("ctrl+p")
        await pilot.press(*"Optimize")
        # the palette searches in the background: enter before a match appears would do nothing
        await until(pilot, lambda: highlighted_command(app).startswith("Optimize"), timeout=30)
        await pilot.press("enter")  # runs in a worker; with DSPy's cache warm it may finish at once
        await pilot.press("t")  # the UI answers while it compiles
        assert app.theme == "textual-light"
        await until(pilot, lambda: any("the compiled program is used" in n for n in notes(app)), timeout=400)
        note = next(n for n in notes(app) if "compiled program" in n)
        assert "BootstrapFewShot on 3 accepted fill(s)" in note and "→" in note
        label = str(app.query_one(ModelStatus).query_one("#model-program").render())
        assert label.startswith("program: compiled")
        saved = tmp_path / "programs" / "hole_suggestion.json"
        assert saved.exists() and model_source.program_path() == saved
        demos = model_source.load_hole_program().predictors()[0].demos
        assert any("float" in str(dict(d)) for d in demos)  # the user's fills are its examples
