"""``lift-tui bench reverse`` on a small corpus: the report has real, consistent numbers."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from lift_tui.bench import reverse as bench


def test_bench_reverse_on_a_small_corpus(tmp_path: Path) -> None:
    for index in range(3):
        body = "".join(f"def f{index}_{n}(x: int) -> int:\n    return x + {n}\n\n" for n in range(700))
        (tmp_path / f"m{index}.py").write_text(body)
    result = bench.run(argparse.Namespace(corpus=tmp_path, runs=1))
    assert result["files"] == 3
    assert result["functions"] == 2100
    assert result["errors"] == 0
    assert result["lines"] == 3 * 2100
    assert result["functions_per_second"] > 0
    assert result["process_reverse_seconds"] > 0 and result["process_bare_parse_seconds"] > 0
    ratio = result["process_reverse_seconds"] / result["process_bare_parse_seconds"]
    assert abs(result["process_ratio"] - ratio) < 0.01
    assert result["file_2000_lines"]["lines"] == 2100
    assert result["file_2000_lines_ms"] > 0


def test_bench_command_prints_json(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def f(x: int) -> int:\n    return x\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lift_tui",
            "bench",
            "reverse",
            "--json",
            "--corpus",
            str(tmp_path),
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["functions"] == 1
