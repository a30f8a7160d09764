"""``lift-tui check IR.json [--json]``: are an IR's assertions satisfiable together (z3)?

The file holds one IR, a list of IRs, ``{"functions": [IR, ...]}``, or the output of
``lift-tui reverse --json`` (``{"files": [{"functions": [...]}]}``). One IR prints
``{"status", "core", "model", "untranslated", ...}``; several print
``{"status": <worst>, "functions": [{"function": name, ...}, ...]}`` where the worst status
is unsat, then unknown, then sat. Exit 0 when every IR is sat, 1 when any is unsat or
unknown, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .common import EXIT_FINDING, EXIT_OK, fail, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="check an IR's assertions with z3 (sat / unsat / unknown)")
    parser.add_argument(
        "path", metavar="IR.json", type=Path, help="an IR, a list of IRs, or reverse --json output"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--timeout-ms", type=int, default=None, help="z3 time limit per IR (default from settings)"
    )
    parser.set_defaults(func=run)


def _items(data: Any) -> list[Any] | None:
    """The IR-shaped objects in a loaded file, or None if the layout is not one we know."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "signature" in data:
        return [data]
    if isinstance(data, dict) and isinstance(data.get("functions"), list):
        return data["functions"]
    if isinstance(data, dict) and isinstance(data.get("files"), list):
        return [fn for f in data["files"] if isinstance(f, dict) for fn in f.get("functions") or []]
    return None


def load_irs(path: Path) -> tuple[list[Any], bool]:
    """The IRs in ``path`` and whether the file held a single IR; bad input fails with exit 2."""
    from pydantic import ValidationError

    from lift_tui.ir import IR

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {getattr(error, 'strerror', None) or error}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        fail(
            f"{path}: not JSON (line {error.lineno}, column {error.colno}: {error.msg}); pass an IR JSON file"
        )
    items = _items(data)
    if items is None:
        fail(f"{path}: not an IR (expected an object with 'signature', a list, 'functions' or 'files')")
    if not items:
        fail(f"{path}: holds no functions to check")
    irs = []
    for index, item in enumerate(items):
        try:
            irs.append(IR.model_validate(item))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(top)"
            prefix = "" if len(items) == 1 else f"function {index}: "
            fail(f"{path}: not an IR: {prefix}{where}: {first['msg']}")
    return irs, isinstance(data, dict) and "signature" in data


_RANK = {"sat": 0, "unknown": 1, "unsat": 2}


def run(args: argparse.Namespace) -> int:
    from lift_tui.verify import check_ir

    irs, single = load_irs(args.path)
    timeout_ms = args.timeout_ms
    if timeout_ms is None:
        from .common import load_settings

        timeout_ms = load_settings(args).solver_timeout_ms
    reports = [(ir.signature.name, check_ir(ir, timeout_ms=timeout_ms)) for ir in irs]
    worst = max((r.status for _, r in reports), key=_RANK.__getitem__)
    if args.json:
        if single:
            name, report = reports[0]
            print_json({"function": name, **report.model_dump(mode="json")})
        else:
            functions = [{"function": name, **r.model_dump(mode="json")} for name, r in reports]
            print_json({"status": worst, "functions": functions})
    else:
        for name, report in reports:
            _print_human(name, report)
    return EXIT_OK if worst == "sat" else EXIT_FINDING


def _print_human(name: str, report: Any) -> None:
    line = f"{name}: {report.status}"
    if report.status == "sat":
        line += "  example: " + (", ".join(f"{k}={v}" for k, v in report.model.items()) or "(no parameters)")
    elif report.status == "unsat":
        line += "  conflicting: " + " ; ".join(report.core)
    elif report.reason:
        line += f"  ({report.reason})"
    print(line)
    for item in report.untranslated:
        print(f"  untranslated: {item.expression}  -- {item.reason}")
