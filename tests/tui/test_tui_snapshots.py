"""SVG snapshots of each screen at a fixed size (baselines in ``__snapshots__``).

Paths are relative to a fresh working folder and the trace pane is cleared before the shot,
so nothing that changes between machines or runs (tmp paths, timings) is in a picture.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from lift_tui.tui.widgets.ir_tree import IRTree
from lift_tui.tui.widgets.trace_pane import TracePane

from .conftest import settle, until

SIZE = (130, 38)


async def opened(pilot: Any, hole: str | None = None) -> None:
    app = pilot.app
    await pilot.press("o")
    app.screen.query_one(Input).value = "sample.py"
    await pilot.press("enter")
    await until(pilot, lambda: len(app.query_one(IRTree).function_keys()) == 2)
    await settle(app, pilot)
    if hole is not None:
        tree = app.query_one(IRTree)
        tree.select_function(tree.function_keys()[1])
        await until(pilot, lambda: app.selected_key.endswith("::clamp"))
        while app.selected_hole != hole:
            await pilot.press("n")
        await settle(app, pilot)
    await pilot.pause()
    app.query_one(TracePane).clear()
    await pilot.pause()


def test_snapshot_empty(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_snapshot_reverse_with_hole(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await opened(pilot, "low_type")
        pilot.app.query_one(IRTree).focus()
        await pilot.press("right", "down", "right")  # expand clamp and its intent

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_light_theme(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await opened(pilot)

    assert snap_compare(make_app(theme="textual-light"), terminal_size=SIZE, run_before=run_before)


def test_snapshot_help(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, press=["question_mark"])


def test_snapshot_hole_context(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await opened(pilot, "high_type")
        await pilot.press("c")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_export_choice(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await opened(pilot)
        await pilot.press("e")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_prompt_input(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.press("p")
        await pilot.pause()
        field = pilot.app.screen.query_one(Input)
        field.cursor_blink = False  # a blinking cursor made the picture depend on timing
        field.value = "a function that validates email addresses"
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)



async def given_twice(pilot: Any) -> None:
    """?low_type given "float" twice (undone each time): the workbench shows it as accepted 2×."""
    from textual.widgets import Input

    app = pilot.app
    await opened(pilot, "low_type")
    for _ in range(2):
        app.select_hole(app.selected_key, "low_type")
        await until(pilot, lambda: (app.selected_key, "low_type") in app.workbench._ranked)
        app.workbench.holes_pane.focus()
        await pilot.press("v")
        app.screen.query_one(Input).value = "float"
        await pilot.press("enter")
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_hole == "high_type")
        await pilot.press("u")
        await settle(app, pilot)
    app.select_hole(app.selected_key, "low_type")
    await until(pilot, lambda: (app.selected_key, "low_type") in app.workbench._ranked)
    await settle(app, pilot)
    app.query_one(TracePane).clear()
    await pilot.pause()


def test_snapshot_workbench_history_candidate(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=given_twice)


def test_snapshot_workbench_after_a_decision(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await opened(pilot, "low_type")
        app.workbench.holes_pane.focus()
        await pilot.press("1")  # accept int: the graph moves on to ?high_type, re-ranked
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_hole == "high_type")
        await until(pilot, lambda: app.workbench.suggestions_pane.suggestions != [])
        app.query_one(TracePane).clear()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
