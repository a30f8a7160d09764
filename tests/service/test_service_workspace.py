"""The workspace against the real reverse lifter, renderers, holes layer and z3."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.service import ServiceError, Workspace, function_key

MEAN = '''def mean(numbers: list[float]) -> float:
    """Return the arithmetic mean.

    >>> mean([1.0, 2.0])
    1.5
    """
    if not numbers:
        raise ValueError("empty")
    return sum(numbers) / len(numbers)
'''

CLAMP = '''def clamp(value, low=0, high=10):
    assert low <= high
    return max(low, min(value, high))
'''


@pytest.fixture
def src(tmp_path: Path) -> Path:
    path = tmp_path / "mod.py"
    path.write_text(MEAN + "\n\n" + CLAMP)
    return path


def keys(ws: Workspace) -> list[str]:
    return [function_key(ir) for ir in ws.functions()]


def test_open_file_lifts_every_function(src: Path) -> None:
    ws = Workspace()
    [update] = ws.open_path(src)
    assert update.state is not None and not update.state.problems
    assert [k.rsplit("::", 1)[1] for k in keys(ws)] == ["mean", "clamp"]
    assert update.changes.added == keys(ws)
    assert "def mean" in update.state.source


def test_open_folder_and_missing_path(tmp_path: Path, src: Path) -> None:
    (tmp_path / "other.py").write_text("def one() -> int:\n    return 1\n")
    ws = Workspace()
    updates = ws.open_path(tmp_path)
    assert len(updates) == 2 and len(ws.functions()) == 3
    with pytest.raises(ServiceError, match="no such file"):
        ws.open_path(tmp_path / "nope.py")


def test_relift_reports_changed_added_removed_and_ignores_moves(src: Path) -> None:
    ws = Workspace()
    ws.open_path(src)
    # a blank line above moves clamp down: not a change
    src.write_text("\n\n" + MEAN + "\n\n" + CLAMP)
    assert ws.relift_file(src).changes.empty
    src.write_text(MEAN.replace("list[float]", "list[int]") + "\n\ndef extra():\n    pass\n")
    changes = ws.relift_file(src).changes
    mean_key = next(k for k in keys(ws) if k.endswith("::mean"))
    assert list(changes.changed) == [mean_key]
    assert any(p.startswith("signature") for p in changes.changed[mean_key])
    assert [k.rsplit("::", 1)[1] for k in changes.added] == ["extra"]
    assert [k.rsplit("::", 1)[1] for k in changes.removed] == ["clamp"]


def test_syntax_error_keeps_last_good_ir(src: Path) -> None:
    ws = Workspace()
    ws.open_path(src)
    before = ws.functions()
    src.write_text(MEAN + "\ndef broken(:\n")
    update = ws.relift_file(src)
    assert update.state is not None and update.state.stale
    assert update.state.problems[0].is_syntax and update.state.problems[0].line == 11
    assert ws.functions() == before and update.changes.empty
    src.write_text(MEAN)
    update = ws.relift_file(src)
    assert update.state is not None and not update.state.stale and not update.state.problems
    assert [k.rsplit("::", 1)[1] for k in update.changes.removed] == ["clamp"]


def test_deleted_file_drops_its_functions(src: Path) -> None:
    ws = Workspace()
    ws.open_path(src)
    src.unlink()
    update = ws.relift_file(src)
    assert update.state is None and len(update.changes.removed) == 2 and ws.functions() == []


def test_skip_resolve_undo_redo(src: Path) -> None:
    ws = Workspace()
    ws.open_path(src)
    key = next(k for k in keys(ws) if k.endswith("::clamp"))
    holes = [h.identifier for h in ws.current(key).open_holes()]
    assert "low_type" in holes
    skipped = ws.skip_hole(key, "low_type")
    assert "low_type" not in [h.identifier for h in skipped.open_holes()]
    with pytest.raises(ServiceError, match="already skipped"):
        ws.skip_hole(key, "low_type")
    assert "low_type" in [h.identifier for h in ws.undo(key).open_holes()]
    assert "low_type" not in [h.identifier for h in ws.redo(key).open_holes()]
    ws.undo(key)
    [best] = ws.suggest(key, "low_type")[:1]
    assert best.value == "int"
    resolved = ws.resolve(key, "low_type", "int")
    assert resolved.signature.parameter("low").type_hint == "int"
    with pytest.raises(ServiceError):
        ws.redo(key)
    # a re-lift of unchanged source keeps the user's resolution
    ws.relift_file(src)
    assert ws.current(key).signature.parameter("low").type_hint == "int"


def test_export_and_check(src: Path) -> None:
    ws = Workspace()
    ws.open_path(src)
    ir = ws.functions()[0]
    assert "json" in ws.export_formats() and "stub" in ws.export_formats()
    assert '"signature"' in ws.export(ir, "json")
    assert "def mean(numbers: list[float]) -> float" in ws.export(ir, "stub")
    with pytest.raises(ServiceError):
        ws.export(ir, "nonsense")
    report = ws.check(ir, timeout_ms=2000)
    assert report.status == "sat"


def test_changed_on_disk_names_saves_made_since_the_lift(tmp_path: Path, src: Path) -> None:
    """What a watcher catches up on once it is live: edited and deleted files, not untouched ones."""
    other = tmp_path / "other.py"
    other.write_text(CLAMP)
    ws = Workspace()
    ws.open_path(tmp_path)
    assert ws.changed_on_disk(tmp_path) == []
    src.write_text(MEAN)
    assert ws.changed_on_disk(tmp_path) == [src.resolve()]
    assert ws.changed_on_disk(other) == []
    other.unlink()
    assert ws.changed_on_disk(tmp_path) == sorted([src.resolve(), other.resolve()])
    ws.relift_file(src)
    ws.relift_file(other)
    assert ws.changed_on_disk(tmp_path) == []
