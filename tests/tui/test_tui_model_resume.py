"""A forward run killed mid-way (SIGKILL, a real process) continues from its last completed node
when its session is opened in the TUI. Uses the real model twice (the killed run and the resume):
30-60 s on two shared cores, so it runs only with ``LIFT_SLOW_TESTS=1``."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lift_tui.settings import Settings
from lift_tui.tui.app import LiftApp
from lift_tui.tui.widgets.ir_tree import IRTree
from lift_tui.tui.widgets.trace_pane import TracePane

from .conftest import settle, until

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.model,
    pytest.mark.slow,
]


def steps_done(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT count(*) FROM graph_steps").fetchone()[0])
    except sqlite3.Error:
        return 0


def interrupted_forward_session(db: Path, after_steps: int = 1) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-m", "lift_tui", "--db", str(db), "forward", "return the larger of two integers"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while steps_done(db) < after_steps:
            assert proc.poll() is None, "the forward run ended before it could be interrupted"
            assert time.monotonic() < deadline, "the forward run made no progress"
            time.sleep(0.1)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT id FROM sessions").fetchone()[0])


async def test_interrupted_forward_run_resumes(workdir: Path) -> None:
    db = workdir / "lift.db"
    session = interrupted_forward_session(db)
    finished_before = steps_done(db)
    app = LiftApp(settings=Settings(db=db), session=session)
    async with app.run_test(size=(140, 45)) as pilot:
        await until(pilot, lambda: bool(app.query_one(IRTree).function_keys()), timeout=180)
        await settle(app, pilot, timeout=180)
        trace = app.query_one(TracePane).states
        rerun = [row.rsplit(":", 1)[1] for row in trace if row.startswith(f"graph:{session}:")]
        assert rerun and "validate_code" in rerun
        assert len(rerun) <= 8 - finished_before + 1  # only what was not done (+ the one cut off)
        assert app.selected_key is not None and app.selected_key.startswith(f"forward:{session}")
    assert steps_done(db) > finished_before
