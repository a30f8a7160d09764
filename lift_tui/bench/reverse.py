"""``lift-tui bench reverse``: static lifting speed on a standard-library corpus.

Reports functions per second in-process, the in-process time for a ~2,000-line file,
and the ratio of the whole ``lift-tui reverse --no-model --json`` process to a bare
``python -c`` process that reads and ``ast.parse``-s the same files (medians of runs).
The goals are ratio <= 3 and the 2,000-line file under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_BARE_PARSE = (
    "import ast, pathlib, sys\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')):\n"
    "    ast.parse(p.read_bytes(), filename=str(p))\n"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="folder of .py files (default: the standard library's top level)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are reported")


def stdlib_corpus() -> list[Path]:
    """The standard library's top-level modules: real code, always present, ~130k lines."""
    return sorted(Path(os.__file__).parent.glob("*.py"))


def _process_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from lift_tui.reverse import lift_file, lift_source

    runs = max(1, int(getattr(args, "runs", 3)))
    corpus_dir: Path | None = getattr(args, "corpus", None)
    files = sorted(corpus_dir.rglob("*.py")) if corpus_dir else stdlib_corpus()
    if not files:
        from lift_tui.cli.common import fail

        fail(f"{corpus_dir}: no .py files to measure; give a folder with Python files")
    with tempfile.TemporaryDirectory(prefix="lift-bench-") as tmp:
        # One flat copy, so both processes read exactly the same bytes from the same place.
        root = Path(tmp)
        for index, source in enumerate(files):
            shutil.copyfile(source, root / f"{index:05d}_{source.name}")
        copies = sorted(root.glob("*.py"))
        in_process, function_count, error_count = [], 0, 0
        for _ in range(runs):
            start = time.perf_counter()
            reports = [lift_file(p) for p in copies]
            in_process.append(time.perf_counter() - start)
            function_count = sum(len(r.functions) for r in reports)
            error_count = sum(len(r.errors) for r in reports)
        lift_cmd = [sys.executable, "-m", "lift_tui", "reverse", "--no-model", "--json", str(root)]
        parse_cmd = [sys.executable, "-c", _BARE_PARSE, str(root)]
        lift_process = _process_seconds(lift_cmd, runs)
        parse_process = _process_seconds(parse_cmd, runs)
    sized = min(files, key=lambda p: abs(_lines(p) - 2000))
    data = sized.read_bytes()
    single = []
    for _ in range(max(5, runs)):
        start = time.perf_counter()
        lift_source(data, str(sized))
        single.append(time.perf_counter() - start)
    seconds = statistics.median(in_process)
    return {
        "corpus": str(corpus_dir or Path(os.__file__).parent) + ("" if corpus_dir else " (top level)"),
        "files": len(files),
        "lines": sum(_lines(p) for p in files),
        "functions": function_count,
        "errors": error_count,
        "runs": runs,
        "in_process_seconds": round(seconds, 4),
        "functions_per_second": round(function_count / seconds, 1),
        "process_reverse_seconds": round(lift_process, 4),
        "process_bare_parse_seconds": round(parse_process, 4),
        "process_ratio": round(lift_process / parse_process, 3),
        "process_ratio_goal": 3.0,
        "file_2000_lines": {"path": str(sized), "lines": _lines(sized)},
        "file_2000_lines_ms": round(statistics.median(single) * 1000, 2),
        "file_2000_lines_goal_ms": 50.0,
    }
