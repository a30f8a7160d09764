"""Every action driven through the real app with Pilot: keys in, screen state out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from lift_tui.tui.bindings import ACTIONS
from lift_tui.tui.screens.choice_screen import ChoiceScreen
from lift_tui.tui.screens.help_screen import HelpScreen, help_markdown
from lift_tui.tui.screens.input_screen import InputScreen
from lift_tui.tui.screens.text_screen import TextScreen
from lift_tui.tui.widgets.code_pane import CodePane
from lift_tui.tui.widgets.holes_pane import HolesPane
from lift_tui.tui.widgets.ir_tree import IRTree
from lift_tui.tui.widgets.suggestions_pane import SuggestionsPane
from lift_tui.tui.widgets.trace_pane import TracePane

from .conftest import settle, until

pytestmark = pytest.mark.anyio
SIZE = (140, 45)


def notes(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def answer(app: Any, pilot: Any, text: str) -> None:
    """Fill the open input dialog and press enter (typing key by key costs ~0.1 s a key)."""
    assert isinstance(app.screen, InputScreen)
    app.screen.query_one(Input).value = text
    await pilot.press("enter")


async def open_sample(app: Any, pilot: Any, name: str = "sample.py") -> None:
    await pilot.press("o")
    await answer(app, pilot, name)
    await until(pilot, lambda: bool(app.query_one(IRTree).function_keys()))
    await settle(app, pilot)
    await pilot.pause()


async def select_clamp_hole(app: Any, pilot: Any, hole: str) -> None:
    app.query_one(IRTree).select_function(next(k for k in app.query_one(IRTree).function_keys()
                                               if k.endswith("::clamp")))
    await until(pilot, lambda: app.selected_key is not None and app.selected_key.endswith("::clamp"))
    while app.selected_hole != hole:
        await pilot.press("n")
        await pilot.pause()
    await settle(app, pilot)
    await pilot.pause()


async def test_first_frame_has_every_pane(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for widget in ("#ir-tree", "#holes", "#suggestions", "#code", "#trace"):
            assert app.query_one(widget).display
        assert app.focused is app.query_one(IRTree)
        assert app.theme == "textual-dark"


async def test_help_has_a_line_for_every_action(make_app: Any) -> None:
    text = help_markdown({})
    for action in ACTIONS:
        assert action.help in text, action.id
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_runs_actions(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Lift a Py")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InputScreen))


async def test_open_file_shows_tree_holes_and_code(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot)
        tree = app.query_one(IRTree)
        assert [k.rsplit("::", 1)[1] for k in tree.function_keys()] == ["mean", "clamp"]
        assert app.selected_key is not None and app.selected_key.endswith("::mean")
        assert "return sum(numbers) / len(numbers)" in app.query_one(CodePane).code
        assert "done" in app.query_one(TracePane).states.values()
        await pilot.press("down", "down")  # mean -> clamp
        await until(pilot, lambda: app.selected_key.endswith("::clamp"))
        assert [h.identifier for h in app.query_one(HolesPane).holes][:3] == ["value_type", "low_type",
                                                                              "high_type"]


async def test_open_missing_file_is_a_notification(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await answer(app, pilot, "missing.py")
        await settle(app, pilot)
        await until(pilot, lambda: any("no such file" in n for n in notes(app)))
        assert app.is_running and app.query_one(IRTree).function_keys() == []
        assert "error" in app.query_one(TracePane).states.values()


async def test_hole_navigation_context_skip_undo_redo(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot)
        assert not app.selected_ir().open_holes()  # mean has none: n goes on to clamp's first hole
        await pilot.press("n")
        await pilot.pause()
        assert app.selected_key.endswith("::clamp") and app.selected_hole is not None
        await select_clamp_hole(app, pilot, "low_type")
        await pilot.press("N")
        assert app.selected_hole == "value_type"
        await pilot.press("n")
        assert app.selected_hole == "low_type"
        await pilot.press("c")
        assert isinstance(app.screen, TextScreen)
        body = str(app.screen.body)
        assert "expected type" in body and "value" in body and "low <= high" in body
        await pilot.press("escape")
        await pilot.press("s")
        assert "low_type" not in [h.identifier for h in app.selected_ir().open_holes()]
        await pilot.press("u")
        assert "low_type" in [h.identifier for h in app.selected_ir().open_holes()]
        await pilot.press("U")
        assert "low_type" not in [h.identifier for h in app.selected_ir().open_holes()]
        await pilot.press("ctrl+z")
        assert "low_type" in [h.identifier for h in app.selected_ir().open_holes()]


async def test_accept_suggestion_by_number_and_by_enter(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot)
        await select_clamp_hole(app, pilot, "low_type")
        pane = app.query_one(SuggestionsPane)
        assert pane.suggestions[0].value == "int" and pane.suggestions[0].satisfiable is True
        await pilot.press("2")
        assert any("no suggestion 2" in n for n in notes(app))
        await pilot.press("1")
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_ir().signature.parameter("low").type_hint == "int")
        await pilot.press("u")
        assert app.selected_ir().signature.parameter("low").type_hint is None
        await select_clamp_hole(app, pilot, "high_type")
        assert app.focused is app.query_one(HolesPane)
        await pilot.press("enter")  # on a hole: its best suggestion
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_ir().signature.parameter("high").type_hint == "int")
        # filled: the graph goes on to the next hole whose dependencies are settled (?return_type
        # still needs ?low_type and ?value_type)
        assert app.selected_hole == "summary"
        await pilot.press("u")
        await select_clamp_hole(app, pilot, "high_type")
        await until(pilot, lambda: pane.suggestions != [])
        pane.focus()
        await pilot.press("enter")  # in the suggestions pane: the highlighted one
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_ir().signature.parameter("high").type_hint == "int")


async def test_own_value_good_and_bad(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot)
        await select_clamp_hole(app, pilot, "value_type")
        await pilot.press("v")
        await pilot.press(*"int |")
        assert app.screen.query_one(Input).value == "int |"
        await pilot.press("enter")
        await settle(app, pilot)
        await until(pilot, lambda: "error" in app.query_one(TracePane).states.values())
        assert app.selected_ir().signature.parameter("value").type_hint is None
        await pilot.press("v")
        await answer(app, pilot, "float")
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_ir().signature.parameter("value").type_hint == "float")


async def test_auto_fills_only_a_standout(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot)
        await select_clamp_hole(app, pilot, "value_type")
        await pilot.press("a")
        await settle(app, pilot)
        await until(pilot, lambda: any("stands out" in n for n in notes(app)))
        await select_clamp_hole(app, pilot, "low_type")
        await pilot.press("a")
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_ir().signature.parameter("low").type_hint == "int")


async def test_refine_splits_a_hole_and_undo_joins_it(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert any("select a function first" in n for n in notes(app))
        await open_sample(app, pilot)
        await select_clamp_hole(app, pilot, "low_type")
        await pilot.press("r")
        await settle(app, pilot)
        holes = [h.identifier for h in app.query_one(HolesPane).holes]
        assert {"low_left", "low_right"} <= set(holes), holes
        await pilot.press("u")
        assert not {"low_left", "low_right"} & {h.identifier for h in app.selected_ir().open_holes()}


async def test_new_from_prompt_asks_and_cancels(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, InputScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, InputScreen)
        await pilot.press("p", "enter")  # an empty prompt is no prompt: nothing starts
        await pilot.pause()
        assert not [w for w in app.workers if w.group == "model"]


async def test_verify_sat_and_unsat_core(make_app: Any, workdir: Path) -> None:
    source = "def f(x: int) -> int:\n    assert x > 0\n    assert x < 0\n    return x\n"
    (workdir / "bad.py").write_text(source)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot, "bad.py")
        await pilot.press("V")
        await settle(app, pilot)
        await until(pilot, lambda: isinstance(app.screen, TextScreen))
        assert app.screen.title_text == "z3: unsat — f"
        assert "unsat core" in str(app.screen.body) and "x > 0" in str(app.screen.body)
        await pilot.press("escape")
        tree = app.query_one(IRTree)
        key = tree.function_keys()[0]
        assert tree._core[key] == {"x > 0", "x < 0"}


async def test_export_writes_a_file(make_app: Any, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ChoiceScreen)
        choices = [c[0] for c in app.screen.choices]
        assert {"json", "stub", "contracts", "properties"} <= set(choices)
        await pilot.press("down", "enter")  # json, then stub
        await until(pilot, lambda: isinstance(app.screen, TextScreen))
        stub = (workdir / "exports" / "mean.pyi").read_text()
        assert "def mean(numbers: list[float]) -> float" in stub


async def test_cancel_watch_and_nothing_to_cancel(make_app: Any, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert any("nothing is running" in n for n in notes(app))
        await pilot.press("w")
        await answer(app, pilot, str(workdir))
        await until(pilot, lambda: app.watching is not None)
        await pilot.press("escape")
        await until(pilot, lambda: app.watching is None)
        assert "cancelled" in app.query_one(TracePane).states.values()


async def test_theme_toggle_and_keymap(make_app: Any) -> None:
    app = make_app(keymap={"next_hole": "j", "toggle_theme": "T"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        assert app.theme == "textual-light"
        await pilot.press("T")
        assert app.theme == "textual-dark"
        await open_sample(app, pilot)
        await pilot.press("down", "down")
        await until(pilot, lambda: app.selected_key.endswith("::clamp"))
        await pilot.press("j")
        assert app.selected_hole == "value_type"


async def test_quit(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
