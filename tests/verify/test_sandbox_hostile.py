"""Hostile code in the sandbox, with real processes: contained and reported, never harmful."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lift_tui.verify.sandbox import run_python


@pytest.fixture
def precious(tmp_path: Path) -> Path:
    path = tmp_path / "user_file.txt"
    path.write_text("precious", encoding="utf-8")
    return path


def test_ordinary_code_runs_and_returns_json() -> None:
    result = run_python("print('hello')\nRESULT = {'double': INPUT * 2}", timeout_s=10, input_json=21)
    assert result.status == "ok", result
    assert result.stdout == "hello\n"
    assert json.loads(result.result_json) == {"double": 42}


def test_infinite_loop_is_killed_on_time() -> None:
    result = run_python("while True:\n    pass", timeout_s=1.5)
    assert result.status == "timeout"
    assert result.seconds < 5


def test_fork_bomb_is_denied() -> None:
    code = "import os\nwhile True:\n    os.fork()"
    result = run_python(code, timeout_s=10)
    assert result.status == "forbidden" and "fork" in result.detail


def test_process_start_through_the_c_helper_is_denied() -> None:
    code = "import _posixsubprocess\n_posixsubprocess.fork_exec()"
    assert run_python(code, timeout_s=10).status == "forbidden"


@pytest.mark.parametrize("code", ["x = bytearray(10**10)", "x = [0] * (10**9)", "x = 'a' * (2**33)"])
def test_huge_allocation_is_a_memory_error(code: str) -> None:
    result = run_python(code, timeout_s=10, memory_mb=256)
    assert result.status == "memory", result


def test_writing_outside_the_temp_dir_is_blocked_and_the_file_untouched(precious: Path) -> None:
    code = f"open({str(precious)!r}, 'w').write('pwned')"
    result = run_python(code, timeout_s=10)
    assert result.status == "forbidden" and str(precious) in result.detail
    assert precious.read_text(encoding="utf-8") == "precious"


def test_a_caught_permission_error_is_still_reported(precious: Path) -> None:
    code = f"try:\n    open({str(precious)!r}, 'a').write('x')\nexcept Exception:\n    pass\nRESULT = 1"
    result = run_python(code, timeout_s=10)
    assert result.status == "forbidden"
    assert precious.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize(
    "template",
    [
        "import os\nos.remove({p!r})",
        "import os\nos.rename({p!r}, 'stolen.txt')",
        "import shutil\nshutil.copy({p!r}, 'copy.txt')",
        "import os\nos.symlink({p!r}, 'link')\nopen('link', 'w').write('pwned')",
        "import os\nfd = os.open({p!r}, os.O_WRONLY)\nos.write(fd, b'pwned')",
        "print(open({p!r}).read())",
        "import os\nprint(os.listdir({d!r}))",
    ],
)
def test_file_access_outside_is_denied(precious: Path, template: str) -> None:
    code = template.format(p=str(precious), d=str(precious.parent))
    result = run_python(code, timeout_s=10)
    assert result.status == "forbidden", result
    assert precious.read_text(encoding="utf-8") == "precious"
    assert "precious" not in result.stdout


def test_files_inside_the_temp_dir_are_allowed_and_removed_afterwards() -> None:
    code = "import os\nopen('a.txt', 'w').write('x')\nRESULT = [open('a.txt').read(), os.getcwd()]"
    result = run_python(code, timeout_s=10)
    assert result.status == "ok", result
    content, cwd = json.loads(result.result_json)
    assert content == "x"
    assert not os.path.exists(cwd)


@pytest.mark.parametrize(
    "code",
    [
        "import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=1)",
        "import socket\ns = socket.socket()\ns.connect(('1.1.1.1', 80))",
        "import urllib.request\nurllib.request.urlopen('http://example.com', timeout=1)",
    ],
)
def test_sockets_are_denied(code: str) -> None:
    assert run_python(code, timeout_s=10).status == "forbidden"


@pytest.mark.parametrize(
    "code",
    [
        "import os\nos.system('echo pwned > {p}')",
        "import subprocess\nsubprocess.run(['sh', '-c', 'echo pwned > {p}'])",
        "import os\nos.execv('/bin/sh', ['sh', '-c', 'echo pwned > {p}'])",
        "import os\nos.posix_spawn('/bin/sh', ['sh', '-c', 'echo pwned > {p}'], {{}})",
    ],
)
def test_shell_and_processes_are_denied(precious: Path, code: str) -> None:
    result = run_python(code.format(p=precious), timeout_s=10)
    assert result.status == "forbidden", result
    assert precious.read_text(encoding="utf-8") == "precious"


def test_limits_cannot_be_raised_and_ctypes_is_denied() -> None:
    raise_limit = "import resource\nresource.setrlimit(resource.RLIMIT_AS, (-1, -1))"
    assert run_python(raise_limit, timeout_s=10).status == "forbidden"
    assert run_python("import ctypes", timeout_s=10).status == "forbidden"


def test_errors_and_huge_output_are_reported_and_capped() -> None:
    error = run_python("1/0", timeout_s=10)
    assert error.status == "error" and "ZeroDivisionError" in error.detail
    syntax = run_python("def (", timeout_s=10)
    assert syntax.status == "error" and "SyntaxError" in syntax.detail
    big = run_python("print('x' * 5_000_000)", timeout_s=10, max_output_bytes=10_000)
    assert big.status == "error" and len(big.stdout) <= 10_000 + 30


def test_asyncio_still_works() -> None:
    code = "import asyncio\nasync def f():\n    return 3\nRESULT = asyncio.run(f())"
    result = run_python(code, timeout_s=10)
    assert result.status == "ok" and result.result_json == "3"
