"""The real ``lift-tui reverse`` command in a subprocess: output shapes, exit codes, imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lift_tui.ir import IR

HEAVY = ("torch", "transformers", "dspy", "guidance", "z3", "textual", "llguidance", "litellm")
SAMPLE = '''
def add(a: int, b: int) -> int:
    """Add two integers.

    >>> add(2, 3)
    5
    """
    assert a >= 0
    if b < 0:
        raise ValueError("b must not be negative")
    print(a)
    return a + b


def untyped(x):
    return x
'''


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lift_tui", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "good.py").write_text(SAMPLE)
    (tmp_path / "broken.py").write_text("def f(:\n")
    (tmp_path / "binary.py").write_bytes(b"\x00\x01")
    return tmp_path


def test_json_output(tmp_path: Path) -> None:
    result = _run("reverse", str(_tree(tmp_path)), "--json", "--no-model")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["files"]
    files = {Path(f["path"]).name: f for f in payload["files"]}
    assert list(files) == ["binary.py", "broken.py", "good.py"]
    assert set(files["good.py"]) == {"path", "functions", "errors"}
    assert [e["kind"] for e in files["broken.py"]["errors"]] == ["syntax"]
    assert [e["kind"] for e in files["binary.py"]["errors"]] == ["binary"]
    add = IR.model_validate(files["good.py"]["functions"][0])  # every function is valid IR
    assert add.metadata.qualname == "add"
    assert add.metadata.origin.value == "reverse"
    assert [(e.call, e.expected) for e in add.examples] == [("add(2, 3)", "5")]
    assert [a.expression for a in add.preconditions] == ["a >= 0", "not b < 0"]


def test_readable_summary(tmp_path: Path) -> None:
    result = _run("reverse", "--no-model", str(_tree(tmp_path)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "add(a: int, b: int) -> int  [2 pre, 1 raise, 1 effect, 1 example]" in out
    assert "untyped(x)  [3 holes]" in out  # x's type, the return type, the summary
    assert "broken.py:1:" in out and "syntax" in out
    assert "3 files, 2 functions, 2 errors (static lifting, no model)" in out


def test_missing_path_is_bad_input(tmp_path: Path) -> None:
    result = _run("reverse", str(tmp_path / "nope.py"), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no such file or directory" in lines[0]


def test_bad_files_alone_still_exit_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = _run("reverse", str(bad), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["files"][0]["errors"][0]["kind"] == "binary"


def _imported_modules(*args: str, cwd: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "lift_tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "lift_tui" in names  # the measurement itself works
    return names


def test_help_and_static_reverse_import_no_heavy_library(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SAMPLE)
    static = ["reverse", "--no-model", str(tmp_path)]
    for args in (["--help"], static, [*static, "--json"]):
        imported = _imported_modules(*args, cwd=tmp_path)
        assert not imported & set(HEAVY), (args, imported & set(HEAVY))
    assert "rich" in _imported_modules("reverse", "--no-model", str(tmp_path), cwd=tmp_path)
