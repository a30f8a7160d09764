"""``lift-tui sessions ...`` end to end, in-process through ``main`` and on real database files."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from lift_tui.cli.main import main
from lift_tui.ir.models import IR, Signature
from lift_tui.store import SessionStatus, open_store

from .conftest import child


def _json(capsys: pytest.CaptureFixture, argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_list_show_export_delete_import(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "lift.db"
    with open_store(db) as store:
        sid = store.create_session("email validator", "forward").id
        store.save_ir(sid, IR(signature=Signature(name="is_email")), "node:MergeToIR")
    listed = _json(capsys, ["sessions", "--db", str(db), "list", "--json"])
    assert isinstance(listed, list) and listed[0]["id"] == sid
    assert {"id", "title", "status", "completed_nodes", "updated_at"} <= set(listed[0])
    assert listed[0]["status"] == "open"
    assert _json(capsys, ["--db", str(db), "sessions", "list", "--json"]) == listed  # top-level --db

    assert main(["sessions", "list", "--db", str(db)]) == 0
    assert sid in capsys.readouterr().out
    shown = _json(capsys, ["sessions", "show", sid[:4], "--db", str(db), "--json"])
    assert shown["session"]["id"] == sid and shown["ir_versions"][0]["qualname"] == "is_email"
    assert main(["sessions", "show", sid, "--db", str(db)]) == 0
    assert "is_email v1" in capsys.readouterr().out

    exported = tmp_path / "out" / "s.json"
    exported.parent.mkdir()
    assert main(["sessions", "export", sid, "-o", str(exported), "--db", str(db)]) == 0
    doc = json.loads(exported.read_text())
    assert doc == _json(capsys, ["sessions", "export", sid, "--db", str(db)])

    assert main(["sessions", "delete", sid, "--db", str(db)]) == 2  # no tty, no --yes: refused
    assert "--yes" in capsys.readouterr().err
    assert main(["sessions", "delete", sid, "--yes", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == f"deleted {sid}"
    assert _json(capsys, ["sessions", "list", "--json", "--db", str(db)]) == []
    imported = _json(capsys, ["sessions", "import", str(exported), "--json", "--db", str(db)])
    assert imported["id"] == sid
    assert _json(capsys, ["sessions", "export", sid, "--db", str(db)]) == doc


def test_errors_are_one_line_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    db = tmp_path / "lift.db"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "lift-tui-session", "format_version": 1}')
    for argv in (
        ["sessions", "--db", str(text), "list"],
        ["sessions", "--db", str(db), "show", "nope"],
        ["sessions", "--db", str(db), "import", str(bad)],
        ["sessions", "--db", str(db), "import", str(tmp_path / "missing.json")],
        ["sessions", "--db", str(db), "resume", "nope"],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("lift-tui: "), (argv, err)
    assert text.read_text() == "hello\n"


def test_resume_of_a_killed_run_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from . import sample_graph  # registers the "sample" graph in this process

    db, log = tmp_path / "lift.db", tmp_path / "log"
    with open_store(db) as store:
        sid = store.create_session("killed", "forward").id
    process = child(
        "tests.store.graph_child", str(db), "run", sid, str(log), env={"LIFT_TEST_KILL_AFTER": "merge"}
    )
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    listed = _json(capsys, ["sessions", "list", "--json", "--db", str(db)])
    assert listed[0]["status"] == "interrupted" and listed[0]["completed_nodes"] == 4

    payload = _json(capsys, ["sessions", "resume", sid, "--json", "--db", str(db)])
    assert payload["session"] == sid
    assert payload["output"].startswith("x:2:")
    assert [t["node"] for t in payload["trace"]][-2:] == ["Check", "Finish"]
    assert len(payload["trace"]) == 6
    assert log.read_text().count("start merge") == 1
    with open_store(db) as store:
        assert store.get_session(sid).status is SessionStatus.complete
    assert sample_graph.NAME == "sample"


def test_resume_of_an_unknown_graph_says_so(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "lift.db"
    with open_store(db) as store:
        sid = store.create_session("old", "forward").id
        run_id = store.start_run(sid, "graph-from-the-future", "{}", "{}")
        store.finish_run(run_id, SessionStatus.interrupted)
    assert main(["sessions", "resume", sid, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "no graph named 'graph-from-the-future'" in err
    with open_store(db) as store:
        assert store.get_session(sid).status is SessionStatus.interrupted  # untouched
