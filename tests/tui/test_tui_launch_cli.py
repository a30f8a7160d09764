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


def test_a_path_in_place_of_a_command_is_watched(tmp_path: Path) -> None:
    """``lift-tui FILE`` is ``lift-tui --watch FILE``; a word that is neither stays argparse's error."""
    from lift_tui.cli.main import _path_as_watch

    source = tmp_path / "geo.py"
    source.write_text("def f(x):\n    return x\n")
    assert _path_as_watch([str(source)]) == ["--watch", str(source)]
    assert _path_as_watch(["--db", "x.db", str(source)]) == ["--db", "x.db", "--watch", str(source)]
    assert _path_as_watch(["reverse", str(source)]) == ["reverse", str(source)]
    assert _path_as_watch([str(tmp_path / "missing.py")]) == [str(tmp_path / "missing.py")]
    done = subprocess.run([sys.executable, "-m", "lift_tui", "nosuchthing"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 2 and "invalid choice" in done.stderr
