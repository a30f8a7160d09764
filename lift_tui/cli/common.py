"""Exit codes and output helpers shared by every command (DESIGN.md §4)."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

EXIT_OK = 0
EXIT_FINDING = 1
EXIT_BAD_INPUT = 2


class CommandError(Exception):
    """A failure the user can act on: printed as one line on stderr, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    raise CommandError(message, code)


def print_json(payload: Any) -> None:
    """Write JSON to stdout; pydantic models are dumped in JSON mode."""
    if hasattr(payload, "model_dump"):
        payload = payload.model_dump(mode="json")
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def load_settings(args: Any) -> Any:
    """The one settings object of this run: defaults < lift.toml < LIFT_* < command-line flags.

    Built once here, at start-up, and passed down; a bad ``lift.toml`` is a one-line error."""
    from pathlib import Path

    from lift_tui.settings import SettingsError, use_settings
    from lift_tui.settings import load_settings as load

    if getattr(args, "settings", None) is not None:
        return args.settings
    overrides: dict[str, Any] = {}
    if getattr(args, "db", None) is not None:
        overrides["db"] = Path(args.db)
    try:
        args.settings = load(**overrides)
    except SettingsError as error:
        fail(str(error))
    use_settings(args.settings)
    return args.settings
