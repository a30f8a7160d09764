"""``lift-tui check`` as a user runs it: a real subprocess, exit codes, JSON and one-line errors."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lift_tui.ir import IR, Assertion, Parameter, Signature


def lift(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lift_tui", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def ir_file(tmp_path: Path, name: str, pre: list[str], post: list[str] = ()) -> Path:
    ir = IR(
        signature=Signature(
            name=name,
            parameters=[Parameter(name="x", type_hint="int"), Parameter(name="s", type_hint="str")],
            returns="int",
        ),
        assertions=[Assertion(category="precondition", expression=e) for e in pre]
        + [Assertion(category="postcondition", expression=e) for e in post],
    )
    path = tmp_path / f"{name}.json"
    path.write_text(ir.to_json(), encoding="utf-8")
    return path


def test_sat_prints_a_model_that_satisfies_the_assertions(tmp_path: Path) -> None:
    pre = ["0 < x < 10", "s.endswith('.py')", "s.isidentifier()"]
    path = ir_file(tmp_path, "f", pre, ["result > x"])
    done = lift("check", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "sat" and report["core"] == []
    values = {k: ast.literal_eval(v) for k, v in report["model"].items()}
    assert 0 < values["x"] < 10 and values["s"].endswith(".py") and values["result"] > values["x"]
    assert report["untranslated"] == [
        {"expression": "s.isidentifier()", "reason": "the method str.isidentifier() is not modelled"}
    ]


def test_unsat_exits_1_with_the_core(tmp_path: Path) -> None:
    path = ir_file(tmp_path, "g", ["x > 5", "len(s) == 2", "x < 3"])
    done = lift("check", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["status"] == "unsat" and sorted(report["core"]) == ["x < 3", "x > 5"]
    human = lift("check", str(path), cwd=tmp_path)
    assert human.returncode == 1 and "unsat" in human.stdout and "x > 5" in human.stdout


def test_reverse_json_layout_reports_each_function(tmp_path: Path) -> None:
    good = json.loads(ir_file(tmp_path, "good", ["x > 0"]).read_text())
    bad = json.loads(ir_file(tmp_path, "bad", ["x > 0", "x < 0"]).read_text())
    path = tmp_path / "reverse.json"
    path.write_text(json.dumps({"files": [{"path": "m.py", "functions": [good, bad], "errors": []}]}))
    done = lift("check", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["status"] == "unsat"
    assert [(f["function"], f["status"]) for f in report["functions"]] == [("good", "sat"), ("bad", "unsat")]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not JSON"),
        ('{"signature": {"name": 3}}', "signature.name"),
        ('{"hello": 1}', "not an IR"),
        ('{"functions": []}', "no functions"),
        ('{"signature": {"name": "f"}, "extra": 1}', "extra"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "in.json"
    path.write_text(content, encoding="utf-8")
    done = lift("check", str(path), cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "in.json" in lines[0] and words in lines[0], done.stderr
    assert done.stdout == ""


def test_missing_file_exits_2(tmp_path: Path) -> None:
    done = lift("check", str(tmp_path / "nope.json"), cwd=tmp_path)
    assert done.returncode == 2 and "nope.json" in done.stderr
