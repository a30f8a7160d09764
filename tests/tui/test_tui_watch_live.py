"""Live reverse mode in the real app: saves re-lift in place, errors sit beside the last good IR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lift_tui.tui.widgets.code_pane import CodePane
from lift_tui.tui.widgets.ir_tree import ADDED, CHANGED, IRTree

from .conftest import SAMPLE, until

pytestmark = pytest.mark.anyio


def label(tree: IRTree, suffix: str) -> Any:
    key = next(k for k in tree.function_keys() if k.endswith(suffix))
    return tree._functions[key].label


async def start(app: Any, pilot: Any) -> IRTree:
    await until(pilot, lambda: app.sub_title.startswith("watching"))
    await until(pilot, lambda: bool(app.query_one(IRTree).function_keys()))
    await pilot.pause(0.3)  # let the watcher thread register before the first save
    return app.query_one(IRTree)


async def test_save_relifts_in_place_with_highlights(make_app: Any, workdir: Path) -> None:
    app = make_app(watch=workdir)
    async with app.run_test(size=(140, 45)) as pilot:
        tree = await start(app, pilot)
        mean_node = tree._functions[tree.function_keys()[0]]
        assert not label(tree, "::mean").spans  # the first lift highlights nothing
        edited = SAMPLE.replace("list[float]", "list[int]") + "\n\ndef extra(a: int) -> int:\n    return a\n"
        (workdir / "sample.py").write_text(edited)
        await until(pilot, lambda: "extra" in " ".join(tree.function_keys()))
        assert tree._functions[tree.function_keys()[0]] is mean_node  # same node, updated in place
        assert str(label(tree, "::mean")).startswith("● def mean(numbers: list[int])")
        assert label(tree, "::mean").style == CHANGED
        assert label(tree, "::extra").style == ADDED
        sections = {str(c.label): c.label.style for c in mean_node.children}
        assert sections["● signature"] == CHANGED and sections["intent"] == ""
        assert "list[int]" in app.query_one(CodePane).code
        # deleting a function removes it from the tree
        (workdir / "sample.py").write_text(edited.split("\n\ndef clamp")[0] + "\n")
        await until(pilot, lambda: not any(k.endswith("::clamp") for k in tree.function_keys()))


async def test_syntax_error_beside_last_good_ir(make_app: Any, workdir: Path) -> None:
    app = make_app(watch=workdir)
    async with app.run_test(size=(140, 45)) as pilot:
        tree = await start(app, pilot)
        before = list(tree.function_keys())
        (workdir / "sample.py").write_text(SAMPLE + "\ndef broken(:\n")
        file_node = next(iter(tree._files.values()))
        await until(pilot, lambda: "syntax" in str(file_node.label))
        assert tree.function_keys() == before
        error = str(file_node.children[0].label)
        assert error.startswith("✗ syntax:16") and error.endswith("last good IR below")
        (workdir / "sample.py").write_text(SAMPLE)
        await until(pilot, lambda: "syntax" not in str(file_node.label))
        assert not str(file_node.children[0].label).startswith("✗")


async def test_new_and_deleted_files(make_app: Any, workdir: Path) -> None:
    app = make_app(watch=workdir)
    async with app.run_test(size=(140, 45)) as pilot:
        tree = await start(app, pilot)
        (workdir / "more.py").write_text("def one() -> int:\n    return 1\n")
        await until(pilot, lambda: len(tree._files) == 2)
        (workdir / "sample.py").unlink()
        await until(pilot, lambda: len(tree._files) == 1)
        assert [k.rsplit("::", 1)[1] for k in tree.function_keys()] == ["one"]
        assert app.selected_key is not None and app.selected_key.endswith("::one")
