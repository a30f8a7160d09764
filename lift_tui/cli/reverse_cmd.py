"""``lift-tui reverse PATH [--json] [--no-model]``: lift every function of a file or tree.

Static lifting only today; ``--no-model`` is accepted so scripts can already ask for
"static only" and keep that meaning once model enrichment exists. Output streams file
by file, so a tree of thousands of files never sits in memory.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_OK, fail

if TYPE_CHECKING:
    from lift_tui.ir import IR
    from lift_tui.reverse import FileReport


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reverse",
        help="lift the functions of a Python file or directory into IR",
        description="Lift every function and method into IR (signature, intent, assertions, effects, "
        "examples, typed holes). Files that cannot be lifted are listed with their error; exit 2 only "
        "if PATH does not exist.",
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="a .py file or a directory (recursive)")
    parser.add_argument(
        "--json", action="store_true", help='print {"files": [{"path", "functions", "errors"}]}'
    )
    parser.add_argument(
        "--no-model",
        action="store_true",
        help="static lifting only, never load the language model (currently the only mode)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.path
    if not path.exists() and not path.is_symlink():
        fail(f"{path}: no such file or directory; give a .py file or a folder")
    from lift_tui.reverse import iter_lift_path

    reports = iter_lift_path(path)
    if args.json:
        _write_json(reports)
    else:
        _print_summary(reports)
    return EXIT_OK


def _write_json(reports: Iterable[FileReport]) -> None:
    """``{"files": [...]}`` written one file at a time."""
    out = sys.stdout
    out.write('{"files": [')
    for index, report in enumerate(reports):
        out.write(",\n" if index else "\n")
        out.write(report.model_dump_json())
    out.write("\n]}\n")


def signature_line(ir: IR) -> str:
    """``name(a: int, b=2, *, c) -> int``: the signature as a reader knows it from Python."""
    parts: list[str] = []
    star_done = False
    kinds = [p.kind.value for p in ir.signature.parameters]
    for index, p in enumerate(ir.signature.parameters):
        kind = kinds[index]
        if kind == "keyword_only" and not star_done:
            parts.append("*")
        if kind in ("var_positional", "keyword_only", "var_keyword"):
            star_done = True
        prefix = {"var_positional": "*", "var_keyword": "**"}.get(kind, "")
        text = prefix + p.name
        if p.type_hint is not None:
            text += f": {p.type_hint}"
        if p.default is not None:
            text += f" = {p.default}" if p.type_hint is not None else f"={p.default}"
        parts.append(text)
        if kind == "positional_only" and (index + 1 == len(kinds) or kinds[index + 1] != "positional_only"):
            parts.append("/")
    text = f"{'async ' if ir.signature.is_async else ''}{ir.metadata.qualname or ir.signature.name}"
    text += f"({', '.join(parts)})"
    if ir.signature.returns is not None:
        text += f" -> {ir.signature.returns}"
    return text


def _counts(ir: IR) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    counts = [
        (len(ir.preconditions), "pre"),
        (len(ir.postconditions), "post"),
        (len(ir.signature.raises), "raise"),
        (len(ir.effects), "effect"),
        (len(ir.examples), "example"),
        (len(ir.open_holes()), "hole"),
    ]
    shown = [f"{n} {w}" if w in ("pre", "post") else plural(n, w) for n, w in counts if n]
    return f"[{', '.join(shown)}]" if shown else ""


def _print_summary(reports: Iterable[FileReport]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    files = functions = errors = 0
    for report in reports:
        files += 1
        functions += len(report.functions)
        errors += len(report.errors)
        console.print(f"[bold]{escape(report.path)}[/]  [dim]{len(report.functions)} functions[/]")
        for ir in report.functions:
            counts = _counts(ir)
            console.print(f"  {escape(signature_line(ir))}  [cyan]{escape(counts)}[/]" if counts else
                          f"  {escape(signature_line(ir))}")  # fmt: skip
        for error in report.errors:
            console.print(f"  [red]error[/] {escape(error.one_line())}")
    console.print(f"[dim]{files} files, {functions} functions, {errors} errors (static lifting, no model)[/]")
