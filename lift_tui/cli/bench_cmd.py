"""``lift-tui bench NAME [--json]``: measurements printed as JSON.

Each benchmark lives in ``lift_tui.bench.<name>`` with ``add_arguments(parser)`` (optional)
and ``run(args) -> dict``; the dict is printed as JSON (or as ``key: value`` lines).
"""

from __future__ import annotations

import argparse
import importlib

from .common import print_json

# name -> one-line description; the module is lift_tui.bench.<name>
BENCHMARKS: dict[str, str] = {
    "reverse": "static lifting speed on a standard-library corpus",
    "model": "model load times, constrained vs unconstrained throughput, mask cost, memory",
    "holes": "top-1/top-3 accuracy of hole candidates on hidden standard-library annotations and guards",
    "forward": "forward pipeline on 20 prompts: IR validity, code checks, hidden reference tests, latency",
    "tui": "TUI cold start (time to first frame) and key latency while a worker is busy",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="run a benchmark and print JSON")
    names = parser.add_subparsers(dest="bench", metavar="NAME", required=True)
    for name, description in BENCHMARKS.items():
        sub = names.add_parser(name, help=description)
        sub.add_argument("--json", action="store_true", help="print JSON (the default output is also JSON)")
        module = importlib.import_module(f"lift_tui.bench.{name}")
        if hasattr(module, "add_arguments"):
            module.add_arguments(sub)
        sub.set_defaults(func=run, bench_module=f"lift_tui.bench.{name}")


def run(args: argparse.Namespace) -> int:
    module = importlib.import_module(args.bench_module)
    print_json(module.run(args))
    return 0
