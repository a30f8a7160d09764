"""The store's service layer on a real SQLite file: sessions, IR versions, holes, code, examples, export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lift_tui.ir.models import IR, Hole, HoleKind, Metadata, Signature
from lift_tui.store import HoleAction, SessionStatus, Store, StoreError, StoreErrorKind, open_store


def _ir(name: str = "f", summary: str | None = None) -> IR:
    ir = IR(signature=Signature(name=name), metadata=Metadata(qualname=name))
    ir.intent.summary = summary
    ir.holes.append(
        Hole(identifier="return_type", kind=HoleKind.type, target="signature.returns", type_hint="type")
    )
    return ir


def test_open_creates_folder_wal_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "lift.db"
    with open_store(path) as store:
        assert store.list_sessions() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    open_store(path).close()  # reopening an up-to-date database changes nothing and works


def test_sessions_ids_prefixes_and_delete(store: Store) -> None:
    a = store.create_session("first", "forward")
    b = store.create_session("second", "reverse")
    assert len(a.id) == 10 and a.id != b.id
    assert a.status is SessionStatus.open and a.created_at.endswith("+00:00")
    assert store.get_session(a.id[:6]).id == a.id
    assert {s.id for s in store.list_sessions()} == {a.id, b.id}
    with pytest.raises(StoreError) as missing:
        store.get_session("nope")
    assert missing.value.kind is StoreErrorKind.not_found
    store.save_ir(a.id, _ir(), "node:X")
    store.delete_session(a.id[:5])
    assert [s.id for s in store.list_sessions()] == [b.id]
    assert store.connection.query("SELECT count(*) AS n FROM ir_versions")[0]["n"] == 0


def test_ambiguous_prefix_is_refused(store: Store) -> None:
    ids = {store.create_session(str(i), "forward").id for i in range(40)}
    firsts = [i[0] for i in ids]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    with pytest.raises(StoreError) as error:
        store.get_session(shared)
    assert error.value.kind is StoreErrorKind.ambiguous


def test_ir_versions_history_and_latest(store: Store) -> None:
    sid = store.create_session("s", "reverse").id
    store.save_ir(sid, _ir("f", "one"), "save:a.py")
    store.save_ir(sid, _ir("g", "g1"), "save:a.py")
    second = store.save_ir(sid, _ir("f", "two"), "node:MergeToIR")
    assert second.version == 2 and second.qualname == "f"
    latest = store.latest_irs(sid)
    assert [(v.qualname, v.version, v.ir.intent.summary) for v in latest] == [("f", 2, "two"), ("g", 1, "g1")]
    assert [v.cause for v in store.ir_history(sid, "f")] == ["save:a.py", "node:MergeToIR"]
    assert store.ir_history(sid, "f")[0].ir == _ir("f", "one")


def test_resolution_with_ir_is_one_transaction(store: Store) -> None:
    sid = store.create_session("s", "forward").id
    event = store.record_resolution(sid, "f", "?return_type", HoleAction.accepted, "int", ir=_ir("f", "x"))
    assert event.hole == "return_type" and event.ir_version == 1
    store.record_resolution(sid, "f", "return_type", "rejected", "str")
    assert [e.action for e in store.hole_events(sid)] == [HoleAction.accepted, HoleAction.rejected]
    assert store.ir_history(sid, "f")[0].cause == "resolution:return_type"


def test_code_examples_and_ui_state(store: Store) -> None:
    sid = store.create_session("s", "forward").id
    store.save_code(sid, "f", "def f():\n    return 1\n", {"parses": True, "examples": [1, 2]}, ir_version=1)
    assert store.code_artifacts(sid)[0].validation == {"parses": True, "examples": [1, 2]}
    store.add_example("GenerateSignature", {"prompt": "p"}, {"sig": "def f()"}, 0.75, session_id=sid)
    store.add_example("Other", {}, {}, None)
    assert [e.score for e in store.examples("GenerateSignature")] == [0.75]
    assert len(store.examples()) == 2
    assert store.load_ui_state(sid) == {}
    store.save_ui_state(sid, {"selected_hole": "return_type", "scroll": 3})
    assert store.load_ui_state(sid) == {"selected_hole": "return_type", "scroll": 3}


def test_export_import_round_trip_is_lossless(store: Store, tmp_path: Path) -> None:
    sid = store.create_session("round trip", "forward").id
    store.save_ir(sid, _ir("f", "one"), "node:MergeToIR")
    store.record_resolution(sid, "f", "return_type", "given", "int", note="mine", ir=_ir("f", "two"))
    store.save_code(sid, "f", "def f(): ...", {"ok": False}, ir_version=2)
    store.add_example("P", {"a": [1, 2]}, {"b": {"c": None}}, 1.0, session_id=sid)
    store.save_ui_state(sid, {"hole": "x"})
    doc = store.export_session(sid)
    json.dumps(doc)  # one JSON document

    with open_store(tmp_path / "other.db") as other:
        imported = other.import_session(json.dumps(doc))
        assert imported.id == sid  # no clash: the id is kept
        assert other.export_session(sid) == doc

    copy = store.import_session(doc)  # clash: a new id, everything else equal
    assert copy.id != sid and copy.title == "round trip"
    again = store.export_session(copy.id)
    assert {**again, "id": sid} == doc


def test_deleting_a_session_deletes_its_examples_only(store: Store) -> None:
    sid = store.create_session("s", "forward").id
    store.add_example("P", {}, {}, 1.0, session_id=sid)
    store.add_example("P", {}, {}, 0.5)
    store.delete_session(sid)
    assert [e.score for e in store.examples("P")] == [0.5]
