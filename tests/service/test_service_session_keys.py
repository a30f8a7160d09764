"""Sessions keep functions apart by file: two files that both define ``f`` resume as two functions."""

from __future__ import annotations

from pathlib import Path

from lift_tui.service import Workspace, function_key
from lift_tui.service.session import SessionRecorder, load_session, store_key

TWO = '''def f(x, y=1):
    return x + y
'''


def test_same_name_in_two_files_resumes_both_with_their_resolutions(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(TWO)
    (tmp_path / "b.py").write_text(TWO.replace("x + y", "x * y"))
    ws = Workspace()
    updates = ws.open_path(tmp_path)
    lifted = [ir for u in updates if u.state for ir in u.state.functions]
    assert len({store_key(ir) for ir in lifted}) == 2  # same qualname, two keys
    db = tmp_path / "lift.db"
    recorder = SessionRecorder(db)
    recorder.start("two files")
    for ir in lifted:
        recorder.save_ir(ir, "lift")
    key_a = next(function_key(ir) for ir in lifted if ir.metadata.source_path.endswith("a.py"))
    resolved = ws.resolve(key_a, "x_type", "int")
    recorder.record_hole(resolved, "x_type", "given", "int")
    recorder.save_ui({"functions": [store_key(ir) for ir in ws.functions()]})
    recorder.flush()
    recorder.close()

    resumed = load_session(db, recorder.session_id or "")
    by_file = {Path(ir.metadata.source_path).name: ir for ir in resumed.functions}
    assert sorted(by_file) == ["a.py", "b.py"]
    assert by_file["a.py"].signature.parameters[0].type_hint == "int"
    assert by_file["b.py"].signature.parameters[0].type_hint is None
    assert set(resumed.lifted) == {function_key(ir) for ir in lifted}

    again = Workspace()
    again.restore(resumed.functions, resumed.lifted)
    assert again.current(key_a).signature.parameters[0].type_hint == "int"
    assert again.undo(key_a).signature.parameters[0].type_hint is None  # the lift is still under it


def test_forward_functions_keep_their_qualname_key() -> None:
    from lift_tui.ir import IR

    ir = IR.model_validate({"signature": {"name": "g"}, "metadata": {"origin": "forward",
                                                                     "source_path": "forward:abc"}})
    assert store_key(ir) == "g"
