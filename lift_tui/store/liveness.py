"""Is the process that claimed a graph run still alive?

A pid alone is not enough: pids are reused, so the process start time (from
``/proc/<pid>/stat``, in clock ticks since boot) is stored beside it and compared.
"""

from __future__ import annotations

import os
from pathlib import Path

from .models import SessionStatus


def process_start(pid: int) -> str | None:
    """The start time of ``pid`` as an opaque string, or None where /proc is unavailable."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Field 22 (starttime); the command name in parentheses may contain spaces.
    fields = text.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def current_process() -> tuple[int, str | None]:
    pid = os.getpid()
    return pid, process_start(pid)


def is_alive(pid: int | None, started: str | None) -> bool:
    """True if ``pid`` runs and, when its start time was recorded, is the same process."""
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    if started is not None:
        now = process_start(pid)
        if now is not None and now != started:
            return False
        if now is None and Path("/proc").is_dir():
            return False
    state = _state(pid)
    return state not in ("Z", "X")


def _state(pid: int) -> str | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[-1].split()
    return fields[0] if fields else None


def effective_status(status: str | None, pid: int | None, pid_started: str | None) -> SessionStatus:
    """A run recorded as running whose process is gone was interrupted."""
    if status is None:
        return SessionStatus.open
    if status == SessionStatus.running and not is_alive(pid, pid_started):
        return SessionStatus.interrupted
    return SessionStatus(status)
