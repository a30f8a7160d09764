"""New from prompt with the real embedded model: the graph's nodes stream into the trace pane,
the IR lands in the tree, and keys keep working while it runs. One test: it costs ~25 s."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from lift_tui.tui.widgets.ir_tree import IRTree
from lift_tui.tui.widgets.model_status import ModelStatus
from lift_tui.tui.widgets.trace_pane import TracePane

from .conftest import settle, until

pytestmark = [pytest.mark.anyio, pytest.mark.model, pytest.mark.slow]


async def test_forward_from_prompt(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("p")
        app.screen.query_one(Input).value = "return the larger of two integers"
        await pilot.press("enter")
        trace = app.query_one(TracePane)
        await until(pilot, lambda: any(row.startswith("graph:") for row in trace.states), timeout=120)
        await pilot.press("t")  # the UI answers while the graph runs
        assert app.theme == "textual-light"
        await until(pilot, lambda: bool(app.query_one(IRTree).function_keys()), timeout=240)
        await settle(app, pilot, timeout=60)
        assert app.model_ready
        assert "ready" in str(app.query_one(ModelStatus).query_one("#model-label").render())
        key = app.selected_key
        assert key is not None and key.startswith("forward:")
        ir = app.selected_ir()
        assert ir.signature.name.isidentifier() and ir.signature.parameters  # content is the model's call
        nodes = [row for row, state in trace.states.items() if row.startswith("graph:") and state == "done"]
        assert len(nodes) >= 3
        assert "def " in app.query_one("#code").code
