"""``lift-tui suggest PATH [--function Q] [--json] [--no-model] [--top N] [--run] [--write]``.

Lifts the file and prints ranked candidates for every open hole, best first:
``{"holes": [{"identifier", "kind", "target", "type_hint", "function", "path",
"candidates": [{"value", "rationale", "confidence", "source", "satisfiable", "type_ok",
"accepted_before"}]}]}``. Candidates this user accepted before (kept in ``--db``) come first.
``--write`` accepts the best fitting candidate of each hole and writes them into the source
(``lift-tui apply PATH --best``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_OK, fail, print_json
from .workspace_args import add_db_option, functions, open_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "suggest",
        help="ranked candidates for the typed holes of a file's functions",
        description="Lift PATH and rank candidates for each open hole (static evidence, this user's "
        "history, and the local model unless --no-model), each checked with z3 against the IR.",
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="a .py file or a directory")
    parser.add_argument("--function", metavar="QUALNAME", help="only this function (e.g. Class.method)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--no-model", action="store_true", help="static and history candidates only")
    parser.add_argument("--top", metavar="N", type=int, default=6, help="candidates per hole (default 6)")
    parser.add_argument(
        "--run",
        action="store_true",
        help="also run each function's examples in the sandbox and use the argument and result "
        "types and invariants the calls showed",
    )
    parser.add_argument("--write", action="store_true",
                        help="accept the best candidate of each hole and write them into the source")
    parser.add_argument("--min-confidence", metavar="C", type=float, default=0.6,
                        help="with --write: accept only candidates at least this likely to be right "
                        "(confidences are calibrated probabilities; default 0.6)")
    add_db_option(parser)
    parser.set_defaults(func=run)


def _model_usable(use_model: bool, settings: Any) -> bool:
    """Load the model once up front so a broken model costs one warning, not one per hole."""
    if not use_model:
        return False
    try:
        from lift_tui.holes.model_source import ensure_model

        ensure_model()
        return True
    except Exception as error:  # noqa: BLE001 - any load failure degrades to static candidates
        print(f"lift-tui: model unavailable ({error}); showing static candidates only", file=sys.stderr)
        return False


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        fail("--top must be at least 1")
    from .common import load_settings

    settings = load_settings(args)
    if args.write:
        from .apply_cmd import apply

        return apply(args, settings, best=True, pairs=[])
    workspace = open_workspace(args, settings, create_db=False)
    found = functions(workspace, args.path, args.function)
    use_model = _model_usable(not args.no_model and any(ir.open_holes() for _, _, ir in found), settings)
    holes: list[dict[str, Any]] = []
    for path, key, ir in found:
        for hole in ir.open_holes():
            candidates = workspace.suggest(
                key, hole.identifier, use_model=use_model, top=args.top, run=args.run
            )
            holes.append(
                {
                    "identifier": hole.identifier,
                    "kind": hole.kind.value,
                    "target": hole.target,
                    "type_hint": hole.type_hint,
                    "function": ir.metadata.qualname or ir.signature.name,
                    "path": path,
                    "candidates": [
                        c.model_dump(mode="json", include={"value", "rationale", "confidence", "source",
                                                           "satisfiable", "type_ok", "accepted_before"})
                        for c in candidates
                    ],
                }
            )
    workspace.close()
    if args.json:
        print_json({"holes": holes})
    else:
        _print(holes)
    return EXIT_OK


def _print(holes: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    if not holes:
        console.print("no open holes")
    marks = {True: "[green]sat[/]", False: "[red]unsat[/]", None: "[dim]-[/]"}
    for hole in holes:
        console.print(
            f"[bold]{escape(hole['function'])}[/] ?{hole['identifier']} "
            f"[dim]({hole['kind']}, {escape(hole['target'])})[/]"
        )
        if not hole["candidates"]:
            console.print("    [dim]no candidates[/]")
        for rank, c in enumerate(hole["candidates"], 1):
            again = f" [green]accepted {c['accepted_before']}×[/]" if c["accepted_before"] else ""
            console.print(
                f"  {rank}. [cyan]{escape(c['value'])}[/]  {c['confidence']:.2f} {c['source']} "
                f"{marks[c['satisfiable']]}{again}  [dim]{escape(c['rationale'])}[/]"
            )
