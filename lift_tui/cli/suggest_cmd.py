"""``lift-tui suggest PATH [--function QUALNAME] [--json] [--no-model] [--top N] [--run]``.

Lifts the file and prints ranked candidates for every open hole, best first:
``{"holes": [{"identifier", "kind", "target", "type_hint", "function", "path",
"candidates": [{"value", "rationale", "confidence", "source", "satisfiable", "type_ok"}]}]}``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_OK, fail, print_json


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
    parser.set_defaults(func=run)


def _functions(path: Path, qualname: str | None) -> list[tuple[str, Any]]:
    from lift_tui.reverse import iter_lift_path

    found: list[tuple[str, Any]] = []
    errors: list[str] = []
    for report in iter_lift_path(path):
        errors += [f"{e.path}:{e.line or '?'}: {e.message}" for e in report.errors]
        found += [(report.path, ir) for ir in report.functions]
    if not found and errors:
        fail(f"{errors[0]}; fix the file and run again")
    if qualname is not None:
        found = [(p, ir) for p, ir in found if ir.metadata.qualname == qualname]
        if not found:
            fail(f"{path}: no function {qualname!r}; run `lift-tui reverse {path}` to list the qualnames")
    return found


def _model_usable(use_model: bool) -> bool:
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
    if not args.path.exists():
        fail(f"{args.path}: no such file or directory; give a .py file or a folder")
    from lift_tui.holes import suggest

    functions = _functions(args.path, args.function)
    use_model = _model_usable(not args.no_model and any(ir.open_holes() for _, ir in functions))
    holes: list[dict[str, Any]] = []
    for path, ir in functions:
        for hole in ir.open_holes():
            candidates = suggest(ir, hole.identifier, use_model=use_model, top=args.top, run=args.run)
            holes.append(
                {
                    "identifier": hole.identifier,
                    "kind": hole.kind.value,
                    "target": hole.target,
                    "type_hint": hole.type_hint,
                    "function": ir.metadata.qualname or ir.signature.name,
                    "path": path,
                    "candidates": [
                        c.model_dump(
                            mode="json",
                            include={"value", "rationale", "confidence", "source", "satisfiable", "type_ok"},
                        )
                        for c in candidates
                    ],
                }
            )
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
            console.print(
                f"  {rank}. [cyan]{escape(c['value'])}[/]  {c['confidence']:.2f} {c['source']} "
                f"{marks[c['satisfiable']]}  [dim]{escape(c['rationale'])}[/]"
            )
