"""Running generated code in a separate, limited process.

Each run gets a fresh temporary directory (the code's working directory; its output files
and config sit beside it, out of the code's reach), a minimal environment, its own session
(the whole process group is killed on timeout), resource limits (address space, CPU time,
file size, open files, processes) and an audit hook that denies processes, sockets, native
code and file access outside the working directory (see ``sandbox_runner``). When
unprivileged user namespaces work, the process also runs in an empty network namespace
(``unshare -rn``); the audit hook stands alone where they do not.

The code sees its input as the global ``INPUT`` and hands a result back by assigning a
JSON-serialisable value to ``RESULT``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from .reports import SandboxResult

RUNNER = Path(__file__).with_name("sandbox_runner.py")
MAX_OUTPUT_BYTES = 1_000_000


@lru_cache(maxsize=1)
def network_namespace_prefix() -> tuple[str, ...]:
    """``("unshare", "-rn", "--")`` if an empty network namespace can be made here, else ()."""
    exe = shutil.which("unshare")
    if exe is None:
        return ()
    try:
        probe = subprocess.run([exe, "-rn", "--", "true"], capture_output=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return ()
    return (exe, "-rn", "--") if probe.returncode == 0 else ()


def _read_roots() -> list[str]:
    """What the code may read: the interpreter's own files (to import the standard library)."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        roots.add(sysconfig.get_path(key))
    roots |= {"/dev/null", "/dev/urandom", "/dev/random", "/usr/share/zoneinfo"}
    return sorted(r for r in roots if r)


_DEFAULTS: tuple[float, int] | None = None
"""The start-up settings' sandbox limits (see :func:`configure`)."""


def configure(timeout_s: float, memory_mb: int) -> None:
    """The default sandbox limits, handed down from the start-up settings."""
    global _DEFAULTS
    _DEFAULTS = (float(timeout_s), int(memory_mb))


def _settings_defaults() -> tuple[float, int]:
    if _DEFAULTS is not None:
        return _DEFAULTS
    from lift_tui.settings import get_settings  # library use without configure()

    s = get_settings()
    return s.sandbox_timeout_s, s.sandbox_memory_mb


def run_python(
    code: str,
    *,
    timeout_s: float | None = None,
    memory_mb: int | None = None,
    input_json: Any = None,
    allow_native: bool = False,
    max_output_bytes: int = MAX_OUTPUT_BYTES,
) -> SandboxResult:
    """Run ``code`` in a sandboxed interpreter and report how it ended; never raises for bad code.

    ``allow_native`` lets trusted tooling that loads C libraries through ctypes (CrossHair's
    z3) run under the same limits; generated code alone never needs it.
    """
    default_timeout, default_memory = _settings_defaults()
    timeout_s = default_timeout if timeout_s is None else timeout_s
    memory_mb = default_memory if memory_mb is None else memory_mb
    root = Path(tempfile.mkdtemp(prefix="lift-sandbox-"))
    try:
        return _run(code, root, timeout_s, memory_mb, input_json, allow_native, max_output_bytes)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(
    code: str,
    root: Path,
    timeout_s: float,
    memory_mb: int,
    input_json: Any,
    allow_native: bool,
    max_output_bytes: int,
) -> SandboxResult:
    work = root / "work"
    work.mkdir()
    (root / "code.py").write_text(code, encoding="utf-8")
    config = {
        "code_path": str(root / "code.py"),
        "result_path": str(root / "result.json"),
        "input": input_json,
        "memory_mb": memory_mb,
        "cpu_s": max(1, int(timeout_s + 1)),
        "max_file_bytes": max_output_bytes,
        "max_processes": 0 if not allow_native else 64,
        "read_roots": _read_roots(),
        "allow_native": allow_native,
    }
    (root / "config.json").write_text(json.dumps(config), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(work), "TMPDIR": str(work)}
    argv = [
        *network_namespace_prefix(),
        sys.executable,
        "-I",
        "-X",
        "utf8",
        str(RUNNER),
        str(root / "config.json"),
    ]
    start = time.perf_counter()
    timed_out = False
    with open(root / "stdout.txt", "wb") as out, open(root / "stderr.txt", "wb") as err:
        proc = subprocess.Popen(
            argv, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True
        )
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
        _kill_group(proc.pid)
        proc.wait()
    seconds = round(time.perf_counter() - start, 4)
    stdout = _read_capped(root / "stdout.txt", max_output_bytes)
    stderr = _read_capped(root / "stderr.txt", max_output_bytes)
    result = SandboxResult(
        status="ok", stdout=stdout, stderr=stderr, returncode=proc.returncode, seconds=seconds
    )
    report = _read_report(root / "result.json")
    if timed_out:
        result.status, result.detail = "timeout", f"killed after {timeout_s:g} s wall-clock"
    elif report is not None:
        result.status = report["status"]
        result.detail = report.get("error", "")
        result.result_json = report.get("result")
    elif proc.returncode is not None and proc.returncode < 0:
        sig = -proc.returncode
        if sig == signal.SIGXCPU:
            result.status, result.detail = "timeout", "CPU time limit"
        else:
            result.status, result.detail = "crashed", f"killed by {signal.Signals(sig).name}"
    elif "MemoryError" in stderr:
        result.status, result.detail = "memory", "MemoryError"
    else:
        result.status = "crashed"
        result.detail = f"exited with {proc.returncode} before reporting"
    return result


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read_capped(path: Path, limit: int) -> str:
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("\n[output truncated]" if len(data) > limit else "")


def _read_report(path: Path) -> dict[str, Any] | None:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) and report.get("status") else None
