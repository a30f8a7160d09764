"""The closed loop in the real app: accept a suggestion (one leg of the hole graph, recorded in the
real store), write it back into the file with libcst, the watcher re-lifts, the file on disk has it;
a file changed behind the app's back is refused; undo puts the bytes back; a quit mid-resolution
resumes at the hole the graph waits on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.message import Message

from lift_tui.settings import Settings
from lift_tui.store import open_store
from lift_tui.tui.app import LiftApp
from lift_tui.tui.messages import FilesLifted, HoleRequested
from lift_tui.tui.widgets.ir_tree import IRTree
from lift_tui.tui.widgets.suggestions_pane import SuggestionsPane

from .conftest import SAMPLE, settle, until

pytestmark = pytest.mark.anyio
SIZE = (140, 45)


def notes(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def go_to(app: Any, pilot: Any, hole: str) -> None:
    await until(pilot, lambda: len(app.query_one(IRTree).function_keys()) == 2)
    await settle(app, pilot)
    tree = app.query_one(IRTree)
    tree.select_function(next(k for k in tree.function_keys() if k.endswith("::clamp")))
    await until(pilot, lambda: app.selected_key is not None and app.selected_key.endswith("::clamp"))
    while app.selected_hole != hole:
        await pilot.press("n")
    await until(pilot, lambda: (app.selected_key, hole) in app.workbench._ranked)  # ranked, maybe empty
    await settle(app, pilot)


async def test_accept_write_back_watcher_relift_file_on_disk(make_app: Any, workdir: Path) -> None:
    seen: list[Message] = []
    app = make_app(watch=workdir / "sample.py")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await until(pilot, lambda: app.sub_title.startswith("watching"))
        await go_to(app, pilot, "low_type")
        await pilot.pause(0.3)  # the watcher registers before the first save
        best = app.query_one(SuggestionsPane).suggestions[0]
        assert best.value == "int"
        await pilot.press("1")
        await settle(app, pilot)
        request = next(m for m in seen if isinstance(m, HoleRequested))
        assert request.candidate is best  # the message carries the candidate itself
        await until(pilot, lambda: app.selected_ir().signature.parameter("low").type_hint == "int")
        assert app.selected_hole == "high_type"  # the graph waits on the next hole
        assert (workdir / "sample.py").read_text() == SAMPLE  # nothing written yet
        store = open_store(workdir / "lift.db")
        session = app.recorder.session_id
        events = store.hole_events(session)
        assert [(e.hole, e.action.value, e.value, e.source) for e in events] == [
            ("low_type", "accepted", "int", "static")]
        example = store.examples("HoleSuggestion")[-1]
        assert example.outputs == {"value": "int", "source": "static"}
        assert [r.graph for r in store.runs(session)] == ["holes"]
        store.close()

        watched = len([m for m in seen if isinstance(m, FilesLifted) and m.origin == "watch"])
        await pilot.press("W")
        await settle(app, pilot)
        text = (workdir / "sample.py").read_text()
        assert "def clamp(value, low: int = 0, high=10):\n    assert low <= high\n" in text
        assert text.replace("low: int = 0", "low=0") == SAMPLE  # nothing else changed
        assert any("wrote ?low_type into sample.py" in n for n in notes(app))
        # the re-lifted function: the annotation comes from the source now, the hole is gone
        ir = app.selected_ir()
        assert ir.signature.parameter("low").type_hint == "int" and ir.hole("low_type") is None
        assert "low: int = 0" in app.query_one("#code").code
        await until(pilot, lambda: len([m for m in seen if isinstance(m, FilesLifted)
                                        and m.origin == "watch"]) > watched, timeout=10)
        assert app.selected_ir().hole("low_type") is None  # the watcher's re-lift agrees

        await pilot.press("ctrl+w")  # undo the write-back: the old bytes and the resolution
        await settle(app, pilot)
        assert (workdir / "sample.py").read_text() == SAMPLE
        await until(pilot, lambda: app.selected_ir().signature.parameter("low").type_hint == "int")
        assert app.selected_ir().hole("low_type").status.value == "resolved"


async def test_write_back_refuses_a_file_changed_since_it_was_lifted(make_app: Any, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        app.screen.query_one("Input").value = "sample.py"
        await pilot.press("enter")
        await go_to(app, pilot, "low_type")
        await pilot.press("1")
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_ir().signature.parameter("low").type_hint == "int")
        edited = SAMPLE.replace("return max(", "return  max(")  # an editor saved meanwhile
        (workdir / "sample.py").write_text(edited)
        await pilot.press("W")
        await settle(app, pilot)
        assert any("changed on disk since it was lifted" in n for n in notes(app))
        assert (workdir / "sample.py").read_text() == edited  # nothing lost, nothing written
        assert app.selected_ir().signature.parameter("low").type_hint == "int"  # the decision stays


async def test_quit_mid_resolution_resumes_at_the_waiting_hole(make_app: Any, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        app.screen.query_one("Input").value = "sample.py"
        await pilot.press("enter")
        await go_to(app, pilot, "value_type")
        await pilot.press("v")
        app.screen.query_one("Input").value = "float"
        await pilot.press("enter")
        await settle(app, pilot)
        await until(pilot, lambda: app.selected_hole == "low_type")
        tree = app.query_one(IRTree)
        tree.select_function(tree.function_keys()[0])  # wander off to mean before quitting
        await until(pilot, lambda: app.selected_key.endswith("::mean"))
        await pilot.pause(0.5)
        session = app.recorder.session_id
    again = LiftApp(settings=Settings(db=workdir / "lift.db"), session=session)
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: again.selected_hole == "low_type")
        assert again.selected_key.endswith("::clamp")
        assert again.selected_ir().signature.parameter("value").type_hint == "float"
        pane = again.query_one(SuggestionsPane)
        await until(pilot, lambda: pane.suggestions != [])
        assert pane.suggestions[0].value == "int"
