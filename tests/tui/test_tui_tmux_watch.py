"""``lift-tui --watch`` in a real terminal (tmux): start it, save a file, read the screen."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import SAMPLE

TMUX = shutil.which("tmux")
LIFT = Path(sys.executable).with_name("lift-tui")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install -y tmux)")


def tmux(*args: str) -> str:
    done = subprocess.run([TMUX or "tmux", *args], capture_output=True, text=True, timeout=10)
    return done.stdout


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    session = f"lift-test-{uuid.uuid4().hex[:8]}"
    (tmp_path / "sample.py").write_text(SAMPLE)
    # a running tmux server keeps its own environment: pass ours on the command line
    # (pytest sets COLUMNS/LINES, which would pin the app to 80x24)
    db = shlex.quote(str(tmp_path / "lift.db"))
    env = f"env -u COLUMNS -u LINES TERM=xterm-256color LIFT_DB={db} LIFT_TUI_PRELOAD_MODEL=0"
    subprocess.run(
        [TMUX or "tmux", "new-session", "-d", "-s", session, "-x", "130", "-y", "40", "-c", str(tmp_path),
         f"{env} {shlex.quote(str(LIFT))} --watch {shlex.quote(str(tmp_path))}"],
        check=True, timeout=10,
    )
    try:
        yield session, tmp_path
    finally:
        subprocess.run([TMUX or "tmux", "kill-session", "-t", session], capture_output=True, timeout=10)


def wait_for(session: str, condition: Callable[[str], bool], timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if condition(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"screen never matched; last screen:\n{screen}")


def test_watch_in_tmux(terminal: tuple[str, Path]) -> None:
    session, folder = terminal
    screen = wait_for(session, lambda s: "def clamp(value" in s and "watching" in s)
    assert "def mean(numbers: list[float]) -> float" in screen and "?5" in screen
    # no pause: a save before the watcher is live is caught up by digest once it is
    (folder / "sample.py").write_text(SAMPLE + "\n\ndef extra(a: int) -> int:\n    return a\n")
    # the screen is drawn in pieces: wait for all of the change, not for its first line
    screen = wait_for(session, lambda s: "def extra(a: int) -> int" in s and "1 added" in s)
    assert "● def extra" in screen
    (folder / "sample.py").write_text(SAMPLE + "\ndef broken(:\n")
    screen = wait_for(session, lambda s: "✗ syntax" in s)
    assert "last good IR below" in screen and "def clamp(value" in screen
    tmux("send-keys", "-t", session, "q")  # quitting ends the program, and with it the tmux session
    deadline = time.monotonic() + 10
    while subprocess.run([TMUX or "tmux", "has-session", "-t", session], capture_output=True).returncode == 0:
        assert time.monotonic() < deadline, "lift-tui did not quit on q"
        time.sleep(0.1)
