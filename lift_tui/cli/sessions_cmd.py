"""``lift-tui sessions list|show|export|import|delete|resume``: the saved sessions, scriptable.

``--db PATH`` is accepted before or after the action (and on the top-level command).
Store faults (corrupt, locked, not a database, disk full, malformed import) become one
line on stderr and exit status 2; a resumed graph that fails exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import EXIT_BAD_INPUT, EXIT_FINDING, CommandError, print_json

if TYPE_CHECKING:
    from lift_tui.store import Store

ACTIONS = ("list", "show", "export", "import", "delete", "resume")


def register(subparsers: argparse._SubParsersAction) -> None:
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        dest="sessions_db",
        metavar="PATH",
        type=Path,
        default=argparse.SUPPRESS,
        help="SQLite database (default sessions/lift.db)",
    )
    parser = subparsers.add_parser(
        "sessions", parents=[db_option], help="list, show, export, import, delete or resume saved sessions"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", parents=[db_option], help="all sessions, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    show = actions.add_parser("show", parents=[db_option], help="one session (--json: everything)")
    show.add_argument("id", metavar="ID", help="session id or a unique prefix")
    show.add_argument("--json", action="store_true", help="print JSON")
    export = actions.add_parser("export", parents=[db_option], help="write a session as one JSON file")
    export.add_argument("id", metavar="ID")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    imp = actions.add_parser("import", parents=[db_option], help="read a session exported with export")
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument("--json", action="store_true", help="print JSON")
    delete = actions.add_parser("delete", parents=[db_option], help="delete a session and all it holds")
    delete.add_argument("id", metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask")
    delete.add_argument("--json", action="store_true", help="print JSON")
    resume = actions.add_parser(
        "resume", parents=[db_option], help="finish an interrupted graph run headless"
    )
    resume.add_argument("id", metavar="ID")
    resume.add_argument(
        "--json", action="store_true", help="print JSON (the same shape as the graph's command)"
    )
    parser.set_defaults(func=run, action=None)


def run(args: argparse.Namespace) -> int:
    from lift_tui.store import StoreError, open_store

    action = args.action or "list"
    db = getattr(args, "sessions_db", None) or getattr(args, "db", None)
    if db is None:
        from .common import load_settings

        db = load_settings(args).db
    try:
        with open_store(db) as store:
            return int(_HANDLERS[action](store, args))
    except StoreError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from error


def _list(store: Store, args: argparse.Namespace) -> int:
    sessions = store.list_sessions()
    if getattr(args, "json", False):
        print_json([s.model_dump(mode="json") for s in sessions])
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"sessions in {store.path}", show_lines=False)
    for column in ("id", "title", "status", "nodes", "graph", "updated"):
        table.add_column(column)
    for s in sessions:
        table.add_row(
            s.id,
            s.title,
            s.status.value,
            str(s.completed_nodes),
            s.graph or "",
            s.updated_at[:16].replace("T", " "),
        )
    Console().print(table if sessions else "no sessions yet")
    return 0


def _show(store: Store, args: argparse.Namespace) -> int:
    info = store.get_session(args.id)
    irs = store.latest_irs(info.id)
    runs = store.runs(info.id)
    if args.json:
        print_json(
            {
                "session": info.model_dump(mode="json"),
                "ir_versions": [v.model_dump(mode="json") for v in irs],
                "hole_events": [e.model_dump(mode="json") for e in store.hole_events(info.id)],
                "code": [c.model_dump(mode="json") for c in store.code_artifacts(info.id)],
                "runs": [r.model_dump(mode="json") for r in runs],
                "steps": [s.model_dump(mode="json") for s in store.steps(runs[-1].id)] if runs else [],
                "ui_state": store.load_ui_state(info.id),
            }
        )
        return 0
    print(f"{info.id}  {info.title}")
    print(
        f"  status {info.status.value}, origin {info.origin}, created {info.created_at[:19]}, "
        f"updated {info.updated_at[:19]}"
    )
    if runs:
        last = runs[-1]
        print(
            f"  graph {last.graph}: {last.completed_nodes} node(s) done"
            + (f", at {last.current_node}" if last.current_node else "")
            + (f", error: {last.error}" if last.error else "")
        )
    for v in irs:
        print(f"  {v.qualname} v{v.version} ({v.cause}), {len(v.ir.open_holes())} open hole(s)")
    print(
        f"  {len(store.hole_events(info.id))} hole decision(s), {len(store.code_artifacts(info.id))} code "
        "artifact(s)"
    )
    return 0


def _export(store: Store, args: argparse.Namespace) -> int:
    text = json.dumps(store.export_session(args.id), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    import tempfile  # here, not at the top: every command's start-up pays for the module's imports

    target: Path = args.output
    # Write beside the target and rename, so a failed write never leaves half a file.
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, target)
    except OSError as error:
        raise CommandError(
            f"cannot write {target}: {error.strerror or error}; choose another -o FILE"
        ) from error
    print(f"exported {args.id} to {target}", file=sys.stderr)
    return 0


def _import(store: Store, args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror or error}") from error
    info = store.import_session(data)
    if args.json:
        print_json(info)
    else:
        print(f"imported {args.file} as session {info.id} ({info.title})")
    return 0


def _delete(store: Store, args: argparse.Namespace) -> int:
    info = store.get_session(args.id)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError(f"refusing to delete {info.id} without confirmation; pass --yes")
        answer = input(f"delete session {info.id} ({info.title!r}) and everything in it? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("kept", file=sys.stderr)
            return 0
    store.delete_session(info.id)
    if args.json:
        print_json({"deleted": info.model_dump(mode="json")})
    else:
        print(f"deleted {info.id}")
    return 0


def _resume(store: Store, args: argparse.Namespace) -> int:
    from lift_tui.graphs.events import GraphEvent, NodeFinished, NodeStarted
    from lift_tui.graphs.runner import GraphNotRegistered, default_render, registered_graph, resume_graph

    info = store.get_session(args.id)
    run = store.latest_run(info.id)
    if run is None:
        raise CommandError(f"session {info.id} has no graph run to resume; start one with `lift-tui forward`")
    try:
        spec = registered_graph(run.graph)
    except GraphNotRegistered as error:
        raise CommandError(f"cannot resume {info.id}: {error}") from error

    def show(event: GraphEvent) -> None:
        if isinstance(event, NodeStarted):
            print(f"… {event.node}", file=sys.stderr)
        elif isinstance(event, NodeFinished):
            print(f"✓ {event.node} ({event.seconds:.2f}s)", file=sys.stderr)

    try:
        output = resume_graph(store, info.id, None if args.json else show)
    except Exception as error:
        from lift_tui.store import StoreError

        if isinstance(error, StoreError):
            raise
        raise CommandError(
            f"graph {run.graph} failed in session {info.id}: {type(error).__name__}: {error}; "
            f"fix the cause and run `lift-tui sessions resume {info.id}` again",
            EXIT_FINDING,
        ) from error
    render = spec.render or default_render
    payload: Any = render(output, info.id, store.steps(run.id))
    if args.json:
        print_json(payload)
    else:
        print(f"session {info.id}: {run.graph} complete")
        print(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
    return 0


_HANDLERS = {
    "list": _list,
    "show": _show,
    "export": _export,
    "import": _import,
    "delete": _delete,
    "resume": _resume,
}
