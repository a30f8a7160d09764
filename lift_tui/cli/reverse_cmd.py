"""``lift-tui reverse PATH [--json] [--no-model]``: lift every function of a file or tree.

The static lift is printed first (it takes milliseconds); then, unless ``--no-model``,
the model enriches each function (summary candidates, assumed preconditions) as open
holes, and those suggestions stream in after. With ``--json`` the enriched IR is
printed. A model that cannot load leaves the static result standing, with one line on
stderr. Output streams file by file, so a tree of thousands of files never sits in memory.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_OK, fail

if TYPE_CHECKING:
    from lift_tui.ir import IR
    from lift_tui.reverse import FileReport
    from lift_tui.reverse.enrich import Enricher


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
        help="static lifting only, never load the language model (fast; no summary or precondition "
        "suggestions)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.path
    if not path.exists() and not path.is_symlink():
        fail(f"{path}: no such file or directory; give a .py file or a folder")
    if args.no_model:
        # The static lift makes no reference cycles (docstrings._parse_sections avoids the one
        # docstring-parser made), so plain refcounting frees each file's IR; peak RSS stays flat.
        # Off before the imports too: building pydantic's schemas triggered ~25 ms of collections
        # over objects that live as long as the process anyway.
        gc.disable()
    from lift_tui.reverse import iter_lift_path

    gc.freeze()  # the imported modules live as long as the process: keep collections off them
    if args.json:
        if args.no_model:
            _write_json(iter_lift_path(path))
        else:
            _write_json(_enriched_reports(iter_lift_path(path)))
        return EXIT_OK
    _print_summary(iter_lift_path(path), static_only=args.no_model)
    if not args.no_model:
        _print_enrichment(iter_lift_path(path))
    return EXIT_OK


def _keep_satisfiable(ir: IR, expression: str) -> bool:
    """z3: drop a proposed precondition only when it provably contradicts the IR's assertions."""
    from lift_tui.verify import check_assertions

    try:
        return check_assertions(ir, [expression]).status != "unsat"
    except Exception:  # noqa: BLE001 - a solver problem cannot judge the suggestion; keep it as a hole
        return True


def _load_enricher() -> Enricher | None:
    """The model programs, or None after one line on stderr saying the static result stands."""
    from lift_tui.reverse.enrich import Enricher

    try:
        return Enricher()
    except Exception as error:  # noqa: BLE001 - any load failure (ModelLoadError, OSError, ...) is one line
        cause = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
        print(
            f"lift-tui: model not loaded ({cause}); the static result stands "
            "(fix the [model] settings, or pass --no-model)",
            file=sys.stderr,
        )
        return None


def _report_failures(enricher: Enricher) -> None:
    if enricher.failures:
        print(
            f"lift-tui: {len(enricher.failures)} model calls failed (those functions keep their static IR); "
            f"first: {enricher.failures[0]}",
            file=sys.stderr,
        )


def _enriched_reports(reports: Iterable[FileReport]) -> Iterator[FileReport]:
    """Each report with its functions enriched; the model loads at the first function."""
    from lift_tui.reverse.enrich import enrich_reports

    pending = iter(reports)
    for report in pending:  # static reports pass through until the first function loads the model
        if not report.functions:
            yield report
            continue
        enricher = _load_enricher()
        if enricher is None:
            yield report
            yield from pending
            return
        yield from enrich_reports(_chain(report, pending), enricher, keep=_keep_satisfiable)
        _report_failures(enricher)
        return


def _chain(first: FileReport, rest: Iterator[FileReport]) -> Iterator[FileReport]:
    yield first
    yield from rest


def _print_enrichment(reports: Iterable[FileReport]) -> None:
    """The model's suggestions, per function as they arrive, after the static listing."""
    from rich.console import Console
    from rich.markup import escape

    from lift_tui.reverse.enrich import enrich_reports

    console = Console(highlight=False, soft_wrap=True)
    with_functions = (report for report in reports if report.functions)
    first = next(with_functions, None)
    if first is None:
        return
    from lift_tui.settings import get_settings

    served = get_settings().model.served_model
    console.print(f"[dim]asking {escape(served)} for suggestions...[/]" if served
                  else "[dim]loading the model for suggestions...[/]")
    enricher = _load_enricher()
    if enricher is None:
        return
    suggested = 0
    for report in enrich_reports(_chain(first, with_functions), enricher, keep=_keep_satisfiable):
        console.print(f"[bold]{escape(report.path)}[/]  [dim]model suggestions[/]")
        for ir in report.functions:
            lines = _suggestions(ir)
            suggested += len(lines)
            name = escape(ir.metadata.qualname or ir.signature.name)
            console.print(f"  {name}" + ("" if lines else "  [dim]no suggestion[/]"))
            for line in lines:
                console.print(f"    {escape(line)}")
    console.print(f"[dim]{suggested} model suggestions, each an open hole to accept or skip[/]")
    _report_failures(enricher)


def _suggestions(ir: IR) -> list[str]:
    """``?summary: "..."`` / ``?precondition_1: x > 0`` for holes whose candidates came from the model."""
    lines = []
    for hole in ir.open_holes():
        if hole.provenance.source.value == "model" and hole.candidates:
            value = hole.candidates[0]
            lines.append(f"?{hole.identifier}: " + (f'"{value}"' if hole.kind.value == "text" else value))
    return lines


def _write_json(reports: Iterable[FileReport]) -> None:
    """``{"files": [...]}`` written one file at a time.

    The serializer's UTF-8 bytes go straight to the binary stream when there is one: a
    tree's JSON runs to tens of megabytes, and decoding it to str only to encode it again
    cost a visible share of a ``--no-model`` run.
    """
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        text = sys.stdout
        text.write('{"files": [')
        for index, report in enumerate(reports):
            text.write(",\n" if index else "\n")
            text.write(report.model_dump_json())
        text.write("\n]}\n")
        return
    sys.stdout.flush()
    buffer.write(b'{"files": [')
    for index, report in enumerate(reports):
        buffer.write(b",\n" if index else b"\n")
        buffer.write(report.__pydantic_serializer__.to_json(report))
    buffer.write(b"\n]}\n")
    buffer.flush()


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


def _print_summary(reports: Iterable[FileReport], static_only: bool = True) -> None:
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
    mode = "static lifting, no model" if static_only else "static lifting; model suggestions follow"
    console.print(f"[dim]{files} files, {functions} functions, {errors} errors ({mode})[/]")
