"""Autosave to the real store and resuming: ``--session ID``, the picker, a broken database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from lift_tui.settings import Settings
from lift_tui.store import open_store
from lift_tui.tui.app import LiftApp
from lift_tui.tui.screens.choice_screen import ChoiceScreen
from lift_tui.tui.widgets.holes_pane import HolesPane
from lift_tui.tui.widgets.ir_tree import IRTree

from .conftest import settle, until

pytestmark = pytest.mark.anyio
SIZE = (140, 45)


def notes(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def work_on_clamp(app: Any, pilot: Any) -> None:
    """Open sample.py, go to clamp, skip ?low_type, give ?value_type = float, select ?high_type."""
    await pilot.press("o")
    app.screen.query_one(Input).value = "sample.py"
    await pilot.press("enter")
    await until(pilot, lambda: len(app.query_one(IRTree).function_keys()) == 2)
    await pilot.press("down", "down")
    await until(pilot, lambda: app.selected_key.endswith("::clamp"))
    await pilot.press("n", "n")
    assert app.selected_hole == "low_type"
    await pilot.press("s")
    assert app.selected_hole == "high_type"  # the next open hole takes the skipped one's place
    await pilot.press("N")
    assert app.selected_hole == "value_type"
    await pilot.press("v")
    app.screen.query_one(Input).value = "float"
    await pilot.press("enter")
    await until(pilot, lambda: app.selected_ir().signature.parameter("value").type_hint == "float")
    await until(pilot, lambda: app.selected_hole == "high_type")
    await settle(app, pilot)
    await pilot.pause(0.4)  # the UI state is written once the selection settles


async def test_autosave_and_resume_with_session_id(make_app: Any, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await work_on_clamp(app, pilot)
    with open_store(workdir / "lift.db") as store:
        [session] = store.list_sessions()
        assert session.title == "open sample.py"
        events = [(e.hole, e.action.value, e.value) for e in store.hole_events(session.id)]
        assert events == [("low_type", "skipped", None), ("value_type", "given", "float")]
        assert store.load_ui_state(session.id)["selected_hole"] == "high_type"

    resumed = LiftApp(settings=Settings(db=workdir / "lift.db"), session=session.id[:6])
    async with resumed.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: resumed.selected_key is not None)
        await settle(resumed, pilot)
        await pilot.pause()
        assert resumed.selected_key.endswith("::clamp")
        assert resumed.selected_hole == "high_type"
        assert resumed.query_one(HolesPane).selected.identifier == "high_type"
        ir = resumed.selected_ir()
        assert ir.signature.parameter("value").type_hint == "float"
        assert ir.hole("low_type").status.value == "skipped"
        assert session.id in resumed.sub_title
        # undo goes back past the resumed state to the lifted one
        await pilot.press("u")
        assert resumed.selected_ir().signature.parameter("value").type_hint is None


async def test_session_picker(make_app: Any, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        assert any("no saved sessions" in n for n in notes(app))
        await work_on_clamp(app, pilot)
    picker = make_app()
    async with picker.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        assert isinstance(picker.screen, ChoiceScreen) and len(picker.screen.choices) == 1
        await pilot.press("enter")
        await until(pilot, lambda: picker.selected_hole == "high_type")
        assert len(picker.query_one(IRTree).function_keys()) == 2


async def test_unknown_session_and_broken_database(workdir: Path) -> None:
    (workdir / "lift.db").write_bytes(b"this is not a database" * 100)
    app = LiftApp(settings=Settings(db=workdir / "lift.db"), session="nope")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: len(notes(app)) >= 1)
        await pilot.press("o")
        app.screen.query_one(Input).value = "sample.py"
        await pilot.press("enter")
        await until(pilot, lambda: len(app.query_one(IRTree).function_keys()) == 2)
        await until(pilot, lambda: any("autosave stopped" in n for n in notes(app)))
        await pilot.press("down", "down", "n", "s")  # keeps working in memory
        assert app.selected_ir().hole("value_type").status.value == "skipped"
        assert app.is_running
