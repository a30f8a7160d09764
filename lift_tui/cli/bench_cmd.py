"""``lift-tui bench NAME [--json] [options]``: measurements printed as JSON.

Each benchmark lives in ``lift_tui.bench.<name>`` with ``run(args) -> dict`` and an optional
``add_arguments(parser)``. A benchmark module is imported only when it runs: the benchmarks
pull in subprocess, asyncio, tempfile and more, which every other command would otherwise pay
for at start-up.
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
    "forward": "forward pipeline vs the raw model on hidden checks: own prompts, HumanEval, reimplemented",
    "tui": "TUI cold start (time to first frame) and key latency while a worker is busy",
    "served": "reverse-enrichment throughput against a served model at concurrency 1, 4, 8",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = "\n".join(f"  {name:<8} {text}" for name, text in BENCHMARKS.items())
    parser = subparsers.add_parser(
        "bench",
        help="run a benchmark and print JSON",
        description=f"benchmarks:\n{listing}\n\n`lift-tui bench NAME --help` lists a benchmark's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("bench", metavar="NAME", choices=list(BENCHMARKS), help="which benchmark")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="the benchmark's own options")
    parser.set_defaults(func=run)


def _bench_parser(name: str, module: object) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"lift-tui bench {name}", description=BENCHMARKS[name])
    parser.add_argument("--json", action="store_true", help="print JSON (the default output is also JSON)")
    if hasattr(module, "add_arguments"):
        module.add_arguments(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    module = importlib.import_module(f"lift_tui.bench.{args.bench}")
    options = _bench_parser(args.bench, module).parse_args(args.options)
    for key, value in vars(args).items():  # global flags such as --db stay visible to the benchmark
        if not hasattr(options, key) and key not in {"options", "func"}:
            setattr(options, key, value)
    print_json(module.run(options))
    return 0
