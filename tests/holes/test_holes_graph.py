"""The hole-resolution graph on a real store: wait for the user, apply, propagate, loop, resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from lift_tui.graphs.holes import HoleDecision, HoleGraphState, next_hole, run_holes
from lift_tui.ir import IR, HoleStatus


def _store(tmp_path: Path):
    from lift_tui.store import open_store

    return open_store(tmp_path / "lift.db")


def test_waits_for_the_user_then_applies_and_moves_on(tmp_path: Path, lifted: dict[str, IR]) -> None:
    store = _store(tmp_path)
    session = store.create_session("holes", "reverse").id
    out = run_holes(store, session, HoleGraphState(ir=lifted["mean"]))
    assert out.status == "awaiting_user" and out.hole == "numbers_type"  # dependencies first
    assert out.candidates and out.candidates[0].type_ok
    out = run_holes(
        store,
        session,
        HoleGraphState(ir=out.ir),
        HoleDecision(hole="numbers_type", action="give", value="list[float]"),
    )
    assert out.status == "awaiting_user" and out.hole == "scale_type"
    assert out.ir.signature.parameter("numbers").type_hint == "list[float]"
    assert "numbers: list[float]" in out.ir.hole("return_type").constraints  # propagated
    out = run_holes(store, session, HoleGraphState(ir=out.ir), HoleDecision(hole="scale_type", action="skip"))
    assert out.hole == "return_type" and out.ir.hole("scale_type").status is HoleStatus.skipped
    events = store.hole_events(session)
    assert [(e.hole, e.action.value) for e in events] == [
        ("numbers_type", "given"),
        ("scale_type", "skipped"),
    ]
    assert store.examples("HoleSuggestion")[0].outputs["value"] == "list[float]"
    store.close()


def test_bad_decision_is_reported_not_raised(tmp_path: Path, lifted: dict[str, IR]) -> None:
    store = _store(tmp_path)
    session = store.create_session("holes", "reverse").id
    out = run_holes(
        store,
        session,
        HoleGraphState(ir=lifted["mean"]),
        HoleDecision(hole="numbers_type", action="give", value="not a type +"),
    )
    assert out.status == "awaiting_user" and out.hole == "numbers_type"
    assert any("not a" in e for e in out.errors)
    store.close()


def test_headless_auto_accept_completes(tmp_path: Path, lifted: dict[str, IR]) -> None:
    store = _store(tmp_path)
    session = store.create_session("holes", "reverse").id
    out = run_holes(store, session, HoleGraphState(ir=lifted["greet"], auto_accept=0.5))
    assert out.status == "complete" and not out.ir.open_holes()
    assert out.ir.signature.parameter("name").type_hint == "str"
    assert out.ir.hole("summary").status is HoleStatus.skipped  # no candidate good enough
    assert store.get_session(session).completed_nodes > 5
    store.close()


def test_next_hole_prefers_settled_dependencies(lifted: dict[str, IR]) -> None:
    ir = lifted["mean"]
    assert next_hole(ir).identifier == "numbers_type"
    assert next_hole(ir.model_copy(update={"holes": [ir.hole("return_type")]})).identifier == "return_type"


_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from lift_tui.graphs.holes import HoleGraphState, run_holes
    from lift_tui.reverse import lift_file
    from lift_tui.store import open_store

    store = open_store(Path(sys.argv[1]))
    ir = lift_file(Path(sys.argv[2])).functions[0]
    run_holes(store, sys.argv[3], HoleGraphState(ir=ir, auto_accept=0.0), history=False)
""")


def test_killed_run_resumes_to_the_same_result(tmp_path: Path) -> None:
    from lift_tui.graphs.runner import resume_graph
    from lift_tui.reverse import lift_file

    params = ", ".join(f"p{i}={i}" for i in range(40))
    source = tmp_path / "wide.py"
    source.write_text(f"def wide({params}):\n    return p0\n")
    store = _store(tmp_path)
    session = store.create_session("wide", "reverse").id
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(tmp_path / "lift.db"), str(source), session],
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    deadline = time.monotonic() + 60
    while store.get_session(session).completed_nodes < 12 and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert store.get_session(session).status.value in ("interrupted", "running")
    assert store.get_session(session).completed_nodes >= 12
    resumed = resume_graph(store, session)
    fresh_session = store.create_session("fresh", "reverse").id
    fresh = run_holes(
        store,
        fresh_session,
        HoleGraphState(ir=lift_file(source).functions[0], auto_accept=0.0),
        history=False,
    )
    assert resumed.status == "complete"
    assert resumed.ir.signature == fresh.ir.signature
    assert [(h.identifier, h.status) for h in resumed.ir.holes] == [
        (h.identifier, h.status) for h in fresh.ir.holes
    ]
    store.close()
