"""``lift-tui optimize [--db PATH] [--json]``: compile the DSPy programs from stored examples.

Today the HoleSuggestion program (from accepted hole resolutions); reports the metric on
held-out examples before and after and saves the program, which later runs load.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from .common import EXIT_OK, fail, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "optimize",
        help="compile the DSPy programs from your accepted resolutions",
        description="Compile the HoleSuggestion program (BootstrapFewShot; MIPROv2 with 50+ examples) from "
        "the accepted hole resolutions in the store, report the held-out metric before and after, save it.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=argparse.SUPPRESS,
        help="SQLite database (default sessions/lift.db)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--max-demos", type=int, default=3, help="few-shot examples in the program (default 3)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="where to save the program (default: the cache dir)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The same service call as *Optimize* in the TUI's palette."""
    from lift_tui.service import ServiceError
    from lift_tui.service.learning import optimize
    from lift_tui.store import StoreError, open_store

    from .common import load_settings

    db = getattr(args, "db", None)
    if db is not None and not Path(db).exists():
        fail(f"{db}: no such database; give the --db your sessions use")
    settings = load_settings(args)
    try:
        store = open_store(settings.db)
    except StoreError as error:
        fail(str(error))
    try:
        with contextlib.redirect_stdout(sys.stderr):  # DSPy prints progress; stdout is for the result
            report = optimize(
                settings,
                store,
                max_demos=max(1, args.max_demos),
                output=args.output,
                progress=lambda message: print(f"lift-tui: {message}", file=sys.stderr),
            )
    except ServiceError as error:
        fail(str(error))
    finally:
        store.close()
    if args.json:
        print_json(report)
    else:
        print(
            f"{report.program}: {report.optimizer} on {report.train} example(s); held-out top-3 "
            f"{report.before:.2f} -> {report.after:.2f}; saved {report.path} ({report.seconds}s)"
        )
    return EXIT_OK
