"""Faults: corrupt file, not a database, locked, disk full, concurrent writers, bad imports, newer schema."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lift_tui.cli.main import main
from lift_tui.store import StoreError, StoreErrorKind, open_store

from .conftest import child


def _filled(path: Path, sessions: int = 3) -> list[str]:
    with open_store(path) as store:
        ids = [store.create_session(f"s{i}", "forward").id for i in range(sessions)]
        for sid in ids:
            store.save_code(sid, "f", "x" * 5000, {})
    return ids


def test_garbage_in_the_database_is_reported_as_corrupt(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    db = tmp_path / "lift.db"
    _filled(db, 20)
    data = bytearray(db.read_bytes())
    assert len(data) > 8192
    data[4096:8192] = b"\xde\xad\xbe\xef" * 1024  # destroy the second page, keep the header
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError) as error:
        with open_store(db) as store:
            store.list_sessions()
    assert error.value.kind in (StoreErrorKind.corrupt, StoreErrorKind.not_a_database)
    assert db.read_bytes() == bytes(data), "a failed open must not write to the file"
    assert main(["sessions", "--db", str(db), "list"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and ("corrupt" in err[0] or "not a SQLite database" in err[0])


def test_garbage_header_and_text_file_are_not_databases(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("these are my notes\n" * 200)
    for path in (text, tmp_path / "zeros.db"):
        if not path.exists():
            path.write_bytes(b"\x01" * 8192)
        before = path.read_bytes()
        with pytest.raises(StoreError) as error:
            open_store(path)
        assert error.value.kind is StoreErrorKind.not_a_database
        assert "not a SQLite database" in str(error.value)
        assert path.read_bytes() == before


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE mine (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as error:
        open_store(path)
    assert error.value.kind is StoreErrorKind.not_a_database
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("mine",)]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lift.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError) as error:
        open_store(path)
    assert error.value.kind is StoreErrorKind.newer_schema and "newer lift-tui" in str(error.value)


def test_locked_database_gives_a_clear_error_after_the_timeout(tmp_path: Path) -> None:
    db = tmp_path / "lift.db"
    ids = _filled(db)
    holder = child("tests.store.fault_child", "hold-lock", str(db))
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with open_store(db, timeout=0.3) as store:
            assert [s.id for s in store.list_sessions()] != []  # readers still read under WAL
            started = time.monotonic()
            with pytest.raises(StoreError) as error:
                store.create_session("blocked", "forward")
            assert time.monotonic() - started >= 0.25
            assert error.value.kind is StoreErrorKind.locked and "locked by another process" in str(
                error.value
            )
    finally:
        holder.kill()
        holder.wait()
    with open_store(db) as store:
        assert sorted(s.id for s in store.list_sessions()) == sorted(ids)
        store.create_session("after", "forward")


def test_disk_full_keeps_everything_saved_before_and_no_half_rows(tmp_path: Path) -> None:
    db = tmp_path / "lift.db"
    ids = _filled(db)
    process = child("tests.store.fault_child", "fill", str(db), str(600_000))
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, out + err
    result = json.loads(out)
    assert result["kind"] == "disk_full" and "disk full" in result["message"], result
    assert result["saved"] > 3
    with open_store(db) as store:
        assert store.connection.query("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
        assert {s.id for s in store.list_sessions()} >= set(ids)
        fill = next(s for s in store.list_sessions() if s.title == "fill")
        versions = [v.version for v in store.ir_history(fill.id, "f")]
        events = store.hole_events(fill.id)
        assert versions == list(range(1, result["saved"] + 1))
        assert [e.ir_version for e in events] == versions  # every pair whole, none half-written


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "lift.db"
    with open_store(db) as store:
        a, b = store.create_session("a", "forward").id, store.create_session("b", "forward").id
    writers = [child("tests.store.fault_child", "writer", str(db), sid, "60") for sid in (a, b, a)]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, out + err
    with open_store(db) as store:
        assert [v.version for v in store.ir_history(a, "f")] == list(range(1, 121))
        assert [v.version for v in store.ir_history(b, "f")] == list(range(1, 61))
        assert len(store.hole_events(a)) == 120 and len(store.hole_events(b)) == 60


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[1, 2]",
        '{"format": "something-else"}',
        '{"format": "lift-tui-session", "format_version": 7}',
        '{"format": "lift-tui-session", "format_version": 1, "id": "x", "title": "t", "origin": "forward",'
        ' "created_at": "a", "updated_at": "b", "ir_versions": [{"qualname": "f"}]}',
        '{"format": "lift-tui-session", "format_version": 1, "id": "x", "title": "t", "origin": "forward",'
        ' "created_at": "a", "updated_at": "b", "unexpected": 1}',
    ],
)
def test_malformed_import_files_are_refused_and_add_nothing(tmp_path: Path, text: str) -> None:
    db = tmp_path / "lift.db"
    _filled(db, 1)
    with open_store(db) as store:
        with pytest.raises(StoreError) as error:
            store.import_session(text)
        assert error.value.kind is StoreErrorKind.bad_import
        assert len(store.list_sessions()) == 1


def test_inconsistent_import_is_rolled_back_whole(store) -> None:  # noqa: ANN001
    from lift_tui.ir.models import IR, Signature

    sid = store.create_session("s", "forward").id
    store.save_ir(sid, IR(signature=Signature(name="f")), "node:X")
    doc = store.export_session(sid)
    doc["id"] = "fresh"
    doc["ir_versions"].append(dict(doc["ir_versions"][0]))  # same qualname and version twice
    with pytest.raises(StoreError) as error:
        store.import_session(doc)
    assert error.value.kind is StoreErrorKind.bad_import and "nothing was imported" in str(error.value)
    assert [s.id for s in store.list_sessions()] == [sid]
    assert store.connection.query("SELECT count(*) AS n FROM ir_versions")[0]["n"] == 1


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 384 KiB tmpfs (needs root; skipped elsewhere — the RLIMIT_FSIZE test covers the rest)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=384k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_keeps_what_was_saved(tiny_disk: Path) -> None:
    from lift_tui.ir.models import IR, Metadata, Signature

    store = open_store(tiny_disk / "lift.db")
    sid = store.create_session("full", "forward").id
    saved = 0
    with pytest.raises(StoreError) as error:
        while saved < 10_000:
            ir = IR(signature=Signature(name="f"), metadata=Metadata(qualname="f"))
            ir.intent.summary = f"{saved} " + "y" * 3000
            store.record_resolution(sid, "f", "h", "given", str(saved), ir=ir)
            saved += 1
    assert error.value.kind is StoreErrorKind.disk_full and "disk full" in str(error.value)
    assert saved > 3
    assert len(store.hole_events(sid)) == saved  # the same connection still reads, nothing half-written
    store.close()
    with open_store(tiny_disk / "lift.db") as again:
        assert [v.version for v in again.ir_history(sid, "f")] == list(range(1, saved + 1))
        assert [e.ir_version for e in again.hole_events(sid)] == list(range(1, saved + 1))
