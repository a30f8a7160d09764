"""What the hole commands (``suggest``, ``apply``) share: one ``Workspace`` opened on PATH, its
functions, and the database option — the same service API the TUI uses."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import fail


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                        help="SQLite database of sessions and accepted fills (default sessions/lift.db)")


def open_workspace(args: argparse.Namespace, settings: Any, *, create_db: bool) -> Any:
    """A workspace on ``args.path``; the store is used only if it exists, unless ``create_db``."""
    from lift_tui.service import Workspace

    db = Path(getattr(args, "db", None) or settings.db)
    if not args.path.exists():
        fail(f"{args.path}: no such file or directory; give a .py file or a folder")
    return Workspace(settings=settings, db=db if create_db or db.exists() else None)


def functions(workspace: Any, path: Path, qualname: str | None) -> list[tuple[str, str, Any]]:
    """(file, workspace key, IR) of every function lifted from ``path`` (only ``qualname`` if given)."""
    from lift_tui.service import ServiceError, function_key

    try:
        updates = workspace.open_path(path)
    except ServiceError as error:
        fail(str(error))
    found: list[tuple[str, str, Any]] = []
    errors: list[str] = []
    for update in updates:
        state = update.state
        if state is None:
            continue
        errors += [f"{p.path}:{p.line or '?'}: {p.message}" for p in state.problems]
        if not state.stale:
            found += [(state.path, function_key(ir), workspace.current(function_key(ir)))
                      for ir in state.functions]
    if not found and errors:
        fail(f"{errors[0]}; fix the file and run again")
    if qualname is not None:
        found = [f for f in found if f[2].metadata.qualname == qualname]
        if not found:
            fail(f"{path}: no function {qualname!r}; run `lift-tui reverse {path}` to list the qualnames")
    return found
