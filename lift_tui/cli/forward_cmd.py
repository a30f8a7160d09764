"""``lift-tui forward "PROMPT" [--json] [--no-code] [--db PATH]``: run the forward graph headless."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_FINDING, EXIT_OK, CommandError, print_json

if TYPE_CHECKING:
    from lift_tui.forward.result import ForwardResult


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("forward", help="prompt → IR with typed holes → validated code")
    parser.add_argument("prompt", help='what the function should do, best with an example call: "f(2) == 4"')
    parser.add_argument("--json", action="store_true", help="print {session, ir, code, validation, trace}")
    parser.add_argument("--no-code", action="store_true", help="stop after the IR and its z3 check")
    parser.add_argument("--db", dest="forward_db", metavar="PATH", type=Path, help="SQLite database")
    parser.add_argument(
        "--candidates", "--best-of", dest="best_of", type=int, default=None, metavar="N",
        help="code candidates to sample and rank by running them (default: forward_candidates, 8)",
    )
    parser.set_defaults(func=run)


def _progress(event: object) -> None:
    from lift_tui.graphs.events import NodeFinished, NodeStarted

    if isinstance(event, NodeStarted):
        print(f"… {event.node}", file=sys.stderr, flush=True)
    elif isinstance(event, NodeFinished):
        print(f"✓ {event.node} ({event.seconds:.2f}s)", file=sys.stderr, flush=True)


def _print_text(result: ForwardResult) -> None:
    from rich.console import Console

    console = Console()
    ir = result.ir
    console.print(f"[bold]session[/] {result.session}")
    if ir is not None:
        console.print(f"[bold]intent[/] {ir.intent.summary or '?summary'}")
        for hole in ir.open_holes():
            console.print(f"[yellow]hole[/] ?{hole.identifier}: {hole.type_hint} — {hole.description}")
    console.print(f"[bold]z3[/] {result.check.get('status', 'not run')}")
    if result.code is not None:
        console.print(result.code, highlight=False, markup=False)
        verdict = result.validation.get("summary") or result.validation.get("passed")
        console.print(f"[bold]validation[/] {verdict}")
    for error in result.errors:
        console.print(f"[red]error[/] {error}")


def run(args: argparse.Namespace) -> int:
    """The same service call as the TUI's ``p``: a workspace on the run's settings and database."""
    from lift_tui.service import ServiceError, Workspace

    from .common import load_settings

    if not args.prompt.strip():
        raise CommandError('the prompt is empty: describe the function, e.g. "double it: double(2) == 4"')
    if args.best_of is not None and args.best_of < 1:
        raise CommandError("--candidates must be at least 1")
    settings = load_settings(args)
    db = Path(args.forward_db or getattr(args, "db", None) or settings.db)
    workspace = Workspace(settings=settings, db=db)
    if workspace.store is None:  # opened (and migrated) now, so a bad database fails before the model loads
        raise CommandError(workspace.store_error or f"{db}: cannot open the database")
    try:
        result, _update = workspace.forward(
            args.prompt, on_event=None if args.json else _progress, generate_code=not args.no_code,
            best_of=args.best_of,
        )
    except ServiceError as error:
        raise CommandError(str(error)) from error
    finally:
        workspace.close()
    if args.json:
        print_json(result)
    else:
        _print_text(result)
    unsat = result.check.get("status") == "unsat"
    failed = (result.code is not None and not result.validation.get("passed")) or unsat
    return EXIT_FINDING if failed else EXIT_OK
