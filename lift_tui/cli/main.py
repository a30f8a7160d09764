"""``lift-tui``: the TUI with no sub-command, or one of the scriptable commands.

Each command lives in ``lift_tui.cli.<name>_cmd`` with ``register(subparsers)``;
its ``run(args) -> int`` imports what it needs, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from .common import EXIT_BAD_INPUT, CommandError

# Order is the order shown in --help.
COMMANDS: tuple[str, ...] = (
    "reverse",
    "forward",
    "check",
    "suggest",
    "apply",
    "sessions",
    "optimize",
    "bench",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lift-tui",
        description="Translate between natural language, a typed spec IR with holes, and Python code.",
    )
    parser.add_argument("--watch", metavar="PATH", type=Path, help="watch a file or folder; re-lift on save")
    parser.add_argument("--session", metavar="ID", help="resume a saved session")
    parser.add_argument("--db", metavar="PATH", type=Path, help="SQLite database (default sessions/lift.db)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"lift_tui.cli.{name}_cmd")
        module.register(subparsers)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    from lift_tui.tui.launch import launch

    return launch(watch=args.watch, session=args.session, db=args.db)


_VALUED = {"--watch", "--session", "--db"}


def _path_as_watch(argv: list[str]) -> list[str]:
    """``lift-tui FILE`` (what people type first) opens the TUI on FILE, as ``--watch FILE`` does."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        index += 2 if argv[index] in _VALUED else 1
    if index < len(argv) and argv[index] not in COMMANDS and Path(argv[index]).exists():
        return [*argv[:index], "--watch", *argv[index:]]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_path_as_watch(list(sys.argv[1:] if argv is None else argv)))
    try:
        if args.command is None:
            return _run_tui(args)
        from lift_tui.reverse.limits import settings_configured

        if settings_configured():  # with no lift.toml and no LIFT_* there is nothing to check (and
            from .common import load_settings  # a static reverse run skips ~60 ms of pydantic-settings)

            load_settings(args)  # once, before any command: a bad lift.toml is one line, not a traceback
        return int(args.func(args))
    except CommandError as error:
        print(f"lift-tui: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("lift-tui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        print(f"lift-tui: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
