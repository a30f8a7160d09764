"""Learning from accepted resolutions (real SQLite) and the `suggest` command (real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lift_tui.holes import CandidateSource, suggest
from lift_tui.holes.history import record_accepted
from lift_tui.ir import IR


def test_accepted_resolutions_come_back_as_history_candidates(tmp_path: Path, lifted: dict[str, IR]) -> None:
    from lift_tui.store import open_store

    store = open_store(tmp_path / "lift.db")
    ir = lifted["mean"]
    hole = ir.hole("numbers_type")
    for _ in range(2):
        record_accepted(store, ir, hole, "Sequence[float]", "human")
    ranked = suggest(ir, "numbers_type", store=store)
    assert ranked[0].value == "Sequence[float]"
    assert ranked[0].source is CandidateSource.history and ranked[0].accepted_before == 2
    # a different slot is not affected
    assert all(c.value != "Sequence[float]" for c in suggest(ir, "scale_type", store=store, top=None))
    store.close()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lift_tui", *args], capture_output=True, text=True, timeout=120
    )


def test_suggest_json_lists_holes_with_ranked_candidates(sample_path: Path) -> None:
    done = _run("suggest", str(sample_path), "--json", "--no-model", "--top", "3")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    holes = {(h["function"], h["identifier"]): h for h in payload["holes"]}
    hole = holes[("greet", "name_type")]
    assert hole["kind"] == "type" and hole["target"] == "signature.parameters.name.type_hint"
    assert hole["type_hint"]
    first = hole["candidates"][0]
    assert first["value"] == "str"
    assert set(first) >= {"value", "rationale", "confidence", "source", "satisfiable"}
    assert all(len(h["candidates"]) <= 3 for h in payload["holes"])


def test_suggest_function_filter_and_bad_input(sample_path: Path, tmp_path: Path) -> None:
    done = _run("suggest", str(sample_path), "--json", "--no-model", "--function", "Box.size")
    assert done.returncode == 0
    assert {h["function"] for h in json.loads(done.stdout)["holes"]} == {"Box.size"}
    missing = _run("suggest", str(tmp_path / "nope.py"), "--no-model")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    unknown = _run("suggest", str(sample_path), "--no-model", "--function", "nope")
    assert unknown.returncode == 2 and "no function 'nope'" in unknown.stderr
    broken = tmp_path / "broken.py"
    broken.write_text("def f(:\n")
    bad = _run("suggest", str(broken), "--no-model")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
