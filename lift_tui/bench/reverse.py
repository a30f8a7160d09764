"""``lift-tui bench reverse``: static lifting speed on a standard-library corpus.

Reports functions per second in-process, the in-process time for a ~2,000-line file,
and the ratio of the whole ``lift-tui reverse --no-model --json`` process to a bare
``python -c`` process that reads and ``ast.parse``-s the same files (medians of runs).
The goals are ratio <= 3 and the 2,000-line file under 50 ms.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
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


def _seconds(command: list[str]) -> float:
    import subprocess

    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        from lift_tui.cli.common import fail

        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        fail(f"benchmark process failed ({done.returncode}): {last}", code=1)
    return elapsed


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def run(args: argparse.Namespace) -> dict[str, Any]:
    import shutil
    import statistics
    import tempfile

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
        in_process, in_process_parse = [], []
        function_count = error_count = 0
        lift_times, parse_times = [], []
        lift_cmd = [sys.executable, "-m", "lift_tui", "reverse", "--no-model", "--json", str(root)]
        parse_cmd = [sys.executable, "-c", _BARE_PARSE, str(root)]
        for _ in range(runs):
            # Interleaved, so both sides of each ratio see the same machine load.
            start = time.perf_counter()
            function_count = error_count = 0
            for copy in copies:  # streamed like the command does: nothing kept between files
                report = lift_file(copy)
                function_count += len(report.functions)
                error_count += len(report.errors)
            in_process.append(time.perf_counter() - start)
            start = time.perf_counter()
            for copy in copies:
                ast.parse(copy.read_bytes(), filename=str(copy))
            in_process_parse.append(time.perf_counter() - start)
            lift_times.append(_seconds(lift_cmd))
            parse_times.append(_seconds(parse_cmd))
        lift_process = statistics.median(lift_times)
        parse_process = statistics.median(parse_times)
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
        "in_process_parse_seconds": round(statistics.median(in_process_parse), 4),
        "in_process_ratio": round(seconds / statistics.median(in_process_parse), 3),
        "functions_per_second": round(function_count / seconds, 1),
        "process_reverse_seconds": round(lift_process, 4),
        "process_bare_parse_seconds": round(parse_process, 4),
        "process_ratio": round(lift_process / parse_process, 3),
        "process_ratios_per_run": [round(a / b, 3) for a, b in zip(lift_times, parse_times, strict=True)],
        "process_ratio_goal": 3.0,
        "file_2000_lines": {"path": str(sized), "lines": _lines(sized)},
        "file_2000_lines_ms": round(statistics.median(single) * 1000, 2),
        "file_2000_lines_goal_ms": 50.0,
    }
