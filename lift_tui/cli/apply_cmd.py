"""``lift-tui apply PATH [--hole [FUNC:]ID=VALUE]... [--best] [--json]``: resolve holes, write them back.

The same path as the TUI: each decision is one leg of the hole graph in a session of the
database (recorded as an event and an accepted example, so later suggestions learn from it),
then the resolved holes of each file are written into the source with libcst in one atomic
replacement. ``--best`` accepts, for every hole left open, the best candidate that fits its
type, keeps the IR satisfiable and has ``--min-confidence``. Prints the diff (or JSON:
``{"session", "decisions": [...], "files": [{"path", "written", "skipped", "diff"}]}``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import EXIT_OK, fail, print_json
from .workspace_args import add_db_option, functions, open_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "apply",
        help="resolve typed holes and write them into the source",
        description="Resolve holes of PATH (given values, or the best candidates with --best) through the "
        "hole graph, record them in a session, and write them into the file with libcst.",
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="a .py file or a directory")
    parser.add_argument("--hole", metavar="[FUNC:]ID=VALUE", action="append", default=[],
                        help="give VALUE to hole ?ID (of function FUNC when several have it); repeatable")
    parser.add_argument("--best", action="store_true",
                        help="accept the best fitting candidate of every hole still open")
    parser.add_argument("--min-confidence", metavar="C", type=float, default=0.6,
                        help="with --best: accept only candidates at least this likely to be right "
                        "(confidences are calibrated probabilities; default 0.6)")
    parser.add_argument("--function", metavar="QUALNAME", help="only this function (e.g. Class.method)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(parser)
    parser.set_defaults(func=run)


def _pairs(specs: list[str]) -> list[tuple[str | None, str, str]]:
    out: list[tuple[str | None, str, str]] = []
    for spec in specs:
        target, sep, value = spec.partition("=")
        if not sep or not target.strip() or not value.strip():
            fail(f"--hole {spec!r}: write it as ID=VALUE or FUNC:ID=VALUE, e.g. --hole name_type=str")
        func, _, hole = target.strip().rpartition(":")
        out.append((func or None, hole.removeprefix("?"), value.strip()))
    return out


def run(args: argparse.Namespace) -> int:
    from .common import load_settings

    pairs = _pairs(args.hole)
    if not pairs and not args.best:
        fail("nothing to apply: give --hole ID=VALUE or --best")
    return apply(args, load_settings(args), best=args.best, pairs=pairs)


def apply(args: argparse.Namespace, settings: Any, *, best: bool,
          pairs: list[tuple[str | None, str, str]]) -> int:
    """Decide, record, write back; shared with ``suggest --write``."""
    from lift_tui.service import ServiceError
    from lift_tui.service.resolution import accept_best
    from lift_tui.service.session import store_key

    workspace = open_workspace(args, settings, create_db=True)
    found = functions(workspace, args.path, args.function)
    store = workspace.store
    if store is None:
        fail(f"{workspace.store_error}; pass a working --db")
    session = store.create_session(f"apply {args.path.name}", origin="reverse").id
    for _, _, ir in found:
        store.save_ir(session, ir, "lift", key=store_key(ir))
    decisions: list[Any] = []
    try:
        for func, hole, value in pairs:
            decisions.append(_give(workspace, found, func, hole, value, session))
        if best:
            for _, key, _ in found:
                decisions += accept_best(workspace, key, args.min_confidence, session_id=session)
        files = []
        for path in dict.fromkeys(p for p, _, _ in found):
            key = next(k for p, k, _ in found if p == path)
            files.append(workspace.write_back(key))
    except ServiceError as error:
        fail(str(error))
    finally:
        workspace.close()
    payload = {
        "session": session,
        "decisions": [{"function": d.key.rsplit("::", 1)[-1], "hole": d.hole, "action": d.action,
                       "value": d.value} for d in decisions],
        "files": [f.as_json() for f in files],
    }
    if args.json:
        print_json(payload)
    else:
        for result in files:
            print(result.diff or result.describe(), end="" if result.diff else "\n")
            for qualname, hole, why in result.skipped:
                print(f"lift-tui: kept ?{hole} of {qualname} in the IR only: {why}")
        print(f"session {session}: {len(decisions)} decision(s) recorded")
    return EXIT_OK


def _give(workspace: Any, found: list[tuple[str, str, Any]], func: str | None, hole: str, value: str,
          session: str) -> Any:
    owners = [(key, ir) for _, key, ir in found if ir.hole(hole) is not None
              and (func is None or ir.metadata.qualname == func)]
    if not owners:
        fail(f"no function has a hole ?{hole}; `lift-tui suggest {found[0][0]}` lists them")
    if len(owners) > 1:
        names = ", ".join(ir.metadata.qualname or ir.signature.name for _, ir in owners)
        fail(f"?{hole} is a hole of several functions ({names}); write FUNC:{hole}=VALUE")
    key = owners[0][0]
    return workspace.decide(key, hole, "give", value, "human", session_id=session)
