"""The one hole-resolution path and write-back, through the service API on real files, the real
store, the real hole graph and libcst."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.service import ServiceError, Workspace, function_key
from lift_tui.service.resolution import AUTO_FLOOR, accept_best, pending_hole
from lift_tui.store import open_store

CLAMP = '''def clamp(value, low=0, high=10):
    """Keep value within [low, high]."""
    assert low <= high  # the range must not be empty
    return max(low, min(value, high))
'''


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    (tmp_path / "mod.py").write_text(CLAMP)
    workspace = Workspace(db=tmp_path / "lift.db")
    workspace.open_path(tmp_path / "mod.py")
    yield workspace
    workspace.close()


def key_of(ws: Workspace) -> str:
    return function_key(ws.functions()[0])


def test_decide_applies_propagates_records_and_reranks(ws: Workspace) -> None:
    key = key_of(ws)
    session = ws.store.create_session("t", "reverse").id
    done = ws.decide(key, "low_type", "accept", "int", "static", session_id=session)
    assert done.ir.signature.parameter("low").type_hint == "int"
    assert ws.current(key) == done.ir  # on the undo history
    assert done.next_hole == "high_type" and done.candidates[0].value == "int"
    assert done.reranked and all(h in {x.identifier for x in done.ir.open_holes()} for h in done.reranked)
    [event] = ws.store.hole_events(session)
    assert (event.hole, event.action.value, event.value) == ("low_type", "accepted", "int")
    assert event.source == "static"
    saved = ws.store.ir_history(session, key)[-1].ir
    assert saved == done.ir  # the version kept is the one after propagation
    [example] = ws.store.examples("HoleSuggestion")
    assert example.outputs == {"value": "int", "source": "static"} and example.session_id == session
    assert pending_hole(ws.store, session)[1] == "high_type"
    ws.undo(key)
    assert ws.current(key).signature.parameter("low").type_hint is None


def test_a_refused_decision_changes_nothing(ws: Workspace) -> None:
    key = key_of(ws)
    before = ws.current(key)
    with pytest.raises(ServiceError, match="not a"):
        ws.decide(key, "low_type", "give", "int |")
    with pytest.raises(ServiceError, match="no such hole"):
        ws.decide(key, "nope", "skip")
    assert ws.current(key) == before


def test_accept_best_write_back_undo(ws: Workspace, tmp_path: Path) -> None:
    key = key_of(ws)
    path = tmp_path / "mod.py"
    ws.decide(key, "value_type", "give", "float")
    ws.decide(key, "return_type", "skip")
    assert accept_best(ws, key, min_confidence=0.95) == []  # no candidate is that likely right
    # confidences are calibrated: `low=0` compared with `high` is an int more often than not
    decided = accept_best(ws, key, min_confidence=AUTO_FLOOR)
    assert {d.hole for d in decided} >= {"low_type", "high_type"}
    result = ws.write_back(key)
    text = path.read_text()
    assert text.startswith("def clamp(value: float, low: int = 0, high: int = 10)")
    assert text.endswith(CLAMP.split("\n", 1)[1])  # docstring, comment, body: byte for byte
    assert {h for _, h in result.written} >= {"value_type", "low_type", "high_type"}
    ir = ws.current(key)
    assert ir.hole("value_type") is None and ir.signature.parameter("value").type_hint == "float"
    assert ir.hole("return_type").status.value == "skipped"  # no place in the source: carried over
    undone = ws.undo_write_back(key)
    assert undone.undone and path.read_text() == CLAMP
    assert ws.current(key).signature.parameter("value").type_hint == "float"  # the resolutions are back
    with pytest.raises(ServiceError, match="nothing written back"):
        ws.undo_write_back(key)


def test_write_back_refuses_a_file_that_moved_on(ws: Workspace, tmp_path: Path) -> None:
    key = key_of(ws)
    ws.decide(key, "low_type", "give", "int")
    path = tmp_path / "mod.py"
    path.write_text(CLAMP + "\n# edited elsewhere\n")
    with pytest.raises(ServiceError, match="changed on disk since it was lifted"):
        ws.write_back(key)
    assert path.read_text().endswith("# edited elsewhere\n")
    ws.relift_file(path)  # the watcher catches up: the decision was on unchanged code, it stays
    assert ws.current(key).signature.parameter("low").type_hint == "int"
    ws.write_back(key)
    assert "low: int = 0" in path.read_text() and path.read_text().endswith("# edited elsewhere\n")


def test_forward_functions_cannot_be_written_back(tmp_path: Path) -> None:
    store = open_store(tmp_path / "lift.db")
    ws = Workspace(store=store)
    from lift_tui.ir import IR

    ir = IR.model_validate({"signature": {"name": "f"}, "metadata": {"origin": "forward"}})
    ws.add_forward(ir, "s1", "def f():\n    pass\n", {"passed": True})
    key = function_key(ws.functions()[0])
    assert ws.generated[key].code.startswith("def f")
    with pytest.raises(ServiceError, match="no source file"):
        ws.write_back(key)
    store.close()
