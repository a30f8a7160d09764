"""Polish from a hands-on session: exact def lines, n/N across functions, readable check reports,
model suggestions shown in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lift_tui.reverse import lift_source
from lift_tui.reverse.enrich import with_precondition_holes
from lift_tui.service import Workspace, function_key
from lift_tui.service.enrichment import apply_enriched
from lift_tui.tui.check_text import check_text
from lift_tui.tui.messages import FunctionEnriched
from lift_tui.tui.widgets.holes_pane import HolesPane
from lift_tui.tui.widgets.ir_tree import IRTree, signature_text

from .conftest import settle, until

SIGNATURES = '''class Shop:
    def buy(self, item: str, *, qty=1):
        return item * qty


def pos(a, b: int = 2, /, c=3):
    return a


async def many(*args: int, k, **kw) -> int:
    return 1
'''


def test_def_line_is_exact() -> None:
    lines = [signature_text(ir) for ir in lift_source(SIGNATURES, "s.py").functions]
    assert lines == [
        "def Shop.buy(self, item: str, *, qty=1)",
        "def pos(a, b: int = 2, /, c=3)",
        "async def many(*args: int, k, **kw) -> int",
    ]


def test_check_text_lists_inputs_core_and_unchecked() -> None:
    from lift_tui.ir import IR
    from lift_tui.verify import check_ir

    ir = lift_source("def f(x: int, y: int):\n    assert x > y\n    return x\n", "f.py").functions[0]
    sat = check_text(check_ir(ir)).plain
    assert sat.startswith("sat") and "example inputs\n  x = " in sat and "\n  y = " in sat
    data = ir.model_dump()
    data["assertions"].append({"category": "precondition", "expression": "y > x"})
    unsat = check_text(check_ir(IR.model_validate(data))).plain
    assert unsat.startswith("unsat") and "✗ x > y" in unsat and "✗ y > x" in unsat




@pytest.mark.anyio
async def test_next_hole_crosses_functions_and_wraps(make_app: Any, workdir: Path) -> None:
    (workdir / "sample.py").write_text("def done(x: int) -> int:\n    '''Double.'''\n    return 2 * x\n\n\n"
                                       "def open_one(y: int):\n    '''Half.'''\n    return y / 2\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.start_lift(Path("sample.py"))
        await until(pilot, lambda: len(app.query_one(IRTree).function_keys()) == 2)
        await settle(app, pilot)
        assert app.focused is app.query_one(IRTree)
        assert app.selected_key.endswith("::done")
        await pilot.press("down")  # the cursor sits on the first function, so down moves to the second
        await until(pilot, lambda: app.selected_key.endswith("::open_one"))
        await pilot.press("up")
        await until(pilot, lambda: app.selected_key.endswith("::done"))
        open_ids = [h.identifier for h in app.workspace.current(
            next(k for k in app.query_one(IRTree).function_keys() if k.endswith("::open_one"))).open_holes()]
        assert open_ids and not app.selected_ir().open_holes()
        seen = []
        for _ in range(len(open_ids) + 1):
            await pilot.press("n")
            await pilot.pause()
            seen.append((app.selected_key.rsplit("::", 1)[1], app.selected_hole))
        assert {h for _, h in seen[:-1]} == set(open_ids) and seen[-1] == seen[0]  # wraps around
        assert all(name == "open_one" for name, _ in seen)
        assert app.query_one(HolesPane).selected.identifier == seen[-1][1]
        await pilot.press("N")
        await pilot.pause()
        assert app.selected_hole == seen[-2][1]
        for hole in open_ids:
            app.select_hole(app.selected_key, hole)
            await pilot.press("s")
            await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "no open holes left" in [n.message for n in app._notifications]


@pytest.mark.anyio
async def test_model_suggestions_land_in_place(make_app: Any, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.start_lift(Path("sample.py"))
        await until(pilot, lambda: len(app.query_one(IRTree).function_keys()) == 2)
        await settle(app, pilot)
        key = next(k for k in app.query_one(IRTree).function_keys() if k.endswith("::clamp"))
        lifted = app.workspace.current(key)
        enriched = with_precondition_holes(lifted, ["value >= low"], keep=None)
        assert apply_enriched(app.workspace, lifted, enriched) == enriched
        assert apply_enriched(app.workspace, lifted, enriched) is None  # not the untouched lift anymore
        app.post_message(FunctionEnriched(key, enriched))
        await pilot.pause()
        node = app.query_one(IRTree)._functions[key]
        labels = [str(leaf.label) for section in node.children for leaf in section.children]
        assert any("◆ model: value >= low" in label for label in labels)
        assert app.workspace.undo(key) == lifted  # u takes the model's suggestions back out


def test_enrichment_skips_functions_the_user_changed(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("def clamp(value, low=0, high=10):\n    return max(low, min(value, high))\n")
    ws = Workspace()
    ws.open_path(path)
    lifted = ws.functions()[0]
    ws.skip_hole(function_key(lifted), lifted.open_holes()[0].identifier)
    assert apply_enriched(ws, lifted, with_precondition_holes(lifted, ["low <= high"], keep=None)) is None
