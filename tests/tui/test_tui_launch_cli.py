"""``lift-tui`` with bad arguments: one line on stderr, exit 2, no app started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_watch_of_a_missing_path_is_bad_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lift_tui", "--watch", str(tmp_path / "missing"),
         "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no such file or folder" in lines[0] and "--watch" in lines[0]
    assert not (tmp_path / "x.db").exists()
